#!/usr/bin/env node
// `npm run bench -- mail-in [--messages N] [--workers N]`
// Messages per second from SMTP DATA to committed ticket with 1, 4 and 16 concurrent
// senders, and the latency from the 250 to the ticket being in the database, beside the
// rate of a bare smtp-server that discards messages (the ceiling), in the same run.
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
const MESSAGES = option('messages', 600);
// Two worker processes: one per core of this 2-core machine (Node parses on one core per process).
const WORKERS = option('workers', 2);
const body =
  'Hello,\n\n' + 'My order has not arrived yet and the tracking page shows nothing. '.repeat(20) + '\n\nThanks';

/** Sends `count` messages over `senders` pooled connections; returns the 250 times by token. */
async function blast(port, senders, count, tag) {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: senders,
    maxMessages: Infinity,
  });
  const acked = new Map();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < count) {
        const i = next++;
        const token = `${tag}x${i}`;
        await transport.sendMail({
          from: `customer${i % 100}@example.org`,
          to: 'support@bench.test',
          subject: `Bench ${token}`,
          text: body,
          messageId: `<${token}@bench.example>`,
        });
        acked.set(`<${token}@bench.example>`, Date.now());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { acked, seconds };
}

async function ceiling(senders) {
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    onData: (s, _session, cb) => {
      s.on('data', () => {});
      s.on('end', () => cb());
    },
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const { seconds } = await blast(port, senders, MESSAGES, `ceiling${senders}`);
  await new Promise((r) => server.close(r));
  return MESSAGES / seconds;
}

async function main() {
  const services = await startServices();
  try {
    await runMigrations(services.databaseUrl);
    const smtpPort = await freePort();
    // As deployed: the receiver and the worker are separate processes (one per core here).
    const common = {
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      SMTP_PORT: String(smtpPort),
      HELPDESK_MAILBOX: 'support@bench.test',
    };
    await services.startBackend({ ...common, HELPDESK_ROLE: 'smtp' });
    for (let i = 0; i < WORKERS; i++) await services.startBackend({ ...common, HELPDESK_ROLE: 'worker' });
    const db = new Client({ connectionString: services.databaseUrl });
    db.on('error', () => {});
    await db.connect();
    await db.query(`INSERT INTO mailboxes (address) VALUES ('support@bench.test') ON CONFLICT DO NOTHING`);

    console.log(
      `${MESSAGES} messages of ${Buffer.byteLength(body)} bytes per run; one smtp and ${WORKERS} worker process(es), PostgreSQL with default durability`,
    );
    console.log(
      `${'senders'.padEnd(8)} ${'ceiling msg/s'.padStart(14)} ${'helpdesk msg/s'.padStart(15)} ${'ratio'.padStart(6)} ${'250→ticket p50'.padStart(15)} ${'p95 ms'.padStart(8)}`,
    );
    for (const senders of [1, 4, 16]) {
      const bare = await ceiling(senders);
      const t0 = Date.now();
      const { acked } = await blast(smtpPort, senders, MESSAGES, `hd${senders}`);
      const ids = [...acked.keys()];
      let rows = [];
      for (;;) {
        ({ rows } = await db.query(
          `SELECT mail_message_id AS id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM messages WHERE mail_message_id = ANY($1)`,
          [ids],
        ));
        if (rows.length === ids.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const done = Math.max(...rows.map((r) => r.at));
      const rate = MESSAGES / ((done - t0) / 1000);
      const latency = percentiles(rows.map((r) => Math.max(0, r.at - acked.get(r.id))));
      console.log(
        `${String(senders).padEnd(8)} ${bare.toFixed(0).padStart(14)} ${rate.toFixed(0).padStart(15)} ${(rate / bare).toFixed(2).padStart(6)} ${latency.p50.toFixed(0).padStart(15)} ${latency.p95.toFixed(0).padStart(8)}`,
      );
    }
    console.log('targets: >= 200 msg/s end to end with 16 senders, p95 < 500 ms');
    await db.end();
  } finally {
    await services.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
