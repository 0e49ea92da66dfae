import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthedRequest, CurrentUser, Principal, Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { LoginDto, UpdateMeDto } from '../users/users.dto';
import { UserView } from '../users/user.view';
import { AuthService } from './auth.service';
import { LoginView, SessionView } from './session.view';
import { SESSION_COOKIE, SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginView })
  async login(@Body() dto: LoginDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { user, session } = await this.auth.login(dto.email, dto.password, req.ip, req.headers['user-agent'] ?? null);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.http.cookieSecure === 'auto' ? req.protocol === 'https' : this.config.http.cookieSecure,
      maxAge: session.maxAgeSeconds,
    });
    return { user, csrfToken: session.csrfToken };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@CurrentUser() me: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    if (me.sessionHash) await this.sessions.destroy(me.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** The signed-in user, and the CSRF token a reloaded browser tab needs. */
  @Get('me')
  @ApiOkResponse({ type: SessionView })
  async me(@CurrentUser() me: Principal) {
    return { user: await this.auth.me(me.id), csrfToken: me.csrfToken ?? null };
  }

  @Patch('me')
  @ApiOkResponse({ type: UserView })
  async updateMe(@CurrentUser() me: Principal, @Body() dto: UpdateMeDto) {
    return this.auth.updateMe(me.id, dto);
  }
}
