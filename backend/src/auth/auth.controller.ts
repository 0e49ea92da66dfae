import { Body, Controller, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowedBeforeTotpEnrolment, CurrentUser, Principal } from '../common/auth-context';
import { UpdateMeDto } from '../users/users.dto';
import { UserView } from '../users/user.view';
import { AuthService } from './auth.service';
import { SessionView } from './session.view';
import { SESSION_COOKIE, SessionsService } from './sessions.service';

/** The signed-in user's own session and account. Signing in is sign-in/'s (password, second factor) and sso/'s. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @AllowedBeforeTotpEnrolment()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@CurrentUser() me: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    if (me.sessionHash) await this.sessions.destroy(me.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** The signed-in user, and the CSRF token a reloaded browser tab needs. */
  @AllowedBeforeTotpEnrolment()
  @Get('me')
  @ApiOkResponse({ type: SessionView })
  async me(@CurrentUser() me: Principal) {
    return { user: await this.auth.me(me.id), csrfToken: me.csrfToken ?? null, mustEnrolTotp: !!me.mustEnrolTotp };
  }

  /** A new password ends every other session of the user (this one stays signed in). */
  @Patch('me')
  @ApiOkResponse({ type: UserView })
  async updateMe(@CurrentUser() me: Principal, @Body() dto: UpdateMeDto) {
    return this.auth.updateMe(me.id, me.sessionHash, dto);
  }
}
