import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { TwoFactorPolicyService } from './two-factor-policy.service';
import { TwoFactorPolicyDto } from './two-factor.dto';
import { TwoFactorPolicyView } from './two-factor.view';

/** Whether every password sign-in needs a second factor (single sign-on relies on the provider's MFA). */
@ApiTags('settings')
@AdminOnly()
@Controller('api/v1/settings/two-factor')
export class TwoFactorPolicyController {
  constructor(private readonly policy: TwoFactorPolicyService) {}

  @Get()
  @ApiOkResponse({ type: TwoFactorPolicyView })
  get() {
    return this.policy.get();
  }

  /** Turning it on leaves current sessions alone; the next password sign-in of someone without 2FA must enrol first. */
  @Put()
  @ApiOkResponse({ type: TwoFactorPolicyView })
  set(@Body() dto: TwoFactorPolicyDto) {
    return this.policy.set(dto);
  }
}
