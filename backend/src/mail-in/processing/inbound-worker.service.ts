import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Config } from '../../config/config';
import { isDependencyUnavailable } from '../../common/unavailable';
import { CONFIG } from '../../config/config.module';
import { isDataFault } from '../../database/database-errors';
import { LOCKS } from '../../database/locks';
import { JobRunner } from '../../queues/job-runner';
import { INBOUND_QUEUE } from '../../queues/queues';
import { inboundFailed } from '../../metrics/metrics';
import { SpoolRepository } from '../spool/spool.repository';
import { SpoolService } from '../spool/spool.service';
import { InboundProcessor } from './inbound-processor.service';

/**
 * The worker role's half of email in: processes queued spool rows, and sweeps rows
 * committed but never queued (Redis was down, or a process died between commit and
 * enqueue) back into the queue.
 */
@Injectable()
export class InboundWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(InboundWorker.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly runner: JobRunner,
    private readonly processor: InboundProcessor,
    private readonly spool: SpoolService,
    private readonly rows: SpoolRepository,
  ) {}

  onApplicationBootstrap() {
    const seconds = this.config.worker.inboundSweepSeconds;
    this.runner.start<{ inboundId: number }>({
      queue: INBOUND_QUEUE,
      logger: this.logger,
      process: async (job) => {
        const outcome = await this.processor.process(job.data.inboundId);
        if (outcome.status === 'rejected') this.logger.log(`inbound ${job.data.inboundId} rejected: ${outcome.reason}`);
        return outcome;
      },
      failed: (job, err) => {
        // An unavailable database or Redis is the outage's, logged once by the runner, and no attempt of the message's.
        if (isDependencyUnavailable(err)) return;
        const id = job.data.inboundId;
        this.logger.warn(`inbound ${id} attempt ${job.attemptsMade} failed: ${err.message}`);
        // The latest error stays on the row so admins see why it is stuck. Only a fault of the
        // message's own data counts towards `failed`: an error that may pass never gives up on mail.
        const max = isDataFault(err) ? this.config.worker.inboundMaxAttempts : null;
        void this.rows.noteFailure(id, err.message.slice(0, 500), max).then(
          (status) => {
            if (status !== 'failed') return;
            inboundFailed.inc();
            this.logger.error(`inbound ${id} failed ${max} times; kept as failed`);
          },
          () => undefined,
        );
      },
      sweeper: {
        lock: LOCKS.inboundSweep,
        everyMs: Math.max(1, Math.min(30, seconds / 2)) * 1000,
        // Rows `received` for longer than HELPDESK_INBOUND_SWEEP_SECONDS.
        find: (tx) => this.rows.stale(tx, seconds),
        requeue: (id) => this.spool.requeue(id),
      },
    });
  }

  /** Queues again what should be processing and is not; returns how many rows it queued. */
  sweep(): Promise<number> {
    return this.runner.sweep(INBOUND_QUEUE);
  }
}
