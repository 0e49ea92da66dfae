import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];

/**
 * Drafts (issue 18) over HTTP: each agent's own unsent composer content per ticket, kept
 * on the server, answered like the ticket itself for scope and trash, shown as `hasDraft`
 * in the list, and gone once its author posts a message (in the message's transaction).
 */
describe('drafts', () => {
  let t: TestApp;
  let alice: Client;
  let bob: Client;
  let scoped: Client;
  const tag = `drafts${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.newUser('agent');
    bob = await t.newUser('agent');
    scoped = await t.newUser('agent');
    // Only tickets assigned to them: the (unassigned) tickets below are out of their scope.
    const r = await t.admin.patch(`/api/v1/users/${scoped.user.id}`, { ticketScope: 'assigned' });
    expect(r.status).toBe(200);
  });
  afterAll(() => t.close());

  const create = async () => {
    const r = await alice.post('/api/v1/tickets', {
      subject: 'Printer on fire',
      body: 'Help',
      requester: { email: 'dana@example.com', name: 'Dana' },
      tags: [tag],
    });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id as number;
  };
  const draftUrl = (id: number) => `/api/v1/tickets/${id}/draft`;
  const listed = async (client: Client, id: number) => {
    const r = await client.get(`/api/v1/tickets?tag=${tag}&limit=100`);
    expect(r.status).toBe(200);
    return (r.body.items as Record<string, unknown>[]).find((x) => x.id === id)!;
  };

  it('saves, reads back and deletes a draft; 404 when there is none', async () => {
    const id = await create();
    expect((await alice.get(draftUrl(id))).status).toBe(404);

    const saved = await alice.put(draftUrl(id), {
      body: 'Dear Dana,',
      internal: true,
      attachmentIds: [],
      cc: ['boss@example.com'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      body: 'Dear Dana,',
      bodyHtml: null,
      internal: true,
      attachmentIds: [],
      cc: ['boss@example.com'],
      updatedAt: expect.any(String),
    });
    expect((await alice.get(draftUrl(id))).body).toEqual(saved.body);

    // A second save replaces the first.
    const again = await alice.put(draftUrl(id), { body: 'Dear Dana, we' });
    expect(again.body).toMatchObject({ body: 'Dear Dana, we', internal: false, cc: [] });
    expect((await alice.get(draftUrl(id))).body.body).toBe('Dear Dana, we');

    expect((await alice.delete(draftUrl(id))).status).toBe(204);
    expect((await alice.get(draftUrl(id))).status).toBe(404);
    // Deleting nothing is fine.
    expect((await alice.delete(draftUrl(id))).status).toBe(204);
  });

  it('keeps the ids of files uploaded for it, as numbers, and sends them with the message', async () => {
    const id = await create();
    const form = new FormData();
    form.append('file', new Blob(['E-203 paper jam']), 'scanner-log.txt');
    const uploaded = await alice.postForm('/api/v1/attachments', form);
    expect(uploaded.status).toBe(201);
    const saved = await alice.put(draftUrl(id), { body: 'Log attached', attachmentIds: [uploaded.body.id] });
    expect(saved.body.attachmentIds).toEqual([uploaded.body.id]);
    const draft = (await alice.get(draftUrl(id))).body;
    expect(draft.attachmentIds).toEqual([uploaded.body.id]);
    const posted = await alice.post(`/api/v1/tickets/${id}/messages`, {
      body: draft.body,
      attachmentIds: draft.attachmentIds,
    });
    expect(posted.status).toBe(201);
    expect(posted.body.attachments.map((a: { id: number }) => a.id)).toEqual([uploaded.body.id]);
    expect((await alice.get(draftUrl(id))).status).toBe(404);
  });

  it("is the caller's own: another agent neither sees nor replaces it", async () => {
    const id = await create();
    await alice.put(draftUrl(id), { body: "Alice's words" });
    expect((await bob.get(draftUrl(id))).status).toBe(404);
    await bob.put(draftUrl(id), { body: "Bob's words" });
    expect((await alice.get(draftUrl(id))).body.body).toBe("Alice's words");
    expect((await bob.get(draftUrl(id))).body.body).toBe("Bob's words");
    await bob.delete(draftUrl(id));
    expect((await alice.get(draftUrl(id))).body.body).toBe("Alice's words");
  });

  it('answers 404 out of scope and for a deleted ticket, like the ticket', async () => {
    const id = await create();
    await alice.put(draftUrl(id), { body: 'Kept' });
    const missing = (await scoped.get(`/api/v1/tickets/${id}`)).body;
    for (const res of [
      await scoped.get(draftUrl(id)),
      await scoped.put(draftUrl(id), { body: 'x' }),
      await scoped.delete(draftUrl(id)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(missing);
    }
    // Assigned to them, it is theirs to draft on.
    await t.admin.patch(`/api/v1/tickets/${id}`, { assigneeId: scoped.user.id });
    expect((await scoped.put(draftUrl(id), { body: 'Mine now' })).status).toBe(200);

    expect((await t.admin.delete(`/api/v1/tickets/${id}`)).status).toBe(204);
    expect((await alice.get(draftUrl(id))).status).toBe(404);
    expect((await alice.put(draftUrl(id), { body: 'x' })).status).toBe(404);
    // Restored, the draft is still there.
    expect((await t.admin.post(`/api/v1/tickets/${id}/restore`, {})).status).toBe(200);
    expect((await alice.get(draftUrl(id))).body.body).toBe('Kept');
  });

  it('refuses a bad cc address, too many cc, and a body longer than a message may be', async () => {
    const id = await create();
    const bad = await alice.put(draftUrl(id), { body: 'Hi', cc: ['not an address'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cc');
    const many = Array.from({ length: 21 }, (_, i) => `p${i}@example.com`);
    expect((await alice.put(draftUrl(id), { body: 'Hi', cc: many })).status).toBe(400);
    expect((await alice.put(draftUrl(id), { body: 'x'.repeat(1_000_001) })).status).toBe(400);
    expect((await alice.put(draftUrl(id), { body: 'Hi', internal: 'yes' })).status).toBe(400);
    expect((await alice.put(draftUrl(id), { cc: [] })).status).toBe(400);
    // None of them saved anything.
    expect((await alice.get(draftUrl(id))).status).toBe(404);
    // The longest body a message may have is a fine draft.
    expect((await alice.put(draftUrl(id), { body: 'x'.repeat(1_000_000) })).status).toBe(200);
  });

  it('stores HTML sanitised: a script never comes back', async () => {
    const id = await create();
    const html = '<p>Hello <b>Dana</b></p><script>alert(1)</script><img src=x onerror="alert(2)">';
    const saved = await alice.put(draftUrl(id), { body: 'Hello Dana', bodyHtml: html });
    expect(saved.status).toBe(200);
    for (const view of [saved.body, (await alice.get(draftUrl(id))).body]) {
      expect(view.bodyHtml).toContain('<b>Dana</b>');
      expect(view.bodyHtml).not.toMatch(/script|onerror|alert/);
    }
  });

  it("keeps the author's own pasted images in the HTML, and nobody else's", async () => {
    const id = await create();
    // A 1x1 PNG, uploaded inline as the editor does when an image is pasted.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    const inline = async (who: Client) => {
      const form = new FormData();
      form.append('inline', 'true');
      form.append('file', new Blob([png], { type: 'image/png' }), 'paste.png');
      const res = await who.postForm('/api/v1/attachments', form);
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const mine = await inline(alice);
    const theirs = await inline(bob);
    const html = `<p>See</p><p><img src="/api/v1/attachments/${mine}"><img src="/api/v1/attachments/${theirs}"></p>`;
    const saved = await alice.put(draftUrl(id), { body: 'See', bodyHtml: html });
    expect(saved.status).toBe(200);
    expect(saved.body.bodyHtml).toContain(`src="/api/v1/attachments/${mine}"`);
    expect(saved.body.bodyHtml).not.toContain(`/api/v1/attachments/${theirs}`);
  });

  it('shows hasDraft in the list and the detail, for its author only', async () => {
    const id = await create();
    expect((await listed(alice, id)).hasDraft).toBe(false);
    await alice.put(draftUrl(id), { body: 'Half a reply' });
    expect((await listed(alice, id)).hasDraft).toBe(true);
    expect((await listed(bob, id)).hasDraft).toBe(false);
    expect((await alice.get(`/api/v1/tickets/${id}`)).body.hasDraft).toBe(true);
    expect((await bob.get(`/api/v1/tickets/${id}`)).body.hasDraft).toBe(false);
    await alice.delete(draftUrl(id));
    expect((await listed(alice, id)).hasDraft).toBe(false);
  });

  it("posting a reply or a note deletes the author's draft; a refused post keeps it", async () => {
    const id = await create();
    await alice.put(draftUrl(id), { body: 'Dear Dana, the printer' });
    await bob.put(draftUrl(id), { body: "Bob's note" });

    // Refused (an unknown status): nothing was posted, the draft stays.
    const refused = await alice.post(`/api/v1/tickets/${id}/messages`, { body: 'Dear Dana', status: 'nope' });
    expect(refused.status).toBe(400);
    expect((await alice.get(draftUrl(id))).status).toBe(200);
    // Refused inside the transaction, after the draft's delete (a file that is not the agent's
    // upload): the delete rolls back with the message.
    const foreign = await alice.post(`/api/v1/tickets/${id}/messages`, { body: 'Dear Dana', attachmentIds: [987654] });
    expect(foreign.status).toBe(400);
    expect((await alice.get(draftUrl(id))).status).toBe(200);

    expect((await alice.post(`/api/v1/tickets/${id}/messages`, { body: 'Dear Dana, fixed.' })).status).toBe(201);
    expect((await alice.get(draftUrl(id))).status).toBe(404);
    expect((await listed(alice, id)).hasDraft).toBe(false);
    // Only the author's: Bob's draft on the same ticket stays until he posts his note.
    expect((await bob.get(draftUrl(id))).body.body).toBe("Bob's note");
    expect((await bob.post(`/api/v1/tickets/${id}/messages`, { body: "Bob's note", internal: true })).status).toBe(201);
    expect((await bob.get(draftUrl(id))).status).toBe(404);
  });
});
