import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

describe('saved views', () => {
  let t: TestApp;
  let ann: Client;
  let bob: Client;
  const ticket = async (body: Record<string, unknown>) => {
    const res = await ann.post('/api/v1/tickets', {
      subject: 'A ticket',
      body: 'Hello',
      requester: { email: 'views@example.com' },
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const listCount = async (client: Client, filters: Record<string, string>) => {
    const res = await client.get(`/api/v1/tickets?${new URLSearchParams({ ...filters, limit: '200' })}`);
    expect(res.status).toBe(200);
    return res.body.items.length as number;
  };
  const viewNamed = async (client: Client, name: string) =>
    ((await client.get('/api/v1/views')).body as any[]).find((v) => v.name === name);

  beforeAll(async () => {
    t = await startTestApp();
    ann = await t.newUser('agent');
    bob = await t.newUser('agent');
  });
  afterAll(() => t.close());

  it("lists an agent their own views and every shared view, never another agent's private ones", async () => {
    const mine = await ann.post('/api/v1/views', { name: 'Ann private', filters: { status: 'new' } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      name: 'Ann private',
      filters: { status: 'new' },
      shared: false,
      ownerId: ann.user.id,
      countCapped: false,
    });
    expect(mine.body.count).toEqual(expect.any(Number));
    await ann.post('/api/v1/views', { name: 'Team urgent', filters: { priority: 'urgent' }, shared: true });
    await bob.post('/api/v1/views', { name: 'Bob private', filters: { status: 'open' } });

    const annSees = (await ann.get('/api/v1/views')).body.map((v: { name: string }) => v.name);
    expect(annSees).toEqual(['Ann private', 'Team urgent']);
    const bobSees = (await bob.get('/api/v1/views')).body.map((v: { name: string }) => v.name);
    expect(bobSees).toEqual(['Bob private', 'Team urgent']);
  });

  it('counts exactly what the list shows, from the counters or a capped query, per agent for "me"', async () => {
    const group = (await t.admin.post('/api/v1/groups', { name: 'Billing' })).body;
    await ticket({ subject: 'Mine 1', assigneeId: ann.user.id, groupId: group.id, tags: ['refund'] });
    await ticket({ subject: 'Mine 2 printer', assigneeId: ann.user.id, priority: 'high' });
    await ticket({ subject: 'Bobs', assigneeId: bob.user.id, groupId: group.id, tags: ['refund'] });
    await ticket({ subject: 'Nobody printer' });
    const solved = await ticket({ subject: 'Done', assigneeId: ann.user.id });
    await ann.patch(`/api/v1/tickets/${solved.id}`, { status: 'solved' });

    const cases: Record<string, string>[] = [
      { status: 'new,open,pending,on_hold', assigneeId: 'me' },
      { assigneeId: 'none' },
      { groupId: String(group.id), status: 'new' },
      { groupId: 'none', sort: 'priority', order: 'asc' },
      { tag: 'refund' },
      { priority: 'high,urgent' },
      { q: 'printer' },
      { q: 'printer', assigneeId: 'none' },
      { status: 'solved', assigneeId: 'me' },
    ];
    for (const [i, filters] of cases.entries()) {
      for (const client of [ann, bob]) {
        const name = `case ${i} ${client === ann ? 'ann' : 'bob'}`;
        const created = await client.post('/api/v1/views', { name, filters });
        expect([name, created.status]).toEqual([name, 201]);
        expect([name, created.body.count]).toEqual([name, await listCount(client, filters)]);
      }
    }
    // Sanity: the cases are not all trivially zero, and "me" differs per agent.
    expect((await viewNamed(ann, 'case 0 ann')).count).toBe(2);
    expect((await viewNamed(bob, 'case 0 bob')).count).toBe(1);
    expect((await viewNamed(ann, 'case 6 ann')).count).toBe(2);
  });

  it('follows changes to tickets (within a couple of seconds of caching)', async () => {
    const view = (
      await ann.post('/api/v1/views', { name: 'Pending for me', filters: { status: 'pending', assigneeId: 'me' } })
    ).body;
    expect(view.count).toBe(0);
    const tk = await ticket({ subject: 'Waiting', assigneeId: ann.user.id });
    await ann.patch(`/api/v1/tickets/${tk.id}`, { status: 'pending' });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await viewNamed(ann, 'Pending for me')).count).toBe(1);
  });

  it('reports a huge view as 1000 with countCapped instead of counting it all', async () => {
    const {
      rows: [c],
    } = await t.sql.query(`INSERT INTO customers (email) VALUES ('bulk@example.com') RETURNING id`);
    await t.sql.query(
      `INSERT INTO tickets (subject, status, requester_id, tags) SELECT 'bulk ' || i, 'open', $1, '{bulk}' FROM generate_series(1, 1005) i`,
      [c.id],
    );
    const capped = await ann.post('/api/v1/views', { name: 'Bulk', filters: { tag: 'bulk' } });
    expect(capped.body).toMatchObject({ count: 1000, countCapped: true });
    const searched = await ann.post('/api/v1/views', { name: 'Bulk search', filters: { q: 'bulk' } });
    expect(searched.body).toMatchObject({ count: 1000, countCapped: true });
    // A view the counters answer is exact at any size.
    const exact = await ann.post('/api/v1/views', { name: 'All open', filters: { status: 'open' } });
    expect(exact.body.countCapped).toBe(false);
    expect(exact.body.count).toBeGreaterThanOrEqual(1005);
    const {
      rows: [n],
    } = await t.sql.query(`SELECT count(*)::int AS n FROM tickets WHERE status = 'open'`);
    expect(exact.body.count).toBe(n.n);
  });

  it('accepts only the filters GET /api/v1/tickets accepts, as strings', async () => {
    const bad = await ann.post('/api/v1/views', {
      name: 'Bad',
      filters: { status: 'open,lost', assigneeId: 'someone', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['filters.assigneeId', 'filters.colour', 'filters.status']);
    const paging = await ann.post('/api/v1/views', { name: 'Paging', filters: { cursor: 'abc', limit: '5' } });
    expect(paging.status).toBe(400);
    expect(Object.keys(paging.body.fields).sort()).toEqual(['filters.cursor', 'filters.limit']);
    const typed = await ann.post('/api/v1/views', { name: 'Typed', filters: { requesterId: 5 } });
    expect(typed.status).toBe(400);
    expect(typed.body.fields).toHaveProperty(['filters.requesterId']);
    const notObject = await ann.post('/api/v1/views', { name: 'List', filters: ['status'] });
    expect(notObject.status).toBe(400);
    const noName = await ann.post('/api/v1/views', { name: '  ', filters: {} });
    expect(noName.status).toBe(400);
    const tk = await ticket({ subject: 'requester view' });
    const ok = await ann.post('/api/v1/views', {
      name: 'One requester',
      filters: { requesterId: String(tk.requester.id), sort: 'createdAt' },
    });
    expect(ok.status).toBe(201);
  });

  it('lets only the owner or an admin change or delete a view', async () => {
    const shared = (
      await ann.post('/api/v1/views', { name: 'Shared by Ann', filters: { status: 'open' }, shared: true })
    ).body;
    const priv = (await ann.post('/api/v1/views', { name: 'Private to Ann', filters: {} })).body;

    expect((await bob.patch(`/api/v1/views/${shared.id}`, { name: 'Hijacked' })).status).toBe(403);
    expect((await bob.delete(`/api/v1/views/${shared.id}`)).status).toBe(403);
    expect((await bob.patch(`/api/v1/views/${priv.id}`, { name: 'Hijacked' })).status).toBe(404);
    expect((await bob.delete(`/api/v1/views/${priv.id}`)).status).toBe(404);

    const renamed = await ann.patch(`/api/v1/views/${shared.id}`, {
      name: 'Open (team)',
      filters: { status: 'open,pending' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Open (team)', filters: { status: 'open,pending' }, shared: true });
    expect((await ann.patch(`/api/v1/views/${shared.id}`, { filters: { status: 'closedish' } })).status).toBe(400);

    const unshared = await t.admin.patch(`/api/v1/views/${shared.id}`, { shared: false });
    expect(unshared.body).toMatchObject({ shared: false, ownerId: ann.user.id, name: 'Open (team)' });
    expect(await viewNamed(bob, 'Open (team)')).toBeUndefined();

    expect((await t.admin.delete(`/api/v1/views/${priv.id}`)).status).toBe(204);
    expect((await ann.delete(`/api/v1/views/${shared.id}`)).status).toBe(204);
    expect((await ann.delete(`/api/v1/views/${shared.id}`)).status).toBe(404);
  });
});
