import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { OutboundController } from './outbox/outbound.controller';
import { OutboxService } from './outbox/outbox.service';
import { RelaySettingsController } from './relay-settings.controller';
import { RelaySettingsService } from './relay/relay-settings.service';
import { OutboundSender } from './sending/outbound-sender.service';
import { OutboundWorker } from './sending/outbound-worker.service';
import { SendCaps } from './sending/send-caps.service';
import { MailTemplatesController } from './templates/mail-templates.controller';
import { MailTemplatesService } from './templates/mail-templates.service';

/** Writing mail into the outbox: used wherever a change causes mail (tickets, email in). */
@Module({
  imports: [MailModule],
  providers: [OutboxService, MailTemplatesService, RelaySettingsService],
  exports: [OutboxService, MailTemplatesService, RelaySettingsService],
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
  imports: [OutboxModule],
  providers: [SendCaps, OutboundSender, OutboundWorker],
  exports: [OutboundSender, OutboundWorker],
})
export class MailOutWorkerModule {}
