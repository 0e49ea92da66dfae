#!/usr/bin/env node
// `npm run bench -- mail-out [--replies N] [--senders N] [--workers N]`
// Agent replies per second from the API call to the relay's 250 (through the outbox,
// BullMQ and the worker's pooled nodemailer transport), beside bare nodemailer sending
// the same number of mails straight to the same local SMTP sink (the ceiling), and
// beside internal notes through the same API (the same write without any mail), in the
// same run.
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, percentiles, ROOT, startServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { createTransport } = require('nodemailer');
const { SMTPServer } = require('smtp-server');
const { Client } = require('pg');
const { runMigrations } = require(path.join(ROOT, 'backend/dist/database/data-source.js'));

const args = process.argv.slice(2);
const option = (name, fallback) =>
  args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const REPLIES = option('replies', 1000);
// Concurrent API clients (agents pressing send).
const SENDERS = option('senders', 16);
// One worker process per core of this 2-core machine, as the chart scales the worker role.
const WORKERS = option('workers', 2);
const ADMIN = { email: 'bench@bench.test', password: 'bench-password-123' };
const body =
  'Hello,\n\n' +
  'Thanks for the details. We have refunded the order and you will see it within a few days. '.repeat(8) +
  '\n\nBest regards';

/** A relay that accepts everything and keeps a count (and the time of each 250). */
async function startSink() {
  const port = await freePort();
  const received = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (s, _session, cb) => {
      s.on('data', () => {});
      s.on('end', () => {
        received.push(Date.now());
        cb();
      });
    },
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port, received, close: () => new Promise((r) => server.close(r)) };
}

/** Bare nodemailer, as pooled as the worker's transport (5 connections each). */
async function ceiling(port) {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 5 * WORKERS,
    maxMessages: 100,
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < REPLIES) {
        const i = next++;
        await transport.sendMail({
          from: 'support@bench.test',
          to: `customer${i}@example.org`,
          subject: `Re: Order ${i} [#${i}]`,
          text: body,
          html: `<div>${body}</div>`,
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return REPLIES / seconds;
}

async function main() {
  const services = await startServices();
  const sink = await startSink();
  try {
    await runMigrations(services.databaseUrl);
    const db = new Client({ connectionString: services.databaseUrl });
    db.on('error', () => {});
    await db.connect();
    await db.query(
      `INSERT INTO mailboxes (address, display_name) VALUES ('support@bench.test', 'Bench Support') ON CONFLICT DO NOTHING`,
    );
    // One ticket per reply, each from its own customer, made in SQL: the benchmark measures replies.
    await db.query(
      `WITH c AS (INSERT INTO customers (email, name) SELECT 'customer' || i || '@example.org', 'Customer ' || i FROM generate_series(1, $1) i RETURNING id)
       INSERT INTO tickets (subject, status, requester_id, mailbox_id) SELECT 'Order question', 'open', c.id, (SELECT id FROM mailboxes LIMIT 1) FROM c`,
      [REPLIES],
    );
    const { rows: tickets } = await db.query(`SELECT id FROM tickets ORDER BY id`);

    const common = {
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
      HELPDESK_MAILBOX: 'support@bench.test',
    };
    const api = await services.startBackend({
      ...common,
      HELPDESK_ROLE: 'api',
      HELPDESK_ADMIN_EMAIL: ADMIN.email,
      HELPDESK_ADMIN_PASSWORD: ADMIN.password,
      // The benchmark's client is one API token at full speed: no per-token rate limit.
      HELPDESK_TOKEN_LIMIT_PER_MINUTE: '1000000',
    });
    for (let i = 0; i < WORKERS; i++) await services.startBackend({ ...common, HELPDESK_ROLE: 'worker' });
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = await login.json();
    const tokenRes = await fetch(`${api.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'bench' }),
    });
    const { token } = await tokenRes.json();

    const bare = await ceiling(sink.port);
    sink.received.length = 0;

    console.log(
      `${REPLIES} replies of ${Buffer.byteLength(body)} bytes (text + HTML + quoted history), ${SENDERS} concurrent API clients;`,
    );
    console.log(`one api and ${WORKERS} worker process(es), relay = a local smtp-server that accepts everything`);
    /** POSTs one message per ticket from SENDERS clients; returns the POST latencies. */
    const post = async (extra) => {
      const latencies = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          while (next < REPLIES) {
            const i = next++;
            const started = performance.now();
            const res = await fetch(`${api.url}/api/v1/tickets/${tickets[i].id}/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ body, ...extra }),
            });
            if (res.status !== 201) throw new Error(`message ${i}: ${res.status} ${await res.text()}`);
            latencies.push(performance.now() - started);
          }
        }),
      );
      return latencies;
    };
    const n0 = Date.now();
    await post({ internal: true });
    const notes = REPLIES / ((Date.now() - n0) / 1000);

    const t0 = Date.now();
    const latencies = await post({});
    const posted = Date.now();
    while (sink.received.length < REPLIES) await new Promise((r) => setTimeout(r, 20));
    const done = Math.max(...sink.received);
    for (;;) {
      const {
        rows: [{ waiting }],
      } = await db.query(`SELECT count(*)::int AS waiting FROM outbound_messages WHERE status <> 'sent'`);
      if (waiting === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const {
      rows: [state],
    } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS total,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS p95
         FROM outbound_messages WHERE kind = 'reply'`,
    );
    const rate = REPLIES / ((done - t0) / 1000);
    const api95 = percentiles(latencies);
    console.log(
      `${'ceiling msg/s'.padStart(14)} ${'replies/s'.padStart(10)} ${'ratio'.padStart(6)} ${'notes/s'.padStart(8)} ${'POST p50/p95 ms'.padStart(16)} ${'commit→250 p50/p95 ms'.padStart(22)}`,
    );
    console.log(
      `${bare.toFixed(0).padStart(14)} ${rate.toFixed(0).padStart(10)} ${(rate / bare).toFixed(2).padStart(6)} ${notes.toFixed(0).padStart(8)} ${`${api95.p50.toFixed(0)}/${api95.p95.toFixed(0)}`.padStart(16)} ${`${Number(state.p50).toFixed(0)}/${Number(state.p95).toFixed(0)}`.padStart(22)}`,
    );
    console.log(
      'replies/s: first POST to the last 250 at the relay; notes/s: the same API writes without mail (no outbox)',
    );
    console.log(
      `all ${REPLIES} POSTs answered after ${((posted - t0) / 1000).toFixed(1)} s, the last 250 after ${((done - t0) / 1000).toFixed(1)} s; outbox: ${state.sent}/${state.total} sent`,
    );
    await db.end();
  } finally {
    await sink.close();
    await services.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
