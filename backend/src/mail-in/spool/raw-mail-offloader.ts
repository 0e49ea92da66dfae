import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BlobStore } from '../../blob-store/blob-store';
import { SpoolRepository, SpoolRow } from './spool.repository';

const CATCH_UP_EVERY_MS = 60_000;
const CATCH_UP_BATCH = 100;

/**
 * Role worker, when new files go to the bucket: moves the raw source of processed mail
 * there. Unprocessed mail stays in PostgreSQL, where the SMTP receiver committed it before
 * its 250, so a bucket that is down never costs a message. Each message moves right after
 * its processing commits; what that missed (the bucket was down, the process stopped) is
 * moved every minute, a batch at a time. Two workers moving the same row is harmless: the
 * row's update is conditional, and the loser's copy is deleted.
 */
@Injectable()
export class RawMailOffloader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RawMailOffloader.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly rows: SpoolRepository,
    private readonly blobs: BlobStore,
  ) {}

  onApplicationBootstrap() {
    if (this.blobs.target !== 's3') return;
    this.timer = setInterval(() => void this.catchUp(), CATCH_UP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** Moves a row that has just been processed; never throws (the catch-up retries). */
  async processed(row: SpoolRow): Promise<void> {
    if (this.blobs.target !== 's3' || row.raw_key) return;
    await this.rows
      .moveTo(row.id, 's3', { raw: row.raw, raw_key: null })
      .catch((e: Error) => this.logger.warn(`inbound ${row.id}: raw mail stays in PostgreSQL for now: ${e.message}`));
  }

  /** Moves a batch of processed rows still in PostgreSQL; returns how many moved (0 while another run is busy). */
  async catchUp(): Promise<number> {
    if (this.blobs.target !== 's3' || this.running) return 0;
    this.running = true;
    let moved = 0;
    try {
      for (const id of await this.rows.idsNotIn('s3', 0, CATCH_UP_BATCH)) if (await this.rows.moveTo(id, 's3')) moved++;
    } catch (e) {
      this.logger.warn(`moving processed raw mail to the bucket: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return moved;
  }
}
