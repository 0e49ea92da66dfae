import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store/blob-store.module';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../mail-out/mail-out.modules';
import { QueuesModule } from '../queues/queues.module';
import { TicketsModule } from '../tickets/tickets.module';
import { MailboxesModule } from './mailboxes/mailboxes.module';
import { MailAuthSettingsController } from './auth/mail-auth-settings.controller';
import { MailAuthSettingsService } from './auth/mail-auth-settings.service';
import { MailboxesController } from './mailboxes/mailboxes.controller';
import { InboundProcessor } from './processing/inbound-processor.service';
import { SmtpReceiver } from './smtp/smtp-receiver.service';
import { InboundController } from './spool/inbound.controller';
import { InboundWorker } from './processing/inbound-worker.service';
import { RawMailOffloader } from './spool/raw-mail-offloader';
import { SpoolMetrics } from './spool/spool.metrics';
import { SpoolRepository } from './spool/spool.repository';
import { SpoolService } from './spool/spool.service';

/** The spool and its queue: written by the smtp role, read by the worker, managed through the api. */
@Module({
  imports: [BlobStoreModule],
  providers: [SpoolService, SpoolRepository],
  exports: [SpoolService, SpoolRepository],
})
export class SpoolModule {}

/** Role smtp: the receiver. */
@Module({ imports: [MailboxesModule, SpoolModule], providers: [SmtpReceiver] })
export class SmtpRoleModule {}

/** Role worker: turns spooled mail into tickets. */
@Module({
  imports: [MailModule, MailboxesModule, SpoolModule, BlobStoreModule, TicketsModule, OutboxModule, QueuesModule],
  providers: [InboundProcessor, InboundWorker, RawMailOffloader, SpoolMetrics],
  exports: [InboundProcessor, InboundWorker, RawMailOffloader],
})
export class MailProcessingModule {}

/** Role api: mailboxes, the spool and sender verification settings, for admins. */
@Module({
  imports: [MailboxesModule, SpoolModule],
  controllers: [MailboxesController, InboundController, MailAuthSettingsController],
  providers: [MailAuthSettingsService],
})
export class MailInApiModule {}
