import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AttachmentsRepository } from '../../attachments/attachments.repository';
import { isDependencyUnavailable } from '../../common/unavailable';
import { LOCKS } from '../../database/locks';
import { Tx } from '../../database/transactions';
import { JobRunner } from '../../queues/job-runner';
import { OUTBOUND_QUEUE } from '../../queues/queues';
import { OutboxRepository } from '../outbox/outbox.repository';
import { OutboxService } from '../outbox/outbox.service';
import { RelaySettingsService } from '../relay/relay-settings.service';
import { OutboundSender, SENDING_LEASE_SECONDS } from './outbound-sender.service';

const SWEEP_EVERY_MS = 15_000;
/** A queued row this old without a job was committed but never queued (a crash, Redis down). */
const UNQUEUED_AFTER_SECONDS = 30;
/** Uploads never attached to a reply are deleted after a day. */
const UNLINKED_UPLOAD_HOURS = 24;

/**
 * The worker role's half of email out: sends queued outbox rows, and sweeps back into
 * the queue what a crash or an outage left behind: rows committed but never queued,
 * and rows left `sending` by a worker that died mid-send.
 */
@Injectable()
export class OutboundWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboundWorker.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly sender: OutboundSender,
    private readonly outbox: OutboxService,
    private readonly rows: OutboxRepository,
    private readonly relay: RelaySettingsService,
    private readonly attachments: AttachmentsRepository,
  ) {}

  onApplicationBootstrap() {
    this.runner.start<{ outboundId: number }>({
      queue: OUTBOUND_QUEUE,
      logger: this.logger,
      process: async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.sender.send(job.data.outboundId, final);
        // Throwing hands the job back to BullMQ, which retries it with exponential backoff.
        if (outcome.retry) throw new Error(outcome.reason ?? 'retry');
        return outcome;
      },
      // An unavailable database or Redis is the runner's to log, once per outage.
      failed: (job, err) =>
        isDependencyUnavailable(err) ||
        this.logger.warn(`outbound ${job.data.outboundId} attempt ${job.attemptsMade}: ${err.message}`),
      sweeper: {
        lock: LOCKS.outboundSweep,
        everyMs: SWEEP_EVERY_MS,
        find: (tx) => this.stalled(tx),
        requeue: (id) => this.outbox.requeue(id),
      },
    });
  }

  /** Queues what should be moving and is not; returns how many rows it queued. */
  sweep(): Promise<number> {
    return this.runner.sweep(OUTBOUND_QUEUE);
  }

  /** Outbox rows to queue again; on the way, deletes uploads nobody attached. */
  private async stalled(tx: Tx): Promise<number[]> {
    await this.attachments.deleteUnlinked(tx, UNLINKED_UPLOAD_HOURS);
    // Without a relay, only mail of mailboxes with their own transport can move; the rest
    // waits, and setting a relay queues it (and so does this sweep, later).
    const relay = !!(await this.relay.current(tx)).url;
    return this.rows.stalled(tx, UNQUEUED_AFTER_SECONDS, SENDING_LEASE_SECONDS, relay);
  }
}
