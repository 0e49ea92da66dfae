import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { JobQueue } from '../../queues/job-queue';
import { TRIGGER_QUEUE, triggerJobId } from '../../queues/queues';

/**
 * Nudges the worker to run the triggers on a run (a `trigger_runs` row): the row is the
 * record, the job only makes it quick. A lost job costs latency (the sweeper finds the row).
 */
@Injectable()
export class TriggerQueue implements OnModuleDestroy {
  private readonly logger = new Logger(TriggerQueue.name);
  readonly queue: JobQueue;

  constructor(@Inject(CONFIG) config: Config) {
    this.queue = new JobQueue(TRIGGER_QUEUE, config.redis.url, this.logger);
  }

  async onModuleDestroy() {
    await this.queue.close();
  }

  async add(runId: number, retry?: { attempt: number; delayMs: number }): Promise<void> {
    await this.queue.add(
      'run',
      { runId },
      {
        jobId: triggerJobId(runId, retry?.attempt),
        delay: retry?.delayMs,
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  requeue(runId: number): Promise<boolean> {
    return this.queue.requeue(triggerJobId(runId), () => this.add(runId));
  }
}
