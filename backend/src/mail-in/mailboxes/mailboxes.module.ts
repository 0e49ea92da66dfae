import { Module } from '@nestjs/common';
import { MailSourcesModule } from '../../mail-sources/mail-sources.module';
import { MailboxesService } from './mailboxes.service';

/** Mailbox lookups, for every role that handles mail. */
@Module({ imports: [MailSourcesModule], providers: [MailboxesService], exports: [MailboxesService] })
export class MailboxesModule {}
