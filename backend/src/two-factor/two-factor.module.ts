import { Module } from '@nestjs/common';
import { LoginChallenges } from './login-challenges';
import { TotpRepository } from './totp.repository';
import { TotpService } from './totp.service';
import { TwoFactorPolicyController } from './two-factor-policy.controller';
import { TwoFactorPolicyService } from './two-factor-policy.service';
import { TwoFactorController } from './two-factor.controller';

/** TOTP two-factor sign-in and the admins' policy for it. Sessions and passwords come from the global AuthModule. */
@Module({
  controllers: [TwoFactorController, TwoFactorPolicyController],
  providers: [TotpService, TotpRepository, TwoFactorPolicyService, LoginChallenges],
  exports: [TotpService, TwoFactorPolicyService, LoginChallenges],
})
export class TwoFactorModule {}
