import { startTestApp, TestApp } from './support/test-app';

describe('users, groups and customers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('users', () => {
    it('admins create agents with argon2id passwords, unique by case-insensitive email', async () => {
      const res = await t.admin.post('/api/v1/users', {
        email: 'Ann@Test.Local',
        name: 'Ann',
        role: 'agent',
        password: 'long-enough-pw',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: 'ann@test.local', role: 'agent', active: true });
      expect(res.body).not.toHaveProperty('passwordHash');
      const dup = await t.admin.post('/api/v1/users', {
        email: 'ANN@test.local',
        name: 'Ann 2',
        role: 'agent',
        password: 'long-enough-pw',
      });
      expect(dup.status).toBe(409);
      const weak = await t.admin.post('/api/v1/users', {
        email: 'b@test.local',
        name: 'B',
        role: 'owner',
        password: 'short',
      });
      expect(weak.status).toBe(400);
      expect(Object.keys(weak.body.fields).sort()).toEqual(['password', 'role']);
    });

    it('admins change roles; a promoted agent gets admin rights on the next request', async () => {
      const agent = await t.newUser('agent');
      expect((await agent.post('/api/v1/groups', { name: 'Nope' })).status).toBe(403);
      expect((await t.admin.patch(`/api/v1/users/${agent.user.id}`, { role: 'admin' })).body.role).toBe('admin');
      expect((await agent.post('/api/v1/groups', { name: 'Now yes' })).status).toBe(201);
    });

    it('never leaves the help desk without an active admin', async () => {
      const { rows } = await t.sql.query(`SELECT id FROM users WHERE role = 'admin' AND active`);
      for (const r of rows.slice(1)) await t.sql.query(`UPDATE users SET role = 'agent' WHERE id = $1`, [r.id]);
      const last = rows[0].id;
      const demote = await t.admin.patch(`/api/v1/users/${last}`, { role: 'agent' });
      expect(demote.status).toBe(409);
      expect((await t.admin.patch(`/api/v1/users/${last}`, { active: false })).status).toBe(409);
    });

    it('agents can list the team (to assign) but not change it', async () => {
      const agent = await t.newUser('agent');
      const list = await agent.get('/api/v1/users?limit=2');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect(list.body.nextCursor).toEqual(expect.any(String));
      const next = await agent.get(`/api/v1/users?limit=2&cursor=${list.body.nextCursor}`);
      expect(next.body.items[0].id).toBeGreaterThan(list.body.items[1].id);
      expect((await agent.patch(`/api/v1/users/${agent.user.id}`, { role: 'admin' })).status).toBe(403);
    });
  });

  describe('groups', () => {
    it('admins create groups with members, rename them, and cannot duplicate a name', async () => {
      const a = await t.newUser('agent');
      const b = await t.newUser('agent');
      const g = await t.admin.post('/api/v1/groups', { name: 'Support EU', memberIds: [a.user.id] });
      expect(g.status).toBe(201);
      expect(g.body.memberIds).toEqual([a.user.id]);
      const upd = await t.admin.patch(`/api/v1/groups/${g.body.id}`, {
        name: 'Support Europe',
        memberIds: [b.user.id, a.user.id],
      });
      expect(upd.body).toMatchObject({
        name: 'Support Europe',
        memberIds: [a.user.id, b.user.id].sort((x, y) => x - y),
      });
      expect((await t.admin.post('/api/v1/groups', { name: 'support europe' })).status).toBe(409);
      expect(
        (await t.admin.post('/api/v1/groups', { name: 'Ghosts', memberIds: [987654] })).body.fields,
      ).toHaveProperty('memberIds');
      expect((await a.get('/api/v1/groups')).body.items.map((x: any) => x.name)).toContain('Support Europe');
    });

    it('refuses to delete a group that still has tickets', async () => {
      const g = (await t.admin.post('/api/v1/groups', { name: 'Busy' })).body;
      await t.admin.post('/api/v1/tickets', {
        subject: 's',
        body: 'b',
        requester: { email: 'x@example.com' },
        groupId: g.id,
      });
      expect((await t.admin.delete(`/api/v1/groups/${g.id}`)).status).toBe(409);
      const empty = (await t.admin.post('/api/v1/groups', { name: 'Empty' })).body;
      expect((await t.admin.delete(`/api/v1/groups/${empty.id}`)).status).toBe(204);
      expect((await t.admin.get(`/api/v1/groups/${empty.id}`)).status).toBe(404);
    });
  });

  describe('customers', () => {
    it('are unique by email, case-insensitively, and searchable by prefix', async () => {
      const agent = await t.newUser('agent');
      const c = await agent.post('/api/v1/customers', { email: 'Zoe@Example.org', name: 'Zoe Q' });
      expect(c.status).toBe(201);
      expect(c.body.email).toBe('zoe@example.org');
      expect((await agent.post('/api/v1/customers', { email: 'ZOE@example.org' })).status).toBe(409);
      expect((await agent.get('/api/v1/customers?q=ZO')).body.items.map((x: any) => x.email)).toEqual([
        'zoe@example.org',
      ]);
      expect((await agent.get('/api/v1/customers?q=zoe q')).body.items).toHaveLength(1);
      expect((await agent.get('/api/v1/customers?q=%25')).body.items).toEqual([]);
      const renamed = await agent.patch(`/api/v1/customers/${c.body.id}`, { name: 'Zoë' });
      expect(renamed.body.name).toBe('Zoë');
    });

    it('a ticket for a known customer reuses the customer and fills in a missing name only', async () => {
      const agent = await t.newUser('agent');
      const first = (
        await agent.post('/api/v1/tickets', { subject: 's', body: 'b', requester: { email: 'noname@example.org' } })
      ).body;
      expect(first.requester.name).toBe('');
      const second = (
        await agent.post('/api/v1/tickets', {
          subject: 's',
          body: 'b',
          requester: { email: 'NoName@example.org', name: 'Named Now' },
        })
      ).body;
      expect(second.requester).toEqual({ id: first.requester.id, email: 'noname@example.org', name: 'Named Now' });
      const third = (
        await agent.post('/api/v1/tickets', {
          subject: 's',
          body: 'b',
          requester: { email: 'noname@example.org', name: 'Other' },
        })
      ).body;
      expect(third.requester.name).toBe('Named Now');
    });
  });
});
