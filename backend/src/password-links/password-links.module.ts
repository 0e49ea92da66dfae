import { Global, Module } from '@nestjs/common';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { SsoModule } from '../sso/sso.module';
import { UserInvites } from '../users/user-invites';
import { UsersModule } from '../users/users.module';
import { PasswordLinksController } from './password-links.controller';
import { PasswordLinksRepository } from './password-links.repository';
import { PasswordLinksService } from './password-links.service';

/**
 * Role api: set-password links (invitations and "forgot password"). Global, so the users
 * api finds the `UserInvites` port it provides without importing this folder.
 */
@Global()
@Module({
  imports: [UsersModule, OutboxModule, SsoModule],
  controllers: [PasswordLinksController],
  providers: [
    PasswordLinksRepository,
    PasswordLinksService,
    { provide: UserInvites, useExisting: PasswordLinksService },
  ],
  exports: [UserInvites],
})
export class PasswordLinksModule {}
