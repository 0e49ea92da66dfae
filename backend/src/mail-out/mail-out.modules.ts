import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { MailModule } from '../mail/mail.module';
import { QueuesModule } from '../queues/queues.module';
import { OutboundController } from './outbox/outbound.controller';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';
import { OutboxSubscriber } from './outbox/outbox.subscriber';
import { RelaySettingsController } from './relay-settings.controller';
import { RelaySettingsService } from './relay/relay-settings.service';
import { OutboundSender } from './sending/outbound-sender.service';
import { OutboundWorker } from './sending/outbound-worker.service';
import { SendCaps } from './sending/send-caps.service';
import { MailTemplatesController } from './templates/mail-templates.controller';
import { MailTemplatesRepository } from './templates/mail-templates.repository';
import { MailTemplatesService } from './templates/mail-templates.service';

/**
 * The outbox, for every role that changes tickets (api, worker): its subscriber writes
 * the mail a ticket change causes, in the change's transaction.
 */
@Module({
  imports: [MailModule],
  providers: [
    OutboxService,
    OutboxRepository,
    OutboxSubscriber,
    MailTemplatesService,
    MailTemplatesRepository,
    RelaySettingsService,
  ],
  exports: [OutboxService, OutboxRepository, MailTemplatesService, RelaySettingsService],
})
export class OutboxModule {}

/** Role api: the outbox, the relay and the templates, for admins. */
@Module({
  imports: [OutboxModule],
  controllers: [OutboundController, RelaySettingsController, MailTemplatesController],
})
export class MailOutApiModule {}

/** Role worker: sends what the outbox holds. */
@Module({
  imports: [OutboxModule, AttachmentsModule, QueuesModule],
  providers: [SendCaps, OutboundSender, OutboundWorker],
  exports: [OutboundSender, OutboundWorker],
})
export class MailOutWorkerModule {}
