import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';

/**
 * An S3-compatible server on loopback (npm `s3rver`, objects in a temporary directory)
 * that a test can stop and start again on the same port with the same objects: the
 * object store going down and coming back.
 */
export class S3Server {
  static readonly BUCKET = 'helpdesk-files';
  private server?: S3rver;
  private client?: S3Client;

  private constructor(
    readonly directory: string,
    public port: number,
  ) {}

  static async start(): Promise<S3Server> {
    const s = new S3Server(mkdtempSync(path.join(tmpdir(), 'helpdesk-s3-')), 0);
    await s.resume();
    return s;
  }

  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The app's environment for this store (s3rver's fixed credentials). */
  get env(): Record<string, string> {
    return {
      S3_ENDPOINT: this.endpoint,
      S3_BUCKET: S3Server.BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  /** Listens again (on the same port once it has one), with every object kept; nothing when it listens. */
  async resume(): Promise<void> {
    if (this.server) return;
    this.server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: S3Server.BUCKET }],
    });
    this.port = (await this.server.run()).port;
  }

  /** Stops answering: open keep-alive connections are cut, new ones refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.httpServer.closeAllConnections();
    await server.close();
  }

  /** Keys of the objects under `prefix`. */
  async keys(prefix = ''): Promise<string[]> {
    this.client ??= new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const out = await this.client.send(new ListObjectsV2Command({ Bucket: S3Server.BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!);
  }

  async close(): Promise<void> {
    await this.stop();
    this.client?.destroy();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
