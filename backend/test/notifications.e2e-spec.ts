import type { Socket } from 'socket.io-client';
import { TicketTokens } from '../src/mail/ticket-tokens';
import { eventually, sendMail } from './support/mail';
import { SmtpSink } from './support/smtp-sink';
import { connectSocket, nextEvent, record } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

type Agent = Awaited<ReturnType<TestApp['newUser']>>;

/**
 * In-app notifications (issue 18, the bell): the agents told by mail of an assignment, a
 * mention or a customer's reply on a followed ticket get a notification too, in the same
 * transaction, live on their own sockets only, also when that mail is switched off.
 */
describe('in-app notifications', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let tokens: TicketTokens;
  let alice: Agent;
  let bob: Agent;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0' } });
    tokens = t.app.get(TicketTokens);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    alice = await t.newUser('agent');
    bob = await t.newUser('agent');
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
    await sink.close();
  });

  const socketOf = async (agent: Agent) => {
    const s = await connectSocket(t.url, { cookie: agent.cookie });
    sockets.push(s);
    return s;
  };
  const newTicket = async (subject: string, customer = 'dana@customer.test') => {
    const res = await t.admin.post('/api/v1/tickets', { subject, body: 'Hello', requester: { email: customer } });
    expect(res.status).toBe(201);
    return res.body as { id: number; number: number };
  };
  const listOf = async (agent: Agent) => {
    const res = await agent.get('/api/v1/notifications');
    expect(res.status).toBe(200);
    return res.body as {
      items: {
        id: number;
        kind: string;
        ticketId: number;
        ticketNumber: number;
        ticketSubject: string;
        actor: { id: number; name: string } | null;
        read: boolean;
      }[];
      nextCursor: string | null;
      unread: number;
    };
  };
  const about = async (agent: Agent, ticketId: number) =>
    (await listOf(agent)).items.filter((n) => n.ticketId === ticketId);

  it('tells the assignee of an assignment by someone else, live on their sockets only', async () => {
    const aliceSocket = await socketOf(alice);
    const bobSocket = await socketOf(bob);
    const bobHeard = record(bobSocket, 'notification.created');
    const ticket = await newTicket('Printer on fire');
    const heard = nextEvent(aliceSocket, 'notification.created', (n: { ticketId: number }) => n.ticketId === ticket.id);
    expect((await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: alice.user.id })).status).toBe(200);
    const live = await heard;
    expect(live).toMatchObject({
      kind: 'assigned',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      ticketSubject: 'Printer on fire',
      actor: { id: t.admin.user.id },
      read: false,
    });
    expect((await about(alice, ticket.id)).map((n) => n.kind)).toEqual(['assigned']);
    expect((await about(alice, ticket.id))[0]).toEqual(live);
    // The bell is one's own: Bob neither lists nor hears Alice's.
    expect((await listOf(bob)).items).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(bobHeard).toEqual([]);
  });

  it('does not tell an agent who assigned the ticket to themselves', async () => {
    const ticket = await newTicket('Taking this one');
    expect((await alice.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: alice.user.id })).status).toBe(200);
    expect(await about(alice, ticket.id)).toEqual([]);
  });

  it('tells a mentioned agent, naming who mentioned them', async () => {
    const ticket = await newTicket('Invoice question');
    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: '@Bob please check',
      internal: true,
      mentions: [bob.user.id],
    });
    expect(res.status).toBe(201);
    expect(await about(bob, ticket.id)).toEqual([
      expect.objectContaining({ kind: 'mentioned', actor: expect.objectContaining({ id: t.admin.user.id }) }),
    ]);
    expect(await about(alice, ticket.id)).toEqual([]);
  });

  it("tells a follower of a customer's reply by mail", async () => {
    const ticket = await newTicket('Router blinking', 'router@customer.test');
    expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/followers`, { userId: bob.user.id })).status).toBe(201);
    await sendMail(t, {
      from: 'router@customer.test',
      to: tokens.replyAddress('support@acme.test', ticket.id),
      subject: `Re: Router blinking [#${ticket.number}]`,
      text: 'It is still blinking',
    });
    const found = await eventually(async () => {
      const mine = await about(bob, ticket.id);
      return mine.length ? mine : undefined;
    });
    expect(found).toEqual([expect.objectContaining({ kind: 'customer_replied', actor: null })]);
  });

  it('marks read by ids and all, and the unread count follows', async () => {
    const before = await listOf(bob);
    expect(before.unread).toBe(before.items.filter((n) => !n.read).length);
    expect(before.unread).toBeGreaterThanOrEqual(2);
    const first = before.items[0];
    // Another agent's ids are not theirs to mark.
    expect((await alice.post('/api/v1/notifications/read', { ids: [first.id] })).body).toEqual({
      unread: (await listOf(alice)).unread,
    });
    expect((await listOf(bob)).unread).toBe(before.unread);

    const one = await bob.post('/api/v1/notifications/read', { ids: [first.id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ unread: before.unread - 1 });
    expect((await listOf(bob)).items.find((n) => n.id === first.id)!.read).toBe(true);

    const all = await bob.post('/api/v1/notifications/read', { all: true });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ unread: 0 });
    expect((await listOf(bob)).items.every((n) => n.read)).toBe(true);
    expect((await bob.post('/api/v1/notifications/read', { all: false })).status).toBe(400);
  });

  it('pages newest first', async () => {
    const first = await bob.get('/api/v1/notifications?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await bob.get(`/api/v1/notifications?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);
  });

  it('lists nothing about a deleted ticket', async () => {
    const ticket = await newTicket('Soon in the trash');
    await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: bob.user.id });
    expect(await about(bob, ticket.id)).toHaveLength(1);
    const unread = (await listOf(bob)).unread;
    expect((await t.admin.delete(`/api/v1/tickets/${ticket.id}`)).status).toBeLessThan(300);
    expect(await about(bob, ticket.id)).toEqual([]);
    expect((await listOf(bob)).unread).toBe(unread - 1);
  });

  it('is still written when the mail of that kind is switched off', async () => {
    expect((await t.admin.put('/api/v1/mail-templates/agent_assigned', { enabled: false })).status).toBe(200);
    try {
      const ticket = await newTicket('Quiet assignment');
      const mailsBefore = await t.sql.query(`SELECT 1 FROM outbound_messages WHERE ticket_id = $1`, [ticket.id]);
      await t.admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: alice.user.id });
      expect((await about(alice, ticket.id)).map((n) => n.kind)).toEqual(['assigned']);
      const mailsAfter = await t.sql.query(`SELECT 1 FROM outbound_messages WHERE ticket_id = $1`, [ticket.id]);
      expect(mailsAfter.rowCount).toBe(mailsBefore.rowCount);
    } finally {
      await t.admin.put('/api/v1/mail-templates/agent_assigned', { enabled: true });
    }
  });

  it("lists nothing about a ticket now out of the agent's scope", async () => {
    const mine = await newTicket('Still mine');
    await t.admin.patch(`/api/v1/tickets/${mine.id}`, { assigneeId: bob.user.id });
    expect((await listOf(bob)).items.some((n) => n.kind === 'mentioned')).toBe(true);
    // Only tickets assigned to him from now on: the mention and the followed reply are on others.
    expect((await t.admin.patch(`/api/v1/users/${bob.user.id}`, { ticketScope: 'assigned' })).status).toBe(200);
    const { items } = await listOf(bob);
    expect(items.map((n) => n.ticketId)).toEqual([mine.id]);
  });
});
