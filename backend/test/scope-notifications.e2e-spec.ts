import { TicketTokens } from '../src/mail/ticket-tokens';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Ticket scope beyond the API (issue 13, found by a new-user trial): an agent whose scope
 * does not reach a ticket is never told about it by mail (mention, follow, customer reply),
 * cannot be mentioned on it or made to follow it, and cannot write into it by answering
 * mail. Their in-scope colleagues see no difference.
 */
describe('ticket scope in notifications and mail', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tokens: TicketTokens;
  let billing: number;
  let tech: number;
  let alice: Awaited<ReturnType<TestApp['newUser']>>; // groups scope, Billing
  let bob: Awaited<ReturnType<TestApp['newUser']>>; // all scope

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0' } });
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    billing = (await t.admin.post('/api/v1/groups', { name: 'Billing' })).body.id;
    tech = (await t.admin.post('/api/v1/groups', { name: 'Tech' })).body.id;
    alice = await t.newUser('agent');
    bob = await t.newUser('agent');
    await t.admin.patch(`/api/v1/users/${alice.user.id}`, { ticketScope: 'groups' });
    await t.admin.patch(`/api/v1/groups/${billing}`, { memberIds: [alice.user.id] });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const ticketIn = async (groupId: number, customer: string) => {
    const res = await t.admin.post('/api/v1/tickets', {
      subject: `About ${customer}`,
      body: 'Hello',
      requester: { email: customer },
      groupId,
    });
    expect(res.status).toBe(201);
    return res.body as { id: number; number: number };
  };
  /** The mail queued for an agent: its kind and ticket. */
  const agentMail = async (userId: number) =>
    (
      await t.sql.query<{ kind: string; ticket_id: number }>(
        `SELECT o.kind, o.ticket_id::int FROM outbound_messages o JOIN users u ON u.email = ANY(o.to_addresses)
          WHERE u.id = $1 ORDER BY o.id`,
        [userId],
      )
    ).rows;

  it('refuses to mention, or make follow, an agent the ticket is out of scope for; in scope both work', async () => {
    const hidden = await ticketIn(tech, 'vpn@customer.test');
    const mention = await bob.post(`/api/v1/tickets/${hidden.id}/messages`, {
      body: '@Alice the secret VPN detail',
      internal: true,
      mentions: [alice.user.id],
    });
    expect(mention.status).toBe(400);
    expect(JSON.stringify(mention.body)).toContain('cannot see this ticket');
    const follow = await bob.post(`/api/v1/tickets/${hidden.id}/followers`, { userId: alice.user.id });
    expect(follow.status).toBe(400);
    expect((await t.admin.get(`/api/v1/tickets/${hidden.id}`)).body.messages).toHaveLength(1);

    const visible = await ticketIn(billing, 'invoice@customer.test');
    expect(
      (
        await bob.post(`/api/v1/tickets/${visible.id}/messages`, {
          body: '@Alice please check',
          internal: true,
          mentions: [alice.user.id],
        })
      ).status,
    ).toBe(201);
    expect((await bob.post(`/api/v1/tickets/${visible.id}/followers`, { userId: alice.user.id })).status).toBe(201);
    await eventually(async () =>
      (await agentMail(alice.user.id)).some((m) => m.kind === 'agent_mentioned' && m.ticket_id === visible.id)
        ? true
        : undefined,
    );
  });

  it('tells a follower nothing of a ticket that left their scope', async () => {
    const moving = await ticketIn(billing, 'mover@customer.test');
    expect((await t.admin.post(`/api/v1/tickets/${moving.id}/followers`, { userId: alice.user.id })).status).toBe(201);
    expect((await t.admin.patch(`/api/v1/tickets/${moving.id}`, { groupId: tech })).status).toBe(200);
    await sendMail(t, {
      from: 'mover@customer.test',
      to: tokens.replyAddress('support@acme.test', moving.id),
      subject: `Re: About mover [#${moving.number}]`,
      text: 'My password is hunter2-confidential',
    });
    await eventually(async () =>
      (await t.admin.get(`/api/v1/tickets/${moving.id}`)).body.messages.length === 2 ? true : undefined,
    );
    // Bob (all scope) follows too, as the control: he hears of it, Alice does not.
    await t.admin.post(`/api/v1/tickets/${moving.id}/followers`, { userId: bob.user.id });
    await sendMail(t, {
      from: 'mover@customer.test',
      to: tokens.replyAddress('support@acme.test', moving.id),
      subject: `Re: About mover [#${moving.number}]`,
      text: 'Any news?',
    });
    await eventually(async () =>
      (await agentMail(bob.user.id)).some((m) => m.kind === 'agent_customer_replied' && m.ticket_id === moving.id)
        ? true
        : undefined,
    );
    // Mail she got while it was hers to see stays; nothing after it moved.
    const before = (await agentMail(alice.user.id)).filter((m) => m.ticket_id === moving.id);
    expect(before.map((m) => m.kind)).not.toContain('agent_customer_replied');
  });

  it("does not thread an agent's mail into a ticket out of their scope", async () => {
    await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: ['127.0.0.1'] });
    const hidden = await ticketIn(tech, 'router@customer.test');
    await sendMail(t, {
      from: alice.user.email,
      to: tokens.replyAddress('support@acme.test', hidden.id),
      subject: `Re: About router [#${hidden.number}]`,
      text: 'Writing into a ticket I cannot see',
    });
    const started = await eventually(async () => {
      const list = (await t.admin.get('/api/v1/tickets?q=%22Writing%20into%20a%20ticket%22')).body.items;
      return list.length ? list : undefined;
    });
    expect(started.map((x: { id: number }) => x.id)).not.toContain(hidden.id);
    expect((await t.admin.get(`/api/v1/tickets/${hidden.id}`)).body.messages).toHaveLength(1);

    // In scope, the same mail is her note on the ticket.
    const own = await ticketIn(billing, 'ledger@customer.test');
    await sendMail(t, {
      from: alice.user.email,
      to: tokens.replyAddress('support@acme.test', own.id),
      subject: `Re: About ledger [#${own.number}]`,
      text: 'Writing into my own ticket',
    });
    await eventually(async () =>
      (await t.admin.get(`/api/v1/tickets/${own.id}`)).body.messages.some(
        (m: { bodyText: string; author: { id: number } }) =>
          m.bodyText.startsWith('Writing into my own ticket') && m.author.id === alice.user.id,
      )
        ? true
        : undefined,
    );
  });
});
