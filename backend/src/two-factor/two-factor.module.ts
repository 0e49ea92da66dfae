import { Module } from '@nestjs/common';
import { LoginChallenges } from './login-challenges';
import { TotpService } from './totp.service';
import { TwoFactorPolicyController } from './two-factor-policy.controller';
import { TwoFactorPolicyService } from './two-factor-policy.service';
import { TwoFactorController } from './two-factor.controller';

/** TOTP two-factor sign-in and the admins' policy for it. Sessions and sign-in come from the global AuthModule. */
@Module({
  controllers: [TwoFactorController, TwoFactorPolicyController],
  providers: [TotpService, TwoFactorPolicyService, LoginChallenges],
  exports: [TotpService, TwoFactorPolicyService, LoginChallenges],
})
export class TwoFactorModule {}
