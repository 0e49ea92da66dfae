import { generateSync } from 'otplib';
import { HttpClient } from './support/http-client';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'password-123456';

/** The authenticator app's code `steps` 30-second steps from now (RFC 6238). */
const code = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

/** Signs in with a password only; returns the raw answer (a session, or a challenge). */
async function passwordStep(t: TestApp, email: string, password = PASSWORD) {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as any, cookies: res.headers.getSetCookie() };
}

/** The second step; on success a client with the new session. */
async function codeStep(t: TestApp, challenge: string, c: string) {
  const res = await fetch(`${t.url}/api/v1/auth/login/totp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ challenge, code: c }),
  });
  const body = (await res.json()) as any;
  const cookie = res.headers
    .getSetCookie()
    .find((x) => x.startsWith('helpdesk_session='))
    ?.split(';')[0];
  return {
    status: res.status,
    body,
    client: cookie ? new HttpClient(t.url, { cookie, csrfToken: body.csrfToken }) : null,
  };
}

/** Enrols `user` (a signed-in client) and returns the seed and the recovery codes. */
async function enrol(user: HttpClient) {
  const begun = await user.post('/api/v1/auth/me/totp');
  expect(begun.status).toBe(201);
  const confirmed = await user.post('/api/v1/auth/me/totp/confirm', { code: code(begun.body.secret) });
  expect(confirmed.status).toBe(200);
  return { secret: begun.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('enrols with a seed and an otpauth URI, confirmed by a code, and hands out ten recovery codes stored hashed', async () => {
    const agent = await t.newUser('agent');
    expect((await agent.get('/api/v1/auth/me/totp')).body).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      required: false,
    });
    const begun = await agent.post('/api/v1/auth/me/totp');
    expect(begun.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(begun.body.otpauthUrl);
    expect([uri.protocol, uri.host]).toEqual(['otpauth:', 'totp']);
    expect(decodeURIComponent(uri.pathname)).toBe(`/Helpdesk:${agent.user.email}`);
    expect(uri.searchParams.get('secret')).toBe(begun.body.secret);
    const sealed = await t.sql.query(`SELECT secret_sealed FROM user_totp WHERE user_id = $1`, [agent.user.id]);
    expect(sealed.rows[0].secret_sealed).not.toContain(begun.body.secret);

    // Nothing is in force before the confirmation.
    expect((await passwordStep(t, agent.user.email)).body.user).toBeDefined();
    const wrong = await agent.post('/api/v1/auth/me/totp/confirm', {
      code: '000000' === code(begun.body.secret) ? '111111' : '000000',
    });
    expect([wrong.status, wrong.body.fields]).toEqual([400, { code: [expect.any(String)] }]);

    const confirmed = await agent.post('/api/v1/auth/me/totp/confirm', { code: code(begun.body.secret) });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    const stored = await t.sql.query(`SELECT code_hash FROM user_recovery_codes WHERE user_id = $1`, [agent.user.id]);
    expect(stored.rowCount).toBe(10);
    expect(JSON.stringify(stored.rows)).not.toContain(codes[0].replace(/-/g, ''));
    expect((await agent.get('/api/v1/auth/me/totp')).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await agent.post('/api/v1/auth/me/totp')).status).toBe(409);
  });

  it('asks for the code after the password, without a session, and accepts each code once', async () => {
    const agent = await t.newUser('agent');
    const { secret } = await enrol(agent);
    const first = await passwordStep(t, agent.user.email);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    expect(first.cookies.some((c) => c.startsWith('helpdesk_session='))).toBe(false);

    expect((await codeStep(t, first.body.challenge, '123')).status).toBe(400);
    const wrongCode = code(secret) === '000000' ? '000001' : '000000';
    expect((await codeStep(t, first.body.challenge, wrongCode)).status).toBe(401);
    // The code that confirmed the enrolment was used: not again (RFC 6238 section 5.2).
    expect((await codeStep(t, first.body.challenge, code(secret))).status).toBe(401);
    const ok = await codeStep(t, first.body.challenge, code(secret, 1));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: { id: agent.user.id }, mustEnrolTotp: false });
    expect((await ok.client!.get('/api/v1/auth/me')).status).toBe(200);
    // The challenge is spent.
    expect((await codeStep(t, first.body.challenge, code(secret, 1))).status).toBe(401);
  });

  it('takes a recovery code instead, once', async () => {
    const agent = await t.newUser('agent');
    const { recoveryCodes } = await enrol(agent);
    const a = await passwordStep(t, agent.user.email);
    const ok = await codeStep(t, a.body.challenge, recoveryCodes[3].toUpperCase().replace(/-/g, ' '));
    expect(ok.status).toBe(200);
    const b = await passwordStep(t, agent.user.email);
    expect((await codeStep(t, b.body.challenge, recoveryCodes[3])).status).toBe(401);
    expect((await ok.client!.get('/api/v1/auth/me/totp')).body.recoveryCodesLeft).toBe(9);
  });

  it('says so when the key cannot be read any more (HELPDESK_SECRET_KEY changed), and recovery codes still work', async () => {
    const agent = await t.newUser('agent');
    const { secret, recoveryCodes } = await enrol(agent);
    await t.sql.query(`UPDATE user_totp SET secret_sealed = 'v1.AAAA.AAAA.AAAA' WHERE user_id = $1`, [agent.user.id]);
    const { body } = await passwordStep(t, agent.user.email);
    const unreadable = await codeStep(t, body.challenge, code(secret, 1));
    expect([unreadable.status, unreadable.body.message]).toEqual([503, expect.stringMatching(/recovery code/)]);
    expect((await codeStep(t, body.challenge, recoveryCodes[0])).status).toBe(200);
  });

  it('ends a challenge after five wrong codes', async () => {
    const agent = await t.newUser('agent');
    const { recoveryCodes } = await enrol(agent);
    const { body } = await passwordStep(t, agent.user.email);
    for (let i = 0; i < 5; i++) expect((await codeStep(t, body.challenge, `${100000 + i}`)).status).toBe(401);
    const after = await codeStep(t, body.challenge, recoveryCodes[0]);
    expect([after.status, after.body.message]).toEqual([401, expect.stringMatching(/expired/)]);
  });

  it('turns two-factor off only with the password and a code', async () => {
    const agent = await t.newUser('agent');
    const { recoveryCodes } = await enrol(agent);
    const session = (await codeStep(t, (await passwordStep(t, agent.user.email)).body.challenge, recoveryCodes[0]))
      .client!;
    const wrongPassword = await session.request('DELETE', '/api/v1/auth/me/totp', {
      password: 'nope-nope',
      code: recoveryCodes[1],
    });
    expect([wrongPassword.status, wrongPassword.body.fields]).toEqual([401, { password: ['is wrong'] }]);
    const wrongCode = await session.request('DELETE', '/api/v1/auth/me/totp', {
      password: PASSWORD,
      code: recoveryCodes[0],
    });
    expect([wrongCode.status, wrongCode.body.fields]).toEqual([401, { code: ['is wrong'] }]);
    expect(
      (await session.request('DELETE', '/api/v1/auth/me/totp', { password: PASSWORD, code: recoveryCodes[1] })).status,
    ).toBe(204);
    expect((await session.get('/api/v1/auth/me/totp')).body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect((await passwordStep(t, agent.user.email)).body.user.id).toBe(agent.user.id);
  });

  it('lets an admin reset the two-factor of someone who lost app and codes', async () => {
    const agent = await t.newUser('agent');
    await enrol(agent);
    expect((await t.admin.delete(`/api/v1/users/${agent.user.id}/totp`)).status).toBe(204);
    expect((await passwordStep(t, agent.user.email)).body.user.id).toBe(agent.user.id);
    expect((await t.admin.delete(`/api/v1/users/${agent.user.id}/totp`)).status).toBe(404);
  });

  describe('when the admins require two-factor', () => {
    beforeAll(async () => {
      const res = await t.admin.put('/api/v1/settings/two-factor', { required: true });
      expect(res.body).toEqual({ required: true });
    });
    afterAll(() => t.admin.put('/api/v1/settings/two-factor', { required: false }));

    it('leads a password sign-in without two-factor to enrolment before anything else', async () => {
      const created = await t.admin.post('/api/v1/users', {
        email: 'policy@test.local',
        name: 'Policy',
        role: 'agent',
        password: PASSWORD,
      });
      const first = await passwordStep(t, 'policy@test.local');
      expect(first.body).toMatchObject({ user: { id: created.body.id }, mustEnrolTotp: true });
      const cookie = first.cookies.find((c) => c.startsWith('helpdesk_session='))!.split(';')[0];
      const session = new HttpClient(t.url, { cookie, csrfToken: first.body.csrfToken });

      const blocked = await session.get('/api/v1/tickets');
      expect([blocked.status, blocked.body.reason]).toEqual([403, 'totp_enrolment_required']);
      expect((await session.post('/api/v1/tokens', { name: 'sneaky' })).status).toBe(403);
      expect((await session.get('/api/v1/auth/me')).body).toMatchObject({ mustEnrolTotp: true });
      expect((await session.get('/api/v1/auth/me/totp')).body).toMatchObject({ enabled: false, required: true });

      const { secret } = (await session.post('/api/v1/auth/me/totp')).body;
      expect((await session.post('/api/v1/auth/me/totp/confirm', { code: code(secret) })).status).toBe(200);
      // The same session goes everywhere now.
      expect((await session.get('/api/v1/tickets')).status).toBe(200);
      expect((await session.get('/api/v1/auth/me')).body.mustEnrolTotp).toBe(false);
      // The next sign-in asks for the code.
      expect((await passwordStep(t, 'policy@test.local')).body.twoFactorRequired).toBe(true);
    });

    it('leaves sessions signed in before the policy alone', async () => {
      expect((await t.admin.get('/api/v1/tickets')).status).toBe(200);
      expect((await t.http.login(ADMIN.email, ADMIN.password)).user).toBeDefined();
    });
  });
});

describe('sign-in limits cover second-factor codes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_LOGIN_LIMIT_PER_ACCOUNT: '3' } });
  });
  afterAll(() => t.close());

  it('counts wrong codes as failed sign-ins of the account; a right password does not reset the count', async () => {
    const agent = await t.newUser('agent');
    const { recoveryCodes } = await enrol(agent);
    let { body } = await passwordStep(t, agent.user.email);
    expect((await codeStep(t, body.challenge, '100001')).status).toBe(401);
    expect((await codeStep(t, body.challenge, '100002')).status).toBe(401);
    ({ body } = await passwordStep(t, agent.user.email));
    expect((await codeStep(t, body.challenge, '100003')).status).toBe(401);
    const locked = await codeStep(t, body.challenge, recoveryCodes[0]);
    expect(locked.status).toBe(429);
    expect((await passwordStep(t, agent.user.email)).status).toBe(429);
  });
});
