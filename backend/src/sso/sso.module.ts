import { Module } from '@nestjs/common';
import { UsersApiModule, UsersModule } from '../users/users.module';
import { OidcClient } from './oidc-client';
import { OidcController } from './oidc.controller';
import { OidcFlows } from './oidc-flows';
import { SsoIdentitiesRepository } from './sso-identities.repository';
import { SsoProvidersController } from './sso-providers.controller';
import { SsoProvidersRepository } from './sso-providers.repository';
import { SsoProvidersService } from './sso-providers.service';
import { SsoSignInService } from './sso-sign-in.service';

/**
 * Role api: single sign-on with OpenID Connect providers. Sessions come from the global
 * AuthModule; new agents (just in time) from UsersService, which checks the licence's seats.
 */
@Module({
  imports: [UsersModule, UsersApiModule],
  controllers: [SsoProvidersController, OidcController],
  providers: [
    SsoProvidersService,
    SsoProvidersRepository,
    SsoIdentitiesRepository,
    OidcClient,
    OidcFlows,
    SsoSignInService,
  ],
  exports: [SsoProvidersService],
})
export class SsoModule {}
