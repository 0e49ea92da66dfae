import { TicketTokens } from '../src/mail/ticket-tokens';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

/**
 * CC and forward from the composer (issue 18): a reply's Cc (RFC 5322 §3.6.3) reaches the
 * relay and makes the ticket's CC (its customer followers); a forward goes to a third party
 * with the chosen messages quoted and their files attached, never to the customer nor onto
 * the portal, and the third party's answer threads back into the ticket through the real
 * SMTP receiver.
 */
describe('CC and forward', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tokens: TicketTokens;
  let n = 0;
  const unique = () => `c${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
      },
    });
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  /** The ticket whose subject contains `token`, once the worker has made it from mail. */
  const mailTicket = (token: string) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      return list.body.items.length ? (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body : undefined;
    });
  const ticket = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body;
  const sent = (address: string, subject: RegExp) =>
    eventually(async () => sink.to(address).find((m) => subject.test(m.mail.subject ?? '')));

  it('sends a reply with the Cc given, makes them the ticket’s CC, and keeps them on the next reply', async () => {
    const token = unique();
    const customer = `dana-${token}@example.org`;
    const created = (
      await t.admin.post('/api/v1/tickets', { subject: `Billing ${token}`, body: 'Hi', requester: { email: customer } })
    ).body;
    const cc = [`Boss-${token}@Example.org`, `accounts-${token}@example.org`];
    const res = await t.admin.post(`/api/v1/tickets/${created.id}/messages`, { body: 'First answer', cc });
    expect(res.status).toBe(201);
    const lower = cc.map((a) => a.toLowerCase()).sort();

    const mail = await sent(customer, /Billing/);
    expect(
      [mail.mail.cc]
        .flat()
        .flatMap((a) => a!.value.map((v) => v.address))
        .sort(),
    ).toEqual(lower);
    expect(mail.envelope.to.sort()).toEqual([customer, ...lower].sort());
    expect(mail.raw.toString()).toMatch(/^Cc: /m);

    const after = await ticket(created.id);
    expect(after.cc).toEqual(lower);
    expect(after.followers.customers.map((c: { email: string }) => c.email).sort()).toEqual(lower);
    expect(after.messages.find((m: { id: number }) => m.id === res.body.id).cc.sort()).toEqual(lower);

    // A later reply without cc: the ticket's CC stays on it.
    const second = await t.admin.post(`/api/v1/tickets/${created.id}/messages`, { body: 'Second answer' });
    expect(second.status).toBe(201);
    await eventually(async () => (sink.to(customer).length >= 2 ? true : undefined));
    const next = sink.to(customer)[1];
    expect(next.mail.text).toContain('Second answer');
    expect(
      [next.mail.cc]
        .flat()
        .flatMap((a) => a!.value.map((v) => v.address))
        .sort(),
    ).toEqual(lower);

    // The requester gets every reply anyway: on the cc list they change nothing.
    const withRequester = await t.admin.post(`/api/v1/tickets/${created.id}/messages`, {
      body: 'Answer with the requester on cc',
      cc: [...lower, customer],
    });
    expect(withRequester.status).toBe(201);
    expect((await ticket(created.id)).cc).toEqual(lower);

    // A cc list without one of them: that one is CC'd no more.
    const third = await t.admin.post(`/api/v1/tickets/${created.id}/messages`, {
      body: 'Third answer',
      cc: [lower[0]],
    });
    expect(third.status).toBe(201);
    expect((await ticket(created.id)).cc).toEqual([lower[0]]);
  });

  it('refuses bad addresses, our own mailbox, an agent’s, more than 20, and a note with cc', async () => {
    const created = (
      await t.admin.post('/api/v1/tickets', { subject: 'Refusals', body: 'Hi', requester: { email: 'r@example.org' } })
    ).body;
    const post = (body: Record<string, unknown>) => t.admin.post(`/api/v1/tickets/${created.id}/messages`, body);
    const bad = await post({ body: 'x', cc: ['not an address'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('each cc must be an email address');
    const own = await post({ body: 'x', cc: ['Support+t9.abc@acme.test'] });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.body)).toContain('support+t9.abc@acme.test is an address of this help desk');
    const many = await post({ body: 'x', cc: Array.from({ length: 21 }, (_, i) => `p${i}@example.org`) });
    expect(many.status).toBe(400);
    const agent = await post({ body: 'x', cc: [ADMIN.email] });
    expect(agent.status).toBe(400);
    expect(JSON.stringify(agent.body)).toContain('agents follow the ticket instead');
    const note = await post({ body: 'x', internal: true, cc: ['a@example.org'] });
    expect(note.status).toBe(400);
    expect(JSON.stringify(note.body)).toContain('cannot have a Cc');
    // Nothing of the refused calls stayed.
    const after = await ticket(created.id);
    expect(after.cc).toEqual([]);
    expect(after.messages).toHaveLength(1);
  });

  it('forwards a message with its file to a vendor, apart from the customer, and threads the vendor’s answer back', async () => {
    const token = unique();
    const customer = `erin-${token}@example.org`;
    const vendor = `vendor-${token}@vendor.test`;
    await sendMail(t, {
      from: `"Erin" <${customer}>`,
      to: 'support@acme.test',
      subject: `Broken part ${token}`,
      text: 'The hinge snapped, photo attached.',
      messageId: `<first-${token}@example.org>`,
      attachments: [{ filename: 'hinge.txt', content: 'photo bytes', contentType: 'text/plain' }],
    });
    const created = await mailTicket(token);
    const original = created.messages[0];
    expect(original.attachments).toMatchObject([{ filename: 'hinge.txt' }]);
    const ack = await eventually(async () => (sink.to(customer).length ? sink.to(customer).length : undefined));

    const res = await t.admin.post(`/api/v1/tickets/${created.id}/forward`, {
      to: [vendor],
      cc: [`parts-${token}@vendor.test`],
      body: 'Can you replace this hinge?',
      messageIds: [original.id],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      internal: true,
      forwardedTo: [vendor],
      cc: [`parts-${token}@vendor.test`],
      bodyText: 'Can you replace this hinge?',
    });

    const mail = await sent(vendor, /Broken part/);
    expect(mail.mail.subject).toBe(`Fwd: Broken part ${token} [#${created.number}]`);
    expect(mail.mail.text).toContain('Can you replace this hinge?');
    expect(mail.mail.text).toContain('---------- Forwarded message ----------');
    expect(mail.mail.text).toContain(`From: Erin <${customer}>`);
    expect(mail.mail.text).toContain('The hinge snapped, photo attached.');
    expect(mail.mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['hinge.txt', 'photo bytes'],
    ]);
    expect([mail.mail.cc].flat().flatMap((a) => a!.value.map((v) => v.address))).toEqual([
      `parts-${token}@vendor.test`,
    ]);
    expect(mail.envelope.to).toEqual([vendor, `parts-${token}@vendor.test`]);
    // Its own Message-ID, threading nothing of the customer's conversation.
    expect(mail.mail.messageId).toBe(tokens.messageId(created.id, res.body.id));
    expect(mail.mail.inReplyTo).toBeUndefined();
    expect(mail.mail.references).toBeUndefined();
    expect(mail.mail.replyTo!.value[0].address).toBe(tokens.replyAddress('support@acme.test', created.id));

    // The customer got the acknowledgement only; the forward is no reply of the agent's.
    expect(sink.to(customer)).toHaveLength(ack);
    const after = await ticket(created.id);
    expect(after.firstResponseAt).toBeNull();
    expect(after.messages.find((m: { id: number }) => m.id === res.body.id).delivery).toMatchObject({ status: 'sent' });
    const portal = (await t.admin.get(`/api/v1/tickets/${created.id}/portal-link`)).body.url as string;
    const page = await t.http.get(`/api/v1/public/tickets/${new URL(portal).pathname.replace('/portal/', '')}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain('Can you replace this hinge?');
    expect(page.body.messages).toHaveLength(1);
    // The audit trail says to whom.
    const events = (await t.admin.get(`/api/v1/tickets/${created.id}/events`)).body.items;
    expect(events.find((e: { after: { messageId?: number } }) => e.after?.messageId === res.body.id).after).toEqual({
      messageId: res.body.id,
      internal: true,
      forwardedTo: [vendor],
    });

    // The vendor answers the forward: it threads into the same ticket, for the agents only.
    await sendMail(t, {
      from: vendor,
      to: mail.mail.replyTo!.value[0].address,
      cc: `boss-${token}@vendor.test`,
      subject: `Re: ${mail.mail.subject}`,
      text: 'A new hinge ships tomorrow.',
      inReplyTo: mail.mail.messageId,
      references: [mail.mail.messageId!],
    });
    const answered = await eventually(async () => {
      const tk = await ticket(created.id);
      return tk.messages.find((m: { bodyText: string }) => m.bodyText.includes('A new hinge ships tomorrow.'));
    });
    expect(answered.author).toMatchObject({ type: 'customer', email: vendor });
    expect(answered.internal).toBe(true);
    expect((await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items).toHaveLength(1);
    expect((await ticket(created.id)).cc).toEqual([]);
    const later = await t.http.get(`/api/v1/public/tickets/${new URL(portal).pathname.replace('/portal/', '')}`);
    expect(JSON.stringify(later.body)).not.toContain('A new hinge ships tomorrow.');
  });

  it('answers 404 out of the agent’s scope and 400 for a message of another ticket or our own address', async () => {
    const a = (
      await t.admin.post('/api/v1/tickets', { subject: 'Scope A', body: 'A', requester: { email: 'a@example.org' } })
    ).body;
    const b = (
      await t.admin.post('/api/v1/tickets', { subject: 'Scope B', body: 'B', requester: { email: 'b@example.org' } })
    ).body;
    const agent = await t.newUser('agent');
    expect((await t.admin.patch(`/api/v1/users/${agent.user.id}`, { ticketScope: 'assigned' })).status).toBe(200);
    const forward = { to: ['v@vendor.test'], body: 'See below', messageIds: [a.messages[0].id] };
    expect((await agent.post(`/api/v1/tickets/${a.id}/forward`, forward)).status).toBe(404);

    const foreign = await t.admin.post(`/api/v1/tickets/${a.id}/forward`, {
      ...forward,
      messageIds: [b.messages[0].id],
    });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain(`message ${b.messages[0].id} is not on ticket #${a.number}`);
    const own = await t.admin.post(`/api/v1/tickets/${a.id}/forward`, { ...forward, to: ['support@acme.test'] });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.body)).toContain('support@acme.test is an address of this help desk');
    expect((await t.admin.post(`/api/v1/tickets/${a.id}/forward`, { ...forward, to: [] })).status).toBe(400);
    expect((await t.admin.post(`/api/v1/tickets/${a.id}/forward`, { ...forward, to: ['nope'] })).status).toBe(400);
    expect((await ticket(a.id)).messages).toHaveLength(1);
  });
});
