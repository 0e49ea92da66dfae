import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Worker } from 'bullmq';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { bullConnection, INBOUND_QUEUE } from '../../queues/queues';
import { InboundProcessor } from './inbound-processor.service';
import { SpoolService } from '../spool/spool.service';
import { LOCKS } from '../../database/locks';
import { Transactions } from '../../database/transactions';
import { SpoolRepository } from '../spool/spool.repository';

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

  constructor(
    private readonly transactions: Transactions,
    private readonly rows: SpoolRepository,
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
      void this.rows.noteFailure(job.data.inboundId, err.message.slice(0, 500)).catch(() => undefined);
    });
    this.worker.on('error', (e) => this.logger.warn(`worker: ${e.message}`));
    const every = Math.max(1, Math.min(30, this.config.worker.inboundSweepSeconds / 2)) * 1000;
    this.sweepTimer = setInterval(
      () => void this.sweep().catch((e) => this.logger.warn(`sweep: ${(e as Error).message}`)),
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
    return this.transactions.run(async (tx) => {
      if (!(await this.transactions.tryLock(tx, LOCKS.inboundSweep))) return 0;
      const ids = await this.rows.stale(tx, this.config.worker.inboundSweepSeconds);
      for (const id of ids) await this.requeue(id);
      return ids.length;
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
