import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { OutageLog } from '../../common/outage-log';
import { isDependencyUnavailable } from '../../common/unavailable';
import { withTimeout } from '../../common/with-timeout';
import { bullConnection, INBOUND_QUEUE } from '../../queues/queues';
import { InboundProcessor } from '../processing/inbound-processor.service';
import { SpoolService } from './spool.service';
import { LOCKS } from '../../database/locks';

/**
 * The worker role's half of email in: processes queued spool rows, and sweeps rows
 * committed but never queued (Redis was down, or a process died between commit and
 * enqueue) back into the queue. Only one replica sweeps at a time (advisory lock).
 */
@Injectable()
export class InboundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboundWorker.name);
  private worker?: Worker;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;
  /** The sweep needs the database and Redis: their outages are logged once each. */
  private readonly sweepOutage = new OutageLog(this.logger, 'Inbound sweep');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly processor: InboundProcessor,
    private readonly spool: SpoolService,
  ) {}

  onApplicationBootstrap() {
    this.worker = new Worker(
      INBOUND_QUEUE,
      async (job) => {
        const outcome = await this.processor.process(job.data.inboundId);
        if (outcome.status === 'rejected') this.logger.log(`inbound ${job.data.inboundId} rejected: ${outcome.reason}`);
        return outcome;
      },
      { connection: bullConnection(this.config.redis.url), concurrency: this.config.worker.concurrency },
    );
    // A job failing because the database or Redis is away is the outage's, logged once; others are the message's own.
    const jobOutage = new OutageLog(this.logger, 'Processing inbound mail');
    this.worker.on('completed', () => jobOutage.success());
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      if (isDependencyUnavailable(err)) jobOutage.failure(err);
      else this.logger.warn(`inbound ${job.data.inboundId} attempt ${job.attemptsMade} failed: ${err.message}`);
      // Keep the latest error on the row so admins see why it is stuck.
      void this.db
        .query(
          `UPDATE inbound_messages SET reason = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'received'`,
          [job.data.inboundId, err.message.slice(0, 500)],
        )
        .catch(() => undefined);
    });
    const queueOutage = new OutageLog(this.logger, 'Redis (inbound worker)');
    this.worker.on('error', (e) => queueOutage.failure(e));
    const every = Math.max(1, Math.min(30, this.config.worker.inboundSweepSeconds / 2)) * 1000;
    this.sweepTimer = setInterval(
      () =>
        void this.sweep().then(
          () => this.sweepOutage.success(),
          (e) => this.sweepOutage.failure(e),
        ),
      every,
    );
  }

  /** Runs while the database is still open, so the jobs in hand can finish. */
  async beforeApplicationShutdown() {
    clearInterval(this.sweepTimer);
    // Takes no new jobs and waits for the running ones; a job cut off by the process's
    // deadline stays active until its lock expires, then BullMQ hands it to another worker.
    await this.worker?.close();
  }

  /**
   * Re-queues `received` rows older than HELPDESK_INBOUND_SWEEP_SECONDS; returns how many.
   * The rows are chosen under the lock, then queued after its transaction: queuing talks to
   * Redis, and a database connection must not wait on Redis (an outage would hold it, and
   * the lock, for as long as it lasts). Each row is queued within a bound; the first that
   * cannot be ends this sweep (the next one carries on). Sweeps never overlap.
   */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const rows: { id: number }[] = await this.db.transaction(async (tx) => {
        const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [LOCKS.inboundSweep]);
        if (!locked) return [];
        return tx.query(
          `SELECT id FROM inbound_messages WHERE status = 'received' AND received_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 1000`,
          [this.config.worker.inboundSweepSeconds],
        );
      });
      for (const r of rows) await withTimeout(this.requeue(r.id), 5000);
      return rows.length;
    } finally {
      this.sweeping = false;
    }
  }

  /** Adds the job unless one for the row is waiting or running; a finished or failed one is replaced. */
  private async requeue(id: number) {
    const job = await this.spool.queue.getJob(`inbound-${id}`);
    if (job) {
      const state = await job.getState();
      if (['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(state)) return;
      await job.remove().catch(() => undefined);
    }
    await this.spool.enqueue(id);
  }
}
