import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { OutageLog } from '../../common/outage-log';
import { isDependencyUnavailable } from '../../common/unavailable';
import { withTimeout } from '../../common/with-timeout';
import { bullConnection, OUTBOUND_QUEUE } from '../../queues/queues';
import { OutboxService } from '../outbox/outbox.service';
import { RelaySettingsService } from '../relay/relay-settings.service';
import { OutboundSender, SENDING_LEASE_SECONDS } from './outbound-sender.service';
import { LOCKS } from '../../database/locks';

const SWEEP_EVERY_MS = 15_000;
/** A queued row this old without a job was committed but never queued (a crash, Redis down). */
const UNQUEUED_AFTER_SECONDS = 30;
/** Uploads never attached to a reply are deleted after a day. */
const UNLINKED_UPLOAD_HOURS = 24;

/**
 * The worker role's half of email out: sends queued outbox rows, and sweeps back into
 * the queue what a crash or an outage left behind: rows committed but never queued,
 * and rows left `sending` by a worker that died mid-send. One replica sweeps at a time.
 */
@Injectable()
export class OutboundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboundWorker.name);
  private worker?: Worker;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;
  /** The sweep needs the database and Redis: their outages are logged once each. */
  private readonly sweepOutage = new OutageLog(this.logger, 'Outbound sweep');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly sender: OutboundSender,
    private readonly outbox: OutboxService,
    private readonly relay: RelaySettingsService,
  ) {}

  onApplicationBootstrap() {
    this.worker = new Worker(
      OUTBOUND_QUEUE,
      async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.sender.send(job.data.outboundId, final);
        // Throwing hands the job back to BullMQ, which retries it with exponential backoff.
        if (outcome.retry) throw new Error(outcome.reason ?? 'retry');
        return outcome;
      },
      { connection: bullConnection(this.config.redis.url), concurrency: this.config.worker.concurrency },
    );
    // A job failing because the database or Redis is away is the outage's, logged once; others are the mail's own.
    const jobOutage = new OutageLog(this.logger, 'Sending outbound mail');
    this.worker.on('completed', () => jobOutage.success());
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      if (isDependencyUnavailable(err)) jobOutage.failure(err);
      else this.logger.warn(`outbound ${job.data.outboundId} attempt ${job.attemptsMade}: ${err.message}`);
    });
    const queueOutage = new OutageLog(this.logger, 'Redis (outbound worker)');
    this.worker.on('error', (e) => queueOutage.failure(e));
    this.sweepTimer = setInterval(
      () =>
        void this.sweep().then(
          () => this.sweepOutage.success(),
          (e) => this.sweepOutage.failure(e),
        ),
      SWEEP_EVERY_MS,
    );
  }

  // Before the database and Redis close, like the inbound worker: a send in hand finishes and records its answer.
  async beforeApplicationShutdown() {
    clearInterval(this.sweepTimer);
    await this.worker?.close();
  }

  /**
   * Queues what should be moving and is not; returns how many rows it queued. As the
   * inbound sweep: rows chosen under the lock, queued after its transaction (no database
   * connection waits on Redis), each within a bound; sweeps never overlap.
   */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      let queued = 0;
      for (const id of await this.due()) if (await withTimeout(this.outbox.requeue(id), 5000)) queued++;
      return queued;
    } finally {
      this.sweeping = false;
    }
  }

  /** Under the sweep lock: drops stale uploads, and lists the rows to queue (none without a relay). */
  private async due(): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [LOCKS.outboundSweep]);
      if (!locked) return [];
      await tx.query(
        `DELETE FROM attachments WHERE message_id IS NULL AND created_at < now() - make_interval(hours => $1)`,
        [UNLINKED_UPLOAD_HOURS],
      );
      // Without a relay, queued mail waits; setting one queues it (and so does this sweep, later).
      if (!(await this.relay.current(tx)).url) return [];
      const rows: { id: number }[] = await tx.query(
        `SELECT id FROM outbound_messages
          WHERE (status = 'queued' AND updated_at < now() - make_interval(secs => $1))
             OR (status = 'sending' AND sending_started_at < now() - make_interval(secs => $2))
          ORDER BY id LIMIT 1000`,
        [UNQUEUED_AFTER_SECONDS, SENDING_LEASE_SECONDS],
      );
      return rows.map((r) => r.id);
    });
  }
}
