import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UserSessions } from '../users/user-sessions';
import { UsersModule } from '../users/users.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthGuard } from './auth.guard';
import { LoginLimiterService } from './login-limiter.service';
import { MySessionsController } from './my-sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * Who is calling: sessions, API tokens, and the guard in front of every route. The ways
 * to sign in build on it: sign-in/ (password, second factor) and sso/ (OpenID Connect).
 */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController, MySessionsController, ApiTokensController],
  providers: [
    AuthService,
    SessionsService,
    SessionsRepository,
    ApiTokensRepository,
    { provide: UserSessions, useExisting: SessionsService },
    ApiTokensService,
    LoginLimiterService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SessionsService, UserSessions, ApiTokensService, LoginLimiterService],
})
export class AuthModule {}
