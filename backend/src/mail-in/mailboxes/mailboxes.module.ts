import { Module } from '@nestjs/common';
import { GroupsModule } from '../../groups/groups.module';
import { MailboxesRepository } from './mailboxes.repository';
import { MailboxesService } from './mailboxes.service';

/** Mailbox lookups, for every role that handles mail. */
@Module({
  imports: [GroupsModule],
  providers: [MailboxesService, MailboxesRepository],
  exports: [MailboxesService],
})
export class MailboxesModule {}
