import { Logger } from '@nestjs/common';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loginFailures } from '../src/metrics/metrics';
import { HttpClient } from './support/http-client';
import { startTestApp, TestApp } from './support/test-app';

const raw = (t: TestApp, pathname: string, init: RequestInit = {}) =>
  fetch(`${t.url}${pathname}`, { redirect: 'manual', ...init });

describe('the web edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    const ui = mkdtempSync(path.join(tmpdir(), 'helpdesk-ui-'));
    mkdirSync(path.join(ui, 'assets'));
    writeFileSync(
      path.join(ui, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
    );
    writeFileSync(path.join(ui, 'assets/index-abc123.js'), 'console.log(1)');
    t = await startTestApp({ env: { HELPDESK_FRONTEND_DIR: ui, HELPDESK_TRUST_PROXY: '1' } });
  });
  afterAll(() => t.close());

  describe('sessions', () => {
    it('ends every other session of a user who changes their password, and keeps the one that changed it', async () => {
      const agent = await t.newUser('agent');
      const other = await t.http.login(agent.user.email, 'password-123456');
      const res = await agent.patch('/api/v1/auth/me', {
        currentPassword: 'password-123456',
        newPassword: 'brand-new-password',
      });
      expect(res.status).toBe(200);
      expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
      expect((await other.get('/api/v1/auth/me')).status).toBe(401);
      // A name change alone ends nothing.
      const third = await t.http.login(agent.user.email, 'brand-new-password');
      expect((await agent.patch('/api/v1/auth/me', { name: 'Renamed' })).status).toBe(200);
      expect((await third.get('/api/v1/auth/me')).status).toBe(200);
    });

    it("lists one's own sessions and revokes one, never another person's", async () => {
      const agent = await t.newUser('agent');
      const phone = await t.http.login(agent.user.email, 'password-123456');
      const list = await agent.get('/api/v1/auth/me/sessions');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      const [mine, theirs] = [
        list.body.items.find((s: any) => s.current),
        list.body.items.find((s: any) => !s.current),
      ];
      expect(mine).toMatchObject({ method: 'password', ip: '127.0.0.1', userAgent: expect.any(String) });
      expect(new Date(theirs.expiresAt).getTime()).toBeGreaterThan(Date.now());

      const stranger = await t.newUser('agent');
      expect((await stranger.delete(`/api/v1/auth/me/sessions/${theirs.id}`)).status).toBe(404);
      expect((await phone.get('/api/v1/auth/me')).status).toBe(200);
      expect((await agent.delete(`/api/v1/auth/me/sessions/${theirs.id}`)).status).toBe(204);
      expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
      expect((await agent.get('/api/v1/auth/me/sessions')).body.items.map((s: any) => s.id)).toEqual([mine.id]);
    });
  });

  describe('bodies are JSON only', () => {
    it('refuses the bodies a cross-site form can send (urlencoded, text/plain, multipart) on sign-in', async () => {
      const email = 'admin@test.local';
      const bodies: [string, string][] = [
        ['application/x-www-form-urlencoded', `email=${email}&password=admin-password-123`],
        ['text/plain', JSON.stringify({ email, password: 'admin-password-123' })],
        [
          'multipart/form-data; boundary=x',
          `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${email}\r\n--x--\r\n`,
        ],
      ];
      for (const [type, body] of bodies) {
        const res = await raw(t, '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': type }, body });
        expect([type, res.status, res.headers.getSetCookie().length]).toEqual([type, 415, 0]);
      }
    });

    it('refuses non-JSON bodies on every other route, and takes multipart only for uploads, with the CSRF header', async () => {
      const agent = await t.newUser('agent');
      const form = new FormData();
      form.set('subject', 'x');
      const res = await agent.postForm('/api/v1/tickets', form);
      expect(res.status).toBe(415);
      const urlencoded = await agent.request('POST', '/api/v1/customers', undefined, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(urlencoded.status).toBe(415);

      const file = new FormData();
      file.set('file', new Blob(['hello']), 'hello.txt');
      expect((await agent.postForm('/api/v1/attachments', file)).status).toBe(201);
      const noCsrf = await fetch(`${t.url}/api/v1/attachments`, {
        method: 'POST',
        headers: { cookie: agent.cookie! },
        body: file,
      });
      expect(noCsrf.status).toBe(403);
    });

    it('answers JSON nested tens of thousands deep with 400 on sign-in and the public portal, logging no stack', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error');
      try {
        const deepArray = '['.repeat(50_000) + ']'.repeat(50_000);
        const deepObject = '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000);
        for (const [url, body] of [
          ['/api/v1/auth/login', deepArray],
          ['/api/v1/auth/login', deepObject],
          ['/api/v1/public/contact', deepObject],
          ['/api/v1/public/tickets/1-1-zz-00000000000000000000000000000000/messages', deepArray],
        ]) {
          const res = await raw(t, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          expect([url, res.status]).toEqual([url, 400]);
          expect(((await res.json()) as any).message).toMatch(/nested deeper than 64/);
        }
        const proto = await raw(t, '/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"email":"a@b.c","password":"x","__proto__":{"admin":true}}',
        });
        expect(proto.status).toBe(400);
        // Strings full of brackets are not nesting.
        const brackets = await t.http.post('/api/v1/auth/login', { email: 'a@b.c', password: '[['.repeat(90) });
        expect(brackets.status).toBe(401);
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });

    it('answers 400 to U+0000 anywhere (body strings and keys, query strings, paths), which PostgreSQL cannot store', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const refused = [
          await t.admin.post('/api/v1/tickets', {
            subject: 'nul\u0000here',
            body: 'x',
            requester: { email: 'nul@customer.test' },
          }),
          await t.admin.post('/api/v1/tickets', {
            subject: 's',
            body: 'b',
            requester: { email: 'n@c.test' },
            fields: { ['k\u0000']: 1 },
          }),
          await t.admin.post('/api/v1/views', { name: 'v\u0000', filters: {} }),
          await t.admin.get('/api/v1/tickets?q=%00'),
          await t.admin.get('/api/v1/customers?q=a%00b'),
          await t.admin.get('/api/v1/tickets/1%00'),
        ];
        for (const res of refused) {
          expect(res.status).toBe(400);
          expect(res.body.message).toBe('Text must not contain NUL characters (U+0000)');
        }
        expect(errors).not.toHaveBeenCalled();
        // The same text without it is fine; a NUL-like escape written out as text is not a NUL.
        const fine = await t.admin.post('/api/v1/tickets', {
          subject: 'A literal \\u0000 in a subject',
          body: 'x',
          requester: { email: 'nul@customer.test' },
        });
        expect(fine.status).toBe(201);
        expect((await t.admin.get('/api/v1/tickets?q=%2500')).status).toBe(200);
      } finally {
        errors.mockRestore();
      }
    });
  });

  describe('sign-in checks the Origin', () => {
    const login = (headers: Record<string, string>) =>
      raw(t, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: 'admin@test.local', password: 'admin-password-123' }),
      });

    it('refuses another site, an opaque origin and a cross-site fetch; takes our own and scripts without Origin', async () => {
      const refused: Record<string, string>[] = [
        { origin: 'https://evil.test' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of refused) {
        const res = await login(headers);
        expect([headers, res.status, res.headers.getSetCookie().length]).toEqual([headers, 403, 0]);
      }
      expect((await login({ origin: t.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect((await login({})).status).toBe(200);
    });
  });

  describe('security headers on every kind of answer', () => {
    const CSP = /default-src 'self'.*script-src 'self'(?!.*unsafe-inline[^;]*;.*script)/;

    const expectStrict = (what: string, res: Response) => {
      const h = (name: string) => res.headers.get(name);
      expect([what, h('x-frame-options'), h('x-content-type-options'), h('referrer-policy')]).toEqual([
        what,
        'DENY',
        'nosniff',
        'same-origin',
      ]);
      expect([what, h('content-security-policy')]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
      expect([what, h('strict-transport-security')]).toEqual([what, null]); // plain HTTP here
    };

    it('on API JSON, errors, the UI, static assets, the portal and contact pages, health and docs', async () => {
      const agent = await t.newUser('agent');
      const cookie = { cookie: agent.cookie! };
      const answers: [string, Response][] = [
        ['API JSON', await raw(t, '/api/v1/tickets', { headers: cookie })],
        ['API 401', await raw(t, '/api/v1/tickets')],
        ['API 404', await raw(t, '/api/v1/no-such-thing', { headers: cookie })],
        ['API 400', await raw(t, '/api/v1/tickets?limit=abc', { headers: cookie })],
        [
          'API 415',
          await raw(t, '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
        ],
        ['UI page', await raw(t, '/tickets/42')],
        ['contact page', await raw(t, '/contact')],
        ['portal page', await raw(t, '/portal/1-2-abc-0123')],
        ['static asset', await raw(t, '/assets/index-abc123.js')],
        ['missing asset', await raw(t, '/assets/missing-000000.js')],
        ['health', await raw(t, '/healthz')],
        ['docs', await raw(t, '/api/docs')],
        ['public API', await raw(t, '/api/v1/auth/providers/public')],
      ];
      for (const [what, res] of answers) {
        expectStrict(what, res);
        expect([what, res.headers.get('content-security-policy')]).toEqual([what, expect.stringMatching(CSP)]);
      }
      expect(answers.find(([w]) => w === 'UI page')![1].status).toBe(200);
      expect(answers.find(([w]) => w === 'static asset')![1].status).toBe(200);
    });

    it('keeps the stricter policy of attachment downloads', async () => {
      const agent = await t.newUser('agent');
      const file = new FormData();
      file.set('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'x.html');
      const { id } = (await agent.postForm('/api/v1/attachments', file)).body;
      const res = await raw(t, `/api/v1/attachments/${id}`, { headers: { cookie: agent.cookie! } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('adds HSTS on HTTPS (here: behind a trusted proxy that says so)', async () => {
      const res = await raw(t, '/api/v1/auth/providers/public', { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    });
  });
});

describe('rate limits in Redis, shared by replicas', () => {
  let a: TestApp;
  let b: TestApp;
  const env = {
    HELPDESK_TOKEN_LIMIT_PER_MINUTE: '5',
    HELPDESK_ANONYMOUS_LIMIT_PER_IP: '6',
    HELPDESK_LOGIN_LIMIT_PER_IP: '1000',
    HELPDESK_TRUST_PROXY: '127.0.0.1/8',
  };
  beforeAll(async () => {
    a = await startTestApp({ env });
    // A second api replica on the same database and Redis.
    b = await startTestApp({ env, databaseUrl: a.config.database.url, redisUrl: a.config.redis.url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('limits each API token across replicas, with 429, Retry-After and RateLimit-* headers', async () => {
    const agent = await a.newUser('agent');
    const token = (await agent.post('/api/v1/tokens', { name: 'script' })).body.token;
    const other = (await agent.post('/api/v1/tokens', { name: 'other' })).body.token;
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await (i % 2 ? b : a).http.withToken(token).get('/api/v1/tickets');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const over = await b.http.withToken(token).get('/api/v1/tickets');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/API token/),
    });
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Number(over.headers.get('ratelimit-reset'))).toBe(retryAfter);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    // Another token, and the browser session, have budgets of their own.
    expect((await a.http.withToken(other).get('/api/v1/tickets')).status).toBe(200);
    expect((await agent.get('/api/v1/tickets')).status).toBe(200);
  });

  it('limits anonymous requests per client IP, counted before the body is read', async () => {
    const from = (ip: string, i: number) =>
      (i % 2 ? b : a).http.request('POST', '/api/v1/public/contact', '{'.repeat(100) as unknown, {
        'x-forwarded-for': ip,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await from('198.51.100.9', i)).status);
    // Garbage bodies are answered 400, and counted all the same.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429]);
    expect((await from('198.51.100.10', 0)).status).toBe(400);
  });

  it('keeps public routes in the per-IP budget even with a made-up session cookie', async () => {
    const get = (i: number) =>
      (i % 2 ? b : a).http.request('GET', '/api/v1/auth/providers/public', undefined, {
        'x-forwarded-for': '198.51.100.20',
        cookie: `helpdesk_session=made-up-${i}`,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(i)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('counts sign-in attempts per IP before parsing, garbage included', async () => {
    // Four: the test app's own admin sign-in at start is the first.
    const c = await startTestApp({
      env: { ...env, HELPDESK_LOGIN_LIMIT_PER_IP: '4', HELPDESK_ANONYMOUS_LIMIT_PER_IP: '1000' },
    });
    try {
      const post = (body: string) =>
        raw(c, '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const failures = async () => (await loginFailures.get()).values[0]?.value ?? 0;
      const before = await failures();
      expect((await post('not json')).status).toBe(400);
      expect((await post('[]')).status).toBe(400);
      expect((await post(JSON.stringify({ email: 'admin@test.local', password: 'wrong-password' }))).status).toBe(401);
      const fourth = await post(JSON.stringify({ email: 'admin@test.local', password: 'admin-password-123' }));
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      // helpdesk_login_failures_total: the wrong password and the refusal, not the bodies that never parsed.
      expect(await failures()).toBe(before + 2);
    } finally {
      await c.close();
    }
  });
});

describe('HELPDESK_TRUST_PROXY', () => {
  /** The client IP the app settles on, as the sessions list records it. */
  async function clientIp(env: Record<string, string>, forwardedFor: string) {
    const t = await startTestApp({ env });
    try {
      const res = await fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email: 'admin@test.local', password: 'admin-password-123' }),
      });
      const { csrfToken } = (await res.json()) as any;
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      const list = await new HttpClient(t.url, { cookie, csrfToken }).get('/api/v1/auth/me/sessions');
      return list.body.items.find((s: any) => s.current).ip as string;
    } finally {
      await t.close();
    }
  }

  it('ignores X-Forwarded-For by default, and trusts only the proxies it names (hops or CIDRs), never the leftmost entry', async () => {
    const chain = '203.0.113.66, 198.51.100.1';
    expect(await clientIp({}, chain)).toBe('127.0.0.1');
    // One hop (and `true`): the entry our proxy added, not what the client wrote before it.
    expect(await clientIp({ HELPDESK_TRUST_PROXY: '1' }, chain)).toBe('198.51.100.1');
    expect(await clientIp({ HELPDESK_TRUST_PROXY: 'true' }, chain)).toBe('198.51.100.1');
    expect(await clientIp({ HELPDESK_TRUST_PROXY: '127.0.0.1/32,198.51.100.0/24' }, chain)).toBe('203.0.113.66');
    // A peer that is not a listed proxy (someone reaching the Service directly) is the client.
    expect(await clientIp({ HELPDESK_TRUST_PROXY: '10.0.0.0/8' }, chain)).toBe('127.0.0.1');
  });
});
