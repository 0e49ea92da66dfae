import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { BlobStoreUnavailableError, S3Bucket } from './s3-bucket';

/** Where file bytes live: in their row's own bytea column, or in an S3-compatible bucket. */
export type BlobTarget = 'postgres' | 's3';
export const BLOB_TARGETS: readonly BlobTarget[] = ['postgres', 's3'];

/**
 * A row's bytes: `data` when PostgreSQL holds them, `key` when the bucket does. Exactly one
 * is set (each table's CHECK constraint says so).
 */
export interface BlobRef {
  data: Buffer | null;
  key: string | null;
}

/** Bytes to send: a buffer (from PostgreSQL) or a stream (from the bucket), and how many. */
export interface BlobBody {
  body: Buffer | Readable;
  size: number;
}

/** The kinds of object, each under its own prefix in the bucket. */
export type BlobPrefix = 'attachments' | 'inbound';

export const whereIs = (ref: BlobRef): BlobTarget => (ref.key === null ? 'postgres' : 's3');

/**
 * The file store behind the attachments and spool repositories: PostgreSQL (the default:
 * one command starts everything) or an S3-compatible bucket (S3_* settings), chosen for
 * new files by HELPDESK_BLOB_STORE. A row names where its bytes are (`BlobRef`), so files
 * written before a change stay readable, and `npm run storage -- move` moves them.
 *
 * Writes to the bucket happen before the row that names them commits; should that
 * transaction then fail, the object is left unused (never the reverse: a row naming an
 * object that is not there).
 */
@Injectable()
export class BlobStore implements OnModuleDestroy {
  private readonly logger = new Logger(BlobStore.name);
  readonly target: BlobTarget;
  private readonly bucket: S3Bucket | null;

  constructor(@Inject(CONFIG) config: Pick<Config, 'storage'>) {
    this.target = config.storage.target;
    this.bucket = config.storage.s3 ? new S3Bucket(config.storage.s3) : null;
  }

  onModuleDestroy() {
    this.bucket?.close();
  }

  /**
   * Stores new bytes in `to` (where new files go, unless told): for PostgreSQL they are
   * the row's own column; for the bucket, a new object under a random key.
   * @throws BlobStoreUnavailableError when the bucket does not take them.
   */
  async place(prefix: BlobPrefix, data: Buffer, contentType: string, to = this.target): Promise<BlobRef> {
    if (to === 'postgres') return { data, key: null };
    const key = `${prefix}/${randomUUID()}`;
    await this.s3().put(key, data, contentType);
    return { data: null, key };
  }

  /**
   * The bytes, streamed from the bucket when they are there.
   * @throws BlobStoreUnavailableError, BlobMissingError
   */
  async open(ref: BlobRef): Promise<BlobBody> {
    if (ref.key === null) return { body: ref.data!, size: ref.data!.length };
    return this.s3().get(ref.key);
  }

  /** The bytes, whole (a mail to parse or to send). @throws as `open` */
  async read(ref: BlobRef): Promise<Buffer> {
    const { body } = await this.open(ref);
    if (Buffer.isBuffer(body)) return body;
    try {
      return Buffer.concat((await body.toArray()) as Buffer[]);
    } catch (e) {
      throw new BlobStoreUnavailableError(e as Error);
    }
  }

  /** Deletes an object no row names any more; a failure is logged, and the object stays unused. */
  async discard(key: string): Promise<void> {
    await this.s3()
      .delete(key)
      .catch((e: Error) => this.logger.warn(`object ${key} not deleted (unused now): ${e.message}`));
  }

  /**
   * Moves a row's bytes to `to`: stores them there, lets `commit` point the row at the new
   * place (it answers false when the row changed meanwhile, and the copy is dropped), then
   * deletes the old object. A reader that got the old place just before may find it gone
   * and reads the row again (see AttachmentsRepository.file). Returns whether it moved.
   */
  async move(
    ref: BlobRef,
    prefix: BlobPrefix,
    contentType: string,
    to: BlobTarget,
    commit: (next: BlobRef) => Promise<boolean>,
  ): Promise<boolean> {
    if (whereIs(ref) === to) return false;
    const next = await this.place(prefix, await this.read(ref), contentType, to);
    if (!(await commit(next))) {
      if (next.key) await this.discard(next.key);
      return false;
    }
    if (ref.key) await this.discard(ref.key);
    return true;
  }

  /** Fails unless the bucket answers (before a long move starts). */
  async check(): Promise<void> {
    await this.s3().check();
  }

  private s3(): S3Bucket {
    if (this.bucket) return this.bucket;
    const problem =
      'a file is in the bucket, and S3_BUCKET is not set (npm run storage -- move --to postgres needs it)';
    this.logger.error(problem);
    throw new BlobStoreUnavailableError(new Error(problem));
  }
}
