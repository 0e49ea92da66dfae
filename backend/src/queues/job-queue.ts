import { Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { bullConnection } from './queues';

/** A job waiting, delayed or running: queuing its row again would only duplicate it. */
const LIVE = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/** How long an enqueue may take before the caller moves on (the sweeper queues what it missed). */
const ADD_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * The producer side of one BullMQ queue, for work whose record is a PostgreSQL row (a
 * spool row, an outbox row): a job per row with a fixed id, so queuing a row twice while
 * its job waits is one job. Enqueuing never throws: the row is safe, and the worker's
 * sweeper queues whatever did not make it (Redis down, a crash between commit and add).
 */
export class JobQueue {
  readonly bull: Queue;

  constructor(
    name: string,
    redisUrl: string,
    private readonly logger: Logger,
  ) {
    this.bull = new Queue(name, { connection: bullConnection(redisUrl) });
    this.bull.on('error', (e) => this.logger.warn(`queue: ${e.message}`));
  }

  /** Adds the job; false (and a warning) when Redis did not take it in time. */
  async add(name: string, data: object, options: JobsOptions & { jobId: string }): Promise<boolean> {
    try {
      await withTimeout(this.bull.add(name, data, options), ADD_TIMEOUT_MS);
      return true;
    } catch (e) {
      this.logger.warn(`could not queue ${options.jobId} (the sweeper will): ${(e as Error).message}`);
      return false;
    }
  }

  /** Adds several jobs in one round trip to Redis; false (and a warning) when Redis did not take them in time. */
  async addBulk(jobs: { name: string; data: object; opts: JobsOptions & { jobId: string } }[]): Promise<boolean> {
    if (!jobs.length) return true;
    try {
      await withTimeout(this.bull.addBulk(jobs), ADD_TIMEOUT_MS);
      return true;
    } catch (e) {
      const ids = jobs.map((j) => j.opts.jobId);
      this.logger.warn(`could not queue ${ids.join(', ')} (the sweeper will): ${(e as Error).message}`);
      return false;
    }
  }

  /** Removes the job with this id, whatever its state, so the id can be used again. */
  async remove(jobId: string): Promise<void> {
    const job = await this.bull.getJob(jobId);
    if (job) await job.remove().catch(() => undefined);
  }

  /**
   * Queues the row again unless its job is waiting, delayed or running (a finished or
   * failed one is replaced): what a sweeper does. Returns whether it queued.
   */
  async requeue(jobId: string, queue: () => Promise<unknown>): Promise<boolean> {
    const job = await this.bull.getJob(jobId);
    if (job) {
      if (LIVE.includes(await job.getState())) return false;
      await job.remove().catch(() => undefined);
    }
    await queue();
    return true;
  }

  close(): Promise<void> {
    return this.bull.close();
  }
}
