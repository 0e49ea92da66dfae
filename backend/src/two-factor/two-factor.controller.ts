import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly, AllowedBeforeTotpEnrolment, CurrentUser, Principal } from '../common/auth-context';
import { TotpService } from './totp.service';
import { TwoFactorPolicyService } from './two-factor-policy.service';
import { DisableTotpDto, TotpCodeDto } from './two-factor.dto';
import { RecoveryCodesView, TotpEnrolmentView, TotpStatusView } from './two-factor.view';

/**
 * Two-factor sign-in (TOTP, RFC 6238): one's own enrolment, and an admin's reset for
 * someone who lost both app and codes. The second step of a password sign-in is sign-in/'s.
 */
@ApiTags('auth')
@Controller('api/v1')
export class TwoFactorController {
  constructor(
    private readonly totp: TotpService,
    private readonly policy: TwoFactorPolicyService,
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
    await this.totp.disable(me.id, me.email, dto.password, dto.code);
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
