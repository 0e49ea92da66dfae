import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

describe('tickets', () => {
  let t: TestApp;
  let agent: Client;
  let other: Client;
  const create = (client: Client, body: Record<string, unknown>) =>
    client.post('/api/v1/tickets', { body: 'Hello', requester: { email: 'c@example.com' }, ...body }).then((r) => {
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      return r.body;
    });

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.newUser('agent');
    other = await t.newUser('agent');
  });
  afterAll(() => t.close());

  describe('creating', () => {
    it('creates a new ticket with the requester as a case-insensitive customer and the body as its first message', async () => {
      const a = await create(agent, {
        subject: 'Login broken',
        requester: { email: 'Jane.Doe@Example.COM', name: 'Jane' },
        priority: 'high',
        tags: ['Billing', 'billing', 'vip'],
      });
      expect(a).toMatchObject({
        subject: 'Login broken',
        status: 'new',
        priority: 'high',
        tags: ['billing', 'vip'],
        assigneeId: null,
      });
      expect(a.requester).toMatchObject({ email: 'jane.doe@example.com', name: 'Jane' });
      expect(a.messages).toHaveLength(1);
      expect(a.messages[0]).toMatchObject({
        bodyText: 'Hello',
        internal: false,
        author: { type: 'customer', email: 'jane.doe@example.com' },
      });
      const b = await create(agent, { subject: 'Again', requester: { email: 'JANE.DOE@example.com' } });
      expect(b.requester.id).toBe(a.requester.id);
    });

    it('numbers tickets sequentially and never reuses a number, even after a failed insert', async () => {
      const first = await create(agent, { subject: 'n1' });
      // A rolled-back insert consumes a number; the next ticket must not get it again.
      await t.sql.query(`BEGIN; SELECT nextval('ticket_number_seq'); ROLLBACK;`).catch(() => undefined);
      const bad = await agent.post('/api/v1/tickets', {
        subject: 'x',
        body: 'x',
        requester: { email: 'c@example.com' },
        groupId: 999999,
      });
      expect(bad.status).toBe(400);
      const second = await create(agent, { subject: 'n2' });
      expect(second.number).toBeGreaterThan(first.number);
      const { rows } = await t.sql.query('SELECT number FROM tickets ORDER BY number');
      const numbers = rows.map((r) => r.number);
      expect(new Set(numbers).size).toBe(numbers.length);
    });

    it('gives distinct numbers under concurrency', async () => {
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => create(agent, { subject: `burst ${i}` })));
      expect(new Set(made.map((x) => x.number)).size).toBe(20);
    });

    it('answers 400 naming each bad field', async () => {
      const res = await agent.post('/api/v1/tickets', {
        subject: '',
        body: 'x',
        requester: { email: 'not-an-email' },
        priority: 'asap',
        tags: ['ok', 'bad tag!'],
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(Object.keys(res.body.fields).sort()).toEqual(['priority', 'requester.email', 'subject', 'tags']);
      expect(res.body.message).toMatch(/requester\.email/);
      const missing = await agent.post('/api/v1/tickets', { subject: 'x', body: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.fields).toHaveProperty('requester');
      const extra = await agent.post('/api/v1/tickets', {
        subject: 'x',
        body: 'x',
        requester: { email: 'a@b.c' },
        number: 5,
      });
      expect(extra.status).toBe(400);
      expect(extra.body.fields).toHaveProperty('number');
    });

    it('answers 404 for unknown ids and 400 for ids that are not numbers, without stack traces', async () => {
      const missing = await agent.get('/api/v1/tickets/424242');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Ticket 424242 not found' });
      const nan = await agent.get('/api/v1/tickets/abc');
      expect(nan.status).toBe(400);
      expect(JSON.stringify(nan.body)).not.toMatch(/at \w+ \(/);
      const badJson = await agent.request('POST', '/api/v1/tickets', undefined, { 'content-type': 'application/json' });
      expect([400, 415]).toContain(badJson.status);
    });
  });

  describe('working a ticket', () => {
    it('records every change in the audit trail with who, what, before and after', async () => {
      const group = (await t.admin.post('/api/v1/groups', { name: 'Tier 2' })).body;
      const tk = await create(agent, { subject: 'Audit me' });
      const res = await agent.patch(`/api/v1/tickets/${tk.id}`, {
        status: 'on_hold',
        priority: 'urgent',
        assigneeId: other.user.id,
        groupId: group.id,
        tags: ['b', 'a'],
        subject: 'Audited',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'on_hold',
        priority: 'urgent',
        assigneeId: other.user.id,
        groupId: group.id,
        tags: ['a', 'b'],
        subject: 'Audited',
      });
      const events = (await agent.get(`/api/v1/tickets/${tk.id}/events`)).body.items;
      const byField = Object.fromEntries(
        events.filter((e: any) => e.action === 'updated').map((e: any) => [e.field, [e.before, e.after]]),
      );
      expect(byField).toEqual({
        subject: ['Audit me', 'Audited'],
        priority: ['normal', 'urgent'],
        assigneeId: [null, other.user.id],
        groupId: [null, group.id],
        tags: [[], ['a', 'b']],
        status: ['new', 'on_hold'],
      });
      expect(events.every((e: any) => e.actor.id === agent.user.id && e.createdAt)).toBe(true);
      // A PATCH that changes nothing writes nothing.
      await agent.patch(`/api/v1/tickets/${tk.id}`, { priority: 'urgent' });
      expect((await agent.get(`/api/v1/tickets/${tk.id}/events`)).body.items).toHaveLength(events.length);
    });

    it('opens a new ticket on the first public reply and stamps the first response', async () => {
      const tk = await create(agent, { subject: 'Reply to me' });
      const note = await agent.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'internal thought', internal: true });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({
        internal: true,
        channel: 'note',
        ticket: { status: 'new', firstResponseAt: null },
      });
      const reply = await agent.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'We are on it' });
      expect(reply.body).toMatchObject({ internal: false, author: { type: 'user', id: agent.user.id } });
      expect(reply.body.ticket.status).toBe('open');
      expect(reply.body.ticket.firstResponseAt).not.toBeNull();
      const full = (await agent.get(`/api/v1/tickets/${tk.id}`)).body;
      expect(full.messages.map((m: any) => m.bodyText)).toEqual(['Hello', 'internal thought', 'We are on it']);
      expect(full.messageCount).toBe(3);
    });

    it('lets the agent choose pending when replying ("send and set status")', async () => {
      const tk = await create(agent, { subject: 'Pending please' });
      const reply = await agent.post(`/api/v1/tickets/${tk.id}/messages`, {
        body: 'Waiting for you',
        status: 'pending',
      });
      expect(reply.body.ticket.status).toBe('pending');
    });

    it('stamps solved_at, clears it on reopen, and refuses changes to closed tickets', async () => {
      const tk = await create(agent, { subject: 'Lifecycle' });
      const solved = (await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'solved' })).body;
      expect(solved.solvedAt).not.toBeNull();
      const reopened = (await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'open' })).body;
      expect(reopened.solvedAt).toBeNull();
      expect((await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'new' })).status).toBe(400);
      const closed = (await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'closed' })).body;
      expect(closed.closedAt).not.toBeNull();
      expect((await agent.patch(`/api/v1/tickets/${tk.id}`, { status: 'open' })).status).toBe(409);
      expect((await agent.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'late' })).status).toBe(409);
    });

    it('refuses unknown or deactivated assignees and unknown groups, naming the field', async () => {
      const tk = await create(agent, { subject: 'Assign' });
      const unknown = await agent.patch(`/api/v1/tickets/${tk.id}`, { assigneeId: 987654 });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields).toHaveProperty('assigneeId');
      const gone = await t.newUser('agent');
      await t.admin.patch(`/api/v1/users/${gone.user.id}`, { active: false });
      expect((await agent.patch(`/api/v1/tickets/${tk.id}`, { assigneeId: gone.user.id })).body.fields).toHaveProperty(
        'assigneeId',
      );
      expect((await agent.patch(`/api/v1/tickets/${tk.id}`, { groupId: 987654 })).body.fields).toHaveProperty(
        'groupId',
      );
      expect((await agent.patch(`/api/v1/tickets/${tk.id}`, { assigneeId: null })).status).toBe(200);
    });
  });
});

describe('ticket lists, search and counts', () => {
  let t: TestApp;
  let me: Client;
  let colleague: Client;
  let group: { id: number };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp();
    me = await t.newUser('agent');
    colleague = await t.newUser('agent');
    group = (await t.admin.post('/api/v1/groups', { name: 'Billing' })).body;
    const specs: [string, Record<string, unknown>][] = [
      ['mine-open', { status: 'open', assigneeId: me.user.id, priority: 'low' }],
      ['mine-pending', { status: 'pending', assigneeId: me.user.id, priority: 'urgent' }],
      ['colleague-open', { status: 'open', assigneeId: colleague.user.id, groupId: group.id }],
      ['unassigned-new', { priority: 'high', tags: ['refund'] }],
      ['unassigned-solved', { status: 'solved', tags: ['refund'] }],
      ['closed', { status: 'closed' }],
    ];
    for (const [name, spec] of specs) {
      const { status, ...create } = spec;
      const tk = (
        await me.post('/api/v1/tickets', {
          subject: `Ticket ${name}`,
          body: `Body of ${name}`,
          requester: { email: `${name}@example.com` },
          ...create,
        })
      ).body;
      if (status) await me.patch(`/api/v1/tickets/${tk.id}`, { status });
      ids[name] = tk.id;
      await new Promise((r) => setTimeout(r, 5)); // distinct updated_at
    }
    await me.post(`/api/v1/tickets/${ids['unassigned-new']}/messages`, {
      body: 'The invoice mentions a chargeback for order 7781',
      internal: true,
    });
  });
  afterAll(() => t.close());

  const names = (items: { id: number }[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));
  const list = async (query: string) => {
    const res = await me.get(`/api/v1/tickets?${query}`);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  };

  it('lists newest-updated first by default, with requester details', async () => {
    const page = await list('');
    expect(names(page.items)).toEqual([
      'unassigned-new',
      'closed',
      'unassigned-solved',
      'colleague-open',
      'mine-pending',
      'mine-open',
    ]);
    expect(page.items[0].requester.email).toBe('unassigned-new@example.com');
    expect(page.nextCursor).toBeNull();
  });

  it('filters by status lists, assignee (me, none, id), group, requester, priority and tag', async () => {
    expect(names((await list('status=new,open,pending,on_hold')).items)).toEqual([
      'unassigned-new',
      'colleague-open',
      'mine-pending',
      'mine-open',
    ]);
    expect(names((await list('status=open&status=pending')).items)).toEqual([
      'colleague-open',
      'mine-pending',
      'mine-open',
    ]);
    expect(names((await list('assigneeId=me')).items)).toEqual(['mine-pending', 'mine-open']);
    expect(names((await list('assigneeId=none&status=new,solved')).items)).toEqual([
      'unassigned-new',
      'unassigned-solved',
    ]);
    expect(names((await list(`assigneeId=${colleague.user.id}`)).items)).toEqual(['colleague-open']);
    expect(names((await list(`groupId=${group.id}`)).items)).toEqual(['colleague-open']);
    const requester = (await me.get(`/api/v1/tickets/${ids.closed}`)).body.requesterId;
    expect(names((await list(`requesterId=${requester}`)).items)).toEqual(['closed']);
    expect(names((await list('priority=high,urgent')).items)).toEqual(['unassigned-new', 'mine-pending']);
    expect(names((await list('tag=REFUND')).items)).toEqual(['unassigned-new', 'unassigned-solved']);
  });

  it('sorts by priority and by creation, in both directions', async () => {
    expect(names((await list('sort=priority&status=new,open,pending')).items)).toEqual([
      'mine-pending',
      'unassigned-new',
      'colleague-open',
      'mine-open',
    ]);
    expect(names((await list('sort=createdAt&order=asc')).items)).toEqual([
      'mine-open',
      'mine-pending',
      'colleague-open',
      'unassigned-new',
      'unassigned-solved',
      'closed',
    ]);
  });

  it('pages with cursors without gaps or repeats, for every sort and for status lists', async () => {
    for (const q of [
      '',
      'sort=createdAt&order=asc',
      'sort=priority',
      'status=new,open,pending,on_hold,solved,closed',
      'sort=priority&order=asc&status=open,pending,new',
    ]) {
      const all = names((await list(q)).items);
      const paged: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: number }[]; nextCursor: string | null } = await list(
          `${q}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...names(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    }
    const bad = await me.get('/api/v1/tickets?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('cursor');
    expect((await me.get('/api/v1/tickets?limit=1000')).body.fields).toHaveProperty('limit');
  });

  it('searches subject and every message body, notes included, with prefixes, newest first', async () => {
    expect(names((await list('q=chargeback')).items)).toEqual(['unassigned-new']);
    expect(names((await list('q=charge')).items)).toEqual(['unassigned-new']);
    expect(names((await list('q=Body of mine')).items)).toEqual(['mine-pending', 'mine-open']);
    expect(names((await list('q=ticket&assigneeId=me&status=open')).items)).toEqual(['mine-open']);
    expect((await list('q=unicorns')).items).toEqual([]);
    expect((await list('q=%21%21%21')).items).toEqual([]);
    // An address finds the tickets it requested (issue 18; more in ticket-search.e2e-spec.ts).
    expect(names((await list(`q=${encodeURIComponent('closed@example.com')}`)).items)).toEqual(['closed']);
    expect(names((await list(`q=${encodeURIComponent('nobody@example.com')}`)).items)).toEqual([]);
  });

  it('pages through search results with both search plans (newest-window and index)', async () => {
    const all = names((await list('q=ticket')).items);
    expect(all.length).toBeGreaterThan(2);
    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = await list(
        `q=ticket&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...names(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('finds a subject change and new messages in search at once', async () => {
    await me.patch(`/api/v1/tickets/${ids.closed}`, {}); // closed: unchanged
    await me.patch(`/api/v1/tickets/${ids['mine-open']}`, { subject: 'Zebra crossing' });
    expect(names((await list('q=zebra')).items)).toEqual(['mine-open']);
    expect(names((await list('q=mine-open')).items)).toEqual(['mine-open']); // its old body is still indexed
  });

  it('counts the inbox views from maintained counters, and they follow every change', async () => {
    const counts = async (client: Client) => (await client.get('/api/v1/tickets/counts')).body;
    expect(await counts(me)).toEqual({
      myOpen: 2,
      unassigned: 1,
      allOpen: 4,
      automatic: 0,
      pending: 1,
      solved: 1,
      byStatus: { new: 1, open: 2, pending: 1, on_hold: 0, solved: 1, closed: 1 },
    });
    expect((await counts(colleague)).myOpen).toBe(1);
    await me.patch(`/api/v1/tickets/${ids['unassigned-new']}`, { assigneeId: me.user.id, status: 'on_hold' });
    await me.patch(`/api/v1/tickets/${ids['colleague-open']}`, { status: 'solved' });
    expect(await counts(me)).toMatchObject({ myOpen: 3, unassigned: 0, allOpen: 3, solved: 2 });
    // The counters equal a real count(*).
    const { rows } = await t.sql.query(`SELECT status, count(*)::int AS n FROM tickets GROUP BY status`);
    const byStatus = (await counts(me)).byStatus;
    for (const r of rows) expect(byStatus[r.status]).toBe(r.n);
    // Folding the deltas into the counters (the worker does it every few seconds) changes no number.
    const before = await counts(me);
    const {
      rows: [{ moved }],
    } = await t.sql.query(`SELECT ticket_counts_compact() AS moved`);
    expect(moved).toBeGreaterThan(0);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM ticket_count_deltas`)).rows[0].n).toBe(0);
    expect(await counts(me)).toEqual(before);
  });
});
