import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The samples in test/fixtures/mail (built after other help desks' bug reports), sent over
 * real SMTP to the whole app (role all) and read back through the API.
 */
describe('mail samples', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures/mail', name));

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '1' } });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@example.com' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const send = (raw: Buffer | string, from = 'sender@example.org') =>
    sendMail(t, { envelope: { from, to: ['support@example.com'] }, raw });
  /** The ticket (with messages) whose message came from this spool row. */
  const ticketOfMessage = async (mailMessageId: string) =>
    eventually(async () => {
      const { rows } = await t.sql.query(`SELECT ticket_id FROM messages WHERE mail_message_id = $1`, [mailMessageId]);
      return rows[0] ? (await t.admin.get(`/api/v1/tickets/${rows[0].ticket_id}`)).body : undefined;
    });

  it('decodes a UTF-7 subject and body (utf7-body.eml)', async () => {
    expect(await send(fixture('utf7-body.eml'))).toMatch(/^250 /);
    const ticket = await ticketOfMessage('<c06-k7@example.org>');
    expect(ticket.subject).toBe('Bestellung ändern');
    expect(ticket.messages[0].bodyText).toBe('Guten Tag, ich möchte meine Bestellung ändern. Grüße');
  });

  it('reads raw Latin-1 header bytes (8bit-latin1-headers.eml)', async () => {
    await send(fixture('8bit-latin1-headers.eml'));
    const ticket = await ticketOfMessage('<c07-k7@example.org>');
    expect(ticket.subject).toBe('Rückfrage zur Lieferung');
    expect(ticket.requester).toMatchObject({ name: 'Jürgen Müller', email: 'juergen.mueller.k7@example.org' });
    expect(ticket.messages[0].bodyText).toBe('Grüße, wo bleibt meine Lieferung?');
  });

  it('finds the text under two Content-Type headers (duplicate-content-type.eml)', async () => {
    await send(fixture('duplicate-content-type.eml'));
    const ticket = await ticketOfMessage('<c36-k7@example.org>');
    expect(ticket.messages[0].bodyText).toBe('DUPCT-TEXT: Hello world?');
  });

  it('reopens a pending ticket for a person’s reply carrying X-Auto-Response-Suppress (x-auto-response-suppress-human.eml)', async () => {
    await send(
      'From: Seed Nineteen <seed19.k7@example.org>\r\nTo: support@example.com\r\nSubject: Seed for case 19\r\nMessage-ID: <first-19@example.org>\r\n\r\nIt is broken.\r\n',
      'seed19.k7@example.org',
    );
    const ticket = await ticketOfMessage('<first-19@example.org>');
    await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Fixed, I think.', status: 'pending' });
    const { rows } = await t.sql.query(
      `SELECT mail_message_id FROM outbound_messages WHERE ticket_id = $1 AND kind = 'customer_acknowledgement'`,
      [ticket.id],
    );
    const ack = rows[0].mail_message_id as string;
    const reply = fixture('x-auto-response-suppress-human.eml')
      .toString('utf8')
      .replaceAll('[#12]', `[#${ticket.number}]`)
      .replaceAll('<ack-of-ticket-12@help.example.com>', ack)
      .replaceAll('<first-mail-of-ticket-12@example.org>', '<first-19@example.org>');
    await send(reply, 'seed19.k7@example.org');
    const after = await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 3 ? tk : undefined;
    });
    expect(after.messages[2].bodyText).toContain('HUMAN19');
    expect(after.messages[2].mail.flags).toEqual([]);
    expect(after.status).toBe('open');
  });

  it('never lets an agent’s out-of-office reach the customer: not mailed, not quoted, not on the portal (agent-out-of-office.eml)', async () => {
    const agent = await t.newUser('agent', 'admin@example.com');
    await send(
      'From: Cara <cara.k7@example.org>\r\nTo: support@example.com\r\nSubject: Seed for case 20\r\nMessage-ID: <first-20@example.org>\r\n\r\nMy order is late.\r\n',
      'cara.k7@example.org',
    );
    const ticket = await ticketOfMessage('<first-20@example.org>');
    const { rows } = await t.sql.query(
      `SELECT mail_message_id FROM outbound_messages WHERE ticket_id = $1 AND kind = 'customer_acknowledgement'`,
      [ticket.id],
    );
    const oof = fixture('agent-out-of-office.eml')
      .toString('utf8')
      .replaceAll('[#12]', `[#${ticket.number}]`)
      .replaceAll('<ack-of-ticket-12@help.example.com>', rows[0].mail_message_id)
      .replaceAll('<first-mail-of-ticket-12@example.org>', '<first-20@example.org>');
    await send(oof, 'admin@example.com');
    await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 2 ? tk : undefined;
    });

    const reply = await agent.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'AGENT-REPLY: it ships today.' });
    expect(reply.status).toBe(201);
    const mailed = await eventually(async () => {
      const got = sink.to('cara.k7@example.org').filter((m) => m.mail.text?.includes('AGENT-REPLY'));
      return got.length ? got : undefined;
    });
    expect(mailed).toHaveLength(1);
    expect(mailed[0].mail.text).toContain('My order is late.');
    // The reply answers the customer's mail, not the out-of-office.
    expect(mailed[0].mail.inReplyTo).toBe('<first-20@example.org>');
    for (const m of sink.messages) expect(m.raw.toString('utf8')).not.toMatch(/AGENT-OOF|0170 5550123/);

    const link = await agent.get(`/api/v1/tickets/${ticket.id}/portal-link`);
    const page = await t.http.get(`/api/v1/public/tickets/${new URL(link.body.url).pathname.replace('/portal/', '')}`);
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual([
      'My order is late.',
      'AGENT-REPLY: it ships today.',
    ]);
  });
});
