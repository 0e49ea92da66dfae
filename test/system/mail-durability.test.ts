import { Client } from 'pg';
import {
  freePort,
  migratedEnvironment,
  RunningProcess,
  smtpAttempt,
  startBackend,
  waitForHttp,
} from '../support/processes';

/**
 * Issue 3's fault test: 1,000 messages through SMTP while the smtp and worker processes
 * are killed (SIGKILL) and restarted at random moments. Every message answered 250 must
 * end as exactly one message on exactly one ticket.
 */
describe('mail durability under process kills', () => {
  const TOTAL = 1000;
  let db: Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ env, db } = await migratedEnvironment('durability', 9, {
      HELPDESK_INBOUND_SWEEP_SECONDS: '2',
      LOG_LEVEL: 'error',
    }));
  });
  afterAll(() => db?.end());

  it('loses nothing acknowledged and duplicates nothing', async () => {
    const smtpPort = await freePort();
    const roles: Record<'smtp' | 'worker', { proc?: RunningProcess; port?: number }> = { smtp: {}, worker: {} };
    const start = async (role: 'smtp' | 'worker') => {
      const port = await freePort();
      roles[role].proc = startBackend({
        ...env,
        HELPDESK_ROLE: role,
        PORT: String(port),
        SMTP_PORT: String(smtpPort),
        HOST: '127.0.0.1',
      });
      roles[role].port = port;
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, 30000);
    };
    await start('smtp');
    await start('worker');

    let sending = true;
    let kills = 0;
    const chaos = (async () => {
      while (sending) {
        await new Promise((r) => setTimeout(r, 700 + Math.random() * 1300));
        if (!sending) break;
        const role = Math.random() < 0.5 ? 'smtp' : 'worker';
        roles[role].proc!.child.kill('SIGKILL');
        await roles[role].proc!.exited;
        kills++;
        await start(role);
      }
    })();

    const acknowledged = new Set<string>();
    const sendOne = async (i: number) => {
      const token = `dur${i}x${Date.now().toString(36)}`;
      // An MTA retries the same message: same bytes, same Date (a resent copy is a redelivery, folded).
      const date = new Date();
      for (;;) {
        const { code } = await smtpAttempt(
          smtpPort,
          {
            from: `c${i % 50}@example.org`,
            to: 'support@acme.test',
            subject: `Durable ${token}`,
            text: `message ${i}`,
            messageId: `<${token}@example.org>`,
            date,
          },
          5000,
        );
        if (code === '250') return void acknowledged.add(token);
        // refused, reset or 4xx: a real MTA retries later
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // At least TOTAL mails, and on until the chaos has killed four times: on a slow machine a
    // restart takes seconds, and a run with fewer kills would prove less.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < TOTAL || kills < 4) await sendOne(next++);
      }),
    );
    sending = false;
    await chaos;
    const sent = next;
    expect(acknowledged.size).toBe(sent);
    expect(kills).toBeGreaterThan(3);

    // Everything committed gets processed, by the queue or the sweeper.
    const deadline = Date.now() + 90000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'received'`);
      if (rows[0].n === 0) break;
      if (Date.now() > deadline) throw new Error(`${rows[0].n} messages still unprocessed`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const { rows } = await db.query(
      `SELECT m.mail_message_id AS id, count(*)::int AS copies, count(DISTINCT m.ticket_id)::int AS tickets
         FROM messages m WHERE m.mail_message_id LIKE '<dur%' GROUP BY 1`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = [...acknowledged].filter((token) => !byId.has(`<${token}@example.org>`));
    expect(missing).toEqual([]);
    expect(rows.filter((r) => r.copies !== 1 || r.tickets !== 1)).toEqual([]);
    const { rows: ticketRows } = await db.query(
      `SELECT count(*)::int AS n FROM tickets WHERE subject LIKE 'Durable dur%'`,
    );
    expect(ticketRows[0].n).toBe(sent);
    const { rows: spool } = await db.query(`SELECT count(*)::int AS n FROM inbound_messages`);
    // Spool rows beyond 1,000 are messages stored whose 250 never reached the sender (killed mid-reply): resent, deduplicated.
    console.log(
      `${sent} acknowledged, ${kills} kills, ${spool[0].n} spool rows, ${rows.length} messages on ${ticketRows[0].n} tickets`,
    );

    for (const role of ['smtp', 'worker'] as const) {
      roles[role].proc!.child.kill('SIGTERM');
      await roles[role].proc!.exited;
    }
  }, 300000);
});
