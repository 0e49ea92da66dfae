import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { Client } from 'pg';
import { Config } from '../config/config';
import { MIGRATIONS } from './data-source';

/** The migrations this build needs that the database has not applied (all of them when the database is unreachable or empty). */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const expected = MIGRATIONS.map((m) => (new m() as { name?: string }).name ?? m.name);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a dropped connection surfaces as a failed query below
  try {
    await client.connect();
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
    if (!rows[0].exists) return expected;
    const applied = new Set(
      (await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((r) => r.name),
    );
    return expected.filter((name) => !applied.has(name));
  } finally {
    await client.end().catch(() => {});
  }
}

/** Errors of a PostgreSQL that is not up yet (as opposed to a wrong password or database name). */
const NOT_UP = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P03']);
const isNotUp = (e: unknown) =>
  NOT_UP.has((e as { code?: string }).code ?? '') || /timeout|terminated unexpectedly/i.test((e as Error).message);

/**
 * Waits until PostgreSQL accepts connections: the migrations Job starts with the database
 * it migrates on a first install. Fails at once on any other error (credentials, a missing
 * database) and after `timeoutMs`.
 */
export async function waitForDatabase(
  databaseUrl: string,
  logger = new Logger('Schema'),
  timeoutMs = 300_000,
  pollMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let logged = false;
  for (;;) {
    try {
      await pendingMigrations(databaseUrl);
      return;
    } catch (e) {
      if (!isNotUp(e) || Date.now() > deadline) throw e;
      if (!logged) logger.warn(`waiting for PostgreSQL: ${(e as Error).message}`);
      logged = true;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Holds a role's start until the migrate role (the chart's migrations Job) has brought
 * the schema to this build's version. Meanwhile PORT answers /healthz 200 (alive, so no
 * restart loop) and /readyz 503 (not ready, so no traffic), like the real endpoints do.
 * That port is public, so its answers say what the role waits for, never an error's text
 * (the log has it).
 */
export async function waitForSchema(config: Config, logger = new Logger('Schema'), pollMs = 2000): Promise<void> {
  let state = 'checking the database schema';
  let server: Server | undefined;
  let lastLogged = '';
  try {
    for (;;) {
      let detail: string;
      try {
        const pending = await pendingMigrations(config.database.url);
        if (pending.length === 0) return;
        state = `waiting for ${pending.length} pending migration(s); run HELPDESK_ROLE=migrate`;
        detail = `${state} (${pending.join(', ')})`;
      } catch (e) {
        state = 'waiting for PostgreSQL';
        detail = `${state}: ${(e as Error).message}`;
      }
      if (detail !== lastLogged) logger.warn(detail);
      lastLogged = detail;
      server ??= await listenWhileWaiting(config, () => state);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server!.close(r));
    }
  }
}

function listenWhileWaiting(config: Config, state: () => string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    const [status, body] =
      path === '/healthz'
        ? [200, { status: 'ok', role: config.role }]
        : path === '/readyz'
          ? [503, { status: 'unavailable', role: config.role, schema: state() }]
          : [503, { statusCode: 503, error: 'Service Unavailable', message: state() }];
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve(server));
  });
}
