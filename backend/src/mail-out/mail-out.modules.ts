import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueuesModule } from '../queues/queues.module';
import { DkimController } from './dkim/dkim.controller';
import { DkimKeysRepository } from './dkim/dkim-keys.repository';
import { DkimKeysService } from './dkim/dkim-keys.service';
import { OutboundController } from './outbox/outbound.controller';
import { OutboxMetrics } from './outbox/outbox.metrics';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';
import { OutboxSubscriber } from './outbox/outbox.subscriber';
import { RelaySettingsController } from './relay-settings.controller';
import { RelayHealthService } from './health/relay-health.service';
import { RelaySettingsService } from './relay/relay-settings.service';
import { OutboundSender } from './sending/outbound-sender.service';
import { OutboundWorker } from './sending/outbound-worker.service';
import { SendCaps } from './sending/send-caps.service';
import { TransportPool } from './sending/transport-pool';
import { ReplySignatureController } from './signatures/reply-signature.controller';
import { SignaturesRepository } from './signatures/signatures.repository';
import { SignaturesService } from './signatures/signatures.service';
import { MailTemplatesController } from './templates/mail-templates.controller';
import { MailTemplatesRepository } from './templates/mail-templates.repository';
import { MailTemplatesService } from './templates/mail-templates.service';
import { MailTransportsRepository } from './transports/mail-transports.repository';
import { MailTransportsService } from './transports/mail-transports.service';

/** How each mailbox sends (its own transport, or the relay): for the mailboxes API and the sender. */
@Module({
  providers: [MailTransportsRepository, MailTransportsService],
  exports: [MailTransportsService],
})
export class MailTransportsModule {}

/**
 * The outbox, for every role that changes tickets (api, worker): its subscriber writes
 * the mail a ticket change causes, in the change's transaction.
 */
@Module({
  imports: [MailModule, NotificationsModule],
  providers: [
    OutboxService,
    OutboxRepository,
    OutboxSubscriber,
    MailTemplatesService,
    MailTemplatesRepository,
    RelaySettingsService,
    RelayHealthService,
    SignaturesService,
    SignaturesRepository,
    DkimKeysRepository,
    DkimKeysService,
  ],
  exports: [
    OutboxService,
    OutboxRepository,
    MailTemplatesService,
    RelaySettingsService,
    RelayHealthService,
    SignaturesService,
    DkimKeysService,
  ],
})
export class OutboxModule {}

/** Role api: the outbox, the relay, DKIM keys and the templates, for admins; the composer's signature preview. */
@Module({
  imports: [OutboxModule],
  controllers: [
    OutboundController,
    RelaySettingsController,
    DkimController,
    MailTemplatesController,
    ReplySignatureController,
  ],
})
export class MailOutApiModule {}

/** Role worker: sends what the outbox holds. */
@Module({
  imports: [OutboxModule, AttachmentsModule, QueuesModule, MailTransportsModule],
  providers: [SendCaps, TransportPool, OutboundSender, OutboundWorker, OutboxMetrics],
  exports: [OutboundSender, OutboundWorker],
})
export class MailOutWorkerModule {}
