import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

/** The inbox's column sorts: by number and by status (urgency), with cursors, filters and search. */
describe('ticket list sorts for the inbox columns', () => {
  let t: TestApp;
  let me: Client;
  const byName: Record<number, string> = {};
  const STATUS_ORDER = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];

  beforeAll(async () => {
    t = await startTestApp();
    me = await t.newUser('agent');
    // Two tickets per status, touched in an order that differs from their numbers.
    const statuses = [
      'solved',
      'open',
      'new',
      'closed',
      'pending',
      'on_hold',
      'open',
      'new',
      'solved',
      'pending',
      'on_hold',
      'closed',
    ];
    for (const [i, status] of statuses.entries()) {
      const tk = (
        await me.post('/api/v1/tickets', {
          subject: `sortable ${i}`,
          body: 'x',
          requester: { email: `s${i}@example.com` },
        })
      ).body;
      if (status !== 'new') await me.patch(`/api/v1/tickets/${tk.id}`, { status });
      byName[tk.id] = `${status}#${tk.number}`;
    }
    // Re-touch the first few so updated_at order is not creation order.
    const { rows } = await t.sql.query(`SELECT id FROM tickets ORDER BY id LIMIT 4`);
    for (const r of rows)
      await t.sql.query(`UPDATE tickets SET updated_at = now() + interval '1 minute' * random() WHERE id = $1`, [r.id]);
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await me.get(`/api/v1/tickets?${query}`);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body as {
      items: { id: number; number: number; status: string; updatedAt: string }[];
      nextCursor: string | null;
    };
  };
  const all = async (query: string, pageSize: number) => {
    const items: { id: number; number: number; status: string; updatedAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`${query}&limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const expectedByStatus = (items: { status: string; updatedAt: string; id: number }[], asc: boolean) =>
    [...items].sort((a, b) => {
      const s = STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
      const u = Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || b.id - a.id;
      return asc ? -(s || u) : s || u;
    });

  it('sorts by number both ways and pages through it', async () => {
    const desc = await all('sort=number', 5);
    expect(desc).toHaveLength(12);
    expect(desc.map((x) => x.number)).toEqual([...desc.map((x) => x.number)].sort((a, b) => b - a));
    const asc = await all('sort=number&order=asc&status=open,new,closed', 2);
    expect(asc.map((x) => byName[x.id])).toEqual([...asc].sort((a, b) => a.number - b.number).map((x) => byName[x.id]));
    expect(asc.map((x) => x.status).sort()).toEqual(['closed', 'closed', 'new', 'new', 'open', 'open']);
  });

  it('sorts by status as urgency (new first), newest update first within a status, across pages', async () => {
    const whole = (await list('limit=200')).items;
    for (const pageSize of [1, 3, 5, 50]) {
      const desc = await all('sort=status', pageSize);
      expect(desc.map((x) => byName[x.id])).toEqual(expectedByStatus(whole, false).map((x) => byName[x.id]));
      const asc = await all('sort=status&order=asc', pageSize);
      expect(asc.map((x) => byName[x.id])).toEqual(expectedByStatus(whole, true).map((x) => byName[x.id]));
    }
  });

  it('sorts by status within filters and within search results', async () => {
    const filtered = await all('sort=status&status=solved,new,pending', 2);
    expect(filtered.map((x) => x.status)).toEqual(['new', 'new', 'pending', 'pending', 'solved', 'solved']);
    const searched = await all('sort=status&q=sortable', 4);
    expect(searched.map((x) => byName[x.id])).toEqual(expectedByStatus(searched, false).map((x) => byName[x.id]));
    expect(searched).toHaveLength(12);
    const bad = await me.get(
      `/api/v1/tickets?sort=status&cursor=${Buffer.from(JSON.stringify(['lost', '2020-01-01T00:00:00.000Z', 1])).toString('base64url')}`,
    );
    expect(bad.status).toBe(400);
  });
});
