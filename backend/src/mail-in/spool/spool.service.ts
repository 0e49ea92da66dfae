import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { OutageLog } from '../../common/outage-log';
import { withTimeout } from '../../common/with-timeout';
import { bullConnection, INBOUND_QUEUE, inboundJobId } from '../../queues/queues';
import type { SenderAuth } from '../auth/sender-auth';

export interface SpoolEntry {
  raw: Buffer;
  envelopeFrom: string;
  envelopeTo: string[];
  peerIp: string | null;
  helo: string | null;
  tls: boolean;
  mailboxId: number | null;
  /** Sender verification at receipt; null when it is turned off. */
  auth: SenderAuth | null;
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
  /** Redis failures of the queue and of queuing, logged once per outage. */
  private readonly outage = new OutageLog(this.logger, 'Redis (inbound queue)');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config: Config,
  ) {
    this.queue = new Queue(INBOUND_QUEUE, { connection: bullConnection(config.redis.url) });
    this.queue.on('error', (e) => this.outage.failure(e));
  }

  /** Last: the SMTP receiver and in-flight API requests may still enqueue while they drain. */
  async onApplicationShutdown() {
    await this.queue.close();
  }

  /** Commits the message; resolves only once it is durable. */
  async store(e: SpoolEntry): Promise<number> {
    const [row] = await this.db.query(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, peer_ip, helo, tls, mailbox_id,
         auth_spf, auth_dkim, auth_dmarc, auth_arc, auth_from_domain, auth_results)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
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
        e.auth?.spf ?? null,
        e.auth?.dkim ?? null,
        e.auth?.dmarc ?? null,
        e.auth?.arc ?? null,
        e.auth?.fromDomain ?? null,
        e.auth?.results ?? null,
      ],
    );
    return row.id;
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
      this.outage.success();
      return true;
    } catch (err) {
      // The row is committed: the sweeper queues it once Redis answers again.
      this.outage.failure(err);
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
