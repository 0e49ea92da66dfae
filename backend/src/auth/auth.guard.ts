import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ALLOWED_BEFORE_TOTP, AuthedRequest, IS_PUBLIC, REQUIRED_ROLE } from '../common/auth-context';
import { ApiTokensService } from './api-tokens.service';
import { SESSION_COOKIE, SessionsService } from './sessions.service';
import { safeEqual } from './tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs a signed-in user unless marked @Public(), and
 * admin routes need an admin. Browser sessions must echo their CSRF token on unsafe
 * methods; API tokens are not sent by browsers automatically, so they need none.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const authorization = req.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      req.principal = (match && (await this.tokens.resolve(match[1]))) || undefined;
      if (!req.principal) throw new UnauthorizedException('Invalid or revoked API token');
    } else {
      const cookie = req.cookies?.[SESSION_COOKIE];
      req.principal = (cookie && (await this.sessions.resolve(cookie))) || undefined;
      if (!req.principal) throw new UnauthorizedException('Sign in first');
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, req.principal.csrfToken!)) {
          throw new ForbiddenException('Missing or wrong X-CSRF-Token header');
        }
      }
    }

    if (req.principal.mustEnrolTotp && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_TOTP, targets)) {
      throw new ForbiddenException({
        message: 'Set up two-factor sign-in first (POST /api/v1/auth/me/totp)',
        reason: 'totp_enrolment_required',
      });
    }
    const role = this.reflector.getAllAndOverride<string>(REQUIRED_ROLE, targets);
    if (role === 'admin' && req.principal.role !== 'admin') throw new ForbiddenException('Admins only');
    return true;
  }
}
