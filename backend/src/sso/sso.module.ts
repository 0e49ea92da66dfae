import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { OidcClient } from './oidc-client';
import { OidcController } from './oidc.controller';
import { OidcFlows } from './oidc-flows';
import { SsoProvidersController } from './sso-providers.controller';
import { SsoProvidersService } from './sso-providers.service';
import { SsoSignInService } from './sso-sign-in.service';

/** Single sign-on with OpenID Connect providers. Sessions and sign-in come from the global AuthModule. */
@Module({
  imports: [UsersModule],
  controllers: [SsoProvidersController, OidcController],
  providers: [SsoProvidersService, OidcClient, OidcFlows, SsoSignInService],
  exports: [SsoProvidersService],
})
export class SsoModule {}
