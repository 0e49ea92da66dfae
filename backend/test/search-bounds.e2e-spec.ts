import { eventually, sendMail } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A ticket that receives very long replies keeps taking mail and stays searchable:
 * the search index is bounded per message and per ticket, the mail is stored whole.
 */
describe('search index bounds', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '1' } });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@bounds.test' });
  });
  afterAll(() => t.close());

  /** 100,000 distinct short words, unlike any other reply's: a letter per reply, then n in base 36. */
  const distinctWords = (reply: number) =>
    Array.from({ length: 100_000 }, (_, n) => `${String.fromCharCode(96 + reply)}${n.toString(36)}`)
      .join(' ')
      .replace(/((?:\S+ ){12})/g, '$1\n');

  it('stores seven replies of 100,000 distinct words and a short eighth, whole, and still finds the ticket', async () => {
    await sendMail(t, {
      from: 'long@example.org',
      to: 'support@bounds.test',
      subject: 'Lexicon overflow boundsxyzzy',
      text: 'The start.',
      messageId: '<bounds-0@example.org>',
    });
    const ticketId = await eventually(async () => {
      const { rows } = await t.sql.query(
        `SELECT ticket_id FROM messages WHERE mail_message_id = '<bounds-0@example.org>'`,
      );
      return rows[0]?.ticket_id as number | undefined;
    });
    const [{ number }] = (await t.sql.query(`SELECT number FROM tickets WHERE id = $1`, [ticketId])).rows;
    const texts: string[] = [];
    for (let reply = 1; reply <= 8; reply++) {
      const text = reply < 8 ? distinctWords(reply) : 'SHORT-EIGHTH: thanks, all good now.';
      texts.push(text);
      await sendMail(t, {
        from: 'long@example.org',
        to: 'support@bounds.test',
        subject: `Re: Lexicon overflow boundsxyzzy [#${number}]`,
        text,
        messageId: `<bounds-${reply}@example.org>`,
      });
    }
    const stored = await eventually(async () => {
      const { rows } = await t.sql.query(
        `SELECT m.mail_message_id, m.body_text, i.status FROM messages m JOIN inbound_messages i ON i.id = m.inbound_message_id
          WHERE m.ticket_id = $1 ORDER BY m.id`,
        [ticketId],
      );
      return rows.length === 9 ? rows : undefined;
    }, 60_000);
    expect(stored.every((r) => r.status === 'processed')).toBe(true);
    // Stored whole: every word of every reply (in whatever order the worker's concurrent jobs finished).
    for (const r of stored.filter((r) => r.mail_message_id !== '<bounds-0@example.org>')) {
      const reply = Number(/^<bounds-(\d+)@/.exec(r.mail_message_id)![1]);
      expect(r.body_text.replace(/\s+/g, ' ')).toBe(texts[reply - 1].replace(/\s+/g, ' '));
    }
    const { rows: failed } = await t.sql.query(`SELECT id FROM inbound_messages WHERE status <> 'processed'`);
    expect(failed).toEqual([]);

    // Searchable by its subject, and by words of the first replies and the last.
    for (const q of ['boundsxyzzy', 'a5', 'SHORT-EIGHTH']) {
      const found = await t.admin.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`);
      expect([q, found.body.items.map((x: { id: number }) => x.id)]).toEqual([q, [ticketId]]);
    }
    const [{ bytes }] = (await t.sql.query(`SELECT search_bytes AS bytes FROM tickets WHERE id = $1`, [ticketId])).rows;
    expect(bytes).toBeLessThanOrEqual(1_000_000);

    // Renaming the ticket rebuilds its index within the same bounds.
    expect((await t.admin.patch(`/api/v1/tickets/${ticketId}`, { subject: 'Renamed plughfrob' })).status).toBe(200);
    const renamed = await t.admin.get(`/api/v1/tickets?q=plughfrob`);
    expect(renamed.body.items.map((x: { id: number }) => x.id)).toEqual([ticketId]);
  }, 120_000);
});
