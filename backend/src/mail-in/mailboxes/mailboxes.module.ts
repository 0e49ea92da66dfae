import { Module } from '@nestjs/common';
import { MailboxesService } from './mailboxes.service';

/** Mailbox lookups, for every role that handles mail. */
@Module({ providers: [MailboxesService], exports: [MailboxesService] })
export class MailboxesModule {}
