import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { PublicRateLimiter } from './public-rate-limiter';

type LimitKind = 'contact' | 'portal';
const LIMIT_KIND = 'helpdesk:ip-limit';

/**
 * Counts every request from a client IP before anything else runs (so malformed and
 * honeypot submissions count too): the contact form per HELPDESK_CONTACT_LIMIT_* and
 * the portal per HELPDESK_PORTAL_LIMIT_PER_IP a minute.
 */
@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: PublicRateLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.getAllAndOverride<LimitKind>(LIMIT_KIND, [ctx.getHandler(), ctx.getClass()]);
    const ip = ctx.switchToHttp().getRequest<FastifyRequest>().ip;
    if (kind === 'contact') {
      await this.limiter.take(
        'contact-ip',
        ip,
        this.config.contactForm.limitPerIp,
        this.config.contactForm.windowSeconds,
        'Too many messages from your network',
      );
    } else {
      await this.limiter.take(
        'portal-ip',
        ip,
        this.config.portal.limitPerIp,
        60,
        'Too many requests from your network',
      );
    }
    return true;
  }
}

/** Rate-limits the route per client IP (see IpRateLimitGuard). */
export const RateLimitedPerIp = (kind: LimitKind) =>
  applyDecorators(SetMetadata(LIMIT_KIND, kind), UseGuards(IpRateLimitGuard));
