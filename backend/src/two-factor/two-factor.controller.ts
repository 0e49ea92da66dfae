import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { LoginLimiterService } from '../auth/login-limiter.service';
import { verifyPassword } from '../auth/passwords';
import { LoginView } from '../auth/session.view';
import { SignInService } from '../auth/sign-in.service';
import { AdminOnly, AllowedBeforeTotpEnrolment, CurrentUser, Principal, Public } from '../common/auth-context';
import { SignInRoute } from '../edge/route-config';
import { LoginChallenges } from './login-challenges';
import { TotpService } from './totp.service';
import { TwoFactorPolicyService } from './two-factor-policy.service';
import { DisableTotpDto, LoginTotpDto, TotpCodeDto } from './two-factor.dto';
import { RecoveryCodesView, TotpEnrolmentView, TotpStatusView } from './two-factor.view';

const wrong = (field: string, message: string) =>
  new UnauthorizedException({ message, fields: { [field]: ['is wrong'] } });

/**
 * Two-factor sign-in (TOTP, RFC 6238): one's own enrolment, the second step of a
 * password sign-in, and an admin's reset for someone who lost both app and codes.
 */
@ApiTags('auth')
@Controller('api/v1')
export class TwoFactorController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly totp: TotpService,
    private readonly policy: TwoFactorPolicyService,
    private readonly challenges: LoginChallenges,
    private readonly limiter: LoginLimiterService,
    private readonly signIn: SignInService,
  ) {}

  @AllowedBeforeTotpEnrolment()
  @Get('auth/me/totp')
  @ApiOkResponse({ type: TotpStatusView })
  async status(@CurrentUser() me: Principal): Promise<TotpStatusView> {
    const [status, policy] = await Promise.all([this.totp.status(me.id), this.policy.get()]);
    return { ...status, enabledAt: status.enabledAt?.toISOString() ?? null, required: policy.required };
  }

  /** Starts enrolment: a new seed to scan (as the QR code of `otpauthUrl`) or type in; nothing changes until confirmed. */
  @AllowedBeforeTotpEnrolment()
  @Post('auth/me/totp')
  @ApiCreatedResponse({ type: TotpEnrolmentView })
  begin(@CurrentUser() me: Principal): Promise<TotpEnrolmentView> {
    return this.totp.begin(me.id, me.email);
  }

  /** Turns two-factor on with a code from the app; answers the ten recovery codes, shown this once. */
  @AllowedBeforeTotpEnrolment()
  @Post('auth/me/totp/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView })
  async confirm(@CurrentUser() me: Principal, @Body() dto: TotpCodeDto): Promise<RecoveryCodesView> {
    return { recoveryCodes: await this.totp.confirm(me.id, dto.code) };
  }

  /** Turns two-factor off; needs the password and a code (or a recovery code). Wrong ones count as failed sign-ins. */
  @Delete('auth/me/totp')
  @HttpCode(204)
  @ApiNoContentResponse()
  async disable(@CurrentUser() me: Principal, @Body() dto: DisableTotpDto) {
    await this.limiter.checkAccount(me.email);
    const [row] = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [me.id]);
    if (!(await verifyPassword(row.password_hash as string, dto.password))) {
      await this.limiter.recordFailure(me.email);
      throw wrong('password', 'password is wrong');
    }
    if (!(await this.totp.verifyCode(me.id, dto.code))) {
      await this.limiter.recordFailure(me.email);
      throw wrong('code', 'code is wrong or already used');
    }
    await this.totp.remove(me.id);
  }

  /** The second step of a password sign-in: the challenge and a code (or a recovery code) give the session. */
  @Public()
  @SignInRoute()
  @Post('auth/login/totp')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginView })
  async login(@Body() dto: LoginTotpDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const pending = await this.challenges.peek(dto.challenge);
    if (!pending) throw new UnauthorizedException('This sign-in has expired; enter your password again');
    await this.limiter.checkAccount(pending.email);
    if (!(await this.totp.verifyCode(pending.userId, dto.code))) {
      await this.limiter.recordFailure(pending.email);
      await this.challenges.recordWrongCode(dto.challenge);
      throw wrong('code', 'Wrong or already used code');
    }
    if (!(await this.challenges.consume(dto.challenge))) {
      throw new UnauthorizedException('This sign-in has expired; enter your password again');
    }
    await this.limiter.recordSuccess(pending.email);
    return this.signIn.complete(pending.userId, req, reply, { method: 'password' });
  }

  /** An admin turns off someone's two-factor (lost phone and recovery codes); they enrol again at will or by policy. */
  @AdminOnly()
  @Delete('users/:id/totp')
  @HttpCode(204)
  @ApiNoContentResponse()
  async reset(@Param('id', ParseIntPipe) id: number) {
    await this.totp.remove(id);
  }
}
