import { Module } from '@nestjs/common';
import { GroupsModule } from '../../groups/groups.module';
import { MailTransportsModule } from '../../mail-out/mail-out.modules';
import { MailSourcesModule } from '../../mail-sources/mail-sources.module';
import { MailboxesRepository } from './mailboxes.repository';
import { MailboxesService } from './mailboxes.service';

/** Mailbox lookups, for every role that handles mail. */
@Module({
  imports: [GroupsModule, MailSourcesModule, MailTransportsModule],
  providers: [MailboxesService, MailboxesRepository],
  exports: [MailboxesService],
})
export class MailboxesModule {}
