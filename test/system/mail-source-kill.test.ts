import { Client } from 'pg';
import { Dovecot } from '../support/dovecot.cjs';
import { insertImapSource } from '../support/mail-sources.cjs';
import { freePort, migratedEnvironment, RunningProcess, startBackend, waitForHttp } from '../support/processes';

/**
 * An IMAP source's worker killed (SIGKILL) in the middle of fetching, three times, and
 * started again: every message in the mailbox ends as exactly one ticket, and every one is
 * marked seen on the server (which happens only after its spool row committed).
 */
describe('an IMAP source fetching through worker kills', () => {
  const TOTAL = 300;
  const USER = 'support@kill.test';
  const KEY = 'a-test-secret-key-that-is-long-enough-0123456789';
  let db: Client;
  let dovecot: Dovecot;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ env, db } = await migratedEnvironment('sourcekill', 12, {
      HELPDESK_MAILBOX: USER,
      HELPDESK_SECRET_KEY: KEY,
      HELPDESK_INBOUND_SWEEP_SECONDS: '2',
      LOG_LEVEL: 'warn',
    }));
    dovecot = new Dovecot();
    await dovecot.start();
    dovecot.addUser(USER, 'kill-test-password');
  });
  afterAll(async () => {
    await db?.end();
    await dovecot?.destroy();
  });

  it('loses nothing and fetches nothing twice', async () => {
    for (let i = 0; i < TOTAL; i++)
      dovecot.deliverFile(
        USER,
        `Return-Path: <c${i}@example.org>\r\nFrom: c${i}@example.org\r\nTo: ${USER}\r\nSubject: Kill ${i}\r\n` +
          `Message-ID: <kill${i}@example.org>\r\n\r\n${'Some text. '.repeat(200)}\r\n`,
        `${1700000000 + i}.M${i}.kill`,
      );
    const [{ id }] = (
      await db.query(
        `INSERT INTO mailboxes (address) VALUES ($1) ON CONFLICT (address) DO UPDATE SET active = true RETURNING id`,
        [USER],
      )
    ).rows;
    await insertImapSource(db, {
      mailboxId: id,
      secretKey: Buffer.from(KEY, 'utf8'),
      port: dovecot.port,
      user: USER,
      password: 'kill-test-password',
      pollSeconds: 30,
    });

    const spooled = async () =>
      Number((await db.query(`SELECT count(*) FROM inbound_messages WHERE source_id IS NOT NULL`)).rows[0].count);
    let worker: RunningProcess | undefined;
    const start = async () => {
      const port = await freePort();
      worker = startBackend({ ...env, HELPDESK_ROLE: 'worker', PORT: String(port), HOST: '127.0.0.1' });
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, 30000);
    };
    const kills: number[] = [];
    for (const at of [50, 130, 210]) {
      await start();
      const deadline = Date.now() + 60_000;
      while ((await spooled()) < at && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      worker!.child.kill('SIGKILL');
      await worker!.exited;
      kills.push(await spooled());
      // The killed worker's lease must expire before another worker takes the source (30 s): make it so now.
      await db.query(`UPDATE mail_sources SET lease_expires_at = now() - interval '1 second'`);
    }
    expect(kills.every((n) => n < TOTAL)).toBe(true);
    await start();
    // Mail a killed worker was processing comes back once BullMQ sees its job stalled (its lock
    // lapses after 30 s, and the check runs every 30 s), for each of the three kills: on a busy
    // CI machine the earlier 90 s were not always enough (once all 300 fetched, 7 still waiting).
    const deadline = Date.now() + 240_000;
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE status <> 'received') AS done, count(*) AS all FROM inbound_messages WHERE source_id IS NOT NULL`,
      );
      if (Number(rows[0].done) === TOTAL && Number(rows[0].all) === TOTAL) break;
      if (Date.now() > deadline) {
        // What the source and the worker said, so that a stall explains itself.
        const source = (
          await db.query(`SELECT status, last_error, last_fetched_at, lease_expires_at FROM mail_sources`)
        ).rows[0];
        throw new Error(
          `stuck at ${JSON.stringify(rows[0])}, kills at ${kills}; source ${JSON.stringify(source)}; worker said:\n` +
            worker!.output().slice(-4000),
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    worker!.child.kill('SIGTERM');
    await worker!.exited;

    const { rows: messages } = await db.query(
      `SELECT mail_message_id FROM messages WHERE mail_message_id LIKE '<kill%'`,
    );
    expect(messages).toHaveLength(TOTAL);
    expect(new Set(messages.map((m) => m.mail_message_id)).size).toBe(TOTAL);
    const { rows: tickets } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE subject LIKE 'Kill %'`);
    expect(tickets[0].n).toBe(TOTAL);
    const flags = await dovecot.flags(USER);
    expect(flags.size).toBe(TOTAL);
    expect([...flags.values()].filter((f) => !f.has('\\Seen'))).toHaveLength(0);
  }, 420_000);
});
