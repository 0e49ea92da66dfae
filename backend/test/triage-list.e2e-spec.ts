import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

/**
 * The inbox list's triage fields (issue 18) over HTTP: the preview and author of the
 * latest public message, the message count, and per agent whether the ticket changed
 * since they last opened it.
 */
describe('triage fields of the ticket list', () => {
  let t: TestApp;
  let alice: Client;
  let bob: Client;
  const tag = `triage${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.newUser('agent');
    bob = await t.newUser('agent');
  });
  afterAll(() => t.close());

  const create = async (client: Client, body: string) => {
    const r = await client.post('/api/v1/tickets', {
      subject: 'Printer on fire',
      body,
      requester: { email: 'dana@example.com', name: 'Dana' },
      tags: [tag],
    });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body as { id: number };
  };
  const listed = async (client: Client, id: number) => {
    const r = await client.get(`/api/v1/tickets?tag=${tag}&limit=100`);
    expect(r.status).toBe(200);
    return (r.body.items as Record<string, unknown>[]).find((x) => x.id === id)!;
  };
  /** The customer's reply through their portal link. */
  const customerReplies = async (id: number, body: string) => {
    const link = (await alice.get(`/api/v1/tickets/${id}/portal-link`)).body.url as string;
    const token = new URL(link).pathname.replace('/portal/', '');
    expect((await t.http.post(`/api/v1/public/tickets/${token}/messages`, { body })).status).toBe(201);
  };

  it('shows the latest public message folded to one bounded line, its author and the count', async () => {
    const long = `First   line\n\n\tsecond line ${'x'.repeat(400)}`;
    const { id } = await create(alice, long);
    let item = await listed(alice, id);
    expect(item).toMatchObject({ messageCount: 1, lastActor: 'customer' });
    expect(item.preview).toBe(`First line second line ${'x'.repeat(400)}`.slice(0, 200));
    expect(item.lastMessageAt).toEqual(expect.any(String));

    expect((await alice.post(`/api/v1/tickets/${id}/messages`, { body: 'We are on it.' })).status).toBe(201);
    item = await listed(alice, id);
    expect(item).toMatchObject({ messageCount: 2, lastActor: 'agent', preview: 'We are on it.' });

    // An internal note is counted but is not what the customer or the list preview shows.
    await alice.post(`/api/v1/tickets/${id}/messages`, { body: 'note to self', internal: true });
    item = await listed(alice, id);
    expect(item).toMatchObject({ messageCount: 3, lastActor: 'agent', preview: 'We are on it.' });

    await customerReplies(id, 'Still 🔥 burning');
    item = await listed(alice, id);
    expect(item).toMatchObject({ messageCount: 4, lastActor: 'customer', preview: 'Still 🔥 burning' });
    // The detail carries the same fields.
    expect((await alice.get(`/api/v1/tickets/${id}`)).body).toMatchObject({ lastActor: 'customer', messageCount: 4 });
  });

  it('keeps the preview whole at 200 characters, never half an emoji', async () => {
    const { id } = await create(alice, '😀'.repeat(300));
    expect(await listed(alice, id)).toMatchObject({ preview: '😀'.repeat(200) });
  });

  it('is unread for an agent until they open it, and again once someone else changes it', async () => {
    const { id } = await create(alice, 'Hello');
    // Never opened: unread for both, even for the agent who typed it in.
    expect((await listed(alice, id)).unread).toBe(true);
    expect((await listed(bob, id)).unread).toBe(true);

    expect((await alice.put(`/api/v1/tickets/${id}/read`)).status).toBe(204);
    expect((await listed(alice, id)).unread).toBe(false);
    expect((await listed(bob, id)).unread).toBe(true);
    const detail = (await alice.get(`/api/v1/tickets/${id}`)).body;
    expect(detail).toMatchObject({ unread: false, readAt: expect.any(String) });
    expect((await bob.get(`/api/v1/tickets/${id}`)).body).toMatchObject({ unread: true, readAt: null });

    // Alice's own change leaves it read for her; for Bob it is still unread.
    expect((await alice.patch(`/api/v1/tickets/${id}`, { priority: 'high' })).status).toBe(200);
    expect((await listed(alice, id)).unread).toBe(false);
    await bob.put(`/api/v1/tickets/${id}/read`);
    expect((await listed(bob, id)).unread).toBe(false);

    // Bob's change (a field, then a note) is news to Alice only.
    await bob.patch(`/api/v1/tickets/${id}`, { assigneeId: null, status: 'open' });
    expect((await listed(alice, id)).unread).toBe(true);
    expect((await listed(bob, id)).unread).toBe(false);
    await alice.put(`/api/v1/tickets/${id}/read`);
    await bob.post(`/api/v1/tickets/${id}/messages`, { body: 'fyi', internal: true });
    expect((await listed(alice, id)).unread).toBe(true);
    await alice.put(`/api/v1/tickets/${id}/read`);
    expect((await listed(alice, id)).unread).toBe(false);

    // A customer's reply is news to both.
    await customerReplies(id, 'Any news?');
    expect((await listed(alice, id)).unread).toBe(true);
    expect((await listed(bob, id)).unread).toBe(true);

    // Marking unread brings it back for that agent only.
    await alice.put(`/api/v1/tickets/${id}/read`);
    await bob.put(`/api/v1/tickets/${id}/read`);
    expect((await alice.delete(`/api/v1/tickets/${id}/read`)).status).toBe(204);
    expect((await listed(alice, id)).unread).toBe(true);
    expect((await listed(bob, id)).unread).toBe(false);
  });

  it('answers 404 for the read marker of a missing ticket and 401 without a session', async () => {
    expect((await alice.put('/api/v1/tickets/987654321/read')).status).toBe(404);
    expect((await alice.delete('/api/v1/tickets/987654321/read')).status).toBe(404);
    const { id } = await create(alice, 'x');
    expect((await t.http.put(`/api/v1/tickets/${id}/read`)).status).toBe(401);
  });
});
