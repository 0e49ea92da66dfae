import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { LOCKS } from '../database/locks';
import { JobRunner } from '../queues/job-runner';
import { WEBHOOK_QUEUE } from '../queues/queues';
import { WebhookSender } from './webhook-sender.service';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksRepository } from './webhooks.repository';

/** A delivery found `sending` this long was left by a worker that died mid-call (far past the timeout). */
const SENDING_LEASE_SECONDS = 300;
const SWEEP_EVERY_MS = 15_000;
/** A queued delivery this far past its time has lost its job (a crash, Redis down). */
const UNQUEUED_AFTER_SECONDS = 30;

export interface DeliveryOutcome {
  status: 'delivered' | 'failed' | 'queued' | 'skipped' | 'sending';
  retry?: boolean;
  reason?: string | null;
}

/**
 * The worker role's half of webhooks: delivers each queued delivery, retries failures with
 * exponential backoff (the job's attempts), records every attempt in the delivery log, and
 * turns a webhook off with a notice after `HELPDESK_WEBHOOK_DISABLE_AFTER` failed attempts
 * in a row. Claiming a delivery before the call means two workers never post it at once;
 * a worker dying mid-call leaves it `sending`, and after the lease it is posted again
 * (at least once: receivers deduplicate on the delivery id).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookWorker.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: WebhookOutbox,
    private readonly sender: WebhookSender,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap() {
    this.runner.start<{ id: number }>({
      queue: WEBHOOK_QUEUE,
      logger: this.logger,
      process: async (job) => {
        const outcome = await this.deliver(job.data.id, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
        if (outcome.retry) throw new Error(outcome.reason ?? 'retry');
        return outcome;
      },
      failed: (job, err) =>
        this.logger.debug(`webhook delivery ${job.data.id} attempt ${job.attemptsMade}: ${err.message}`),
      sweeper: {
        lock: LOCKS.webhookSweep,
        everyMs: SWEEP_EVERY_MS,
        find: (tx) => this.webhooks.due(tx, UNQUEUED_AFTER_SECONDS, SENDING_LEASE_SECONDS),
        requeue: (id) => this.outbox.requeue(id),
      },
    });
  }

  /** One attempt at a delivery. */
  async deliver(id: number, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.webhooks.forSending(id, SENDING_LEASE_SECONDS);
    if (!row) return { status: 'skipped', reason: 'no such delivery' };
    if (row.status === 'delivered' || row.status === 'failed')
      return { status: 'skipped', reason: `already ${row.status}` };
    if (row.in_flight) return { status: 'sending', retry: true, reason: 'another attempt is in flight' };
    const attempt = await this.webhooks.claim(id, SENDING_LEASE_SECONDS);
    if (attempt === null) return { status: 'sending', retry: true, reason: 'another attempt claimed it' };
    if (!row.webhook_active) {
      await this.webhooks.finish(id, {
        status: 'failed',
        responseStatus: null,
        responseBody: null,
        error: 'the webhook is turned off',
        ms: 0,
      });
      return { status: 'failed', reason: 'the webhook is turned off' };
    }
    const o = await this.sender.post({
      url: row.url,
      secret: row.secret,
      body: row.body,
      deliveryId: row.delivery_id,
      event: row.event,
    });
    const failures = await this.webhooks.countOutcome(row.webhook_id, o.ok);
    if (o.ok) {
      await this.webhooks.finish(id, {
        status: 'delivered',
        responseStatus: o.status,
        responseBody: o.body,
        error: null,
        ms: o.ms,
      });
      return { status: 'delivered' };
    }
    const { disableAfter, backoffMs } = this.config.webhooks;
    if (failures >= disableAfter) {
      const notice = `turned off after ${failures} failed attempts in a row (last: ${o.error}); fix the receiver and turn it on again`;
      this.logger.warn(`webhook ${row.webhook_id} ${notice}`);
      await this.webhooks.disable(row.webhook_id, notice);
      finalAttempt = true;
    }
    const status = finalAttempt ? 'failed' : 'queued';
    await this.webhooks.finish(id, {
      status,
      responseStatus: o.status,
      responseBody: o.body,
      error: o.error,
      ms: o.ms,
      nextAttemptAt: new Date(Date.now() + backoffMs * 2 ** (attempt - 1)),
    });
    return { status, retry: !finalAttempt, reason: o.error };
  }
}
