import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { parse } from 'yaml';
import { HttpClient } from '../../backend/test/support/http-client';
import { freePort, ROOT, RunningProcess, startBackend, startProcess } from '../support/processes';

/**
 * docker/compose.yaml, short of a Docker engine (there is none here): its services'
 * settings are checked, then each app service runs as a process with exactly the
 * environment compose would give its container (the .env of the file's instructions
 * interpolated, the Dockerfile's ENV underneath), against a PostgreSQL set up as the
 * postgres image sets itself up from its environment and a redis-server started with the
 * redis service's command. Service host names map to local ports; volumes to temp dirs.
 */
describe('docker/compose.yaml', () => {
  const dotEnv = {
    POSTGRES_PASSWORD: 'b7d0c1e5a9f24e6c8d3b',
    HELPDESK_SECRET_KEY: 'f'.repeat(16) + '0123456789abcdef0123456789abcdef',
  };
  const compose = parse(readFileSync(path.join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true });
  const APP_SERVICES = ['migrate', 'api', 'worker', 'smtp'];
  const procs: RunningProcess[] = [];
  const dirs: string[] = [];
  let postgres: { admin: Client; user: string; db: string } | undefined;

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    if (postgres) {
      await postgres.admin.query(`DROP DATABASE IF EXISTS "${postgres.db}" WITH (FORCE)`);
      await postgres.admin.query(`DROP ROLE IF EXISTS "${postgres.user}"`);
      await postgres.admin.end();
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('runs every app service hardened, from the one image, after the migrations', () => {
    for (const name of APP_SERVICES) {
      const s = compose.services[name];
      expect([name, s.build]).toEqual([name, { context: '..', dockerfile: 'docker/Dockerfile' }]);
      expect(s).toMatchObject({
        read_only: true,
        tmpfs: ['/tmp'],
        cap_drop: ['ALL'],
        security_opt: ['no-new-privileges:true'],
      });
      expect(s.environment.HELPDESK_ROLE).toBe(name);
      expect(s.privileged).toBeUndefined();
    }
    expect(compose.services.migrate.restart).toBe('no');
    for (const name of ['api', 'worker', 'smtp']) {
      expect(compose.services[name].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      // Longer than the app's own 30 s drain, or Docker kills it mid-drain.
      expect(parseInt(compose.services[name].stop_grace_period, 10)).toBeGreaterThan(30);
    }
    // Host ports land on the ports the app listens on by default (PORT 8080, SMTP_PORT 2525).
    expect(compose.services.api.ports).toEqual(['${HELPDESK_HTTP_PORT:-8080}:8080']);
    expect(compose.services.smtp.ports).toEqual(['${HELPDESK_SMTP_PORT:-25}:2525']);
    // Redis holds the queues: never evicted, kept across restarts.
    expect(compose.services.redis.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']),
    );
  });

  it('refuses to start without the secrets its instructions put in .env', () => {
    expect(() => interpolate(compose.services.api.environment, {})).toThrow(/set POSTGRES_PASSWORD in docker\/.env/);
    expect(() => interpolate(compose.services.api.environment, { POSTGRES_PASSWORD: 'x' })).toThrow(
      /set HELPDESK_SECRET_KEY/,
    );
  });

  it('comes up as compose would start it: migrate, then api, worker and smtp; a mail becomes a ticket; SIGTERM ends each', async () => {
    // The postgres image creates POSTGRES_USER and POSTGRES_DB from its environment.
    const pgEnv = interpolate(compose.services.postgres.environment, dotEnv);
    const admin = new Client({ connectionString: `${process.env.HELPDESK_TEST_PG_URL}/postgres` });
    await admin.connect();
    postgres = { admin, user: pgEnv.POSTGRES_USER, db: pgEnv.POSTGRES_DB };
    await admin.query(`DROP DATABASE IF EXISTS "${pgEnv.POSTGRES_DB}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${pgEnv.POSTGRES_USER}"`);
    await admin.query(`CREATE ROLE "${pgEnv.POSTGRES_USER}" LOGIN PASSWORD '${pgEnv.POSTGRES_PASSWORD}'`);
    await admin.query(`CREATE DATABASE "${pgEnv.POSTGRES_DB}" OWNER "${pgEnv.POSTGRES_USER}"`);

    const redisPort = await freePort();
    const redisDir = mkdtempSync(path.join(tmpdir(), 'helpdesk-compose-redis-'));
    dirs.push(redisDir);
    const [redisBin, ...redisArgs] = compose.services.redis.command;
    const redis = startProcess(
      [redisBin, ...redisArgs, '--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir],
      {},
    );
    procs.push(redis);
    await redis.waitFor(/Ready to accept connections/, 20000);

    const hosts: Record<string, string> = {
      'postgres:5432': new URL(process.env.HELPDESK_TEST_PG_URL!).host,
      'redis:6379': `127.0.0.1:${redisPort}`,
    };
    const imageEnv = dockerfileEnv();
    const container = async (name: string) => {
      const env: Record<string, string> = { ...imageEnv, ...interpolate(compose.services[name].environment, dotEnv) };
      // Service names in URLs (postgres://…@postgres:5432/…, redis://redis:6379/…) become local addresses.
      for (const [k, v] of Object.entries(env)) {
        env[k] = Object.entries(hosts).reduce(
          (url, [service, local]) => url.replace(`@${service}/`, `@${local}/`).replace(`//${service}/`, `//${local}/`),
          v,
        );
      }
      // The image's volumes (/data, /tmp) become temp dirs; ports are local ones (one host, many "containers").
      const volume = mkdtempSync(path.join(tmpdir(), `helpdesk-compose-${name}-`));
      dirs.push(volume);
      return {
        ...env,
        HELPDESK_DATA_DIR: volume,
        HOME: volume,
        PORT: String(await freePort()),
        SMTP_PORT: String(await freePort()),
        HOST: '127.0.0.1',
      };
    };

    const migrate = startBackend(await container('migrate'));
    procs.push(migrate);
    expect((await migrate.exited).code).toBe(0);

    const envs = { api: await container('api'), worker: await container('worker'), smtp: await container('smtp') };
    const roles = Object.fromEntries(Object.entries(envs).map(([name, env]) => [name, startBackend(env)])) as Record<
      keyof typeof envs,
      RunningProcess
    >;
    procs.push(...Object.values(roles));
    // Each service's own healthcheck command, as Docker runs it in the container (port mapped).
    for (const [name, env] of Object.entries(envs)) {
      const [, ...argv] = compose.services[name].healthcheck.test as string[];
      const deadline = Date.now() + 60000;
      for (;;) {
        const check = spawnSync(
          argv[0] === 'node' ? process.execPath : argv[0],
          argv.slice(1).map((a) => a.replace('127.0.0.1:8080', `127.0.0.1:${env.PORT}`)),
          { timeout: 5000 },
        );
        if (check.status === 0) break;
        if (Date.now() > deadline)
          throw new Error(`${name} never healthy:\n${roles[name as keyof typeof envs].output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }

    // The file's own instruction: `docker compose logs api | grep -A2 'First admin'`.
    const [, email, password] = await roles.api.waitFor(/First admin created: (\S+)\s+Password: (\S+)/);
    expect(email).toBe('admin@localhost');
    const agent = await new HttpClient(`http://127.0.0.1:${envs.api.PORT}`).login(email, password);

    const transport = createTransport({
      host: '127.0.0.1',
      port: Number(envs.smtp.SMTP_PORT),
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({
      from: 'erin@example.org',
      to: 'support@localhost',
      subject: 'Compose works',
      text: 'Hello from one Docker host.',
    });
    expect(info.response).toMatch(/^250 /);
    const deadline = Date.now() + 30000;
    let items: { subject: string }[] = [];
    while (!items.some((t) => t.subject === 'Compose works') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      items = (await agent.get('/api/v1/tickets?q=Compose')).body.items ?? [];
    }
    expect(items.map((t) => t.subject)).toContain('Compose works');

    for (const [name, proc] of Object.entries(roles)) {
      proc.child.kill('SIGTERM');
      expect([name, await proc.exited]).toEqual([name, { code: 0, signal: null }]);
    }
  }, 180000);
});

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}` (unset or empty counts as missing). */
function interpolate(
  environment: Record<string, string | number>,
  vars: Record<string, string>,
): Record<string, string> {
  const value = (s: string) =>
    s.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
      const v = vars[name];
      if (v) return v;
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return op === '-' ? arg! : '';
    });
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, value(String(v))]));
}

/** The ENV of docker/Dockerfile's final stage: what every container starts with. */
function dockerfileEnv(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, 'docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, body] of finalStage.matchAll(/^ENV\s+(.+)$/gm)) {
    for (const [, k, v] of body.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[k] = v;
  }
  return env;
}
