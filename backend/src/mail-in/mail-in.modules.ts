import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { QueuesModule } from '../queues/queues.module';
import { TicketsModule } from '../tickets/tickets.module';
import { MailboxesModule } from './mailboxes/mailboxes.module';
import { MailboxesController } from './mailboxes/mailboxes.controller';
import { InboundProcessor } from './processing/inbound-processor.service';
import { SmtpReceiver } from './smtp/smtp-receiver.service';
import { InboundController } from './spool/inbound.controller';
import { InboundWorker } from './processing/inbound-worker.service';
import { SpoolRepository } from './spool/spool.repository';
import { SpoolService } from './spool/spool.service';

/** The spool and its queue: written by the smtp role, read by the worker, managed through the api. */
@Module({ providers: [SpoolService, SpoolRepository], exports: [SpoolService, SpoolRepository] })
export class SpoolModule {}

/** Role smtp: the receiver. */
@Module({ imports: [MailboxesModule, SpoolModule], providers: [SmtpReceiver] })
export class SmtpRoleModule {}

/** Role worker: turns spooled mail into tickets. */
@Module({
  imports: [MailModule, MailboxesModule, SpoolModule, TicketsModule, OutboxModule, QueuesModule],
  providers: [InboundProcessor, InboundWorker],
  exports: [InboundProcessor, InboundWorker],
})
export class MailProcessingModule {}

/** Role api: mailboxes and the spool for admins. */
@Module({ imports: [MailboxesModule, SpoolModule], controllers: [MailboxesController, InboundController] })
export class MailInApiModule {}
