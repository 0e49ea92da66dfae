import { connectSocket, eventually, record } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

describe('bulk ticket updates', () => {
  let t: TestApp;
  let agent: Client;
  let other: Client;
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await agent.post('/api/v1/tickets', {
      subject: 'Bulk me',
      body: 'Hi',
      requester: { email: 'bulk@example.com' },
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.newUser('agent');
    other = await t.newUser('agent');
  });
  afterAll(() => t.close());

  it('assigns, sets status and adds/removes tags on every ticket, with audit and realtime events per ticket', async () => {
    const a = await create({ tags: ['old', 'keep'] });
    const b = await create({ tags: ['keep'] });
    const socket = await connectSocket(t.url, { cookie: agent.cookie });
    const updates = record<{ ticketId: number; fields: string[] }>(socket, 'ticket.updated');

    const res = await agent.post('/api/v1/tickets/bulk', {
      ids: [a.id, b.id],
      changes: { assigneeId: other.user.id, status: 'pending', addTags: ['VIP'], removeTags: ['old'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: [a.id, b.id], failed: [] });
    for (const id of [a.id, b.id]) {
      const tk = (await agent.get(`/api/v1/tickets/${id}`)).body;
      expect(tk).toMatchObject({ assigneeId: other.user.id, status: 'pending', tags: ['keep', 'vip'] });
      const events = (await agent.get(`/api/v1/tickets/${id}/events`)).body.items;
      expect(
        events
          .filter((e: { action: string }) => e.action === 'updated')
          .map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['assigneeId', 'status', 'tags']);
    }
    await eventually(() => [a.id, b.id].every((id) => updates.some((u) => u.ticketId === id)));
    socket.close();

    const unassign = await agent.post('/api/v1/tickets/bulk', { ids: [a.id], changes: { assigneeId: null } });
    expect(unassign.body.updated).toEqual([a.id]);
    expect((await agent.get(`/api/v1/tickets/${a.id}`)).body.assigneeId).toBeNull();
  });

  it('reports tickets it could not change without failing the others', async () => {
    const ok = await create();
    const closed = await create();
    await agent.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
    const res = await agent.post('/api/v1/tickets/bulk', {
      ids: [closed.id, 987654, ok.id],
      changes: { priority: 'urgent' },
    });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([ok.id]);
    expect(res.body.failed).toEqual([
      { id: closed.id, statusCode: 409, message: expect.stringMatching(/closed/) },
      { id: 987654, statusCode: 404, message: 'Ticket 987654 not found' },
    ]);
    expect((await agent.get(`/api/v1/tickets/${ok.id}`)).body.priority).toBe('urgent');
  });

  it('validates the request as a whole', async () => {
    const tk = await create();
    const cases: [unknown, string][] = [
      [{ ids: [], changes: { status: 'open' } }, 'ids'],
      [{ ids: [tk.id, tk.id], changes: { status: 'open' } }, 'ids'],
      [{ ids: Array.from({ length: 201 }, (_, i) => i + 1), changes: { status: 'open' } }, 'ids'],
      [{ ids: [tk.id], changes: { status: 'lost' } }, 'changes.status'],
      [{ ids: [tk.id], changes: { addTags: ['bad tag!'] } }, 'changes.addTags'],
      [{ ids: [tk.id], changes: { subject: 'no' } }, 'changes.subject'],
      [{ ids: [tk.id], changes: {} }, 'changes'],
    ];
    for (const [body, field] of cases) {
      const res = await agent.post('/api/v1/tickets/bulk', body);
      expect([field, res.status]).toEqual([field, 400]);
      expect([field, Object.keys(res.body.fields)]).toEqual([field, [field]]);
    }
    const badAssignee = await agent.post('/api/v1/tickets/bulk', { ids: [tk.id], changes: { assigneeId: 424242 } });
    expect(badAssignee.body.failed).toEqual([
      { id: tk.id, statusCode: 400, message: expect.stringMatching(/assigneeId/) },
    ]);
  });
});
