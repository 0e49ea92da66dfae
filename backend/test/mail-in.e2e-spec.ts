import { createHmac } from 'node:crypto';
import { eventually, sendMail, smtpSession } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';
import { SmtpReceiver } from '../src/mail-in/smtp/smtp-receiver.service';
import { TicketTokens } from '../src/mail/ticket-tokens';

describe('email in', () => {
  let t: TestApp;
  let port: number;
  let n = 0;
  const unique = () => `u${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        SMTP_MAX_MESSAGE_BYTES: '200000',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
      },
    });
    port = t.app.get(SmtpReceiver).port;
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.post('/api/v1/mailboxes', { address: '@help.acme.test' });
  });
  afterAll(() => t.close());

  /** The ticket whose subject contains `token`, once the worker has made it. */
  const ticketWith = (token: string) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      if (list.body.items.length === 0) return undefined;
      return (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body;
    });

  it('turns a customer email into a ticket with the customer as requester', async () => {
    const token = unique();
    const response = await sendMail(t, {
      from: '"Carol Customer" <Carol@Example.org>',
      to: 'support@acme.test',
      subject: `Printer jam ${token}`,
      text: 'It jams on page 2.',
    });
    expect(response).toMatch(/^250 /);
    const ticket = await ticketWith(token);
    expect(ticket).toMatchObject({
      subject: `Printer jam ${token}`,
      status: 'new',
      requester: { email: 'carol@example.org', name: 'Carol Customer' },
    });
    expect(ticket.messages[0]).toMatchObject({
      channel: 'email',
      bodyText: 'It jams on page 2.',
      author: { type: 'customer' },
    });
    expect(ticket.messages[0].mail.from).toBe('carol@example.org');
  });

  it('refuses unknown recipients with 550 and keeps no open relay', async () => {
    const replies = await smtpSession(port, [
      'EHLO client.test',
      'MAIL FROM:<a@example.org>',
      'RCPT TO:<nobody@acme.test>',
      'RCPT TO:<victim@elsewhere.test>',
      'QUIT',
    ]);
    expect(replies.filter((r) => r.startsWith('550'))).toHaveLength(2);
  });

  it('announces the size limit and answers 552 to bigger messages', async () => {
    const replies = await smtpSession(port, ['EHLO client.test', 'QUIT']);
    expect(replies.some((r) => /^250[- ]SIZE 200000$/.test(r))).toBe(true);
    const body = 'x'.repeat(1000) + '\r\n';
    const big = await smtpSession(port, [
      'EHLO c',
      'MAIL FROM:<a@example.org>',
      'RCPT TO:<support@acme.test>',
      'DATA',
      `Subject: big\r\n\r\n${body.repeat(300)}.`,
      'QUIT',
    ]);
    expect(big.some((r) => r.startsWith('552'))).toBe(true);
  });

  it('accepts plus-addresses and whole-domain mailboxes', async () => {
    const token = unique();
    await sendMail(t, { from: 'dom@example.org', to: 'sales@help.acme.test', subject: `Domain ${token}`, text: 'hi' });
    const ticket = await ticketWith(token);
    expect(ticket.mailboxId).toEqual(expect.any(Number));
  });

  it('threads a reply by our signed reply address, and reopens a pending ticket', async () => {
    const token = unique();
    await sendMail(t, {
      from: 'dave@example.org',
      to: 'support@acme.test',
      subject: `Refund ${token}`,
      text: 'Where is my refund?',
    });
    const ticket = await ticketWith(token);
    await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Can you send the order number?',
      status: 'pending',
    });
    const replyTo = t.app.get(TicketTokens).replyAddress('support@acme.test', ticket.id);
    await sendMail(t, {
      from: 'dave@example.org',
      to: replyTo,
      subject: 'Re: something else entirely',
      text: 'Order 1234.\n\nOn Monday, Support wrote:\n> Can you send the order number?',
    });
    const after = await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 3 ? tk : undefined;
    });
    expect(after.status).toBe('open');
    expect(after.messages[2].bodyText).toBe('Order 1234.');
    expect(after.messages[2].fullText).toContain('> Can you send the order number?');
  });

  it('threads by our signed Message-ID and refuses a forged one', async () => {
    const token = unique();
    await sendMail(t, {
      from: 'erin@example.org',
      to: 'support@acme.test',
      subject: `Login ${token}`,
      text: 'Cannot log in',
    });
    const ticket = await ticketWith(token);
    const ours = t.app.get(TicketTokens).messageId(ticket.id, 999);
    await sendMail(t, {
      from: 'erin@example.org',
      to: 'support@acme.test',
      subject: 'Re: Login',
      text: 'still broken',
      inReplyTo: ours,
      references: [ours],
    });
    await eventually(async () =>
      (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.messages.length === 2 ? true : undefined,
    );

    const forged = `<hd.t${ticket.id}.m1.${createHmac('sha256', 'guess').update('x').digest('hex').slice(0, 16)}@acme.test>`;
    const token2 = unique();
    await sendMail(t, {
      from: 'mallory@example.org',
      to: 'support@acme.test',
      subject: `Forged ${token2}`,
      text: 'let me in',
      inReplyTo: forged,
      references: [forged],
    });
    const other = await ticketWith(token2);
    expect(other.id).not.toBe(ticket.id);
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.messages).toHaveLength(2);
  });

  it('threads by the [#number] tag only for participants; a stranger gets a new ticket', async () => {
    const token = unique();
    await sendMail(t, {
      from: 'fay@example.org',
      to: 'support@acme.test',
      cc: 'fays.boss@example.org',
      subject: `VPN ${token}`,
      text: 'VPN down',
    });
    const ticket = await ticketWith(token);
    await sendMail(t, {
      from: 'fays.boss@example.org',
      to: 'support@acme.test',
      subject: `Re: [#${ticket.number}] VPN`,
      text: 'Any news?',
    });
    await eventually(async () =>
      (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.messages.length === 2 ? true : undefined,
    );
    const token2 = unique();
    await sendMail(t, {
      from: 'stranger@example.net',
      to: 'support@acme.test',
      subject: `[#${ticket.number}] ${token2}`,
      text: 'me too',
    });
    const stranger = await ticketWith(token2);
    expect(stranger.id).not.toBe(ticket.id);
    const { rows } = await t.sql.query('SELECT kind FROM ticket_links WHERE ticket_id = $1 AND linked_ticket_id = $2', [
      stranger.id,
      ticket.id,
    ]);
    expect(rows).toEqual([{ kind: 'mentioned' }]);
  });

  it('opens a linked follow-up for a reply to a closed ticket', async () => {
    const token = unique();
    await sendMail(t, {
      from: 'gus@example.org',
      to: 'support@acme.test',
      subject: `Old ${token}`,
      text: 'old problem',
    });
    const ticket = await ticketWith(token);
    await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' });
    await sendMail(t, {
      from: 'gus@example.org',
      to: 'support@acme.test',
      subject: `Re: [#${ticket.number}] Old ${token}`,
      text: 'it is back',
    });
    const { rows } = await eventually(async () => {
      const r = await t.sql.query(
        `SELECT ticket_id FROM ticket_links WHERE linked_ticket_id = $1 AND kind = 'follow_up'`,
        [ticket.id],
      );
      return r.rows.length ? r : undefined;
    });
    expect(rows[0].ticket_id).not.toBe(ticket.id);
  });

  it('keeps one message when the same message arrives twice (same Message-ID, same content)', async () => {
    const token = unique();
    const msg = {
      from: 'hal@example.org',
      to: 'support@acme.test',
      subject: `Twice ${token}`,
      text: 'once',
      messageId: `<${token}@example.org>`,
      // A redelivery is the same message: its Date too (nodemailer would stamp each send anew).
      date: new Date('2026-01-05T10:00:00Z'),
    };
    await sendMail(t, msg);
    const ticket = await ticketWith(token);
    await sendMail(t, msg);
    await eventually(async () => {
      const { rows } = await t.sql.query(`SELECT status, reason FROM inbound_messages ORDER BY id DESC LIMIT 1`);
      return rows[0].status === 'processed' ? rows : undefined;
    });
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.messages).toHaveLength(1);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM messages WHERE mail_message_id = $1`, [
      `<${token}@example.org>`,
    ]);
    expect(rows[0].n).toBe(1);
    const { rows: spool } = await t.sql.query(`SELECT reason FROM inbound_messages ORDER BY id DESC LIMIT 1`);
    expect(spool[0].reason).toMatch(/^redelivery/);
  });

  it('stores a different mail that reuses a Message-ID; only a redelivery of the same content folds', async () => {
    const token = unique();
    const reused = `<${token}@example.org>`;
    const first = {
      from: 'ivy@example.org',
      to: 'support@acme.test',
      subject: `Original ${token}`,
      text: 'the first text',
      messageId: reused,
      date: new Date('2026-01-05T10:00:00Z'),
    };
    await sendMail(t, first);
    const ticket = await ticketWith(`Original ${token}`);
    // Another sender, another text, the same Message-ID (a broken mailer, or a forger copying it).
    await sendMail(t, {
      from: 'jon@example.net',
      to: 'support@acme.test',
      subject: `Other ${token}`,
      text: 'a different text that must not be lost',
      messageId: reused,
      date: new Date('2026-01-06T10:00:00Z'),
    });
    const other = await ticketWith(`Other ${token}`);
    expect(other.id).not.toBe(ticket.id);
    expect(other.messages[0].bodyText).toBe('a different text that must not be lost');
    const { rows: spool } = await t.sql.query(`SELECT reason FROM inbound_messages ORDER BY id DESC LIMIT 1`);
    expect(spool[0].reason).toMatch(/^reuses a Message-ID/);
    // The first message delivered again folds into what is stored.
    await sendMail(t, first);
    await eventually(async () => {
      const { rows } = await t.sql.query(`SELECT status FROM inbound_messages ORDER BY id DESC LIMIT 1`);
      return rows[0].status === 'processed' ? true : undefined;
    });
    const { rows } = await t.sql.query(`SELECT body_text FROM messages WHERE mail_message_id = $1 ORDER BY id`, [
      reused,
    ]);
    expect(rows.map((r) => r.body_text)).toEqual(['the first text', 'a different text that must not be lost']);
  });

  it('flags auto-replies, never reopening for them, and attaches bounces to the bounced ticket', async () => {
    const token = unique();
    await sendMail(t, { from: 'ivy@example.org', to: 'support@acme.test', subject: `Out ${token}`, text: 'question' });
    const ticket = await ticketWith(token);
    await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'answer', status: 'pending' });
    const replyTo = t.app.get(TicketTokens).replyAddress('support@acme.test', ticket.id);
    await sendMail(t, {
      from: 'ivy@example.org',
      to: replyTo,
      subject: 'Out of office',
      text: 'I am away',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const withOof = await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 3 ? tk : undefined;
    });
    expect(withOof.messages[2].mail.flags).toEqual(['auto_reply']);
    expect(withOof.status).toBe('pending');

    const ours = t.app.get(TicketTokens).messageId(ticket.id, 1);
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
      'To: support@acme.test',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'The mail could not be delivered.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; ivy@example.org',
      'Action: failed',
      'Status: 5.1.1',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${ours}`,
      'Subject: Re: answer',
      '--B--',
      '',
    ].join('\r\n');
    const replies = await smtpSession(port, [
      'EHLO mx.example.org',
      'MAIL FROM:<>',
      'RCPT TO:<support@acme.test>',
      'DATA',
      dsn + '.',
      'QUIT',
    ]);
    expect(replies.some((r) => r.startsWith('250 Queued'))).toBe(true);
    const bounced = await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 4 ? tk : undefined;
    });
    expect(bounced.messages[3]).toMatchObject({ internal: true, mail: { flags: ['bounce'] } });
    expect(bounced.status).toBe('pending');
  });

  it('records mail from an agent as that agent’s message, and CC’d customers as followers', async () => {
    const agent = await t.newUser('agent');
    const token = unique();
    await sendMail(t, {
      from: 'jo@example.org',
      to: 'support@acme.test',
      cc: ['jos.colleague@example.org', 'support@acme.test'],
      subject: `CC ${token}`,
      text: 'hi',
    });
    const ticket = await ticketWith(token);
    const { rows } = await t.sql.query(
      `SELECT c.email FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE f.ticket_id = $1`,
      [ticket.id],
    );
    expect(rows.map((r) => r.email)).toEqual(['jos.colleague@example.org']);
    const replyTo = t.app.get(TicketTokens).replyAddress('support@acme.test', ticket.id);
    await sendMail(t, { from: agent.user.email, to: replyTo, subject: 'Re: CC', text: 'Looking into it' });
    const after = await eventually(async () => {
      const tk = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
      return tk.messages.length === 2 ? tk : undefined;
    });
    expect(after.messages[1].author).toMatchObject({ type: 'user', id: agent.user.id });
  });

  it('sanitises HTML, rewrites inline images and serves attachments safely', async () => {
    const token = unique();
    await sendMail(t, {
      from: 'kim@example.org',
      to: 'support@acme.test',
      subject: `Html ${token}`,
      html: '<p>Look <img src="cid:shot@kim"> <script>alert(1)</script><a href="javascript:alert(2)">x</a></p>',
      attachments: [
        {
          filename: 'shot.png',
          content: Buffer.from('89504e470d0a1a0a', 'hex'),
          cid: 'shot@kim',
          contentType: 'image/png',
        },
        { filename: 'evil.html', content: '<script>alert(3)</script>', contentType: 'text/html' },
      ],
    });
    const ticket = await ticketWith(token);
    const m = ticket.messages[0];
    expect(m.bodyHtml).not.toMatch(/<script|javascript:/);
    const png = m.attachments.find((a: any) => a.filename === 'shot.png');
    expect(m.bodyHtml).toContain(`src="/api/v1/attachments/${png.id}"`);
    const img = await t.admin.request('GET', png.url);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toMatch(/^inline/);
    const html = m.attachments.find((a: any) => a.filename === 'evil.html');
    const dl = await t.admin.request('GET', html.url);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.http.get(png.url)).status).toBe(401);
  });

  it('keeps messages with no subject, no body, or broken MIME', async () => {
    const replies = await smtpSession(port, [
      'EHLO c',
      'MAIL FROM:<lee@example.org>',
      'RCPT TO:<support@acme.test>',
      'DATA',
      'From: lee@example.org\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nbroken but readable\r\n.',
      'QUIT',
    ]);
    expect(replies.some((r) => r.startsWith('250 Queued'))).toBe(true);
    const ticket = await eventually(async () => {
      const { rows } = await t.sql.query(
        `SELECT ticket_id FROM inbound_messages WHERE envelope_from = 'lee@example.org' AND status = 'processed'`,
      );
      return rows[0]?.ticket_id ?? undefined;
    });
    const tk = (await t.admin.get(`/api/v1/tickets/${ticket}`)).body;
    expect(tk.subject).toBe('(no subject)');
    expect(tk.messages[0].bodyText).toContain('broken but readable');
  });

  it('shows admins the spool and lets them re-process a message', async () => {
    const list = await t.admin.get('/api/v1/inbound?status=processed&limit=2');
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0].id).toBeGreaterThan(list.body.items[1].id);
    const id = list.body.items[0].id;
    const raw = await t.admin.request('GET', `/api/v1/inbound/${id}/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    const again = await t.admin.post(`/api/v1/inbound/${id}/reprocess`);
    expect(again.body.status).toBe('received');
    await eventually(async () =>
      (await t.admin.get(`/api/v1/inbound/${id}`)).body.status === 'processed' ? true : undefined,
    );
  });

  it('answers 451 and stores nothing when the database cannot take the message', async () => {
    await t.sql.query(`ALTER TABLE inbound_messages ADD CONSTRAINT refuse_all CHECK (size < 0) NOT VALID`);
    try {
      const replies = await smtpSession(port, [
        'EHLO c',
        'MAIL FROM:<mo@example.org>',
        'RCPT TO:<support@acme.test>',
        'DATA',
        'Subject: x\r\n\r\nhello\r\n.',
        'QUIT',
      ]);
      expect(replies.some((r) => r.startsWith('451'))).toBe(true);
      expect(replies.some((r) => r.startsWith('250 Queued'))).toBe(false);
    } finally {
      await t.sql.query(`ALTER TABLE inbound_messages DROP CONSTRAINT refuse_all`);
    }
  });

  it('processes a committed message that was never queued (sweeper)', async () => {
    const token = unique();
    const raw = Buffer.from(
      `From: ned@example.org\r\nTo: support@acme.test\r\nSubject: Swept ${token}\r\n\r\nqueued by nobody\r\n`,
    );
    await t.sql.query(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to, received_at) VALUES ($1, $2, '\\x00', 'ned@example.org', '{support@acme.test}', now() - interval '5 seconds')`,
      [raw, raw.length],
    );
    const ticket = await ticketWith(token);
    expect(ticket.messages[0].bodyText).toBe('queued by nobody');
  });
});
