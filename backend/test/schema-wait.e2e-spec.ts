import { connect, createServer } from 'node:net';
import { freePort } from '../../test/support/free-port.cjs';
import { Client } from 'pg';
import { appConfig, loadConfig } from '../src/config/config';
import { MIGRATIONS, runMigrations } from '../src/database/data-source';
import { pendingMigrations, waitForDatabase, waitForSchema } from '../src/database/schema-wait';

/** A role started before the migrations Job finished waits, alive but not ready, and starts once the schema is current. */
describe('waiting for the schema', () => {
  const pg = process.env.HELPDESK_TEST_PG_URL!;
  let databaseUrl: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: `${pg}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE schema_wait');
    await admin.end();
    databaseUrl = `${pg}/schema_wait`;
  });

  /**
   * PostgreSQL "comes up" on a port: a TCP relay to the real server. `connections` counts the
   * connections made through it; `close()` resolves once every one of them has ended.
   */
  const relayToPostgres = async (port: number) => {
    const real = new URL(databaseUrl);
    let connections = 0;
    const relay = createServer((socket) => {
      connections++;
      const upstream = connect(Number(real.port), real.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      // When PostgreSQL hangs up first (it does after refusing a password), pipe() unpipes the
      // client's side and leaves it paused: it would never read the client's own FIN, and
      // server.close() would wait for it forever. Keep reading it (what is left is unsendable).
      upstream.on('close', () => socket.resume());
      socket.on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => relay.listen(port, '127.0.0.1', r));
    return {
      connections: () => connections,
      close: () => new Promise<void>((r) => relay.close(() => r())),
    };
  };

  const probe = async (port: number, path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('counts every migration as pending on an empty database, and fails on a missing database', async () => {
    const all = MIGRATIONS.map((m) => new m().name);
    expect(await pendingMigrations(databaseUrl)).toEqual(all);
    await expect(pendingMigrations(`${pg}/no_such_database`)).rejects.toThrow(/does not exist/);
  });

  it('answers healthz 200 and readyz 503 until the migrations are applied, then frees the port', async () => {
    const port = await freePort();
    const config = appConfig(
      loadConfig({
        HELPDESK_ROLE: 'api',
        DATABASE_URL: databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: String(port),
        HOST: '127.0.0.1',
      }),
    );
    let done = false;
    const waiting = waitForSchema(config, undefined, 100).then(() => (done = true));

    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/healthz`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(await probe(port, '/healthz')).toEqual({ status: 200, body: { status: 'ok', role: 'api' } });
    const ready = await probe(port, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.schema).toMatch(
      new RegExp(`waiting for ${MIGRATIONS.length} pending migration\\(s\\).*run HELPDESK_ROLE=migrate`),
    );
    expect((await probe(port, '/api/v1/tickets')).status).toBe(503);
    expect(done).toBe(false);

    await runMigrations(databaseUrl);
    await waiting;
    expect(await pendingMigrations(databaseUrl)).toEqual([]);
    // The port is free again for the real application.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('waits for PostgreSQL itself until it answers', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const url = new URL(databaseUrl);
    url.port = String(pgPort);
    const config = appConfig(
      loadConfig({
        HELPDESK_ROLE: 'worker',
        DATABASE_URL: url.href,
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: String(port),
        HOST: '127.0.0.1',
      }),
    );
    const waiting = waitForSchema(config, undefined, 100);
    let ready: { status: number; body: any } | undefined;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await probe(port, '/readyz').catch(() => undefined);
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready!.status).toBe(503);
    expect(ready!.body).toMatchObject({
      role: 'worker',
      schema: 'waiting for PostgreSQL',
    });
    // The port is public: the reason (ECONNREFUSED, a host name) stays in the log.
    expect(JSON.stringify(ready!.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

    // PostgreSQL comes up on that port (a TCP relay to the migrated database): the wait ends.
    const relay = await relayToPostgres(pgPort);
    try {
      await waiting;
    } finally {
      await relay.close();
    }
  });

  // The waits below give up after 30 s themselves; the test's budget is above that, so that a
  // wait that fails says why instead of ending in jest's own timeout.
  it('lets the migrations Job wait for PostgreSQL to come up, but not for a wrong password', async () => {
    const pgPort = await freePort();
    const url = new URL(databaseUrl);
    url.port = String(pgPort);
    await expect(waitForDatabase(url.href, undefined, 300, 50)).rejects.toThrow(/ECONNREFUSED/);

    const waiting = waitForDatabase(url.href, undefined, 30000, 50);
    await new Promise((r) => setTimeout(r, 300));
    const relay = await relayToPostgres(pgPort);
    try {
      await waiting;
      const wrong = new URL(url.href);
      wrong.password = 'not-the-password';
      const before = relay.connections();
      await expect(waitForDatabase(wrong.href, undefined, 30000, 50)).rejects.toThrow(/password authentication failed/);
      // At once: one attempt, not retried until the deadline (counted, not timed, so load cannot fail it).
      expect(relay.connections() - before).toBe(1);
    } finally {
      await relay.close();
    }
  }, 60000);
});
