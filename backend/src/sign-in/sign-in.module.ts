import { Module } from '@nestjs/common';
import { SsoModule } from '../sso/sso.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { PasswordSignInController } from './password-sign-in.controller';
import { PasswordSignInService } from './password-sign-in.service';

/**
 * Role api: the ways in. Password sign-in (with the second factor and the enforced
 * provider) is here; single sign-on and two-factor enrolment come with their modules.
 */
@Module({
  imports: [TwoFactorModule, SsoModule],
  controllers: [PasswordSignInController],
  providers: [PasswordSignInService],
})
export class SignInModule {}
