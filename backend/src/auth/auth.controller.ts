import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Patch,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AllowedBeforeTotpEnrolment, AuthedRequest, CurrentUser, Principal, Public } from '../common/auth-context';
import { SignInRoute } from '../edge/route-config';
import { SsoProvidersService } from '../sso/sso-providers.service';
import { LoginChallenges } from '../two-factor/login-challenges';
import { TotpService } from '../two-factor/totp.service';
import { TwoFactorPolicyService } from '../two-factor/two-factor-policy.service';
import { LoginDto, UpdateMeDto } from '../users/users.dto';
import { toUserView, User, UserView } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginLimiterService } from './login-limiter.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { LoginView, SessionView, TwoFactorChallengeView } from './session.view';
import { SESSION_COOKIE, SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginLimiterService,
    private readonly users: UsersService,
    private readonly signIn: SignInService,
    private readonly totp: TotpService,
    private readonly challenges: LoginChallenges,
    private readonly twoFactorPolicy: TwoFactorPolicyService,
    private readonly sso: SsoProvidersService,
  ) {}

  /**
   * Password sign-in. With two-factor set up there is no session yet: the answer is a
   * challenge for POST /auth/login/totp. Agents are refused (403) when a provider is
   * enforced; admins keep this way in as a break-glass path.
   */
  @Public()
  @SignInRoute()
  @Post('login')
  @HttpCode(200)
  @ApiExtraModels(LoginView, TwoFactorChallengeView)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(LoginView) }, { $ref: getSchemaPath(TwoFactorChallengeView) }] },
  })
  async login(@Body() dto: LoginDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.limiter.checkAccount(dto.email);
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
    const enforced = user.role === 'agent' ? await this.sso.enforcedProvider() : null;
    if (enforced) {
      throw new ForbiddenException({
        message: `Agents sign in with ${enforced.name}`,
        reason: 'sso_required',
        providerId: enforced.id,
      });
    }
    // The failure count is only cleared once the second factor is in too: a known
    // password must not reset the budget for guessing codes.
    if (await this.totp.isEnabled(user.id)) {
      return {
        twoFactorRequired: true,
        challenge: await this.challenges.issue({ userId: user.id, email: user.email }),
      };
    }
    await this.limiter.recordSuccess(dto.email);
    const { required } = await this.twoFactorPolicy.get();
    return this.signIn.complete(user.id, req, reply, { method: 'password', mustEnrolTotp: required });
  }

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
    return { user: await this.users.get(me.id), csrfToken: me.csrfToken ?? null, mustEnrolTotp: !!me.mustEnrolTotp };
  }

  /** A new password ends every other session of the user (this one stays signed in). */
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
      await this.sessions.destroyOthers(me.id, me.sessionHash);
    }
    if (dto.name !== undefined) await repo.update({ id: me.id }, { name: dto.name });
    return toUserView(await repo.findOneByOrFail({ id: me.id }));
  }
}
