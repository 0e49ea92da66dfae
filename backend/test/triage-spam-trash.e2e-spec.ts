import { TicketTokens } from '../src/mail/ticket-tokens';
import { TicketsService } from '../src/tickets/tickets.service';
import { eventually, sendMail } from './support/mail';
import { MovableClock, startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];
interface Item {
  id: number;
  subject: string;
  automatic: boolean;
  spam: boolean;
}

/**
 * Triage of issue 18: automatic mail marked and listed apart, spam closed without a word,
 * deleted tickets gone for everyone until an admin restores them, purged after 30 days.
 * Role `all` without a relay: mail comes in over SMTP, and what would go out stays queued.
 */
describe('automatic mail, spam and the trash', () => {
  let t: TestApp;
  let agent: Client;
  const clock = new MovableClock();
  let n = 0;
  const unique = () => `tr${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '1' },
    });
    agent = await t.newUser('agent');
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test' });
  });
  afterAll(() => t.close());

  /** The tickets a search for `token` lists (as `client` sees them). */
  const search = async (token: string, client: Client = agent, extra = ''): Promise<Item[]> => {
    const r = await client.get(`/api/v1/tickets?q=${token}${extra}`);
    expect(r.status).toBe(200);
    return r.body.items;
  };
  /** The ticket made of the mail whose subject holds `token`, once the worker has made it. */
  const mailTicket = (token: string) => eventually(async () => (await search(token, t.admin))[0]);
  const mail = (from: string, subject: string, extra: Record<string, unknown> = {}) =>
    sendMail(t, { from, to: 'support@acme.test', subject, text: 'Hello there', ...extra });
  const apiTicket = async (subject: string) => {
    const r = await agent.post('/api/v1/tickets', {
      subject,
      body: 'Call me',
      requester: { email: 'dana@example.com' },
    });
    expect(r.status).toBe(201);
    return r.body as Item & { number: number };
  };
  const counts = async (client: Client = agent) => (await client.get('/api/v1/tickets/counts')).body;
  const outbound = async (ticketId: number) =>
    (await t.sql.query(`SELECT status, reason FROM outbound_messages WHERE ticket_id = $1 ORDER BY id`, [ticketId]))
      .rows;

  describe('automatic mail', () => {
    it('marks tickets whose first message was an auto-reply, list mail or a bounce, never a person’s mail', async () => {
      const token = unique();
      const before = await counts();
      await mail('carol@example.org', `Person ${token}`);
      await mail('away@example.org', `Auto ${token}`, { headers: { 'Auto-Submitted': 'auto-replied' } });
      await mail('news@example.org', `List ${token}`, { headers: { 'List-Id': '<news.example.org>' } });
      const all = await eventually(async () => {
        const items = await search(token);
        return items.length === 3 ? items : undefined;
      });
      const by = (word: string) => all.find((i) => i.subject.startsWith(word))!;
      expect([by('Person').automatic, by('Auto').automatic, by('List').automatic]).toEqual([false, true, true]);
      expect((await agent.get(`/api/v1/tickets/${by('Auto').id}`)).body.automatic).toBe(true);
      expect((await agent.get(`/api/v1/tickets/${by('Person').id}`)).body.automatic).toBe(false);

      // The built-in view "Automatic mail" and the people's views, with their counters.
      const auto = await search(token, agent, '&automatic=true');
      expect(auto.map((i) => i.subject).sort()).toEqual([`Auto ${token}`, `List ${token}`]);
      const people = await search(token, agent, '&automatic=false&assigneeId=none');
      expect(people.map((i) => i.subject)).toEqual([`Person ${token}`]);
      const after = await counts();
      expect(after.automatic - before.automatic).toBe(2);
      expect(after.unassigned - before.unassigned).toBe(1);
      expect(after.allOpen - before.allOpen).toBe(1);
      expect(after.byStatus.new - before.byStatus.new).toBe(3);
      // A saved view of automatic mail is counted exactly from the counters.
      const view = await agent.post('/api/v1/views', {
        name: `Auto ${token}`,
        filters: { status: 'new,open,pending,on_hold', automatic: 'true' },
      });
      expect(view.status).toBe(201);
      expect(view.body).toMatchObject({ count: after.automatic, countCapped: false });
    });

    it('keeps tickets typed in by agents as people’s tickets', async () => {
      expect((await apiTicket(`Phone ${unique()}`)).automatic).toBe(false);
    });
  });

  describe('spam', () => {
    it('closes the ticket without a reply or a notification and cancels its queued acknowledgement', async () => {
      const token = unique();
      await mail('spammer@example.org', `Cheap pills ${token}`);
      const ticket = await mailTicket(token);
      // No relay: the acknowledgement waits in the outbox.
      expect(await eventually(async () => (await outbound(ticket.id)).length === 1 || undefined)).toBe(true);
      const marked = await agent.post(`/api/v1/tickets/${ticket.id}/spam`, {});
      expect(marked.status).toBe(200);
      expect(marked.body).toMatchObject({ status: 'closed', spam: true, tags: ['spam'] });
      expect(await outbound(ticket.id)).toEqual([
        { status: 'failed', reason: 'cancelled: the ticket was marked as spam or deleted' },
      ]);
      // It left the open views, the trail says who did it, and nothing can be sent on it.
      expect(await search(token, agent, '&status=new,open,pending,on_hold')).toEqual([]);
      const trail = (await agent.get(`/api/v1/tickets/${ticket.id}/events`)).body.items;
      expect(trail).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'spam', before: false, after: true }),
          expect.objectContaining({ field: 'status', after: 'closed' }),
        ]),
      );
      expect((await agent.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Hi' })).status).toBe(409);
      // Marking it again changes nothing.
      expect((await agent.post(`/api/v1/tickets/${ticket.id}/spam`, {})).status).toBe(200);
      expect(await outbound(ticket.id)).toHaveLength(1);

      // Nobody sends the cancelled mail by hand either, while the ticket is spam.
      const [cancelled] = (
        await t.sql.query<{ id: number }>(`SELECT id::int FROM outbound_messages WHERE ticket_id = $1`, [ticket.id])
      ).rows;
      const retry = await agent.post(`/api/v1/outbound/${cancelled.id}/retry`, {});
      expect(retry.status).toBe(409);
      expect(retry.body.message).toContain('marked as spam or deleted');
      expect((await outbound(ticket.id))[0].status).toBe('failed');

      // Undo: open again, without the tag; the cancelled mail stays cancelled.
      const undone = await agent.delete(`/api/v1/tickets/${ticket.id}/spam`);
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({ status: 'open', spam: false, tags: [], closedAt: null });
      expect((await outbound(ticket.id))[0].status).toBe('failed');
    });

    it('cancels a reply still waiting to go out when the ticket is marked; a closed ticket is not spam', async () => {
      const ticket = await apiTicket(`Question ${unique()}`);
      expect((await agent.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Answer' })).status).toBe(201);
      expect(await outbound(ticket.id)).toEqual([expect.objectContaining({ status: 'queued' })]);
      expect((await agent.post(`/api/v1/tickets/${ticket.id}/spam`, {})).status).toBe(200);
      // A spammer learns nothing, not even the answer someone wrote before noticing.
      expect(await outbound(ticket.id)).toEqual([
        { status: 'failed', reason: 'cancelled: the ticket was marked as spam or deleted' },
      ]);

      const closed = await apiTicket(`Closed ${unique()}`);
      await agent.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
      expect((await agent.post(`/api/v1/tickets/${closed.id}/spam`, {})).status).toBe(409);
    });

    it('marks many at once through the bulk endpoint, and only alone', async () => {
      const a = await apiTicket(`Bulk ${unique()}`);
      const b = await apiTicket(`Bulk ${unique()}`);
      const res = await agent.post('/api/v1/tickets/bulk', { ids: [a.id, b.id, 987654321], changes: { spam: true } });
      expect(res.status).toBe(200);
      expect(res.body.updated).toEqual([a.id, b.id]);
      expect(res.body.failed).toEqual([expect.objectContaining({ id: 987654321, statusCode: 404 })]);
      expect((await agent.get(`/api/v1/tickets/${b.id}`)).body).toMatchObject({ spam: true, status: 'closed' });
      const mixed = await agent.post('/api/v1/tickets/bulk', { ids: [a.id], changes: { spam: true, priority: 'low' } });
      expect(mixed.status).toBe(400);
    });
  });

  describe('delete and restore', () => {
    it('takes a deleted ticket out of every list, search and count, and answers 404 to everyone', async () => {
      const token = unique();
      const ticket = await apiTicket(`Printer ${token}`);
      const before = await counts();
      expect((await search(token)).map((i) => i.id)).toEqual([ticket.id]);
      // The agent was mentioned on it: the mention goes with the ticket.
      expect(
        (
          await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, {
            body: 'Look',
            internal: true,
            mentions: [agent.user.id],
          })
        ).status,
      ).toBe(201);
      const mentionsBefore = (await agent.get('/api/v1/mentions/unread')).body.unread as number;

      expect((await agent.delete(`/api/v1/tickets/${ticket.id}`)).status).toBe(204);
      expect((await agent.get('/api/v1/mentions/unread')).body.unread).toBe(mentionsBefore - 1);
      const mentions = (await agent.get('/api/v1/mentions')).body.items as { ticket: { id: number } }[];
      expect(mentions.map((m) => m.ticket.id)).not.toContain(ticket.id);
      for (const client of [agent, t.admin]) {
        expect((await client.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
        expect((await client.get(`/api/v1/tickets/${ticket.id}/events`)).status).toBe(404);
        expect((await client.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'high' })).status).toBe(404);
        expect(await search(token, client)).toEqual([]);
        expect(await search(`%23${ticket.number}`, client)).toEqual([]);
      }
      const listed = (await agent.get('/api/v1/tickets?limit=200')).body.items as Item[];
      expect(listed.map((i) => i.id)).not.toContain(ticket.id);
      const after = await counts();
      expect([after.allOpen, after.unassigned, after.byStatus.new]).toEqual([
        before.allOpen - 1,
        before.unassigned - 1,
        before.byStatus.new - 1,
      ]);
      expect((await agent.delete(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);

      // The trash is the admins'.
      expect((await agent.get('/api/v1/tickets/deleted')).status).toBe(403);
      expect((await agent.post(`/api/v1/tickets/${ticket.id}/restore`, {})).status).toBe(403);
      const trash = (await t.admin.get('/api/v1/tickets/deleted')).body.items;
      const entry = trash.find((x: Item) => x.id === ticket.id);
      expect(entry).toMatchObject({ subject: `Printer ${token}`, deletedBy: agent.user.id });
      expect(Date.parse(entry.purgeAt) - Date.parse(entry.deletedAt)).toBe(30 * 86_400_000);

      // Restored: back as it was, in lists, search and counts.
      const restored = await t.admin.post(`/api/v1/tickets/${ticket.id}/restore`, {});
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: ticket.id, status: 'new' });
      expect((await search(token)).map((i) => i.id)).toEqual([ticket.id]);
      expect((await counts()).allOpen).toBe(before.allOpen);
      expect((await t.admin.get('/api/v1/tickets/deleted')).body.items.map((x: Item) => x.id)).not.toContain(ticket.id);
      const trail = (await agent.get(`/api/v1/tickets/${ticket.id}/events`)).body.items;
      expect(trail.filter((e: { field: string }) => e.field === 'deleted')).toHaveLength(2);
      expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/restore`, {})).status).toBe(404);
    });

    it('starts a new ticket for mail that answers a deleted one', async () => {
      const token = unique();
      await mail('erin@example.org', `Lost parcel ${token}`);
      const first = await mailTicket(token);
      expect((await agent.delete(`/api/v1/tickets/${first.id}`)).status).toBe(204);
      const replyTo = t.app.get(TicketTokens).replyAddress('support@acme.test', first.id);
      await sendMail(t, {
        from: 'erin@example.org',
        to: replyTo,
        subject: `Re: Lost parcel ${token}`,
        text: 'Any news?',
      });
      const second = await mailTicket(token);
      expect(second.id).not.toBe(first.id);
      const detail = (await agent.get(`/api/v1/tickets/${second.id}`)).body;
      expect(detail).toMatchObject({ status: 'new', links: [] });
      expect(detail.messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(['Any news?']);
      // The deleted ticket kept only its own message.
      const kept = await t.sql.query(`SELECT count(*)::int AS n FROM messages WHERE ticket_id = $1`, [first.id]);
      expect(kept.rows[0].n).toBe(1);
    });

    it('purges tickets deleted over 30 days ago with their messages, files, reads and fields; not sooner', async () => {
      const token = unique();
      await mail('fay@example.org', `Invoice ${token}`, {
        attachments: [{ filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 invoice') }],
      });
      const ticket = await mailTicket(token);
      await agent.put(`/api/v1/tickets/${ticket.id}/read`);
      const keep = await apiTicket(`Keep ${token}`);
      const rows = async (id: number) =>
        (
          await t.sql.query(
            `SELECT (SELECT count(*)::int FROM tickets WHERE id = $1) AS tickets,
                    (SELECT count(*)::int FROM messages WHERE ticket_id = $1) AS messages,
                    (SELECT count(*)::int FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = $1) AS files,
                    (SELECT count(*)::int FROM ticket_reads WHERE ticket_id = $1) AS reads,
                    (SELECT count(*)::int FROM domain_events WHERE ticket_id = $1) > 0 AS events`,
            [id],
          )
        ).rows[0];
      expect(await rows(ticket.id)).toEqual({ tickets: 1, messages: 1, files: 1, reads: 1, events: true });
      const files = await t.sql.query(
        `SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.ticket_id = $1`,
        [ticket.id],
      );
      expect((await agent.get(`/api/v1/attachments/${files.rows[0].id}`)).status).toBe(200);

      expect((await agent.delete(`/api/v1/tickets/${ticket.id}`)).status).toBe(204);
      // The files of a deleted ticket are nobody's to read either.
      expect((await agent.get(`/api/v1/attachments/${files.rows[0].id}`)).status).toBe(404);
      const purge = () => t.app.get(TicketsService).purgeDeleted();

      clock.advanceHours(29 * 24);
      await purge();
      expect((await rows(ticket.id)).tickets).toBe(1);

      clock.advanceHours(2 * 24);
      expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/restore`, {})).status).toBe(409);
      expect(await purge()).toBeGreaterThanOrEqual(1);
      expect(await rows(ticket.id)).toEqual({ tickets: 0, messages: 0, files: 0, reads: 0, events: false });
      expect((await t.admin.get('/api/v1/tickets/deleted')).body.items.map((x: Item) => x.id)).not.toContain(ticket.id);
      expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/restore`, {})).status).toBe(404);
      // A ticket never deleted is left alone.
      expect((await agent.get(`/api/v1/tickets/${keep.id}`)).status).toBe(200);
    });
  });
});
