import { Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { OutageLog } from '../common/outage-log';
import { withTimeout } from '../common/with-timeout';
import { bullConnection } from './queues';

/** A job waiting, delayed or running: queuing its row again would only duplicate it. */
const LIVE = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/** How long an enqueue may take before the caller moves on (the sweeper queues what it missed). */
const ADD_TIMEOUT_MS = 2000;

/**
 * The producer side of one BullMQ queue, for work whose record is a PostgreSQL row (a
 * spool row, an outbox row): a job per row with a fixed id, so queuing a row twice while
 * its job waits is one job. Enqueuing never throws: the row is safe, and the worker's
 * sweeper queues whatever did not make it (Redis down, a crash between commit and add).
 * Redis failures, of the queue's connection and of adding, are logged once per outage.
 */
export class JobQueue {
  readonly bull: Queue;
  private readonly outage: OutageLog;
  /** Adds under way: closing waits for them, or a row committed just before a shutdown waits for the sweeper. */
  private readonly adding = new Set<Promise<unknown>>();

  constructor(name: string, redisUrl: string, logger: Logger) {
    this.outage = new OutageLog(logger, `Redis (${name} queue; the sweeper queues what it misses)`);
    this.bull = new Queue(name, { connection: bullConnection(redisUrl) });
    this.bull.on('error', (e) => this.outage.failure(e));
  }

  /** Adds the job; false (logged once per outage) when Redis did not take it in time. */
  async add(name: string, data: object, options: JobsOptions & { jobId: string }): Promise<boolean> {
    try {
      await this.tracked(this.bull.add(name, data, options));
      this.outage.success();
      return true;
    } catch (e) {
      this.outage.failure(e);
      return false;
    }
  }

  /** Adds several jobs in one round trip to Redis; false (logged once per outage) when Redis did not take them in time. */
  async addBulk(jobs: { name: string; data: object; opts: JobsOptions & { jobId: string } }[]): Promise<boolean> {
    if (!jobs.length) return true;
    try {
      await this.tracked(this.bull.addBulk(jobs));
      this.outage.success();
      return true;
    } catch (e) {
      this.outage.failure(e);
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

  /** Closes the queue's connection once the adds under way have ended (each is bounded by ADD_TIMEOUT_MS). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.adding]);
    await this.bull.close();
  }

  /** `adding` bounded by ADD_TIMEOUT_MS, and known to `close` until it ends. */
  private async tracked(adding: Promise<unknown>): Promise<void> {
    const bounded = withTimeout(adding, ADD_TIMEOUT_MS);
    this.adding.add(bounded);
    try {
      await bounded;
    } finally {
      this.adding.delete(bounded);
    }
  }
}
