import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { bullConnection, INBOUND_QUEUE, inboundJobId } from '../../queues/queues';

export interface SpoolEntry {
  raw: Buffer;
  envelopeFrom: string;
  envelopeTo: string[];
  peerIp: string | null;
  helo: string | null;
  tls: boolean;
  mailboxId: number | null;
  /** Fetched mail: the mailbox source (mail_sources.id) and the message's id there. */
  sourceId?: number;
  remoteId?: string;
}

/**
 * The durable spool: a message is committed here before the SMTP receiver answers
 * 250, then a job is queued for it. If queuing fails the row is still safe, and the
 * sweeper queues it later.
 */
@Injectable()
export class SpoolService implements OnApplicationShutdown {
  private readonly logger = new Logger(SpoolService.name);
  readonly queue: Queue;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config: Config,
  ) {
    this.queue = new Queue(INBOUND_QUEUE, { connection: bullConnection(config.redis.url) });
    this.queue.on('error', (e) => this.logger.warn(`queue: ${e.message}`));
  }

  /** Last: the SMTP receiver and in-flight API requests may still enqueue while they drain. */
  async onApplicationShutdown() {
    await this.queue.close();
  }

  /**
   * Commits the message; resolves only once it is durable. A fetched message stored again
   * (same source and remote id: a crash before it was marked seen) returns the first row.
   */
  async store(e: SpoolEntry): Promise<number> {
    const [row] = await this.db.query(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id, source_id, remote_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (source_id, remote_id) WHERE remote_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        e.raw,
        e.raw.length,
        createHash('sha256').update(e.raw).digest(),
        e.envelopeFrom,
        e.envelopeTo,
        e.peerIp,
        e.helo,
        e.tls,
        e.mailboxId,
        e.sourceId ?? null,
        e.remoteId ?? null,
      ],
    );
    if (row) return row.id;
    const [first] = await this.db.query(`SELECT id FROM inbound_messages WHERE source_id = $1 AND remote_id = $2`, [
      e.sourceId,
      e.remoteId,
    ]);
    return first.id;
  }

  /** Queues processing; failures are logged, never thrown: the sweeper catches up. */
  async enqueue(inboundId: number): Promise<boolean> {
    try {
      await withTimeout(
        this.queue.add(
          'process',
          { inboundId },
          {
            jobId: inboundJobId(inboundId),
            attempts: 8,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: 1000,
            removeOnFail: 5000,
          },
        ),
        2000,
      );
      return true;
    } catch (err) {
      this.logger.warn(`could not queue inbound ${inboundId} (the sweeper will): ${(err as Error).message}`);
      return false;
    }
  }

  /** Puts a row back to `received` and queues it again (admin re-process). */
  async reprocess(inboundId: number): Promise<boolean> {
    const [row] = await this.db.query(`SELECT id FROM inbound_messages WHERE id = $1`, [inboundId]);
    if (!row) return false;
    await this.db.query(`UPDATE inbound_messages SET status = 'received', reason = NULL WHERE id = $1`, [inboundId]);
    const job = await this.queue.getJob(inboundJobId(inboundId));
    if (job) await job.remove().catch(() => undefined);
    await this.enqueue(inboundId);
    return true;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}
