import { TicketTokens } from '../src/mail/ticket-tokens';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Tickets agents write themselves (issue 18): a phone call or a note, or an email out to a
 * customer whose answer threads back; and changing a ticket's requester.
 */
describe('agent-written tickets and their requester', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agent: TestApp['admin'] & { user: { id: number } };
  let n = 0;
  const unique = () => `a${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_OUTBOUND_BACKOFF_MS: '200' } });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    agent = await t.newUser('agent');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await agent.post('/api/v1/tickets', { subject: `Call ${unique()}`, body: 'Words', ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const outbound = async (ticketId: number) =>
    (
      await t.sql.query(`SELECT kind, to_addresses AS "to", subject FROM outbound_messages WHERE ticket_id = $1`, [
        ticketId,
      ])
    ).rows;
  const events = async (ticketId: number) =>
    (await agent.get(`/api/v1/tickets/${ticketId}/events`)).body.items as {
      action: string;
      field: string | null;
      before: unknown;
      after: unknown;
      actor: { type: string; id: number | null };
    }[];

  describe('creating', () => {
    it('records the body as the requester’s words by default, and emails nothing', async () => {
      const tk = await create({ requester: { email: `caller-${unique()}@example.org` } });
      expect(tk).toMatchObject({ status: 'new', firstResponseAt: null });
      expect(tk.messages).toEqual([
        expect.objectContaining({
          bodyText: 'Words',
          internal: false,
          author: expect.objectContaining({ type: 'customer' }),
        }),
      ]);
      expect(await outbound(tk.id)).toEqual([]);
    });

    it('records a phone call as the agent’s internal note: still new, nothing emailed', async () => {
      const email = `note-${unique()}@example.org`;
      const tk = await create({ requester: { email, name: 'Nora' }, firstMessage: 'note' });
      expect(tk).toMatchObject({ status: 'new', firstResponseAt: null, requester: { email, name: 'Nora' } });
      expect(tk.messages).toEqual([
        expect.objectContaining({
          bodyText: 'Words',
          internal: true,
          author: expect.objectContaining({ type: 'user', id: agent.user.id }),
        }),
      ]);
      expect(await outbound(tk.id)).toEqual([]);
    });

    it('emails the agent’s first message to the customer once, and the customer’s answer threads back', async () => {
      const token = unique();
      const customer = `out-${token}@example.org`;
      const tk = await create({
        subject: `Your order ${token}`,
        body: 'Your parcel is delayed; we will send it on Monday.',
        requester: { email: customer },
        firstMessage: 'reply',
      });
      expect(tk).toMatchObject({ status: 'open', firstResponseAt: expect.any(String) });
      expect(tk.messages).toHaveLength(1);
      expect(tk.messages[0]).toMatchObject({
        internal: false,
        author: { type: 'user', id: agent.user.id },
        delivery: { status: expect.any(String) },
      });
      expect(await outbound(tk.id)).toEqual([
        { kind: 'reply', to: [customer], subject: `Your order ${token} [#${tk.number}]` },
      ]);
      const [sent] = await sink.received(customer);
      expect(sent.mail.messageId).toBe(t.app.get(TicketTokens).messageId(tk.id, tk.messages[0].id));
      expect(sent.mail.text).toContain('Your parcel is delayed');
      expect((await events(tk.id)).map((e) => [e.action, e.field, e.actor.id])).toEqual([
        ['created', null, agent.user.id],
        ['message_added', null, agent.user.id],
        ['updated', 'status', agent.user.id],
      ]);

      await sendMail(t, {
        from: customer,
        to: sent.mail.replyTo!.value[0].address!,
        subject: `Re: ${sent.mail.subject}`,
        inReplyTo: sent.mail.messageId,
        references: [sent.mail.messageId!],
        text: 'Monday is fine, thanks.',
      });
      const after = await eventually(async () => {
        const got = (await agent.get(`/api/v1/tickets/${tk.id}`)).body;
        return got.messages.length === 2 ? got : undefined;
      });
      expect(after.messages[1]).toMatchObject({
        bodyText: 'Monday is fine, thanks.',
        channel: 'email',
        author: { type: 'customer', email: customer },
      });
      expect((await agent.get(`/api/v1/tickets?q=${token}`)).body.items).toHaveLength(1);
    });

    it('answers 400 for an unknown kind of first message', async () => {
      const res = await agent.post('/api/v1/tickets', {
        subject: 'x',
        body: 'x',
        requester: { email: 'x@example.org' },
        firstMessage: 'fax',
      });
      expect(res.status).toBe(400);
      expect(res.body.fields.firstMessage).toBeDefined();
    });
  });

  describe('changing the requester', () => {
    it('moves the ticket to another customer and their organization, in the audit trail', async () => {
      const domain = `${unique()}.example`;
      const org = (await t.admin.post('/api/v1/organizations', { name: `Org ${domain}`, domains: [domain] })).body;
      const member = (await t.admin.post('/api/v1/customers', { email: `m@${domain}`, name: 'Mia' })).body;
      expect(member.organizationId).toBe(org.id);
      const tk = await create({ requester: { email: `first-${unique()}@example.org` } });
      const res = await agent.patch(`/api/v1/tickets/${tk.id}`, { requesterId: member.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        requesterId: member.id,
        requester: { email: `m@${domain}` },
        organizationId: org.id,
      });
      const changes = (await events(tk.id)).filter((e) => e.action === 'updated');
      expect(changes.map((e) => [e.field, e.before, e.after, e.actor.id])).toEqual([
        ['requesterId', tk.requesterId, member.id, agent.user.id],
        ['organizationId', null, org.id, agent.user.id],
      ]);
      // The same requester again changes nothing and writes nothing.
      await agent.patch(`/api/v1/tickets/${tk.id}`, { requesterId: member.id });
      expect((await events(tk.id)).filter((e) => e.action === 'updated')).toHaveLength(2);
      // Their tickets list it now.
      const mine = (await agent.get(`/api/v1/tickets?requesterId=${member.id}`)).body.items;
      expect(mine.map((x: { id: number }) => x.id)).toContain(tk.id);
    });

    it('takes a new address as a new customer, and keeps an organization given with it', async () => {
      const tk = await create({ requester: { email: `old-${unique()}@example.org` } });
      const email = `new-${unique()}@example.org`;
      const res = await agent.patch(`/api/v1/tickets/${tk.id}`, {
        requester: { email: email.toUpperCase(), name: 'Ned' },
      });
      expect(res.status).toBe(200);
      expect(res.body.requester).toMatchObject({ email, name: 'Ned' });
      expect(res.body.requesterId).not.toBe(tk.requesterId);
      const org = (await t.admin.post('/api/v1/organizations', { name: `Kept ${unique()}` })).body;
      const other = await agent.patch(`/api/v1/tickets/${tk.id}`, {
        requester: { email: `third-${unique()}@example.org` },
        organizationId: org.id,
      });
      expect(other.body.organizationId).toBe(org.id);
    });

    it('answers 400 for an unknown customer, a bad id, or both ways at once, and changes nothing', async () => {
      const tk = await create({ requester: { email: `stay-${unique()}@example.org` } });
      const unknown = await agent.patch(`/api/v1/tickets/${tk.id}`, { requesterId: 99999999 });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields.requesterId).toEqual([expect.stringMatching(/no customer/)]);
      const bad = await agent.patch(`/api/v1/tickets/${tk.id}`, { requesterId: 'dana' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.requesterId).toBeDefined();
      const email = await agent.patch(`/api/v1/tickets/${tk.id}`, { requester: { email: 'not-an-address' } });
      expect(email.status).toBe(400);
      const both = await agent.patch(`/api/v1/tickets/${tk.id}`, {
        requesterId: tk.requesterId,
        requester: { email: 'x@example.org' },
      });
      expect(both.status).toBe(400);
      expect(both.body.fields.requester).toBeDefined();
      expect((await agent.get(`/api/v1/tickets/${tk.id}`)).body.requesterId).toBe(tk.requesterId);
      expect((await events(tk.id)).filter((e) => e.action === 'updated')).toEqual([]);
    });

    it('refuses to change the requester of a closed ticket (409)', async () => {
      const tk = await create({ requester: { email: `closed-${unique()}@example.org` } });
      await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'closed' });
      const res = await agent.patch(`/api/v1/tickets/${tk.id}`, {
        requester: { email: `late-${unique()}@example.org` },
      });
      expect(res.status).toBe(409);
    });
  });
});
