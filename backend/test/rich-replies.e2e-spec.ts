import { simpleParser } from 'mailparser';
import { TicketTokens } from '../src/mail/ticket-tokens';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/** A 1×1 PNG, as a browser would paste it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Rich-text replies (docs/architecture.md, "Rich text"): bodyHtml sanitised and stored, sent
 * as the HTML part of multipart/alternative beside the text `body`; inline uploads shown in it
 * travel as related parts named by Content-ID. Through a real SMTP sink, parsed as a mail client would.
 */
describe('rich-text replies', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tokens: TicketTokens;
  let n = 0;
  const unique = () => `r${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_OUTBOUND_BACKOFF_MS: '200' } });
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@rich.test', displayName: 'Rich Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  /** A ticket from the customer's mail, so replies thread into a real conversation. */
  const mailTicket = async (token: string, customer: string) => {
    await sendMail(t, {
      from: customer,
      to: 'support@rich.test',
      subject: `Broken screen ${token}`,
      text: 'My screen flickers.',
      messageId: `<first-${token}@example.org>`,
    });
    return eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      return list.body.items.length ? (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body : undefined;
    });
  };
  /** The reply mail (not the acknowledgement), parsed with its cid: links as sent. */
  const replyMail = async (customer: string, count = 1) => {
    const mails = await eventually(async () => {
      const replies = sink.to(customer).filter((m) => !m.mail.headers.get('auto-submitted'));
      return replies.length >= count ? replies : undefined;
    });
    const last = mails[count - 1];
    return { ...last, parsed: await simpleParser(last.raw, { keepCidLinks: true }) };
  };
  const uploadImage = async (inline: boolean, type = 'image/png', name = 'screen.png', bytes = PNG) => {
    const form = new FormData();
    if (inline) form.append('inline', 'true');
    form.append('file', new Blob([bytes], { type }), name);
    return t.admin.postForm('/api/v1/attachments', form);
  };

  it('sends bodyHtml as the HTML part beside the text, sanitised in the stored and the sent HTML, threaded as before', async () => {
    const token = unique();
    const customer = `dora-${token}@example.org`;
    const ticket = await mailTicket(token, customer);
    const html =
      '<p>Please <strong>restart</strong> it:</p><ul><li>hold power</li><li>wait</li></ul>' +
      '<p onclick="alert(1)">See <a href="https://help.example.org/restart">the guide</a> ' +
      'or <a href="javascript:alert(2)">this</a>.</p><script>alert(3)</script>';
    const text =
      'Please restart it:\n\n- hold power\n- wait\n\nSee the guide <https://help.example.org/restart> or this.';
    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: text, bodyHtml: html });
    expect(res.status).toBe(201);

    // Stored: the formatting, nothing that runs.
    expect(res.body.bodyText).toBe(text);
    const stored: string = res.body.bodyHtml;
    expect(stored).toContain('<strong>restart</strong>');
    expect(stored).toContain('<ul><li>hold power</li><li>wait</li></ul>');
    expect(stored).toContain('href="https://help.example.org/restart"');
    expect(stored).not.toMatch(/<script|onclick|javascript:|alert/i);

    const mail = await replyMail(customer);
    expect(mail.raw.toString('utf8')).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.parsed.text?.trim()).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const sent = mail.parsed.html as string;
    expect(sent).toContain('<strong>restart</strong>');
    expect(sent).toContain('<ul><li>hold power</li><li>wait</li></ul>');
    expect(sent).toContain('href="https://help.example.org/restart"');
    expect(sent).not.toMatch(/<script|onclick|javascript:|alert/i);
    // The conversation is quoted under it as before.
    expect(sent).toContain('My screen flickers.');

    // Threading as for any reply.
    expect(mail.parsed.messageId).toBe(tokens.messageId(ticket.id, res.body.id));
    expect(mail.parsed.inReplyTo).toBe(`<first-${token}@example.org>`);
    expect(mail.parsed.subject).toBe(`Re: Broken screen ${token} [#${ticket.number}]`);
  });

  it('sends an inline image shown in the HTML as a related part that the HTML names by cid:', async () => {
    const token = unique();
    const customer = `erin-${token}@example.org`;
    const ticket = await mailTicket(token, customer);
    const up = await uploadImage(true);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ inline: true, contentType: 'image/png', url: `/api/v1/attachments/${up.body.id}` });
    // Only images can be inline.
    expect((await uploadImage(true, 'application/pdf', 'x.pdf', Buffer.from('%PDF-1.4'))).status).toBe(400);
    // Someone else's inline upload is not the agent's to show.
    const form = new FormData();
    form.append('inline', 'true');
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'theirs.png');
    const theirs = await (await t.newUser('agent')).postForm('/api/v1/attachments', form);
    expect(theirs.status).toBe(201);

    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'This is what I see: [image: screen.png]',
      bodyHtml: `<p>This is what I see: <img src="${up.body.url}" alt="screen.png"><img src="${theirs.body.url}"></p>`,
    });
    expect(res.status).toBe(201);
    // Shown in the help desk by its own URL; not a file listed beside the reply.
    expect(res.body.bodyHtml).toMatch(new RegExp(`<img [^>]*src="/api/v1/attachments/${up.body.id}"`));
    expect(res.body.bodyHtml).not.toContain(`/api/v1/attachments/${theirs.body.id}`);
    expect(res.body.attachments).toEqual([expect.objectContaining({ id: up.body.id, inline: true })]);
    expect((await t.admin.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);

    const mail = await replyMail(customer);
    const raw = mail.raw.toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: multipart\/related/i);
    const html = mail.parsed.html as string;
    expect(html).not.toContain('/api/v1/attachments/');
    const cid = /<img [^>]*src="cid:([^"]+)"/.exec(html)?.[1];
    expect(cid).toBeDefined();
    const part = mail.parsed.attachments.find((a) => a.cid === cid);
    expect(part).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', related: true });
    expect(part!.content.equals(PNG)).toBe(true);
    // The related image is the only part: nothing listed as an ordinary attachment.
    expect(mail.parsed.attachments).toHaveLength(1);
    expect(mail.parsed.text).toContain('This is what I see: [image: screen.png]');

    // The customer's portal shows the reply's HTML, sanitised again, its image through the link's own file URL.
    const link = (await t.admin.get(`/api/v1/tickets/${ticket.id}/portal-link`)).body.url as string;
    const grant = new URL(link).pathname.split('/').pop()!;
    const portal = await t.http.get(`/api/v1/public/tickets/${grant}`);
    const shown = portal.body.messages.find((m: { id: number }) => m.id === res.body.id);
    const src = `/api/v1/public/tickets/${grant}/attachments/${up.body.id}`;
    expect(shown.bodyHtml).toContain(`src="${src}"`);
    expect(shown.bodyHtml).not.toContain('/api/v1/attachments/');
    expect(shown.attachments).toEqual([]);
    const image = await fetch(`${t.url}${src}`);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('sends an inline upload the HTML does not show, named in attachmentIds, as an ordinary attachment', async () => {
    const token = unique();
    const customer = `finn-${token}@example.org`;
    const ticket = await mailTicket(token, customer);
    const up = await uploadImage(true, 'image/png', 'spare.png');
    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Attached.',
      bodyHtml: '<p><em>Attached.</em></p>',
      attachmentIds: [up.body.id],
    });
    expect(res.status).toBe(201);
    expect(res.body.attachments).toEqual([expect.objectContaining({ id: up.body.id, inline: false })]);
    const mail = await replyMail(customer);
    expect(mail.parsed.attachments).toHaveLength(1);
    expect(mail.parsed.attachments[0]).toMatchObject({ filename: 'spare.png', contentDisposition: 'attachment' });
  });

  it('keeps a text-only reply as before, and HTML that shows nothing after sanitising makes it text only', async () => {
    const token = unique();
    const customer = `gail-${token}@example.org`;
    const ticket = await mailTicket(token, customer);
    const plain = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Fixed <now> & done.' });
    expect(plain.status).toBe(201);
    expect(plain.body.bodyHtml).toBeNull();
    const mail = await replyMail(customer);
    expect(mail.parsed.text).toMatch(/^Fixed <now> & done\./);
    expect(mail.parsed.html).toContain('<div>Fixed &lt;now&gt; &amp; done.</div>');
    expect(mail.parsed.messageId).toBe(tokens.messageId(ticket.id, plain.body.id));

    const empty = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Only text survives.',
      bodyHtml: '<p><script>alert(1)</script></p><p>&nbsp;</p><img src="javascript:alert(1)">',
    });
    expect(empty.status).toBe(201);
    expect(empty.body.bodyHtml).toBeNull();
    const second = await replyMail(customer, 2);
    expect(second.parsed.html).toContain('<div>Only text survives.</div>');

    // An internal note carries its HTML too (sanitised), and mails nobody.
    const note = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Check the cable',
      bodyHtml: '<p>Check the <u>cable</u><img src="x" onerror="alert(1)"></p>',
      internal: true,
    });
    expect(note.status).toBe(201);
    expect(note.body.bodyHtml).toBe('<p>Check the <u>cable</u></p>');
    // Oversized HTML is refused.
    const huge = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'x',
      bodyHtml: `<p>${'a'.repeat(1_000_001)}</p>`,
    });
    expect(huge.status).toBe(400);
  });
});
