import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import Redis from 'ioredis';
import { Client } from 'pg';

export { freePort } from './free-port.cjs';

export const ROOT = path.resolve(__dirname, '../..');
export const MAIN = path.join(ROOT, 'backend/dist/main.js');

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Processes started here and not yet exited, with whether each leads a process group of its own. */
const live = new Map<ChildProcess, boolean>();

/**
 * Kills (SIGKILL, with its process group when it leads one) every process a test file
 * started and left running, and waits for each to exit: a test that fails midway must not
 * leave a backend behind, holding ports and keeping jest from exiting. Run after each test
 * file (reap-processes.ts).
 */
export async function reapProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(async ([child, group]) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (group) process.kill(-child.pid!, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        return; // already gone
      }
      await exited;
    }),
  );
}

/** Starts the built backend (`node backend/dist/main.js`) as its own process, capturing its output. */
export function startBackend(env: Record<string, string>): RunningProcess {
  return startProcess([process.execPath, MAIN], env);
}

/**
 * Starts a command in the repository root with only PATH, HOME and `env`, capturing its
 * output; `detached` makes it the leader of a process group of its own (signal it with
 * `process.kill(-pid, …)`, as a terminal or a service manager would).
 */
export function startProcess(
  argv: string[],
  env: Record<string, string>,
  { detached = false }: { detached?: boolean } = {},
): RunningProcess {
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', ...env },
    detached,
  });
  live.set(child, detached);
  child.once('exit', () => live.delete(child));
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      listeners.forEach((l) => l());
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    output: () => out,
    waitFor(pattern, timeoutMs = 60000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) return done(() => resolve(m));
          if (child.exitCode !== null || child.signalCode !== null)
            return done(() => reject(new Error(`process exited before ${pattern}:\n${out}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${out}`))),
          timeoutMs,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 60000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether a process runs (a zombie waiting to be reaped by PID 1 has ended, so it does not). */
export function processRuns(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The pids of what role all runs for a data directory: the app, its PostgreSQL and its Redis (from their pid files). */
export function dataDirPids(dataDir: string): { app?: number; postgres?: number; redis?: number } {
  const read = (file: string) =>
    existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0].trim()) || undefined : undefined;
  return {
    app: read(`${dataDir}/helpdesk.pid`),
    postgres: read(`${dataDir}/postgres/postmaster.pid`),
    redis: read(`${dataDir}/redis/redis.pid`),
  };
}

/** Runs the migrate role (the chart's Job) against `env`'s database; throws with its output unless it exits 0. */
export function runMigrate(env: Record<string, string>) {
  const res = spawnSync(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, ...env, HELPDESK_ROLE: 'migrate' },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`migrate exited ${res.status}:\n${res.stdout}${res.stderr}`);
}

/**
 * A database of its own on the test run's PostgreSQL, migrated, with the environment the
 * roles of a system test share (that database, a Redis database index of its own, emptied, the
 * mailbox support@acme.test, a secret key) plus `extra`; and a client on that database.
 */
export async function migratedEnvironment(
  name: string,
  redisDb: number,
  extra: Record<string, string> = {},
): Promise<{ env: Record<string, string>; db: Client }> {
  // Emptied first: a fresh database numbers its rows from 1 again, and a job of an earlier
  // test with the same id (\`inbound-1\`, kept once completed) would swallow the new one.
  const redis = new Redis(`${process.env.HELPDESK_TEST_REDIS_URL}/${redisDb}`);
  await redis.flushdb();
  await redis.quit();
  const admin = new Client({ connectionString: `${process.env.HELPDESK_TEST_PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const env = {
    DATABASE_URL: `${process.env.HELPDESK_TEST_PG_URL}/${name}`,
    REDIS_URL: `${process.env.HELPDESK_TEST_REDIS_URL}/${redisDb}`,
    HELPDESK_MAILBOX: 'support@acme.test',
    HELPDESK_SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789',
    ...extra,
  };
  runMigrate(env);
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  return { env, db };
}

/**
 * One SMTP attempt to 127.0.0.1:`port`, as an MTA makes it (short connection timeouts, a
 * fresh connection): the reply code and text, or the error's code when there was no reply.
 */
export async function smtpAttempt(
  port: number,
  message: Mail.Options,
  socketTimeout = 30000,
): Promise<{ code: string; response: string }> {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 3000,
    greetingTimeout: 3000,
    socketTimeout,
  });
  try {
    const info = await transport.sendMail(message);
    return { code: info.response.slice(0, 3), response: info.response };
  } catch (e) {
    const err = e as { responseCode?: number; code?: string; message: string };
    return { code: String(err.responseCode ?? err.code ?? 'error'), response: err.message };
  } finally {
    transport.close();
  }
}
