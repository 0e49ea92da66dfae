import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AuthedRequest, CurrentUser, Principal, Public } from '../common/auth-context';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { LoginDto, UpdateMeDto } from '../users/users.dto';
import { toUserView, User, UserView } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginLimiterService } from './login-limiter.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../users/passwords';
import { LoginView, SessionView } from './session.view';
import { SESSION_COOKIE, SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginLimiterService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginView })
  async login(@Body() dto: LoginDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.limiter.checkAttempt(req.ip, dto.email);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: dto.email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), dto.password);
    if (!user || !ok || !user.active) {
      await this.limiter.recordFailure(dto.email);
      throw new UnauthorizedException('Wrong email or password');
    }
    await this.limiter.recordSuccess(dto.email);
    await this.db.getRepository(User).update({ id: user.id }, { lastLoginAt: new Date() });
    const session = await this.sessions.create(user.id, req.ip, req.headers['user-agent'] ?? null);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.http.cookieSecure === 'auto' ? req.protocol === 'https' : this.config.http.cookieSecure,
      maxAge: session.maxAgeSeconds,
    });
    return { user: await this.users.get(user.id), csrfToken: session.csrfToken };
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
    return { user: await this.users.get(me.id), csrfToken: me.csrfToken ?? null };
  }

  @Patch('me')
  @ApiOkResponse({ type: UserView })
  async updateMe(@CurrentUser() me: Principal, @Body() dto: UpdateMeDto) {
    const repo = this.db.getRepository(User);
    if (dto.newPassword !== undefined) {
      const user = await repo
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.id = :id', { id: me.id })
        .getOneOrFail();
      if (!dto.currentPassword || !(await verifyPassword(user.passwordHash, dto.currentPassword))) {
        throw new UnauthorizedException({
          message: 'currentPassword is wrong',
          fields: { currentPassword: ['is wrong'] },
        });
      }
      await repo.update({ id: me.id }, { passwordHash: await hashPassword(dto.newPassword) });
    }
    if (dto.name !== undefined) await repo.update({ id: me.id }, { name: dto.name });
    return toUserView(await repo.findOneByOrFail({ id: me.id }));
  }
}
