import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { HttpClient } from '../../backend/test/support/http-client';
import { SmtpSink } from '../../backend/test/support/smtp-sink';
import { connectSocket } from '../../backend/test/support/sockets';
import {
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
import { TestPostgres, TestRedis } from '../support/dependencies';
import { freePort, runMigrate, RunningProcess, smtpAttempt, startBackend, waitForHttp } from '../support/processes';

/**
 * The roles' dependencies fail while mail and agents' replies keep coming, once with role
 * `all` and once with the chart's processes (one per role, from its rendered manifests):
 * PostgreSQL stopped for 30 s, PostgreSQL frozen (SIGSTOP) for 20 s, Redis killed and
 * started empty, Redis restarted with its data. Every mail answered 250 must end as exactly
 * one message on one ticket and every reply answered 201 must reach the relay exactly once;
 * meanwhile smtp answers 451 and the api 503, quickly, and every role recovers by itself.
 * HELPDESK_FAULT_SCALE (default 1) multiplies the 1,000 mails and 200 replies.
 */
const SCALE = Number(process.env.HELPDESK_FAULT_SCALE ?? 1);
const MAILS = Math.round(1000 * SCALE);
const REPLIES = Math.round(200 * SCALE);
const QUERY_TIMEOUT_MS = 5000;

interface Roles {
  smtpPorts: number[];
  api: string;
  adminPassword: string;
  /** The app's database on the test's PostgreSQL. */
  database: string;
  /** Every process of the run, for their logs. */
  processes: () => RunningProcess[];
}

interface Fault {
  name: string;
  /** When the dependency was gone, when bringing it back began, and when it was back (ms since the epoch). */
  down: number;
  returning: number;
  back: number;
  /** From its return to the first mail processed after it. */
  firstProcessedMs?: number;
}

/** Runs the load and the four faults against running roles; asserts and prints what happened. */
async function faultScenario(label: string, roles: Roles, pg: TestPostgres, redis: TestRedis) {
  const sql = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: `${pg.url}/${roles.database}`, connectionTimeoutMillis: 2000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const sink = await SmtpSink.start();
  let socket: Socket | undefined;
  try {
    const admin = await new HttpClient(roles.api).login('admin@acme.test', roles.adminPassword);
    expect((await admin.put('/api/v1/settings/relay', { url: sink.url })).status).toBe(200);
    socket = await connectSocket(roles.api, { cookie: admin.cookie });
    const heard: { type: string; at: number }[] = [];
    for (const type of ['ticket.created', 'message.created'])
      socket.on(type, () => heard.push({ type, at: Date.now() }));

    // --- The load: mails at a steady pace (a sender retries what is not answered 250, with the
    // same bytes, as an MTA does) and agents' replies to the tickets they make.
    const started = Date.now();
    // Spread over the faults' whole timeline (about 110 s), so mail arrives before, during and after each.
    const PACE_MS = 115_000;
    /** Every SMTP attempt: when it began, when it was answered, and how. */
    const smtpAnswers: { start: number; at: number; code: string }[] = [];
    const acknowledged = new Set<string>();
    let mailIndex = 0;
    const sender = async () => {
      for (let i = mailIndex++; i < MAILS; i = mailIndex++) {
        const wait = started + (i * PACE_MS) / MAILS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const token = `${label}f${i}`;
        const date = new Date();
        for (let attempt = 0; ; attempt++) {
          const start = Date.now();
          const { code } = await smtpAttempt(roles.smtpPorts[(i + attempt) % roles.smtpPorts.length], {
            from: `customer${i % 50}@example.org`,
            to: 'support@acme.test',
            subject: `Fault ${token}`,
            text: `Mail ${i} of the fault test.`,
            messageId: `<${token}@example.org>`,
            date,
          });
          smtpAnswers.push({ start, at: Date.now(), code });
          if (code === '250') {
            acknowledged.add(token);
            break;
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };

    const replies = { acknowledged: new Set<string>(), unacknowledged: new Set<string>() };
    let replyIndex = 0;
    let repliesToGo = REPLIES;
    let tickets: { id: number }[] = [];
    const replier = async () => {
      // A reply not answered 201 is written anew (another text): the one whose answer was lost may exist too.
      while (repliesToGo > 0) {
        repliesToGo--;
        const n = replyIndex++;
        const wait = started + 5000 + (Math.min(n, REPLIES) * (PACE_MS - 10_000)) / REPLIES - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        // The tickets to answer, looked up now and then: replies keep coming while the lookup fails.
        if (n % 10 === 0 || !tickets.length) {
          const list = await admin.get(`/api/v1/tickets?q=Fault&limit=50`).catch(() => undefined);
          if (list?.status === 200 && list.body.items.length) tickets = list.body.items;
        }
        const items = tickets;
        if (!items.length) {
          repliesToGo++;
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        const token = `${label}r${n}`;
        const res = await admin
          .post(`/api/v1/tickets/${items[n % items.length].id}/messages`, { body: `Reply ${token}.` })
          .catch(() => undefined);
        if (res?.status === 201) replies.acknowledged.add(token);
        else {
          repliesToGo++;
          replies.unacknowledged.add(token);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };

    // --- API probes during the outages: every request ends (answered, or 503) in bounded time.
    const probes: { fault: string; start: number; ms: number; status: number }[] = [];
    const probe = async (fault: string, stop: () => boolean) => {
      while (!stop()) {
        const t0 = Date.now();
        const res = await fetch(`${roles.api}/api/v1/tickets?limit=1`, {
          headers: { cookie: admin.cookie! },
          signal: AbortSignal.timeout(60000),
        }).catch(() => ({ status: 0 }));
        probes.push({ fault, start: t0, ms: Date.now() - t0, status: res.status });
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const firstProcessedAfter = async (fault: Fault) => {
      for (;;) {
        const [row] = await sql<{ at: number | null }>(
          `SELECT (extract(epoch FROM min(processed_at)) * 1000)::float8 AS at FROM inbound_messages WHERE processed_at >= to_timestamp($1 / 1000.0)`,
          [fault.back],
        ).catch(() => [{ at: null }]);
        if (row?.at) return (fault.firstProcessedMs = Math.max(0, row.at - fault.back));
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    const load = [...Array.from({ length: 4 }, sender), ...Array.from({ length: 2 }, replier)];
    const faults: Fault[] = [];
    const outage = async (name: string, down: () => Promise<void>, seconds: number, up: () => Promise<void>) => {
      const fault: Fault = { name, down: 0, returning: 0, back: 0 };
      let over = false;
      await down();
      fault.down = Date.now();
      const probing = probe(name, () => over);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      fault.returning = Date.now();
      await up();
      fault.back = Date.now();
      over = true;
      await probing;
      faults.push(fault);
      await firstProcessedAfter(fault);
      await new Promise((r) => setTimeout(r, 4000)); // working normally for a while
    };

    await new Promise((r) => setTimeout(r, 10000));
    await outage(
      'PostgreSQL stopped',
      () => pg.stop(),
      30,
      () => pg.start(),
    );
    await outage(
      'PostgreSQL frozen',
      async () => pg.freeze(),
      20,
      async () => pg.thaw(),
    );
    await outage(
      'Redis killed, started empty',
      async () => {
        await redis.kill();
        redis.wipe();
      },
      5,
      () => redis.start(),
    );
    await outage(
      'Redis restarted with its data',
      () => redis.stop(),
      5,
      () => redis.start(),
    );
    await Promise.all(load);
    const loadSeconds = (Date.now() - started) / 1000;

    // --- Everything comes through: the spool, then the outbox, then the relay.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const [{ spooled, unsent }] = await sql(
        `SELECT (SELECT count(*)::int FROM inbound_messages WHERE status = 'received') AS spooled,
                (SELECT count(*)::int FROM outbound_messages o JOIN messages m ON m.id = o.message_id
                  WHERE o.kind = 'reply' AND o.status <> 'sent') AS unsent`,
      );
      if (spooled === 0 && unsent === 0) break;
      if (Date.now() > deadline) {
        const stuck = await sql(
          `SELECT o.id, o.status, o.attempts, o.reason, o.sending_started_at FROM outbound_messages o
            WHERE o.kind = 'reply' AND o.status <> 'sent'
           UNION ALL SELECT i.id, i.status, i.attempts, i.reason, i.received_at FROM inbound_messages i WHERE i.status = 'received'`,
        );
        throw new Error(`${label}: ${spooled} mails unprocessed, ${unsent} replies unsent: ${JSON.stringify(stuck)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    for (const f of faults)
      console.log(
        `${label}: ${f.name} for ${((f.back - f.down) / 1000).toFixed(0)} s; first mail processed ${f.firstProcessedMs} ms after its return`,
      );
    console.log(
      `${label}: ${acknowledged.size} mails acknowledged (${smtpAnswers.filter((a) => a.code !== '250').length} answers other than 250 on the way), ${replies.acknowledged.size} replies answered 201 (${replies.unacknowledged.size} not), load ran ${loadSeconds.toFixed(0)} s; longest wait for the first processed mail after a return: ${Math.max(...faults.map((f) => f.firstProcessedMs!))} ms`,
    );

    // Mail: every 250 is exactly one message on one ticket.
    expect(acknowledged.size).toBe(MAILS);
    const mails = await sql<{ id: string; copies: number; tickets: number }>(
      `SELECT mail_message_id AS id, count(*)::int AS copies, count(DISTINCT ticket_id)::int AS tickets
         FROM messages WHERE mail_message_id LIKE $1 GROUP BY 1`,
      [`<${label}f%`],
    );
    const byId = new Map(mails.map((r) => [r.id, r]));
    expect([...acknowledged].filter((t) => !byId.has(`<${t}@example.org>`))).toEqual([]);
    expect(mails.filter((r) => r.copies !== 1 || r.tickets !== 1)).toEqual([]);
    expect(await sql(`SELECT id, reason FROM inbound_messages WHERE status <> 'processed'`)).toEqual([]);

    // Replies: every 201 reached the relay exactly once; a reply whose answer was lost, at most once.
    const atSink = (token: string) =>
      sink.messages.filter((m) => m.mail.subject?.startsWith('Re: Fault') && m.mail.text?.startsWith(`Reply ${token}.`))
        .length;
    expect(replies.acknowledged.size).toBe(REPLIES);
    expect([...replies.acknowledged].filter((t) => atSink(t) !== 1)).toEqual([]);
    expect([...replies.unacknowledged].filter((t) => atSink(t) > 1)).toEqual([]);

    // While PostgreSQL was stopped: smtp answered 451 (never 250), the api 503 within a second.
    const [stopped, frozen] = faults;
    // Attempts and probes made wholly while the dependency was gone.
    const during = (f: Fault) => smtpAnswers.filter((a) => a.start > f.down && a.at < f.returning);
    const probed = (f: Fault) => probes.filter((p) => p.fault === f.name && p.start + p.ms < f.returning);
    expect(during(stopped).filter((a) => a.code === '451').length).toBeGreaterThan(0);
    expect(during(stopped).filter((a) => a.code === '250')).toEqual([]);
    const stoppedProbes = probed(stopped);
    expect(stoppedProbes.length).toBeGreaterThan(10);
    expect(stoppedProbes.filter((p) => p.status !== 503 || p.ms > 1000)).toEqual([]);
    // While it was frozen: requests end cleanly (503 after the query timeout), never hang.
    const frozenProbes = probed(frozen);
    expect(frozenProbes.filter((p) => p.status === 503).length).toBeGreaterThan(0);
    expect(frozenProbes.filter((p) => ![200, 503].includes(p.status) || p.ms > QUERY_TIMEOUT_MS + 6000)).toEqual([]);

    // Agents stay signed in (sessions live in PostgreSQL) and realtime events flow again after Redis came back.
    expect((await admin.get('/api/v1/auth/me')).status).toBe(200);
    const redisBack = faults[3].back;
    expect(heard.filter((e) => e.at > redisBack).length).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);

    // Errors are logged once per outage, not per failure.
    for (const proc of roles.processes()) {
      const out = proc.output();
      expect(out).not.toMatch(/Unhandled error event|missing 'error' handler/);
      const lines = out.split('\n').filter((l) => /\b(ERROR|WARN)\b|"level":"(error|warn)"/.test(l));
      // The same line with its numbers taken out, counted: what each outage left in the log.
      const kinds = new Map<string, number>();
      for (const l of lines) {
        // eslint-disable-next-line no-control-regex
        const k = l
          .replace(/\x1b\[[0-9;]*m/g, '')
          .replace(/^.*?(ERROR|WARN)\s*/, '')
          .replace(/\d+(\.\d+)?/g, 'N')
          .slice(0, 140);
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
      console.log(
        `${label}: ${lines.length} warning and error lines from pid ${proc.child.pid} over all four outages:\n${[
          ...kinds,
        ]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `  ${n} × ${k}`)
          .join('\n')}`,
      );
      expect(lines.length).toBeLessThan(150);
    }
  } finally {
    socket?.close();
    await sink.close();
  }
}

describe('dependency faults', () => {
  const env = {
    HELPDESK_MAILBOX: 'support@acme.test',
    HELPDESK_SECRET_KEY: 'a-test-secret-key-that-is-long-enough-0123456789',
    HELPDESK_ADMIN_EMAIL: 'admin@acme.test',
    HELPDESK_ADMIN_PASSWORD: 'correct horse battery',
    HELPDESK_INBOUND_SWEEP_SECONDS: '5',
    HELPDESK_LOGIN_LIMIT_PER_IP: '100000',
    DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };

  it('role all: loses and duplicates nothing while PostgreSQL and Redis fail and return', async () => {
    const pg = await TestPostgres.create();
    const redis = await TestRedis.create();
    let app: RunningProcess | undefined;
    try {
      const setup = new Client({ connectionString: `${pg.url}/postgres` });
      await setup.connect();
      await setup.query('CREATE DATABASE helpdesk');
      await setup.end();
      const common = { ...env, DATABASE_URL: `${pg.url}/helpdesk`, REDIS_URL: redis.url };
      runMigrate(common);
      const port = await freePort();
      const smtpPort = await freePort();
      app = startBackend({ ...common, HELPDESK_ROLE: 'all', PORT: String(port), SMTP_PORT: String(smtpPort) });
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60000);
      await faultScenario(
        'all',
        {
          smtpPorts: [smtpPort],
          api: `http://127.0.0.1:${port}`,
          adminPassword: env.HELPDESK_ADMIN_PASSWORD,
          database: 'helpdesk',
          processes: () => [app!],
        },
        pg,
        redis,
      );
      app.child.kill('SIGTERM');
      expect(await app.exited).toEqual({ code: 0, signal: null });
    } finally {
      if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
      await redis.destroy();
      await pg.destroy();
    }
  }, 600_000); // ~3 min

  it('the chart’s processes, one per role: lose and duplicate nothing while PostgreSQL and Redis fail and return', async () => {
    const pg = await TestPostgres.create();
    let redis: TestRedis | undefined;
    const FULL = `${RELEASE}-helpdesk`;
    const manifests: Manifest[] = render({
      config: {
        mailbox: 'support@acme.test',
        logLevel: 'warn',
        inboundSweepSeconds: 5,
        loginLimitPerIp: 100000,
      },
      admin: { email: 'admin@acme.test' },
    });
    const services = await provisionServices(manifests, pg.url, async (password) => {
      redis = await TestRedis.create(password);
      return { address: `127.0.0.1:${redis.port}`, stop: () => redis!.destroy() };
    });
    const running: RunningProcess[] = [];
    try {
      const extra = { DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) };
      const migrate = await runToCompletion(
        await localContainer(installJob(manifests), {
          manifests,
          services: services.services,
          env: extra,
        }),
      );
      expect([migrate.code, migrate.output]).toEqual([0, migrate.output]);
      const role = async (name: string) => {
        const container = await localContainer(find(manifests, 'Deployment', `${FULL}-${name}`), {
          manifests,
          services: services.services,
          name,
          env: extra,
        });
        running.push(container.start());
        await waitForHttp(container.probeUrl('readinessProbe'), 60000);
        return container;
      };
      const api = await role('api');
      await role('worker');
      const smtp = await role('smtp');
      const adminPassword = resolveEnv(podSpec(installJob(manifests)).containers[0], manifests).HELPDESK_ADMIN_PASSWORD;
      await faultScenario(
        'chart',
        {
          smtpPorts: [smtp.ports.smtp],
          api: `http://127.0.0.1:${api.ports.http}`,
          adminPassword,
          database: new URL(api.env.DATABASE_URL).pathname.slice(1),
          processes: () => running,
        },
        pg,
        redis!,
      );
      for (const proc of running) {
        proc.child.kill('SIGTERM');
        expect(await proc.exited).toEqual({ code: 0, signal: null });
      }
    } finally {
      for (const proc of running) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      await services.stop();
      await pg.destroy();
    }
  }, 600_000); // ~3 min
});
