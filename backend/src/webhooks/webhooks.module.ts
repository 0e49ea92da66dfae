import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhookSender } from './webhook-sender.service';
import { WebhookWorker } from './webhook-worker.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { WebhooksSubscriber } from './webhooks.subscriber';

/** The webhook outbox, for every role that changes tickets (api, worker): deliveries are written with the change. */
@Module({
  providers: [WebhooksRepository, WebhookOutbox, WebhooksSubscriber],
  exports: [WebhooksRepository, WebhookOutbox, WebhooksSubscriber],
})
export class WebhooksModule {}

/** Role api: webhooks for admins. */
@Module({ imports: [WebhooksModule], controllers: [WebhooksController], providers: [WebhooksService] })
export class WebhooksApiModule {}

/** Role worker: delivers. */
@Module({ imports: [WebhooksModule, QueuesModule], providers: [WebhookSender, WebhookWorker] })
export class WebhooksWorkerModule {}
