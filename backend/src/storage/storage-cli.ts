import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { AttachmentsRepository } from '../attachments/attachments.repository';
import { BLOB_TARGETS, BlobStore, BlobTarget } from '../blob-store/blob-store';
import { ConfigError, loadConfig } from '../config/config';
import { withDatabase } from '../database/standalone';
import { SpoolRepository } from '../mail-in/spool/spool.repository';

const USAGE = `Helpdesk file storage

  npm run storage -- status
      How many attachments and raw messages PostgreSQL and the bucket hold.

  npm run storage -- move --to s3|postgres [--batch N]
      Moves existing attachments and the raw source of processed mail to the bucket
      (s3) or back into PostgreSQL, one file at a time, while the help desk runs. Safe to
      stop and run again: it continues where it stopped. Unprocessed mail always stays
      in PostgreSQL. Set HELPDESK_BLOB_STORE to the same place first, so new files go there.

Reads the app's environment: DATABASE_URL and the S3_* variables. In the container
image: node backend/dist/storage/storage-cli.js <command> (see chart/README.md).
`;

class UsageError extends Error {}

/** What one kind of file offers the commands (its repository's methods). */
interface FileKind {
  countByPlace(): Promise<Record<BlobTarget, number>>;
  idsNotIn(target: BlobTarget, afterId: number, limit: number): Promise<number[]>;
  moveTo(id: number, target: BlobTarget): Promise<boolean>;
}

type Print = (line: string) => void;

/** Moves every file of `kind` not in `to`, a batch of ids at a time in id order; returns how many moved. */
async function moveAll(name: string, kind: FileKind, to: BlobTarget, batch: number, print: Print): Promise<number> {
  let moved = 0;
  for (let after = 0; ;) {
    const ids = await kind.idsNotIn(to, after, batch);
    if (!ids.length) break;
    for (const id of ids) if (await kind.moveTo(id, to)) moved++;
    after = ids[ids.length - 1];
    print(`${name}: ${moved} moved to ${to} so far (up to id ${after})`);
  }
  return moved;
}

/**
 * `npm run storage -- <command>`: the operator's tool for the file store (status, move).
 * Returns the exit code: 0 done, 1 failed (run `move` again to continue), 2 bad usage.
 */
export async function runStorageCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  print: Print = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command !== 'status' && command !== 'move') {
      print(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, batch: { type: 'string' } } });
    const to = values.to as BlobTarget | undefined;
    const batch = Number(values.batch ?? 100);
    if (command === 'move' && !BLOB_TARGETS.includes(to!)) throw new UsageError('move needs --to s3 or --to postgres');
    if (!Number.isInteger(batch) || batch < 1) throw new UsageError('--batch must be a positive integer');

    const config = loadConfig(env);
    if (!config.database.url) throw new UsageError('DATABASE_URL is required');
    if (!config.storage.s3) throw new UsageError('S3_BUCKET (and the other S3_* settings) are required');
    if (command === 'move' && config.storage.target !== to)
      print(`note: HELPDESK_BLOB_STORE is ${config.storage.target}, so new files keep going there`);

    const blobs = new BlobStore(config);
    try {
      await blobs.check();
      return await withDatabase(config.database.url, async (db) => {
        const kinds: [string, FileKind][] = [
          ['attachments', new AttachmentsRepository(db.sql, blobs)],
          ['raw mail', new SpoolRepository(db.sql, blobs)],
        ];
        for (const [name, kind] of kinds) {
          if (command === 'move') {
            print(`${name}: ${await moveAll(name, kind, to!, batch, print)} moved to ${to}`);
          } else {
            const counts = await kind.countByPlace();
            print(`${name}: ${counts.postgres} in postgres, ${counts.s3} in s3`);
          }
        }
        return 0;
      });
    } finally {
      blobs.onModuleDestroy();
    }
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof ConfigError;
    process.stderr.write(`storage: ${(e as Error).message}${usage ? '' : ' (run the command again to continue)'}\n`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  Logger.overrideLogger(['error', 'warn']);
  void runStorageCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
