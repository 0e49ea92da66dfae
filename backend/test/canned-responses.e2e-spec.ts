import { startTestApp, TestApp } from './support/test-app';

describe('canned responses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are one shared list that any agent adds to, edits and deletes', async () => {
    const ann = await t.newUser('agent');
    const bob = await t.newUser('agent');
    const body = 'Hi {{customer.firstName}},\n\nyour ticket #{{ticket.number}} is fixed.\n\n{{agent.name}}';
    const created = await ann.post('/api/v1/canned-responses', { title: '  Fixed  ', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Fixed', body, createdBy: ann.user.id, updatedBy: ann.user.id });
    await bob.post('/api/v1/canned-responses', { title: 'Apology', body: 'Sorry, {{customer.name}}.' });

    expect((await bob.get('/api/v1/canned-responses')).body.map((c: { title: string }) => c.title)).toEqual([
      'Apology',
      'Fixed',
    ]);

    const edited = await bob.patch(`/api/v1/canned-responses/${created.body.id}`, { body: 'Fixed now.' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'Fixed',
      body: 'Fixed now.',
      createdBy: ann.user.id,
      updatedBy: bob.user.id,
    });

    expect((await bob.delete(`/api/v1/canned-responses/${created.body.id}`)).status).toBe(204);
    expect((await ann.get('/api/v1/canned-responses')).body.map((c: { title: string }) => c.title)).toEqual([
      'Apology',
    ]);
    expect((await ann.delete(`/api/v1/canned-responses/${created.body.id}`)).status).toBe(404);
    expect((await ann.patch(`/api/v1/canned-responses/${created.body.id}`, { body: 'x' })).status).toBe(404);
  });

  it('validate input and keep titles unique regardless of case', async () => {
    const bad = await t.admin.post('/api/v1/canned-responses', { title: '', body: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['body', 'title']);
    expect((await t.admin.post('/api/v1/canned-responses', { title: 'Greeting', body: 'Hello' })).status).toBe(201);
    const dup = await t.admin.post('/api/v1/canned-responses', { title: 'GREETING', body: 'Hi' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });

  it('are for signed-in agents only', async () => {
    expect((await t.http.get('/api/v1/canned-responses')).status).toBe(401);
  });
});
