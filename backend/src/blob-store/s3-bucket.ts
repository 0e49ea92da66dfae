import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { S3Settings } from '../config/config';
import { DomainError } from '../common/domain-error';

/**
 * The bucket cannot be reached, or refuses us (network, 5xx, credentials). Answered 503 by
 * the API; in the worker it fails the attempt, which is retried.
 */
export class BlobStoreUnavailableError extends DomainError {
  constructor(readonly reason: Error) {
    // The client sees no detail of our infrastructure; the log has it.
    super('unavailable', 'The file store is unavailable; try again shortly');
  }
}

/** An object a row names is not in the bucket. */
export class BlobMissingError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} is missing from the bucket`);
  }
}

/**
 * One bucket of an S3-compatible store, through `@aws-sdk/client-s3`: put, stream out and
 * delete whole objects. Every failure is a {@link BlobStoreUnavailableError} except a
 * missing object ({@link BlobMissingError}).
 *
 * Checksums are sent only where the S3 API requires them (`WHEN_REQUIRED`): the SDK's
 * default since 3.729 (CRC32 on every upload) is refused by stores that predate it (older
 * MinIO and Ceph RGW, s3rver). A store that hangs is given up on after 5 s to connect or
 * 30 s of silence, and the SDK retries twice (3 attempts) before we see the failure.
 */
export class S3Bucket {
  private readonly logger = new Logger(S3Bucket.name);
  private readonly client: S3Client;
  readonly bucket: string;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // A copy: the SDK marks the object it is given, and the configuration is frozen.
      credentials: settings.credentials && { ...settings.credentials },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5000, socketTimeout: 30_000 },
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.call('put', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.length,
        }),
      ),
    );
  }

  /** The object as a stream (not read yet) and its length in bytes. */
  async get(key: string): Promise<{ body: Readable; size: number }> {
    const out = await this.call('get', key, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
    );
    return { body: out.Body as Readable, size: out.ContentLength ?? 0 };
  }

  /** Deletes the object; one that is already gone is fine (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    await this.call('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /** Whether the bucket answers (for the CLI's first step: fail before moving anything). */
  async check(): Promise<void> {
    await this.call('check', this.bucket, () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  close(): void {
    this.client.destroy();
  }

  private async call<T>(what: string, key: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      if (e instanceof NoSuchKey || (e instanceof NotFound && what !== 'check')) throw new BlobMissingError(key);
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode;
      this.logger.warn(`${what} ${this.bucket}/${key}: ${err.name}${status ? ` (${status})` : ''}: ${err.message}`);
      throw new BlobStoreUnavailableError(err);
    }
  }
}
