import { ADMIN, startTestApp, TestApp } from './support/test-app';

describe('sign-in, sessions, CSRF and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in with an httpOnly SameSite session cookie and returns the user and a CSRF token', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email.toUpperCase(), password: ADMIN.password }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: Record<string, unknown>; csrfToken: string };
    expect(body.user).toMatchObject({ email: ADMIN.email, role: 'admin', active: true });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^helpdesk_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; Secure on HTTPS ('auto')
  });

  it('rejects a wrong password and an unknown account with the same answer', async () => {
    const wrong = await t.http.post('/api/v1/auth/login', { email: ADMIN.email, password: 'nope-nope-nope' });
    const unknown = await t.http.post('/api/v1/auth/login', { email: 'ghost@test.local', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await t.sql.query('SELECT password_hash FROM users WHERE email = $1', [ADMIN.email]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('needs the CSRF token on unsafe requests made with the cookie, not on safe ones', async () => {
    const agent = await t.newUser('agent');
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    const without = await agent.request('POST', '/api/v1/tokens', { name: 'x' }, { 'x-csrf-token': '' });
    expect(without.status).toBe(403);
    expect(without.body.message).toMatch(/CSRF/);
    expect((await agent.post('/api/v1/tokens', { name: 'x' })).status).toBe(201);
  });

  it('returns the CSRF token again from /auth/me for a reloaded tab', async () => {
    const agent = await t.newUser('agent');
    const me = await agent.get('/api/v1/auth/me');
    expect(me.body.user.id).toBe(agent.user.id);
    expect(me.body.csrfToken).toEqual(expect.any(String));
    expect(
      (await agent.request('PATCH', '/api/v1/auth/me', { name: 'Renamed' }, { 'x-csrf-token': me.body.csrfToken }))
        .status,
    ).toBe(200);
  });

  it('ends the session on logout', async () => {
    const agent = await t.newUser('agent');
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('lets a user change their own password only with the current one', async () => {
    const agent = await t.newUser('agent');
    const bad = await agent.patch('/api/v1/auth/me', { currentPassword: 'wrong', newPassword: 'a-new-password-1' });
    expect(bad.status).toBe(401);
    const ok = await agent.patch('/api/v1/auth/me', {
      currentPassword: 'password-123456',
      newPassword: 'a-new-password-1',
    });
    expect(ok.status).toBe(200);
    await expect(t.http.login(agent.user.email, 'a-new-password-1')).resolves.toBeDefined();
  });

  describe('API tokens', () => {
    it('are shown once, stored hashed, work without cookie or CSRF, and stop working when revoked', async () => {
      const agent = await t.newUser('agent');
      const created = await agent.post('/api/v1/tokens', { name: 'ci script' });
      expect(created.status).toBe(201);
      const { token, id, prefix } = created.body;
      expect(token).toMatch(/^hdk_/);
      expect(token.startsWith(prefix)).toBe(true);

      const stored = await t.sql.query('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
      expect(Buffer.from(stored.rows[0].token_hash).toString('utf8')).not.toContain(token);
      const listed = await agent.get('/api/v1/tokens');
      expect(JSON.stringify(listed.body)).not.toContain(token);

      const bot = t.http.withToken(token);
      const ticket = await bot.post('/api/v1/tickets', {
        subject: 'From a script',
        body: 'hi',
        requester: { email: 'script@example.com' },
      });
      expect(ticket.status).toBe(201);
      const events = await bot.get(`/api/v1/tickets/${ticket.body.id}/events`);
      expect(events.body.items[0].actor).toMatchObject({ type: 'user', id: agent.user.id });

      expect((await agent.delete(`/api/v1/tokens/${id}`)).body.revokedAt).not.toBeNull();
      const after = await bot.get('/api/v1/tickets');
      expect(after.status).toBe(401);
    });

    it('cannot be revoked or listed by another agent, but can by an admin', async () => {
      const owner = await t.newUser('agent');
      const other = await t.newUser('agent');
      const { id } = (await owner.post('/api/v1/tokens', { name: 'mine' })).body;
      expect((await other.delete(`/api/v1/tokens/${id}`)).status).toBe(404);
      expect((await other.get(`/api/v1/tokens?userId=${owner.user.id}`)).status).toBe(403);
      expect((await t.admin.get(`/api/v1/tokens?userId=${owner.user.id}`)).body.items.map((x: any) => x.id)).toEqual([
        id,
      ]);
      expect((await t.admin.delete(`/api/v1/tokens/${id}`)).status).toBe(200);
    });

    it('rejects a malformed bearer token', async () => {
      expect((await t.http.withToken('hdk_not-a-real-token').get('/api/v1/tickets')).status).toBe(401);
      expect((await t.http.request('GET', '/api/v1/tickets', undefined, { authorization: 'Basic abc' })).status).toBe(
        401,
      );
    });
  });

  describe('deactivated users', () => {
    it('lose their sessions and tokens at once', async () => {
      const agent = await t.newUser('agent');
      const { token } = (await agent.post('/api/v1/tokens', { name: 't' })).body;
      expect((await t.admin.patch(`/api/v1/users/${agent.user.id}`, { active: false })).status).toBe(200);
      expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
      expect((await t.http.withToken(token).get('/api/v1/auth/me')).status).toBe(401);
      const login = await t.http.post('/api/v1/auth/login', { email: agent.user.email, password: 'password-123456' });
      expect(login.status).toBe(401);
    });
  });
});

describe('login rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_LOGIN_LIMIT_PER_ACCOUNT: '3', HELPDESK_LOGIN_LIMIT_PER_IP: '8' } });
  });
  afterAll(() => t.close());

  it('locks an account after repeated failures, even with the right password, and answers 429 with Retry-After', async () => {
    const agent = await t.newUser('agent');
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.http.post('/api/v1/auth/login', { email: agent.user.email, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    const locked = await t.http.post('/api/v1/auth/login', { email: agent.user.email, password: 'password-123456' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits attempts per client IP across accounts', async () => {
    // The IP budget (8) is shared by every attempt from 127.0.0.1, including the ones above.
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) {
      status = (await t.http.post('/api/v1/auth/login', { email: `nobody${i}@test.local`, password: 'wrong-password' }))
        .status;
    }
    expect(status).toBe(429);
  });
});
