import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { LOCKS } from '../database/locks';
import { Transactions, Tx } from '../database/transactions';
import { bullConnection } from './queues';

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
}

/**
 * The worker role's job runner: a BullMQ worker per queue (HELPDESK_WORKER_CONCURRENCY
 * jobs at a time) and its periodic sweeper, and their graceful stop. Model: Immich's
 * job repository, one owner of workers, retries and shutdown.
 */
@Injectable()
export class JobRunner implements BeforeApplicationShutdown {
  private readonly running = new Map<string, Running>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly transactions: Transactions,
  ) {}

  /** Starts the worker and the sweeper of a queue (call it from onApplicationBootstrap). */
  start<D>(handler: JobHandler<D>): void {
    const { logger } = handler;
    const worker = new Worker<D>(handler.queue, (job) => handler.process(job), {
      connection: bullConnection(this.config.redis.url),
      concurrency: this.config.worker.concurrency,
    });
    worker.on('failed', (job, err) => job && handler.failed?.(job, err));
    worker.on('error', (e) => logger.warn(`worker: ${e.message}`));
    const timer = setInterval(
      () => void this.sweep(handler.queue).catch((e) => logger.warn(`sweep: ${(e as Error).message}`)),
      handler.sweeper.everyMs,
    );
    this.running.set(handler.queue, { handler: handler as JobHandler<never>, worker, timer });
  }

  /** Sweeps a queue now; returns how many rows it queued (0 when another replica holds the sweep). */
  async sweep(queue: string): Promise<number> {
    const { sweeper } = this.running.get(queue)!.handler;
    const ids = await this.transactions.run(async (tx) =>
      (await this.transactions.tryLock(tx, sweeper.lock)) ? sweeper.find(tx) : [],
    );
    let queued = 0;
    for (const id of ids) if (await sweeper.requeue(id)) queued++;
    return queued;
  }

  /**
   * Runs while the database and Redis are still open: no new jobs are taken and the ones
   * in hand finish (a send records the relay's answer). A job cut off by the process's
   * deadline stays active until its lock expires, then BullMQ hands it to another worker.
   */
  async beforeApplicationShutdown() {
    for (const r of this.running.values()) clearInterval(r.timer);
    await Promise.all([...this.running.values()].map((r) => r.worker.close()));
  }
}
