import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SsoModule } from '../sso/sso.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { LoginLimiterService } from './login-limiter.service';
import { MySessionsController } from './my-sessions.controller';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';

/** Who is calling: sessions, API tokens, the ways to sign in, and the guard in front of every route. */
@Global()
@Module({
  imports: [UsersModule, TwoFactorModule, SsoModule],
  controllers: [AuthController, MySessionsController, ApiTokensController],
  providers: [
    SessionsService,
    ApiTokensService,
    LoginLimiterService,
    SignInService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [SessionsService, ApiTokensService, LoginLimiterService, SignInService],
})
export class AuthModule {}
