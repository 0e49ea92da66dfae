import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { ShortCache } from '../common/short-cache';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { LOCKS } from '../database/locks';
import { Transactions, Tx } from '../database/transactions';
import { queueJobs } from '../metrics/metrics';
import { GaugeSample, SCRAPE_CACHE_MS } from '../metrics/scraped-gauge';
import { OutageLog } from '../common/outage-log';
import { isDependencyUnavailable } from '../common/unavailable';
import { withTimeout } from '../common/with-timeout';
import { bullConnection } from './queues';

/** How long one row's requeue may take in a sweep; the first that takes longer ends the sweep. */
const REQUEUE_TIMEOUT_MS = 5000;

/**
 * Finds what a crash or an outage left unqueued, and queues it again. One replica
 * sweeps at a time: the one that takes `lock` (an advisory lock held only while `find`
 * reads, so no connection waits on Redis); requeuing is idempotent anyway (job ids).
 */
export interface Sweeper {
  lock: (typeof LOCKS)[keyof typeof LOCKS];
  everyMs: number;
  /** The ids of the rows to queue again, read on the transaction that holds the lock. */
  find(tx: Tx): Promise<number[]>;
  /** Queues one again unless its job is alive; true when it queued. */
  requeue(id: number): Promise<boolean>;
}

/** One kind of work (DESIGN.md section 1): its queue, how a job runs, and its sweeper. */
export interface JobHandler<D> {
  queue: string;
  /** For log lines. */
  logger: Logger;
  /** Runs one job; a throw hands it back to BullMQ, which retries it per the job's attempts and backoff. */
  process(job: Job<D>): Promise<unknown>;
  /** After an attempt failed (to note why on the row). */
  failed?(job: Job<D>, error: Error): void;
  sweeper: Sweeper;
}

interface Running {
  handler: JobHandler<never>;
  worker: Worker;
  timer: NodeJS.Timeout;
  /** For counting its jobs, opened at the first scrape. */
  counter?: Queue;
  /** A sweep of this queue is under way (sweeps never overlap). */
  sweeping: boolean;
}

/** The job states the queue-depth gauge reports. */
const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The worker role's job runner: a BullMQ worker per queue (HELPDESK_WORKER_CONCURRENCY
 * jobs at a time) and its periodic sweeper, and their graceful stop. Model: Immich's
 * job repository, one owner of workers, retries and shutdown.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  private readonly running = new Map<string, Running>();
  private readonly depths = new ShortCache<GaugeSample[]>(SCRAPE_CACHE_MS);
  private stopCounting?: () => void;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Starts the worker and the sweeper of a queue (call it from onApplicationBootstrap).
   * Failures caused by an unavailable database or Redis (of jobs, of the worker's
   * connection, of sweeps) are logged once per outage; a job's own failures each.
   */
  start<D>(handler: JobHandler<D>): void {
    const { logger } = handler;
    const jobOutage = new OutageLog(logger, `Processing ${handler.queue} jobs`);
    const queueOutage = new OutageLog(logger, `Redis (${handler.queue} worker)`);
    const sweepOutage = new OutageLog(logger, `Sweeping ${handler.queue}`);
    const worker = new Worker<D>(handler.queue, (job) => handler.process(job), {
      connection: bullConnection(this.config.redis.url),
      concurrency: this.config.worker.concurrency,
    });
    worker.on('completed', () => jobOutage.success());
    worker.on('failed', (job, err) => {
      if (isDependencyUnavailable(err)) jobOutage.failure(err);
      if (job) handler.failed?.(job, err);
    });
    worker.on('error', (e) => queueOutage.failure(e));
    const timer = setInterval(
      () =>
        void this.sweep(handler.queue).then(
          () => sweepOutage.success(),
          (e) => sweepOutage.failure(e),
        ),
      handler.sweeper.everyMs,
    );
    this.running.set(handler.queue, { handler: handler as JobHandler<never>, worker, timer, sweeping: false });
    this.stopCounting ??= queueJobs.readFrom(() => this.depths.get(() => this.jobCounts()));
  }

  /** Jobs per queue and state (the queue-depth gauge, read from Redis at scrape time). */
  async jobCounts(): Promise<GaugeSample[]> {
    const samples: GaugeSample[] = [];
    for (const [queue, r] of this.running) {
      if (!r.counter) {
        r.counter = new Queue(queue, { connection: bullConnection(this.config.redis.url) });
        r.counter.on('error', (e) => r.handler.logger.warn(`queue counts: ${e.message}`));
      }
      const counts = await r.counter.getJobCounts(...COUNTED_STATES);
      for (const state of COUNTED_STATES) samples.push({ labels: { queue, state }, value: counts[state] ?? 0 });
    }
    return samples;
  }

  /**
   * Sweeps a queue now; returns how many rows it queued (0 when another replica holds the
   * sweep, or a sweep of this process is under way). The rows are chosen under the lock,
   * then queued after its transaction: a database connection never waits on Redis (an
   * outage would hold it, and the lock, for as long as it lasts). Each requeue is bounded;
   * the first that fails ends this sweep (the next one carries on).
   */
  async sweep(queue: string): Promise<number> {
    const running = this.running.get(queue)!;
    if (running.sweeping) return 0;
    running.sweeping = true;
    try {
      const { sweeper } = running.handler;
      const ids = await this.transactions.run(async (tx) =>
        (await this.transactions.tryLock(tx, sweeper.lock)) ? sweeper.find(tx) : [],
      );
      let queued = 0;
      for (const id of ids) if (await withTimeout(sweeper.requeue(id), REQUEUE_TIMEOUT_MS)) queued++;
      return queued;
    } finally {
      running.sweeping = false;
    }
  }

  /**
   * Runs while the database and Redis are still open: no new jobs are taken and the ones
   * in hand finish (a send records the relay's answer). A job cut off by the process's
   * deadline stays active until its lock expires, then BullMQ hands it to another worker.
   */
  async beforeApplicationShutdown() {
    this.stopCounting?.();
    for (const r of this.running.values()) clearInterval(r.timer);
    await Promise.all([...this.running.values()].map((r) => r.worker.close()));
    await Promise.all([...this.running.values()].map((r) => r.counter?.close()));
  }
}
