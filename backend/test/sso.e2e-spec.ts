import { freePort } from '../../test/support/free-port.cjs';
import { HttpClient } from './support/http-client';
import { CookieJar, jarFetch, signInAtProvider, startOidcProvider, TestOidcProvider } from './support/oidc';
import { issueTestLicence } from './support/test-licence';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

const ACCOUNTS = {
  'erin@example.com': { email: 'erin@example.com', email_verified: true, name: 'Erin Existing' },
  'newbie@example.com': { email: 'newbie@example.com', email_verified: true, name: 'Nina Newbie' },
  'second@example.com': { email: 'second@example.com', email_verified: true, name: 'Sam Second' },
  'mallory@evil.test': { email: 'mallory@evil.test', email_verified: true, name: 'Mallory' },
  'unverified@example.com': { email: 'unverified@example.com', email_verified: false },
  'stranger@example.com': { email: 'stranger@example.com', email_verified: true },
};

/**
 * Single sign-on against a real OpenID Provider (npm oidc-provider in its own process on a
 * loopback port), driven over HTTP as a browser would: our start → the provider's sign-in
 * page → our callback → our session cookie.
 */
describe('single sign-on (OpenID Connect)', () => {
  let t: TestApp;
  let idp: TestOidcProvider;
  let skewed: TestOidcProvider;
  let acme: { id: number }; // JIT, example.com only, confidential client
  let closed: { id: number }; // no JIT, public client (PKCE only)
  let late: { id: number }; // a provider whose clock is 10 minutes behind: its ID tokens arrive expired

  beforeAll(async () => {
    // Three seats: the admin, Erin, and one agent created just in time.
    t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: issueTestLicence({ seats: 3 }) } });
    await t.admin.post('/api/v1/users', {
      email: 'erin@example.com',
      name: 'Erin',
      role: 'agent',
      password: 'erin-password-1',
    });
    const [port, skewedPort] = await Promise.all([freePort(), freePort()]);
    const issuer = `http://127.0.0.1:${port}`;
    const create = async (body: object) => {
      const res = await t.admin.post('/api/v1/auth/providers', body);
      expect(res.status).toBe(201);
      return res.body;
    };
    acme = await create({
      name: 'Acme ID',
      issuer,
      clientId: 'helpdesk',
      clientSecret: 'acme-client-secret-42',
      allowedDomains: ['Example.com'],
      autoCreateAgents: true,
    });
    closed = await create({ name: 'Closed ID', issuer, clientId: 'closed-door' });
    late = await create({ name: 'Late ID', issuer: `http://127.0.0.1:${skewedPort}`, clientId: 'helpdesk' });
    const redirect = (id: number) => `${t.url}/api/v1/auth/oidc/${id}/callback`;
    [idp, skewed] = await Promise.all([
      startOidcProvider({
        port,
        clients: [
          { client_id: 'helpdesk', client_secret: 'acme-client-secret-42', redirect_uris: [redirect(acme.id)] },
          { client_id: 'closed-door', redirect_uris: [redirect(closed.id)] },
        ],
        accounts: ACCOUNTS,
      }),
      startOidcProvider({
        port: skewedPort,
        clients: [{ client_id: 'helpdesk', redirect_uris: [redirect(late.id)] }],
        accounts: ACCOUNTS,
        idTokenTtl: 60,
        clockOffsetSeconds: -600,
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([idp?.stop(), skewed?.stop()]);
    await t?.close();
  });

  const start = (id: number, returnTo = '/') =>
    `${t.url}/api/v1/auth/oidc/${id}/start?returnTo=${encodeURIComponent(returnTo)}`;

  /** The whole round trip; returns our callback's answer and the jar (with our cookies). */
  async function signIn(id: number, login: string, returnTo = '/') {
    const jar = new CookieJar();
    const callback = await signInAtProvider(jar, start(id, returnTo), login);
    const res = await jarFetch(jar, callback);
    return { res, jar, callback, body: res.status === 303 ? '' : await res.text() };
  }

  const sessionOf = (jar: CookieJar) => {
    const cookie = jar.get(t.url, 'helpdesk_session');
    return cookie ? new HttpClient(t.url, { cookie: `helpdesk_session=${cookie}` }) : null;
  };

  it('keeps the client secret write-only and sealed, and lists providers for the sign-in page without a session', async () => {
    const listed = await t.admin.get('/api/v1/auth/providers');
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((p: any) => p.id === acme.id);
    expect(mine).toMatchObject({
      name: 'Acme ID',
      clientId: 'helpdesk',
      clientSecretSet: true,
      allowedDomains: ['example.com'],
      autoCreateAgents: true,
      enforced: false,
      redirectUri: `${t.url}/api/v1/auth/oidc/${acme.id}/callback`,
    });
    expect(JSON.stringify(listed.body)).not.toContain('acme-client-secret-42');
    const stored = await t.sql.query(`SELECT client_secret_sealed FROM sso_providers WHERE id = $1`, [acme.id]);
    expect(stored.rows[0].client_secret_sealed).toMatch(/^v1\./);
    expect(stored.rows[0].client_secret_sealed).not.toContain('acme-client-secret-42');

    const pub = await t.http.get('/api/v1/auth/providers/public');
    expect(pub.status).toBe(200);
    expect(pub.body.items.map((p: any) => p.name)).toEqual(['Acme ID', 'Closed ID', 'Late ID']);
    expect(pub.body.items[0]).toEqual({
      id: acme.id,
      name: 'Acme ID',
      enforced: false,
      startUrl: `/api/v1/auth/oidc/${acme.id}/start`,
    });
    expect(JSON.stringify(pub.body)).not.toMatch(/issuer|clientId|127\.0\.0\.1/);
  });

  it('validates providers, updates and removes them', async () => {
    const bad = await t.admin.post('/api/v1/auth/providers', {
      name: 'X',
      issuer: 'http://idp.example.com',
      clientId: 'c',
    });
    expect([bad.status, bad.body.fields]).toEqual([400, { issuer: [expect.stringMatching(/https/)] }]);
    const made = await t.admin.post('/api/v1/auth/providers', {
      name: 'Temp',
      issuer: 'https://login.example.com/tenant/v2.0/',
      clientId: 'c',
      clientSecret: 's',
    });
    expect(made.body.issuer).toBe('https://login.example.com/tenant/v2.0');
    const patched = await t.admin.patch(`/api/v1/auth/providers/${made.body.id}`, {
      clientSecret: null,
      emailClaim: 'preferred_username',
    });
    expect(patched.body).toMatchObject({ clientSecretSet: false, emailClaim: 'preferred_username', name: 'Temp' });
    expect((await t.admin.delete(`/api/v1/auth/providers/${made.body.id}`)).status).toBe(204);
    expect((await t.admin.get(`/api/v1/auth/providers/${made.body.id}`)).status).toBe(404);
  });

  it('signs an existing agent in with the same session cookie a password gives, back to the page they asked for', async () => {
    const { res, jar } = await signIn(acme.id, 'erin@example.com', '/tickets/7?tab=audit');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/tickets/7?tab=audit');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('helpdesk_session='))).toMatch(
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i,
    );
    const me = await sessionOf(jar)!.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'erin@example.com', role: 'agent' });
    const sessions = await sessionOf(jar)!.get('/api/v1/auth/me/sessions');
    expect(sessions.body.items.find((s: any) => s.current)).toMatchObject({ method: 'sso' });
    const linked = await t.sql.query(`SELECT subject FROM user_sso_identities WHERE provider_id = $1`, [acme.id]);
    expect(linked.rows).toEqual([{ subject: 'erin@example.com' }]);
  });

  it('never sends anyone to another site after signing in', async () => {
    const { res } = await signIn(acme.id, 'erin@example.com', 'https://evil.test/phish');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
  });

  it('creates an unknown person as an agent just in time, within the licence seats, and refuses past them', async () => {
    const { res, jar } = await signIn(acme.id, 'newbie@example.com');
    expect(res.status).toBe(303);
    const me = await sessionOf(jar)!.get('/api/v1/auth/me');
    expect(me.body.user).toMatchObject({
      email: 'newbie@example.com',
      name: 'Nina Newbie',
      role: 'agent',
      active: true,
    });

    const full = await signIn(acme.id, 'second@example.com');
    expect(full.res.status).toBe(403);
    expect(full.res.headers.get('content-type')).toMatch(/text\/html/);
    expect(full.body).toMatch(/No free seat/);
    expect(full.body).toContain('href="/login"');
    expect(sessionOf(full.jar)).toBeNull();
    const users = await t.sql.query(`SELECT 1 FROM users WHERE email = 'second@example.com'`);
    expect(users.rowCount).toBe(0);
  });

  it('refuses an email domain the provider does not allow, and an address the provider has not verified', async () => {
    const evil = await signIn(acme.id, 'mallory@evil.test');
    expect(evil.res.status).toBe(403);
    expect(evil.body).toMatch(/evil\.test cannot sign in/);
    expect(sessionOf(evil.jar)).toBeNull();
    const unverified = await signIn(acme.id, 'unverified@example.com');
    expect([unverified.res.status, /not verified/.test(unverified.body)]).toEqual([403, true]);
    expect(
      (await t.sql.query(`SELECT 1 FROM users WHERE email IN ('mallory@evil.test', 'unverified@example.com')`))
        .rowCount,
    ).toBe(0);
  });

  it('asks for an account first where the provider does not create agents (a public client, PKCE only)', async () => {
    const { res, body, jar } = await signIn(closed.id, 'stranger@example.com');
    expect(res.status).toBe(403);
    expect(body).toMatch(/no Helpdesk account for stranger@example\.com/);
    expect(sessionOf(jar)).toBeNull();
    // An existing user signs in through it all the same.
    expect((await signIn(closed.id, 'erin@example.com')).res.status).toBe(303);
  });

  it('refuses a tampered state', async () => {
    const jar = new CookieJar();
    const callback = new URL(await signInAtProvider(jar, start(acme.id), 'erin@example.com'));
    callback.searchParams.set(
      'state',
      callback.searchParams.get('state')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    const res = await jarFetch(jar, callback.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/could not be verified/);
    expect(sessionOf(jar)).toBeNull();
  });

  it('refuses a replayed callback, and a code used once already even with a fresh sign-in of its own', async () => {
    const first = await signIn(acme.id, 'erin@example.com');
    expect(first.res.status).toBe(303);
    const again = await jarFetch(first.jar, first.callback);
    expect(again.status).toBe(400);
    expect(again.headers.getSetCookie().some((c) => c.startsWith('helpdesk_session='))).toBe(false);

    // A new flow in another browser, answered with the old code and the new state.
    const jar = new CookieJar();
    const fresh = new URL(await signInAtProvider(jar, start(acme.id), 'erin@example.com'));
    const replay = new URL(fresh.href);
    replay.searchParams.set('code', new URL(first.callback).searchParams.get('code')!);
    const res = await jarFetch(jar, replay.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/could not be verified.*(invalid_grant|refused)/s);
    expect(sessionOf(jar)).toBeNull();
  });

  it('refuses a callback opened in a browser that did not start the sign-in (login CSRF)', async () => {
    const jar = new CookieJar();
    const callback = await signInAtProvider(jar, start(acme.id), 'erin@example.com');
    const res = await fetch(callback, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not started in this browser/);
  });

  it('refuses an expired ID token', async () => {
    const { res, body, jar } = await signIn(late.id, 'erin@example.com');
    expect(res.status).toBe(400);
    expect(body).toMatch(/could not be verified/);
    expect(body).toMatch(/the ID token has expired/);
    expect(sessionOf(jar)).toBeNull();
  });

  it('answers a clear page for a provider that does not exist or cannot be reached', async () => {
    const missing = await fetch(start(987654), { redirect: 'manual' });
    expect(missing.status).toBe(404);
    const down = await t.admin.post('/api/v1/auth/providers', {
      name: 'Down',
      issuer: `http://127.0.0.1:${await freePort()}`,
      clientId: 'x',
    });
    const res = await fetch(start(down.body.id), { redirect: 'manual' });
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/Down cannot be reached/);
    // A secret sealed under another HELPDESK_SECRET_KEY cannot be read: the admin must enter it again.
    await t.sql.query(`UPDATE sso_providers SET client_secret_sealed = 'v1.AAAA.AAAA.AAAA' WHERE id = $1`, [
      down.body.id,
    ]);
    const unreadable = await fetch(start(down.body.id), { redirect: 'manual' });
    expect([unreadable.status, /client secret must be entered again/.test(await unreadable.text())]).toEqual([
      503,
      true,
    ]);
    await t.admin.delete(`/api/v1/auth/providers/${down.body.id}`);
  });

  it('makes an enforced provider the only way in for agents, keeping password sign-in for admins', async () => {
    expect((await t.admin.patch(`/api/v1/auth/providers/${acme.id}`, { enforced: true })).body.enforced).toBe(true);
    try {
      const agent = await t.http.post('/api/v1/auth/login', { email: 'erin@example.com', password: 'erin-password-1' });
      expect(agent.status).toBe(403);
      expect(agent.body).toMatchObject({
        reason: 'sso_required',
        providerId: acme.id,
        message: 'Agents sign in with Acme ID',
      });
      const wrong = await t.http.post('/api/v1/auth/login', {
        email: 'erin@example.com',
        password: 'not-her-password',
      });
      expect(wrong.status).toBe(401); // no hint about the account without the password
      expect((await t.http.post('/api/v1/auth/login', ADMIN)).status).toBe(200);
      expect((await t.http.get('/api/v1/auth/providers/public')).body.items[0].enforced).toBe(true);
      expect((await signIn(acme.id, 'erin@example.com')).res.status).toBe(303);
    } finally {
      await t.admin.patch(`/api/v1/auth/providers/${acme.id}`, { enforced: false });
    }
    expect(
      (await t.http.post('/api/v1/auth/login', { email: 'erin@example.com', password: 'erin-password-1' })).status,
    ).toBe(200);
  });
});
