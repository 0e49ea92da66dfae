import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { Tx } from '../database/transactions';
import { JobQueue } from '../queues/job-queue';
import { WEBHOOK_QUEUE, webhookJobId } from '../queues/queues';
import { WebhooksRepository } from './webhooks.repository';

/** A call of a webhook to write: the event's name and what the JSON says besides its id, event and time. */
export interface WebhookCall {
  webhookId: number;
  event: string;
  ticketId: number | null;
  ruleId: number | null;
  payload: Record<string, unknown>;
}

/**
 * The webhook outbox (the outbox pattern of DESIGN.md section 3, for HTTP): a delivery is
 * written in the transaction of the change that causes it, with the exact body that will
 * be signed and a delivery id receivers deduplicate on, and queued after the commit; the
 * worker's sweeper queues what a crash or an outage left behind. At least once.
 */
@Injectable()
export class WebhookOutbox implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookOutbox.name);
  readonly queue: JobQueue;

  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.queue = new JobQueue(WEBHOOK_QUEUE, config.redis.url, this.logger);
  }

  async onModuleDestroy() {
    await this.queue.close();
  }

  /** Writes the deliveries on `tx` (or on their own without one); returns their row ids for `dispatch`. */
  write(tx: Tx | undefined, calls: WebhookCall[], at = new Date()): Promise<number[]> {
    return this.webhooks.insertDeliveries(
      tx,
      calls.map((c) => {
        const deliveryId = randomUUID();
        return {
          deliveryId,
          webhookId: c.webhookId,
          event: c.event,
          ticketId: c.ticketId,
          ruleId: c.ruleId,
          body: JSON.stringify({ id: deliveryId, event: c.event, occurredAt: at.toISOString(), ...c.payload }),
        };
      }),
    );
  }

  /** Queues deliveries after their commit; never throws (the sweeper queues what this misses). */
  async dispatch(ids: number[]): Promise<void> {
    for (const id of ids) await this.queue.add('deliver', { id }, this.jobOptions(id));
  }

  /** Queues a delivery again unless its job is alive; true when it queued. */
  requeue(id: number): Promise<boolean> {
    return this.queue.requeue(webhookJobId(id), () => this.dispatch([id]));
  }

  jobOptions(id: number) {
    return {
      jobId: webhookJobId(id),
      attempts: this.config.webhooks.attempts,
      backoff: { type: 'exponential', delay: this.config.webhooks.backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }
}
