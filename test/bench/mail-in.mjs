#!/usr/bin/env node
// `npm run bench -- mail-in [--messages N] [--workers N] [--imap-only]`
// Messages per second from SMTP DATA to committed ticket with 1, 4 and 16 concurrent
// senders, and the latency from the 250 to the ticket being in the database, beside the
// rate of a bare smtp-server that discards messages (the ceiling), in the same run.
// Then an IMAP row: a real Dovecot, messages delivered into the mailbox's Maildir to tickets
// (rate, beside a bare imapflow client that downloads and marks the same number: the
// ceiling), and the latency from an IMAP APPEND to the ticket with the source in IDLE.
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, percentiles, ROOT, startServices } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { Dovecot } = require('../support/dovecot.cjs');
const { ImapFlow } = require('imapflow');
const { insertImapSource } = require('../support/mail-sources.cjs');
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
const IMAP_ONLY = args.includes('--imap-only');
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
    for (const senders of IMAP_ONLY ? [] : [1, 4, 16]) {
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
    if (!IMAP_ONLY) console.log('targets: >= 200 msg/s end to end with 16 senders, p95 < 500 ms');
    await imapRow(db);
    await db.end();
  } finally {
    await services.stop();
  }
}

const mime = (token, to) =>
  `Return-Path: <customer@example.org>\r\nFrom: customer@example.org\r\nTo: ${to}\r\nSubject: Bench ${token}\r\nMessage-ID: <${token}@bench.example>\r\n` +
  `Date: ${new Date().toUTCString()}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;

/** Waits until every Message-ID is a ticket message; returns id -> created_at (ms). */
async function ticketsFor(db, ids) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT mail_message_id AS id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM messages WHERE mail_message_id = ANY($1)`,
      [ids],
    );
    if (rows.length === ids.length) return new Map(rows.map((r) => [r.id, r.at]));
    if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${ids.length} messages became tickets`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the mailbox's source has spooled `count` messages; returns when (ms, polled every 20 ms). */
async function spooled(db, mailboxId, count) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM inbound_messages i JOIN mail_sources s ON s.id = i.source_id WHERE s.mailbox_id = $1`,
      [mailboxId],
    );
    if (rows[0].n >= count) return Date.now();
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${count} messages were spooled`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function imapRow(db) {
  const dovecot = new Dovecot();
  try {
    await dovecot.start();
    const user = 'imap@bench.test';
    dovecot.addUser(user, 'bench-password');
    dovecot.addUser('ceiling@bench.test', 'bench-password');

    // Ceiling: a bare client downloads the messages and marks them seen, nothing else.
    for (let i = 0; i < MESSAGES; i++)
      dovecot.deliverFile('ceiling@bench.test', mime(`ceil${i}`, 'ceiling@bench.test'));
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'ceiling@bench.test', pass: 'bench-password' },
      logger: false,
    });
    await client.connect();
    const t0 = performance.now();
    const lock = await client.getMailboxLock('INBOX');
    const uids = [];
    for await (const m of client.fetch('1:*', { uid: true, source: true })) uids.push(m.uid);
    await client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
    lock.release();
    const ceilingRate = MESSAGES / ((performance.now() - t0) / 1000);
    await client.logout();

    // The mailbox and its source, sealed with the key the workers generated and keep in settings.
    const [{ value }] = (await db.query(`SELECT value FROM settings WHERE key = 'secret_key'`)).rows;
    const [{ id }] = (await db.query(`INSERT INTO mailboxes (address) VALUES ($1) RETURNING id`, [user])).rows;
    await insertImapSource(db, {
      mailboxId: id,
      secretKey: Buffer.from(value, 'base64'),
      port: dovecot.port,
      user,
      password: 'bench-password',
      pollSeconds: 300,
    });
    for (;;) {
      const { rows } = await db.query(`SELECT last_fetched_at FROM mail_sources WHERE mailbox_id = $1`, [id]);
      if (rows[0].last_fetched_at) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));

    // Throughput: a burst delivered into the Maildir (as an LDA does), to tickets.
    const ids = [];
    const start = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      dovecot.deliverFile(user, mime(`imap${i}`, user));
      ids.push(`<imap${i}@bench.example>`);
    }
    const spooledAt = await spooled(db, id, MESSAGES);
    const done = await ticketsFor(db, ids);
    const spoolRate = MESSAGES / ((spooledAt - start) / 1000);
    const rate = MESSAGES / ((Math.max(...done.values()) - start) / 1000);

    // Latency with IDLE: one message at a time, from the APPEND's answer to the ticket.
    const appended = new Map();
    const sender = await dovecot.client(user);
    for (let i = 0; i < 40; i++) {
      await sender.append('INBOX', mime(`idle${i}`, user));
      appended.set(`<idle${i}@bench.example>`, Date.now());
      await new Promise((r) => setTimeout(r, 150));
    }
    await sender.logout();
    const made = await ticketsFor(db, [...appended.keys()]);
    const latency = percentiles([...appended].map(([k, at]) => Math.max(0, made.get(k) - at)));
    console.log('');
    console.log(
      `${'IMAP (Dovecot)'.padEnd(16)} ${'ceiling msg/s'.padStart(14)} ${'spooled msg/s'.padStart(14)} ${'ratio'.padStart(6)} ${'helpdesk msg/s'.padStart(15)} ${'ratio'.padStart(6)} ${'APPEND→ticket p50'.padStart(18)} ${'p95 ms'.padStart(8)}`,
    );
    console.log(
      `${'1 source, IDLE'.padEnd(16)} ${ceilingRate.toFixed(0).padStart(14)} ${spoolRate.toFixed(0).padStart(14)} ${(spoolRate / ceilingRate).toFixed(2).padStart(6)} ${rate.toFixed(0).padStart(15)} ${(rate / ceilingRate).toFixed(2).padStart(6)} ${latency.p50.toFixed(0).padStart(18)} ${latency.p95.toFixed(0).padStart(8)}`,
    );
    console.log(
      'ceiling: a bare imapflow client downloading and marking the same number; spooled: Maildir to committed spool rows ' +
        '(fetched and marked seen); helpdesk: to tickets; the latency row: 40 APPENDs 150 ms apart',
    );
  } finally {
    await dovecot.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
