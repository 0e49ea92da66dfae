import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { OutageLog } from '../../common/outage-log';
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
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      this.logger.warn(`inbound ${job.data.inboundId} attempt ${job.attemptsMade} failed: ${err.message}`);
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

  /** Re-queues `received` rows older than HELPDESK_INBOUND_SWEEP_SECONDS; returns how many. */
  async sweep(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [LOCKS.inboundSweep]);
      if (!locked) return 0;
      const rows: { id: number }[] = await tx.query(
        `SELECT id FROM inbound_messages WHERE status = 'received' AND received_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 1000`,
        [this.config.worker.inboundSweepSeconds],
      );
      for (const r of rows) await this.requeue(r.id);
      return rows.length;
    });
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
