import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

/**
 * The search box's language over HTTP (issue 18, "Finding things"): ticket numbers, email
 * addresses (requester or CC'd), and requester:/assignee:/tag:/status: qualifiers beside
 * full-text words.
 */
describe('ticket search', () => {
  let t: TestApp;
  let agent: Client;
  const run = Date.now().toString(36);
  const dana = `dana.${run}@example.com`;
  const carl = `carl.${run}@example.com`;
  let zoe: { id: number };
  const made: Record<string, { id: number; number: number }> = {};

  const create = async (key: string, body: Record<string, unknown>) => {
    const r = await agent.post('/api/v1/tickets', { body: `Body of ${key}`, ...body });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    made[key] = r.body;
  };
  const search = async (q: string, extra = '') => {
    const r = await agent.get(`/api/v1/tickets?q=${encodeURIComponent(q)}&limit=100${extra}`);
    expect(r.status).toBe(200);
    return (r.body.items as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);
  };
  const ids = (...keys: string[]) => keys.map((k) => made[k].id).sort((a, b) => a - b);

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.newUser('agent');
    const z = await t.admin.post('/api/v1/users', {
      email: `zoe.${run}@test.local`,
      name: `Zoë Quartermain${run}`,
      role: 'agent',
      password: 'password-123456',
    });
    zoe = z.body;
    await create('danaPrinter', {
      subject: `Printer ${run} jams`,
      requester: { email: dana, name: `Dana Scully${run}` },
      tags: [`hardware${run}`],
    });
    await create('danaInvoice', {
      subject: `Invoice ${run} wrong`,
      requester: { email: dana },
      assigneeId: zoe.id,
    });
    await create('carlPrinter', {
      subject: `Printer ${run} smokes`,
      requester: { email: carl, name: `Carl${run}` },
      tags: [`hardware${run}`],
    });
    // Dana is CC'd on Carl's ticket: mail-in makes CC'd customers followers.
    await t.sql.query(
      `INSERT INTO ticket_followers (ticket_id, customer_id) SELECT $1, id FROM customers WHERE email = $2`,
      [made.carlPrinter.id, dana],
    );
    await agent.patch(`/api/v1/tickets/${made.carlPrinter.id}`, { status: 'pending' });
  });
  afterAll(() => t.close());

  it('finds a ticket by its number, with or without #, whatever its text says', async () => {
    const n = made.danaInvoice.number;
    expect(await search(`#${n}`)).toEqual(ids('danaInvoice'));
    expect(await search(`${n}`)).toEqual(ids('danaInvoice'));
    expect(await search(` #${n} `)).toEqual(ids('danaInvoice'));
    expect(await search('#987654321')).toEqual([]);
  });

  it("finds an address's tickets as requester and where it is CC'd, case-insensitively", async () => {
    expect(await search(dana)).toEqual(ids('danaPrinter', 'danaInvoice', 'carlPrinter'));
    expect(await search(dana.toUpperCase())).toEqual(ids('danaPrinter', 'danaInvoice', 'carlPrinter'));
    expect(await search(carl)).toEqual(ids('carlPrinter'));
    // With words: both must hold.
    expect(await search(`${dana} invoice`)).toEqual(ids('danaInvoice'));
    expect(await search(`nobody.${run}@example.com`)).toEqual([]);
  });

  it('narrows by requester (address, name or address start), not by CC', async () => {
    expect(await search(`requester:${dana}`)).toEqual(ids('danaPrinter', 'danaInvoice'));
    expect(await search(`requester:"dana scully${run}"`)).toEqual(ids('danaPrinter', 'danaInvoice'));
    expect(await search(`requester:carl.${run}`)).toEqual(ids('carlPrinter'));
    expect(await search(`requester:${dana} printer`)).toEqual(ids('danaPrinter'));
    // LIKE's wildcards are taken literally.
    expect(await search(`requester:%${run}`)).toEqual([]);
  });

  it('narrows by assignee: me, none, email or name', async () => {
    const mine = await agent.post('/api/v1/tickets', {
      subject: `Mine ${run}`,
      body: 'x',
      requester: { email: carl },
      assigneeId: agent.user?.id ?? (await agent.get('/api/v1/auth/me')).body.user?.id,
    });
    expect(mine.status).toBe(201);
    expect(await search(`assignee:me ${run}`)).toEqual([mine.body.id]);
    expect(await search(`assignee:zoe.${run}@test.local`)).toEqual(ids('danaInvoice'));
    expect(await search(`assignee:"zoë quartermain${run}"`)).toEqual(ids('danaInvoice'));
    expect(await search(`assignee:none requester:${dana}`)).toEqual(ids('danaPrinter'));
  });

  it('narrows by tag and status, and says which status is unknown', async () => {
    expect(await search(`tag:hardware${run}`)).toEqual(ids('danaPrinter', 'carlPrinter'));
    expect(await search(`tag:HARDWARE${run} status:pending`)).toEqual(ids('carlPrinter'));
    expect(await search(`tag:hardware${run} status:new,pending`)).toEqual(ids('danaPrinter', 'carlPrinter'));
    // status: replaces the list's own status filter.
    expect(await search(`tag:hardware${run} status:pending`, '&status=new')).toEqual(ids('carlPrinter'));
    const bad = await agent.get(`/api/v1/tickets?q=${encodeURIComponent('status:opne')}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('status:opne');
  });

  it('keeps unknown qualifiers and plain words as full text', async () => {
    expect(await search(`printer ${run}`)).toEqual(ids('danaPrinter', 'carlPrinter'));
    expect(await search(`smokes ${run}`)).toEqual(ids('carlPrinter'));
    expect(await search(`colour:red ${run}`)).toEqual([]);
  });

  it('counts a saved view with qualifiers as its list shows it', async () => {
    const view = await agent.post('/api/v1/views', {
      name: `hw ${run}`,
      filters: { q: `tag:hardware${run} status:pending` },
    });
    expect(view.status).toBe(201);
    const counts = await agent.get('/api/v1/views');
    const mine = (counts.body.items ?? counts.body).find((v: { id: number }) => v.id === view.body.id);
    expect(mine.count).toBe(1);
  });
});
