import { Transactions } from '../src/database/transactions';
import { DomainEventsRepository } from '../src/tickets/domain-events.repository';
import { SpoolRepository } from '../src/mail-in/spool/spool.repository';
import { MailFlag } from '../src/mail/mail-flags';
import { TicketEventBus } from '../src/tickets/ticket-event-bus';
import { Cause, StoredEvent, TicketEventSubscriber } from '../src/tickets/ticket-events';
import { TicketLookupRepository } from '../src/tickets/ticket-lookup.repository';
import { TicketStatus } from '../src/tickets/ticket.constants';
import { TicketsService } from '../src/tickets/tickets.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The ticket domain service on real PostgreSQL, without HTTP: the rules it applies once
 * for every channel, and the one event per change it stores and hands to subscribers.
 */
describe('the ticket domain service', () => {
  let t: TestApp;
  let tickets: TicketsService;
  let agentId: number;
  let n = 0;
  const email = () => `person${++n}-${Date.now().toString(36)}@example.org`;
  const agent = (): Cause => ({ kind: 'agent', userId: agentId });

  /** Every batch of events subscribers got, as they got them. */
  const delivered: { before: StoredEvent[][]; after: StoredEvent[][] } = { before: [], after: [] };
  const recorder: TicketEventSubscriber<number> = {
    name: 'test-recorder',
    beforeCommit: async (events) => delivered.before.push([...events]),
    afterCommit: async (events) => void delivered.after.push([...events]),
  };

  beforeAll(async () => {
    t = await startTestApp();
    tickets = t.app.get(TicketsService);
    agentId = (await t.newUser('agent')).user.id;
    t.app.get(TicketEventBus).subscribe(recorder);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    delivered.before.length = 0;
    delivered.after.length = 0;
  });

  const status = async (id: number) =>
    (await t.sql.query(`SELECT status, solved_at FROM tickets WHERE id = $1`, [id])).rows[0] as {
      status: TicketStatus;
      solved_at: Date | null;
    };
  /** What a durable consumer reads: the events after the last one it handled. */
  const stored = async (afterId: number) =>
    (await t.app.get(DomainEventsRepository).after(afterId, 1000)).map(({ id, type, ticketId, cause }) => ({
      id,
      type,
      ticketId,
      cause,
    }));
  const lastEventId = async () =>
    Number((await t.sql.query(`SELECT coalesce(max(id), 0) AS id FROM domain_events`)).rows[0].id);

  /** A ticket from a customer, moved to `to` by an agent. */
  async function ticketIn(to: TicketStatus) {
    const requester = email();
    const id = await tickets.create({ subject: `In ${to}`, body: 'Help', requester: { email: requester } }, agent());
    if (to !== 'new') await tickets.update(id, { status: to }, agent());
    const { rows } = await t.sql.query(`SELECT requester_id FROM tickets WHERE id = $1`, [id]);
    return { id, requester, customerId: rows[0].requester_id as number };
  }

  /** A mail from `from` threaded onto ticket `id`, through the same entry mail-in uses. */
  async function mail(id: number, from: string, flags: MailFlag[] = []) {
    const inboundId = await t.app.get(SpoolRepository).insert({
      raw: Buffer.from(`From: ${from}\r\n\r\nStill broken`),
      envelopeFrom: from,
      envelopeTo: ['support@example.com'],
      peerIp: null,
      helo: null,
      tls: false,
      mailboxId: null,
      auth: null,
    });
    const { rows } = await t.sql.query(`INSERT INTO mailboxes (address) VALUES ($1) RETURNING id`, [
      `support-${inboundId}@example.com`,
    ]);
    const transactions = t.app.get(Transactions);
    const result = await transactions.run(async (tx) =>
      tickets.addInboundMessage(tx, {
        inboundId,
        thread: await t.app.get(TicketLookupRepository).lockById(tx, id),
        mentions: null,
        from: { address: from },
        agentId: null,
        mailboxId: rows[0].id,
        groupId: null,
        subject: 'Re: help',
        visibility: 'public',
        bodyText: 'Still broken',
        fullText: null,
        html: null,
        attachments: [],
        mail: {
          messageId: `<m${inboundId}@example.org>`,
          inReplyTo: null,
          references: [],
          from,
          to: [],
          cc: [],
          flags,
        },
        followers: [],
      }),
    );
    return { ...result, inboundId };
  }

  describe('the customer-reply rule, the same on the portal and by mail', () => {
    it.each(['pending', 'solved'] as const)('reopens a %s ticket, clearing solved_at', async (from) => {
      for (const channel of ['portal', 'mail'] as const) {
        const ticket = await ticketIn(from);
        const reply =
          channel === 'portal'
            ? await tickets.addCustomerMessage(ticket.id, ticket.customerId, 'Still broken')
            : await mail(ticket.id, ticket.requester);
        expect(reply.ticketId).toBe(ticket.id);
        expect(await status(ticket.id)).toEqual({ status: 'open', solved_at: null });
        const changes = delivered.after.flat().filter((e) => e.type === 'ticket.updated' && e.ticketId === ticket.id);
        expect(changes.at(-1)).toMatchObject({ changes: [{ field: 'status', before: from, after: 'open' }] });
      }
    });

    it('leaves open and on-hold tickets as they are', async () => {
      for (const from of ['open', 'on_hold'] as const) {
        const ticket = await ticketIn(from);
        await tickets.addCustomerMessage(ticket.id, ticket.customerId, 'Any news?');
        await mail(ticket.id, ticket.requester);
        expect((await status(ticket.id)).status).toBe(from);
      }
    });

    it('starts a follow-up linked to a closed ticket, which stays closed', async () => {
      for (const channel of ['portal', 'mail'] as const) {
        const ticket = await ticketIn('closed');
        const reply =
          channel === 'portal'
            ? await tickets.addCustomerMessage(ticket.id, ticket.customerId, 'Me again')
            : await mail(ticket.id, ticket.requester);
        expect(reply.ticketId).not.toBe(ticket.id);
        expect((await status(ticket.id)).status).toBe('closed');
        expect((await status(reply.ticketId)).status).toBe('new');
        const { rows } = await t.sql.query(`SELECT linked_ticket_id, kind FROM ticket_links WHERE ticket_id = $1`, [
          reply.ticketId,
        ]);
        expect(rows).toEqual([{ linked_ticket_id: ticket.id, kind: 'follow_up' }]);
        const created = delivered.after
          .flat()
          .find((e) => e.type === 'ticket.created' && e.ticketId === reply.ticketId);
        expect(created).toMatchObject({ link: { ticketId: ticket.id, kind: 'follow_up' } });
      }
    });

    it('never lets automatic mail reopen a ticket', async () => {
      for (const flag of ['auto_reply', 'bounce', 'list'] as const) {
        const ticket = await ticketIn('pending');
        await mail(ticket.id, ticket.requester, [flag]);
        expect((await status(ticket.id)).status).toBe('pending');
      }
    });
  });

  describe('events', () => {
    it('stores one event per change, in its transaction, and hands the same to subscribers with its cause', async () => {
      const from = await lastEventId();
      const created = await ticketIn('new');
      await tickets.update(created.id, { priority: 'high', tags: ['b', 'a'] }, agent());
      await tickets.update(created.id, { priority: 'high' }, agent()); // nothing changes, nothing is announced
      await tickets.addAgentMessage(created.id, { body: 'On it', internal: false }, { kind: 'agent', userId: agentId });
      await tickets.addAgentMessage(created.id, { body: 'Note', internal: true }, { kind: 'agent', userId: agentId });
      await tickets.bulkUpdate([created.id], { status: 'pending' }, agent());
      await tickets.addCustomerMessage(created.id, created.customerId, 'Thanks');
      const contact = await tickets.createFromContactForm({
        email: email(),
        subject: 'Hi',
        message: 'Form',
        mailboxId: null,
        groupId: null,
      });
      const byMail = await mail(created.id, created.requester);
      await tickets.update(created.id, { status: 'solved' }, { kind: 'rule', ruleId: 42 });

      const events = delivered.after.flat();
      const customer = { kind: 'customer', customerId: created.customerId };
      expect(events.map((e) => [e.type, e.ticketId, e.cause])).toEqual([
        ['ticket.created', created.id, agent()],
        ['message.created', created.id, agent()],
        ['ticket.updated', created.id, agent()],
        ['message.created', created.id, agent()],
        ['ticket.updated', created.id, agent()],
        ['message.created', created.id, agent()],
        ['ticket.updated', created.id, agent()],
        ['message.created', created.id, customer],
        ['ticket.updated', created.id, customer],
        ['ticket.created', contact.ticketId, { kind: 'customer', customerId: contact.customerId }],
        ['message.created', contact.ticketId, { kind: 'customer', customerId: contact.customerId }],
        ['message.created', created.id, { kind: 'mail', inboundId: byMail.inboundId, customerId: created.customerId }],
        ['ticket.updated', created.id, { kind: 'rule', ruleId: 42 }],
      ]);
      // Stored exactly as dispatched: same ids, same order, same causes.
      expect(await stored(from)).toEqual(
        events.map(({ id, type, ticketId, cause }) => ({ id, type, ticketId, cause })),
      );
      // And per ticket, payloads included.
      expect(await t.app.get(DomainEventsRepository).forTicket(contact.ticketId)).toEqual(
        events.filter((e) => e.ticketId === contact.ticketId).map((e) => ({ ...e, createdAt: expect.any(Date) })),
      );
      // beforeCommit saw every event too, with the same ids, before they were dispatched.
      expect(delivered.before.flat().map((e) => e.id)).toEqual(events.map((e) => e.id));

      const [, firstMessage, fields, reply, opened, note, pending] = events;
      expect(firstMessage).toMatchObject({
        message: { author: { kind: 'customer' }, channel: 'web', visibility: 'public', ticketCreated: true },
      });
      expect(fields).toMatchObject({
        changes: [
          { field: 'priority', before: 'normal', after: 'high' },
          { field: 'tags', before: [], after: ['a', 'b'] },
        ],
      });
      expect(reply).toMatchObject({
        message: { author: { kind: 'agent', id: agentId }, visibility: 'public', channel: 'web', mail: null },
      });
      expect(opened).toMatchObject({ changes: [{ field: 'status', before: 'new', after: 'open' }] });
      expect(note).toMatchObject({ message: { visibility: 'internal', channel: 'note' } });
      expect(pending).toMatchObject({ changes: [{ field: 'status', before: 'open', after: 'pending' }] });
      expect(events[11]).toMatchObject({
        message: {
          author: { kind: 'customer', id: created.customerId },
          channel: 'email',
          mail: { from: created.requester, flags: [] },
        },
      });
    });

    it('rolls the change back, events included, when a subscriber fails before commit', async () => {
      const ticket = await ticketIn('open');
      const from = await lastEventId();
      delivered.after.length = 0;
      const failing: TicketEventSubscriber = {
        name: 'failing',
        beforeCommit: async () => {
          throw new Error('no');
        },
      };
      const unsubscribe = t.app.get(TicketEventBus).subscribe(failing);
      try {
        await expect(tickets.update(ticket.id, { subject: 'Changed' }, agent())).rejects.toThrow('no');
      } finally {
        unsubscribe();
      }
      expect((await t.sql.query(`SELECT subject FROM tickets WHERE id = $1`, [ticket.id])).rows[0].subject).toBe(
        'In open',
      );
      expect(await stored(from)).toEqual([]);
      expect(delivered.after.flat()).toEqual([]);
    });

    it('lets a subscriber change a ticket through the same entry, under its own cause, which it recognises', async () => {
      // A rule in miniature: tag every new ticket, and ignore changes a rule made.
      const rule: TicketEventSubscriber = {
        name: 'tag-new-tickets',
        afterCommit: async (events) => {
          for (const e of events)
            if (e.type === 'ticket.created' && e.cause.kind !== 'rule')
              await tickets.update(e.ticketId, { tags: ['triaged'] }, { kind: 'rule', ruleId: 7 });
        },
      };
      const unsubscribe = t.app.get(TicketEventBus).subscribe(rule);
      try {
        const ticket = await ticketIn('new');
        const events = delivered.after.flat().filter((e) => e.ticketId === ticket.id);
        expect(events.map((e) => [e.type, e.cause.kind])).toEqual([
          ['ticket.created', 'agent'],
          ['message.created', 'agent'],
          ['ticket.updated', 'rule'],
        ]);
        expect(events[2]).toMatchObject({ cause: { kind: 'rule', ruleId: 7 }, changes: [{ field: 'tags' }] });
        const audit = await t.sql.query(`SELECT action, field, actor_user_id FROM ticket_events WHERE ticket_id = $1`, [
          ticket.id,
        ]);
        // The audit trail records a rule's change as the system's.
        expect(audit.rows.at(-1)).toEqual({ action: 'updated', field: 'tags', actor_user_id: null });
      } finally {
        unsubscribe();
      }
    });
  });
});
