import type { Socket } from 'socket.io-client';
import { HttpClient } from './support/http-client';
import { connectSocket, eventually, nextEvent, record } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Scoped agents (issue 13): the access matrix. Every route that reaches a ticket or a
 * part of it, for anonymous callers, admins, and agents of each ticket scope (`all`,
 * `groups`, `assigned`), each through a session and through an API token of their own,
 * on a ticket in their scope and one out of it. Out of scope answers exactly what a
 * missing ticket answers (404) and changes nothing; list, search, counts and view counts
 * leave such tickets out; realtime events and presence too.
 */

interface Place {
  groupId: number | null;
  assigneeId: number | null;
}
interface Fixture {
  id: number;
  attachmentId: number;
  outboundId: number;
  messageId: number;
}
type Scope = 'all' | 'groups' | 'assigned';
interface Caller {
  name: string;
  userId: number;
  role: 'admin' | 'agent';
  scope: Scope;
  groupIds: number[];
  session: HttpClient;
  token: HttpClient;
  tokenValue: string;
}

/** Whom a ticket at `place` is reachable by (the rule of common/ticket-scope.ts, restated). */
const reaches = (c: Caller, p: Place) =>
  c.role === 'admin' ||
  c.scope === 'all' ||
  p.assigneeId === c.userId ||
  (c.scope === 'groups' && p.groupId !== null && c.groupIds.includes(p.groupId));

/** A shared macro (adds a tag), applied and previewed on each ticket. */
let macroId = 0;
/** The first admin: undoes what a call to a destructive route did (spam, delete), so the next calls find the ticket as it was. */
let undoer: HttpClient;
/** A ticket id nobody has. */
const MISSING = 99999999;
/** 200 when the answer is "the other ticket (MISSING) is not found": the call got past this ticket's scope check. */
const pastThisTicket = (res: { status: number; body: unknown }) =>
  res.status === 404 && JSON.stringify(res.body).includes(`Ticket ${MISSING} not found`) ? 200 : res.status;

/**
 * The routes that reach one ticket or a part of it: what each call does, and whether it
 * got through (`true`) or was refused as not found (`false`). Anything else fails.
 */
const ROUTES: Record<string, (c: HttpClient, f: Fixture) => Promise<number>> = {
  'GET /api/v1/tickets/:id': async (c, f) => (await c.get(`/api/v1/tickets/${f.id}`)).status,
  'PATCH /api/v1/tickets/:id': async (c, f) => (await c.patch(`/api/v1/tickets/${f.id}`, { tags: ['seen'] })).status,
  'POST /api/v1/tickets/:id/messages': async (c, f) =>
    (await c.post(`/api/v1/tickets/${f.id}/messages`, { body: 'A note', internal: true })).status,
  'POST /api/v1/tickets/:id/forward': async (c, f) =>
    (
      await c.post(`/api/v1/tickets/${f.id}/forward`, {
        to: ['vendor@vendor.test'],
        body: 'Please look',
        messageIds: [f.messageId],
      })
    ).status,
  'PUT /api/v1/tickets/:id/read': async (c, f) => (await c.put(`/api/v1/tickets/${f.id}/read`, {})).status,
  'DELETE /api/v1/tickets/:id/read': async (c, f) => (await c.delete(`/api/v1/tickets/${f.id}/read`)).status,
  // GET answers 404 without a draft: it reads the caller's own draft, saved just before.
  'GET /api/v1/tickets/:id/draft': async (c, f) => {
    await c.put(`/api/v1/tickets/${f.id}/draft`, { body: 'Half a reply' });
    return (await c.get(`/api/v1/tickets/${f.id}/draft`)).status;
  },
  'PUT /api/v1/tickets/:id/draft': async (c, f) =>
    (await c.put(`/api/v1/tickets/${f.id}/draft`, { body: 'Half a reply' })).status,
  'DELETE /api/v1/tickets/:id/draft': async (c, f) => (await c.delete(`/api/v1/tickets/${f.id}/draft`)).status,
  'GET /api/v1/tickets/:id/events': async (c, f) => (await c.get(`/api/v1/tickets/${f.id}/events`)).status,
  // Spam closes the ticket and delete trashes it: each is undone at once, so the other routes still find it open.
  'POST /api/v1/tickets/:id/spam': async (c, f) => {
    const res = await c.post(`/api/v1/tickets/${f.id}/spam`, {});
    if (res.status === 200) expect((await undoer.delete(`/api/v1/tickets/${f.id}/spam`)).status).toBe(200);
    return res.status;
  },
  'DELETE /api/v1/tickets/:id/spam': async (c, f) => {
    expect((await undoer.post(`/api/v1/tickets/${f.id}/spam`, {})).status).toBe(200);
    const res = await c.delete(`/api/v1/tickets/${f.id}/spam`);
    if (res.status !== 200) expect((await undoer.delete(`/api/v1/tickets/${f.id}/spam`)).status).toBe(200);
    return res.status;
  },
  'DELETE /api/v1/tickets/:id': async (c, f) => {
    const res = await c.delete(`/api/v1/tickets/${f.id}`);
    if (res.status === 204) expect((await undoer.post(`/api/v1/tickets/${f.id}/restore`, {})).status).toBe(200);
    return res.status;
  },
  // Admins only, whatever the scope: the ticket is in the trash, in nobody's scope.
  'POST /api/v1/tickets/:id/restore': async (c, f) => {
    expect((await undoer.delete(`/api/v1/tickets/${f.id}`)).status).toBe(204);
    const res = await c.post(`/api/v1/tickets/${f.id}/restore`, {});
    if (res.status !== 200) expect((await undoer.post(`/api/v1/tickets/${f.id}/restore`, {})).status).toBe(200);
    return res.status;
  },
  'GET /api/v1/tickets/:id/portal-link': async (c, f) => (await c.get(`/api/v1/tickets/${f.id}/portal-link`)).status,
  'GET /api/v1/tickets/:id/reply-signature': async (c, f) =>
    (await c.get(`/api/v1/tickets/${f.id}/reply-signature`)).status,
  'POST /api/v1/tickets/bulk': async (c, f) => {
    const res = await c.post('/api/v1/tickets/bulk', { ids: [f.id], changes: { addTags: ['bulk'] } });
    if (res.status !== 200) return res.status;
    return res.body.updated.includes(f.id) ? 200 : res.body.failed[0].statusCode;
  },
  // Merge and link name a missing other ticket: in scope, the call gets past this ticket to that one.
  'POST /api/v1/tickets/:id/merge': async (c, f) =>
    pastThisTicket(await c.post(`/api/v1/tickets/${f.id}/merge`, { sourceIds: [MISSING] })),
  // Message 0 is on no ticket: in scope, the call gets past the ticket to its messages.
  'POST /api/v1/tickets/:id/messages/:messageId/split': async (c, f) => {
    const res = await c.post(`/api/v1/tickets/${f.id}/messages/0/split`, {});
    return res.status === 404 && JSON.stringify(res.body).includes('has no message 0') ? 200 : res.status;
  },
  // The fixture's messages have no remote images: in scope, the call gets past the ticket to its message.
  'GET /api/v1/tickets/:id/messages/:messageId/remote-images/:n': async (c, f) => {
    const res = await c.get(`/api/v1/tickets/${f.id}/messages/${f.messageId}/remote-images/0`);
    return res.status === 404 && JSON.stringify(res.body).includes(`Message ${f.messageId} has no remote image 0`)
      ? 200
      : res.status;
  },
  'GET /api/v1/tickets/:id/links': async (c, f) => (await c.get(`/api/v1/tickets/${f.id}/links`)).status,
  'POST /api/v1/tickets/:id/links': async (c, f) =>
    pastThisTicket(await c.post(`/api/v1/tickets/${f.id}/links`, { ticketId: MISSING, kind: 'related' })),
  'DELETE /api/v1/tickets/:id/links/:otherId': async (c, f) =>
    pastThisTicket(await c.delete(`/api/v1/tickets/${f.id}/links/${MISSING}`)),
  'GET /api/v1/tickets/:id/followers': async (c, f) => (await c.get(`/api/v1/tickets/${f.id}/followers`)).status,
  'POST /api/v1/tickets/:id/followers': async (c, f) => (await c.post(`/api/v1/tickets/${f.id}/followers`, {})).status,
  'DELETE /api/v1/tickets/:id/followers': async (c, f) => (await c.delete(`/api/v1/tickets/${f.id}/followers`)).status,
  'GET /api/v1/tickets/:id/macros/:macroId/preview': async (c, f) =>
    (await c.get(`/api/v1/tickets/${f.id}/macros/${macroId}/preview`)).status,
  'POST /api/v1/tickets/:id/macros/:macroId': async (c, f) =>
    (await c.post(`/api/v1/tickets/${f.id}/macros/${macroId}`, {})).status,
  'GET /api/v1/attachments/:id': async (c, f) => (await c.get(`/api/v1/attachments/${f.attachmentId}`)).status,
  'POST /api/v1/outbound/:id/retry': async (c, f) =>
    (await c.post(`/api/v1/outbound/${f.outboundId}/retry`, {})).status,
};
const SUCCESS: Record<string, number> = {
  'PATCH /api/v1/tickets/:id': 200,
  'POST /api/v1/tickets/:id/followers': 201,
  'POST /api/v1/tickets/:id/messages': 201,
  'POST /api/v1/tickets/:id/forward': 201,
  'POST /api/v1/outbound/:id/retry': 202,
  'PUT /api/v1/tickets/:id/read': 204,
  'DELETE /api/v1/tickets/:id/read': 204,
  'DELETE /api/v1/tickets/:id/draft': 204,
  'DELETE /api/v1/tickets/:id': 204,
};
/** Routes for admins only: 403 to every agent, in scope or not. */
const ADMIN_ONLY = new Set(['POST /api/v1/tickets/:id/restore']);
const expectedStatus = (route: string, c: Caller, p: Place) =>
  ADMIN_ONLY.has(route) ? (c.role === 'admin' ? 200 : 403) : reaches(c, p) ? (SUCCESS[route] ?? 200) : 404;

describe('ticket access by scope (the access matrix)', () => {
  let t: TestApp;
  let groupA: number;
  let groupB: number;
  let other: number;
  const callers: Caller[] = [];
  const tickets = new Map<string, Fixture & Place>();
  const word = `zebrafish${Date.now()}`;

  async function caller(name: string, role: 'admin' | 'agent', scope: Scope, groupIds: number[]): Promise<Caller> {
    const session = await t.newUser(role);
    const userId = session.user.id as number;
    expect((await t.admin.patch(`/api/v1/users/${userId}`, { ticketScope: scope })).body.ticketScope).toBe(scope);
    for (const g of groupIds) {
      const members = (await t.admin.get(`/api/v1/groups/${g}`)).body.memberIds;
      await t.admin.patch(`/api/v1/groups/${g}`, { memberIds: [...members, userId] });
    }
    const tokenValue = (await session.post('/api/v1/tokens', { name: `${name} token` })).body.token;
    return { name, userId, role, scope, groupIds, session, token: t.http.withToken(tokenValue), tokenValue };
  }

  /** A ticket at `place` with a message carrying a file, and a reply waiting in the outbox. */
  async function ticketAt(key: string, place: Place) {
    const created = await t.admin.post('/api/v1/tickets', {
      subject: `${key} ${word}`,
      body: `About ${key}`,
      requester: { email: `${key.toLowerCase()}@customer.test` },
      ...(place.groupId !== null ? { groupId: place.groupId } : {}),
      ...(place.assigneeId !== null ? { assigneeId: place.assigneeId } : {}),
    });
    expect(created.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 test']), 'invoice.pdf');
    const upload = await t.admin.postForm('/api/v1/attachments', form);
    const reply = await t.admin.post(`/api/v1/tickets/${created.body.id}/messages`, {
      body: 'Here it is',
      attachmentIds: [upload.body.id],
    });
    expect(reply.status).toBe(201);
    tickets.set(key, {
      id: created.body.id,
      attachmentId: reply.body.attachments[0].id,
      outboundId: reply.body.delivery.outboundId,
      messageId: reply.body.id,
      ...place,
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    undoer = t.admin;
    groupA = (await t.admin.post('/api/v1/groups', { name: 'Billing' })).body.id;
    groupB = (await t.admin.post('/api/v1/groups', { name: 'Shipping' })).body.id;
    const macro = await t.admin.post('/api/v1/macros', {
      title: 'Tag it',
      actions: [{ field: 'add_tags', value: ['macro'] }],
      shared: true,
    });
    expect(macro.status).toBe(201);
    macroId = macro.body.id;
    callers.push(await caller('admin', 'admin', 'groups', [])); // an admin reaches all, whatever is stored
    callers.push(await caller('all-scope agent', 'agent', 'all', []));
    callers.push(await caller('groups agent', 'agent', 'groups', [groupA]));
    callers.push(await caller('assigned agent', 'agent', 'assigned', [groupA]));
    callers.push(await caller('groups agent without groups', 'agent', 'groups', []));
    other = (await t.newUser('agent')).user.id;
    const assigned = callers.find((c) => c.scope === 'assigned')!.userId;
    const grouped = callers.find((c) => c.name === 'groups agent')!.userId;
    await ticketAt('A-unassigned', { groupId: groupA, assigneeId: null });
    await ticketAt('A-other', { groupId: groupA, assigneeId: other });
    await ticketAt('B-other', { groupId: groupB, assigneeId: other });
    await ticketAt('B-assigned', { groupId: groupB, assigneeId: assigned });
    await ticketAt('B-grouped', { groupId: groupB, assigneeId: grouped });
    await ticketAt('none', { groupId: null, assigneeId: null });
    // Six accounts (an argon2 hash and a sign-in each) and six tickets: minutes on a loaded machine.
  }, 180_000);
  afterAll(() => t.close());

  it('covers every route that reaches one ticket or a part of it', () => {
    const partRoutes = t.routes
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => /^\w+ \/api\/v1\/(tickets\/(:id|bulk)|attachments\/:id|outbound\/:id)/.test(k));
    expect(partRoutes.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('answers 401 to anonymous callers on every ticket route', async () => {
    const f = tickets.get('A-unassigned')!;
    for (const [route, call] of Object.entries(ROUTES)) expect([route, await call(t.http, f)]).toEqual([route, 401]);
  });

  it('lets each caller, by session and by token, reach tickets in scope and answers 404 out of scope', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const c of callers) {
      for (const [via, client] of [
        ['session', c.session],
        ['token', c.token],
      ] as const) {
        for (const [key, f] of tickets) {
          for (const [route, call] of Object.entries(ROUTES)) {
            const status = await call(client, f);
            outcomes.push(`${c.name} by ${via}, ${route} on ${key}: ${status}`);
            expected.push(`${c.name} by ${via}, ${route} on ${key}: ${expectedStatus(route, c, f)}`);
          }
        }
      }
    }
    expect(outcomes).toEqual(expected);
    // Refused calls changed nothing: no tag, no note on a ticket nobody reaching it tagged.
    for (const [key, f] of tickets) {
      const reachedBy = callers.filter((c) => reaches(c, f));
      const detail = (await t.admin.get(`/api/v1/tickets/${f.id}`)).body;
      const internal = detail.messages.filter((m: { visibility: string }) => m.visibility === 'internal');
      const notes = internal.filter((m: { forwardedTo: string[] | null }) => !m.forwardedTo);
      expect([key, notes.length]).toEqual([key, reachedBy.length * 2]);
      // And no forward on a ticket but by those reaching it.
      expect([key, internal.length - notes.length]).toEqual([key, reachedBy.length * 2]);
    }
  }, 400_000); // ~2,000 requests

  it('an out-of-scope answer is the answer for a missing ticket, word for word', async () => {
    const groups = callers.find((c) => c.name === 'groups agent')!;
    const out = tickets.get('B-other')!;
    const missing = await groups.session.get('/api/v1/tickets/99999999');
    const hidden = await groups.session.get(`/api/v1/tickets/${out.id}`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body).replace(String(out.id), 'N')).toBe(
      JSON.stringify(missing.body).replace('99999999', 'N'),
    );
  });

  it('answers 404 for a merge source or link target out of scope, and changes nothing', async () => {
    const groups = callers.find((c) => c.name === 'groups agent')!;
    const target = tickets.get('A-unassigned')!;
    const out = tickets.get('B-other')!;
    const notFound = (await groups.session.get(`/api/v1/tickets/${out.id}`)).body;
    const before = (await t.admin.get(`/api/v1/tickets/${out.id}`)).body;
    for (const [what, res] of [
      ['merge', await groups.session.post(`/api/v1/tickets/${target.id}/merge`, { sourceIds: [out.id] })],
      ['link', await groups.token.post(`/api/v1/tickets/${target.id}/links`, { ticketId: out.id, kind: 'related' })],
      ['unlink', await groups.token.delete(`/api/v1/tickets/${target.id}/links/${out.id}`)],
    ] as const)
      expect([what, res.status, res.body]).toEqual([what, 404, notFound]);
    const after = (await t.admin.get(`/api/v1/tickets/${out.id}`)).body;
    expect([after.status, after.mergedIntoId, after.links, after.messages.length]).toEqual([
      before.status,
      null,
      [],
      before.messages.length,
    ]);
    expect((await t.admin.get(`/api/v1/tickets/${target.id}/links`)).body).toEqual([]);

    // Linked by someone reaching both: a scoped agent sees the link to the ticket in scope only.
    const inScope = tickets.get('A-other')!;
    expect(
      (await t.admin.post(`/api/v1/tickets/${target.id}/links`, { ticketId: out.id, kind: 'related' })).status,
    ).toBe(201);
    const mine = await groups.session.post(`/api/v1/tickets/${target.id}/links`, {
      ticketId: inScope.id,
      kind: 'related',
    });
    expect(mine.body.map((l: { ticket: { id: number } }) => l.ticket.id)).toEqual([inScope.id]);
    expect((await groups.session.get(`/api/v1/tickets/${target.id}`)).body.links).toHaveLength(1);
    expect((await t.admin.get(`/api/v1/tickets/${target.id}/links`)).body).toHaveLength(2);
    await t.admin.delete(`/api/v1/tickets/${target.id}/links/${out.id}`);
    await t.admin.delete(`/api/v1/tickets/${target.id}/links/${inScope.id}`);
  });

  it("lists an agent's mentions on tickets in scope only, and counts only those", async () => {
    const groups = callers.find((c) => c.name === 'groups agent')!;
    const mention = (key: string) =>
      t.admin.post(`/api/v1/tickets/${tickets.get(key)!.id}/messages`, {
        body: `Have a look, ${key}`,
        internal: true,
        mentions: [groups.userId],
      });
    // Nobody is mentioned on a ticket out of their scope (they would be told what they may not read)...
    expect((await mention('B-other')).status).toBe(400);
    // ...but a ticket may leave their scope after the mention: the mention leaves their inbox with it.
    expect((await mention('A-unassigned')).status).toBe(201);
    expect((await mention('A-other')).status).toBe(201);
    const moved = tickets.get('A-other')!;
    expect((await t.admin.patch(`/api/v1/tickets/${moved.id}`, { groupId: groupB })).status).toBe(200);
    try {
      const listed = (await groups.token.get('/api/v1/mentions')).body.items as { ticket: { id: number } }[];
      expect(listed.map((m) => m.ticket.id)).toEqual([tickets.get('A-unassigned')!.id]);
      expect((await groups.session.get('/api/v1/mentions/unread')).body).toEqual({ unread: 1 });
    } finally {
      await t.admin.patch(`/api/v1/tickets/${moved.id}`, { groupId: groupA });
    }
    const allScope = callers.find((c) => c.name === 'all-scope agent')!;
    expect((await allScope.session.get('/api/v1/mentions/unread')).body).toEqual({ unread: 0 });
  });

  it('lists, searches and counts only tickets in scope, and so do saved views', async () => {
    const view = await t.admin.post('/api/v1/views', {
      name: 'Everything open',
      filters: { status: 'new,open,pending,on_hold' },
      shared: true,
    });
    const tagged = await t.admin.post('/api/v1/views', { name: 'Tagged', filters: { tag: 'bulk' }, shared: true });
    expect([view.status, tagged.status]).toEqual([201, 201]);
    const all = (await t.admin.get('/api/v1/tickets?limit=100')).body.items as (Place & { id: number })[];
    expect(all.length).toBe(tickets.size);
    for (const c of callers) {
      const want = all
        .filter((x) => reaches(c, x))
        .map((x) => x.id)
        .sort();
      const ids = (path: string) =>
        c.token.get(path).then((r) => (r.body.items as { id: number }[]).map((x) => x.id).sort());
      expect([c.name, await ids('/api/v1/tickets?limit=100')]).toEqual([c.name, want]);
      expect([c.name, await ids(`/api/v1/tickets?q=${word}`)]).toEqual([c.name, want]);
      expect([c.name, await ids('/api/v1/tickets?status=open&sort=priority')]).toEqual([c.name, want]);
      for (const sort of ['updatedAt', 'priority', 'status']) {
        // Two at a time: the cursor carries over the scope's walks (per group, then their own) without loss or repeats.
        const seen: number[] = [];
        let cursor: string | null = null;
        do {
          const path: string = `/api/v1/tickets?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          const { body }: { body: { items: { id: number }[]; nextCursor: string | null } } = await c.token.get(path);
          seen.push(...body.items.map((x) => x.id));
          cursor = body.nextCursor;
        } while (cursor);
        expect([c.name, sort, seen.sort()]).toEqual([c.name, sort, want]);
      }
      expect([c.name, await ids(`/api/v1/tickets?groupId=${groupB}`)]).toEqual([
        c.name,
        all
          .filter((x) => x.groupId === groupB && reaches(c, x))
          .map((x) => x.id)
          .sort(),
      ]);
      expect([c.name, await ids('/api/v1/tickets?assigneeId=none')]).toEqual([
        c.name,
        all
          .filter((x) => x.assigneeId === null && reaches(c, x))
          .map((x) => x.id)
          .sort(),
      ]);
      const counts = (await c.session.get('/api/v1/tickets/counts')).body;
      expect([c.name, counts.byStatus.open]).toEqual([c.name, want.length]);
      const views = (await c.session.get('/api/v1/views')).body as { id: number; count: number }[];
      expect([c.name, views.find((v) => v.id === view.body.id)!.count]).toEqual([c.name, want.length]);
      expect([c.name, views.find((v) => v.id === tagged.body.id)!.count]).toEqual([c.name, want.length]);
    }
  }, 120_000);

  describe('realtime', () => {
    const sockets: Socket[] = [];
    afterAll(() => sockets.forEach((s) => s.close()));

    it('tells a scoped agent of changes to tickets in scope only, and of a ticket leaving it', async () => {
      const groups = callers.find((c) => c.name === 'groups agent')!;
      const allScope = callers.find((c) => c.name === 'all-scope agent')!;
      const scopedSocket = await connectSocket(t.url, { token: groups.tokenValue });
      const allSocket = await connectSocket(t.url, { cookie: allScope.session.cookie, origin: t.url });
      sockets.push(scopedSocket, allSocket);
      const scopedHeard = record<{ ticketId: number; fields: string[] }>(scopedSocket, 'ticket.updated');
      const inScope = tickets.get('A-unassigned')!;
      const outOfScope = tickets.get('B-other')!;

      // The all-scope agent hears both changes; by the second, the scoped agent has heard the first only.
      const allHeardOut = nextEvent(allSocket, 'ticket.updated', (p) => p.ticketId === outOfScope.id);
      await t.admin.patch(`/api/v1/tickets/${outOfScope.id}`, { priority: 'high' });
      await allHeardOut;
      const heardIn = nextEvent(scopedSocket, 'ticket.updated', (p) => p.ticketId === inScope.id);
      await t.admin.patch(`/api/v1/tickets/${inScope.id}`, { priority: 'high' });
      expect(await heardIn).toEqual({ ticketId: inScope.id, fields: ['priority'] });
      expect(scopedHeard.map((e) => e.ticketId)).toEqual([inScope.id]);

      // Moved to a group not theirs: they hear it (their list drops it), then nothing more of it.
      const left = nextEvent(scopedSocket, 'ticket.updated', (p) => p.ticketId === inScope.id);
      await t.admin.patch(`/api/v1/tickets/${inScope.id}`, { groupId: groupB });
      expect(await left).toEqual({ ticketId: inScope.id, fields: ['groupId'] });
      const allHeardLater = nextEvent(allSocket, 'ticket.updated', (p) => p.ticketId === inScope.id);
      await t.admin.patch(`/api/v1/tickets/${inScope.id}`, { priority: 'low' });
      await allHeardLater;
      await t.admin.patch(`/api/v1/tickets/${inScope.id}`, { groupId: groupA, priority: 'normal' });
      // Events reach scoped sockets in order: had the change made out of scope been told, it would be third.
      await eventually(() => scopedHeard.length === 3);
      expect(scopedHeard).toEqual([
        { ticketId: inScope.id, fields: ['priority'] },
        { ticketId: inScope.id, fields: ['groupId'] },
        { ticketId: inScope.id, fields: ['priority', 'groupId'] },
      ]);
    });

    it('refuses presence on a ticket out of scope as not found, and shows no viewers of it', async () => {
      const groups = callers.find((c) => c.name === 'groups agent')!;
      const socket = await connectSocket(t.url, { token: groups.tokenValue });
      sockets.push(socket);
      const refused = nextEvent(socket, 'exception');
      socket.emit('presence:join', { ticketId: tickets.get('B-other')!.id });
      expect((await refused).message).toBe(`Ticket ${tickets.get('B-other')!.id} not found`);
      const inScope = tickets.get('A-other')!;
      const joined = nextEvent(socket, 'presence', (p) => p.ticketId === inScope.id);
      socket.emit('presence:join', { ticketId: inScope.id });
      expect((await joined).viewers.map((v: { userId: number }) => v.userId)).toEqual([groups.userId]);
    });

    it('closes a socket whose scope changed, so it reconnects with the scope as it is now', async () => {
      const assigned = callers.find((c) => c.scope === 'assigned')!;
      const socket = await connectSocket(t.url, { token: assigned.tokenValue });
      sockets.push(socket);
      const closed = new Promise((resolve) => socket.once('disconnect', resolve));
      await t.admin.patch(`/api/v1/users/${assigned.userId}`, { ticketScope: 'all' });
      try {
        await closed; // within one presence refresh (10 s)
      } finally {
        await t.admin.patch(`/api/v1/users/${assigned.userId}`, { ticketScope: 'assigned' });
      }
    }, 20_000);
  });
});
