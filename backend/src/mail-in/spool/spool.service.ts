import { Inject, Injectable, Logger, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import { BlobBody } from '../../blob-store/blob-store';
import { Config } from '../../config/config';
import { Transactions } from '../../database/transactions';
import { CONFIG } from '../../config/config.module';
import { idPage, idPageBounds, Page, PageQuery } from '../../common/pagination';
import { JobQueue } from '../../queues/job-queue';
import { INBOUND_QUEUE, inboundJobId } from '../../queues/queues';
import { InboundMessageView } from './inbound.view';
import { FetchedEntry, SpoolEntry, SpoolListRow, SpoolRepository } from './spool.repository';

/**
 * The durable spool: a message is committed here before the SMTP receiver answers
 * 250, then a job is queued for it. If queuing fails the row is still safe, and the
 * sweeper queues it later.
 */
@Injectable()
export class SpoolService implements OnApplicationShutdown {
  private readonly logger = new Logger(SpoolService.name);
  readonly queue: JobQueue;

  constructor(
    private readonly spool: SpoolRepository,
    private readonly transactions: Transactions,
    @Inject(CONFIG) config: Config,
  ) {
    this.queue = new JobQueue(INBOUND_QUEUE, config.redis.url, this.logger);
  }

  /** Last: the SMTP receiver and in-flight API requests may still enqueue while they drain. */
  async onApplicationShutdown() {
    await this.queue.close();
  }

  /** Commits the message; resolves only once it is durable. */
  store(e: SpoolEntry): Promise<number> {
    return this.spool.insert(e);
  }

  /**
   * Commits a batch of fetched messages in one transaction (one WAL flush for all of them),
   * then queues them in order; returns their ids in the order given. Resolves only once the
   * rows are durable; messages stored before (same source and remote id) keep their row.
   */
  async storeFetched(entries: FetchedEntry[]): Promise<number[]> {
    const ids = await this.transactions.run((tx) => this.spool.insertFetched(tx, entries));
    await this.queue.addBulk(
      ids.map((id) => ({ name: 'process', data: { inboundId: id }, opts: this.jobOptions(id) })),
    );
    return ids;
  }

  /** Queues processing; failures are logged, never thrown: the sweeper catches up. */
  enqueue(inboundId: number): Promise<boolean> {
    return this.queue.add('process', { inboundId }, this.jobOptions(inboundId));
  }

  private jobOptions(inboundId: number) {
    return {
      jobId: inboundJobId(inboundId),
      attempts: 8,
      backoff: { type: 'exponential' as const, delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    };
  }

  /** Queues the row again unless its job waits or runs (the sweeper); true when it queued. */
  requeue(inboundId: number): Promise<boolean> {
    return this.queue.requeue(inboundJobId(inboundId), () => this.enqueue(inboundId));
  }

  /** Puts a row back to `received` and queues it again (admin re-process). */
  async reprocess(inboundId: number): Promise<InboundMessageView> {
    if (!(await this.spool.resetToReceived(inboundId)))
      throw new NotFoundException(`Inbound message ${inboundId} not found`);
    await this.queue.remove(inboundJobId(inboundId));
    await this.enqueue(inboundId);
    return this.get(inboundId);
  }

  /** What came in, newest first (the cursor is the last id seen, and pages go down from it). */
  async list(q: PageQuery & { status?: string }): Promise<Page<InboundMessageView>> {
    const { limit, afterId } = idPageBounds(q);
    const before = q.cursor ? afterId : Number.MAX_SAFE_INTEGER;
    const page = idPage(await this.spool.list(before, q.status ?? null, limit + 1), limit);
    return { items: page.items.map(toInboundView), nextCursor: page.nextCursor };
  }

  async get(id: number): Promise<InboundMessageView> {
    const row = await this.spool.find(id);
    if (!row) throw new NotFoundException(`Inbound message ${id} not found`);
    return toInboundView(row);
  }

  /** The message exactly as received (streamed from the bucket when it is there); 503 when that is down. */
  async raw(id: number): Promise<BlobBody> {
    const raw = await this.spool.raw(id);
    if (!raw) throw new NotFoundException(`Inbound message ${id} not found`);
    return raw;
  }
}

const toInboundView = (r: SpoolListRow): InboundMessageView => ({
  ...r,
  receivedAt: r.receivedAt.toISOString(),
  processedAt: r.processedAt && r.processedAt.toISOString(),
});
