import { SmtpSink } from './support/smtp-sink';
import { eventually } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/** Invitations and "forgot password": set-password links by mail through a real SMTP relay. */
describe('set-password links (invitations, forgot password)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let n = 0;
  const address = (what: string) => `${what}-${Date.now().toString(36)}${++n}@test.local`;
  const PASSWORD = 'chosen-password-42';

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_PASSWORD_RESET_LIMIT_PER_IP: '100000',
        HELPDESK_PASSWORD_RESET_LIMIT_PER_ADDRESS: '3',
      },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    expect((await t.admin.put('/api/v1/settings/relay', { url: sink.url })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  /** The token of the set-password link in the `index`-th mail to `to` (waits for it). */
  const linkToken = async (to: string, index = 0) => {
    const mails = await sink.received(to, index + 1);
    const text = mails[index].mail.text ?? '';
    const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
    expect(match).not.toBeNull();
    return match![1];
  };
  const confirm = (token: string, password = PASSWORD) =>
    t.http.post('/api/v1/auth/password-reset/confirm', { token, password });
  const requestReset = (email: string) => t.http.post('/api/v1/auth/password-reset', { email });
  const outboxTo = async (to: string) =>
    (await t.sql.query(`SELECT kind FROM outbound_messages WHERE $1 = ANY(to_addresses)`, [to])).rows;

  it('invites an agent without a password: mail, set password, sign in; the link works once', async () => {
    const email = address('invited');
    const created = await t.admin.post('/api/v1/users', { email, name: 'Ina Vited', role: 'agent' });
    expect(created.status).toBe(201);
    const [mail] = await sink.received(email);
    expect(mail.mail.subject).toBe('You are invited to the help desk');
    expect(mail.mail.text).toContain('Hello Ina Vited');
    expect(mail.mail.text).toContain(`${t.url}/reset-password?token=`);
    expect(mail.mail.text).toContain('7 days');
    const token = await linkToken(email);
    // The token is stored only as a hash.
    const stored = await t.sql.query(
      `SELECT token_hash FROM password_links WHERE token_hash = convert_to($1, 'UTF8')`,
      [token],
    );
    expect(stored.rows).toHaveLength(0);

    expect((await confirm(token, 'short')).status).toBe(400);
    expect((await confirm(token)).status).toBe(204);
    const signedIn = await t.http.login(email, PASSWORD);
    expect(signedIn.user).toMatchObject({ email, role: 'agent' });

    const again = await confirm(token, 'another-password-99');
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ reason: 'used', message: expect.stringMatching(/already been used/) });
    expect((await confirm('not-a-token-at-all')).body).toMatchObject({ reason: 'invalid' });
  });

  it('sends the invitation again on request: the older link is superseded, the resend is audited', async () => {
    const email = address('resend');
    const { body: user } = await t.admin.post('/api/v1/users', { email, name: 'Re Send', role: 'agent' });
    const first = await linkToken(email);
    const resent = await t.admin.post(`/api/v1/users/${user.id}/invite`, {});
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: user.id, email });
    const second = await linkToken(email, 1);
    expect(second).not.toBe(first);
    expect((await confirm(first)).body).toMatchObject({ reason: 'superseded' });
    expect((await confirm(second)).status).toBe(204);
    const log = await t.admin.get(`/api/v1/audit-log?action=user.invite`);
    expect(log.body.items.some((e: any) => e.targetId === String(user.id))).toBe(true);
    expect((await t.admin.post(`/api/v1/users/987654/invite`, {})).status).toBe(404);
  });

  it('answers a reset for an unknown address exactly as for a known one, and sends nothing for it', async () => {
    const known = address('known');
    await t.admin.post('/api/v1/users', { email: known, name: 'Kno Wn', role: 'agent', password: 'first-password-1' });
    const unknown = address('nobody');
    const a = await requestReset(known);
    const b = await requestReset(unknown);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body).toEqual(a.body);
    const [mail] = await sink.received(known);
    expect(mail.mail.subject).toBe('Reset your help desk password');
    expect(mail.mail.text).toContain('1 hour');
    // The known address's mail went out; give the unknown one the same time: nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.to(unknown)).toHaveLength(0);
    expect(await outboxTo(unknown)).toEqual([]);
    // A deactivated user gets nothing either.
    const gone = address('gone');
    const { body: g } = await t.admin.post('/api/v1/users', {
      email: gone,
      name: 'Gone',
      role: 'agent',
      password: 'x'.repeat(12),
    });
    await t.admin.patch(`/api/v1/users/${g.id}`, { active: false });
    expect((await requestReset(gone)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(await outboxTo(gone)).toEqual([]);
  });

  it('mails no reset link pointing at a host the caller chose (host header poisoning)', async () => {
    const victim = address('victim');
    await t.admin.post('/api/v1/users', {
      email: victim,
      name: 'Vic Tim',
      role: 'agent',
      password: 'first-password-1',
    });
    const { request } = await import('node:http');
    const body = JSON.stringify({ email: victim });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${t.url}/api/v1/auth/password-reset`,
        {
          method: 'POST',
          headers: {
            host: 'evil.example',
            origin: 'http://evil.example',
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    // Refused as cross-site, or answered as always: either way no link leaves for that host.
    expect([202, 403]).toContain(status);
    await new Promise((r) => setTimeout(r, 500));
    expect(await outboxTo(victim)).toEqual([]);
    // From this machine's own address the same request mails the link.
    expect((await requestReset(victim)).status).toBe(202);
    const [mail] = await sink.received(victim);
    expect(mail.mail.text).toContain(`${t.url}/reset-password?token=`);
    expect(mail.mail.text).not.toContain('evil.example');
  });

  it('refuses an expired link and ends the user’s sessions when a reset link is used', async () => {
    const agent = await t.newUser('agent');
    const email = agent.user.email as string;
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);

    expect((await requestReset(email)).status).toBe(202);
    const expired = await linkToken(email);
    // The one-hour validity as stored.
    const validity = await t.sql.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM password_links WHERE user_id = $1`,
      [agent.user.id],
    );
    expect(validity.rows[0].s).toBe(3600);
    await t.sql.query(`UPDATE password_links SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      agent.user.id,
    ]);
    expect((await confirm(expired)).body).toMatchObject({
      reason: 'expired',
      message: expect.stringMatching(/expired/),
    });

    expect((await requestReset(email)).status).toBe(202);
    const fresh = await linkToken(email, 1);
    expect((await confirm(fresh)).status).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    await expect(t.http.login(email, 'password-123456')).rejects.toThrow(/401/);
    expect((await t.http.login(email, PASSWORD)).user.email).toBe(email);
  });

  it('mails at most a few resets per address per window, still answering 202', async () => {
    const email = address('flood');
    await t.admin.post('/api/v1/users', { email, name: 'Flo Od', role: 'agent', password: 'first-password-1' });
    for (let i = 0; i < 5; i++) expect((await requestReset(email)).status).toBe(202);
    await sink.received(email, 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.to(email)).toHaveLength(3);
  });

  it('gives agents under enforced single sign-on no password path; admins keep theirs', async () => {
    const provider = await t.admin.post('/api/v1/auth/providers', {
      name: 'Acme ID',
      issuer: 'https://id.acme.test',
      clientId: 'helpdesk',
      enforced: true,
    });
    expect(provider.status).toBe(201);
    try {
      const email = address('sso-agent');
      const { body: agent } = await t.admin.post('/api/v1/users', {
        email,
        name: 'Sso Agent',
        role: 'agent',
        password: 'first-password-1',
      });
      const pending = await t.admin.post('/api/v1/users', { email: address('sso-new'), name: 'New', role: 'agent' });
      expect(pending.status).toBe(201);
      const resend = await t.admin.post(`/api/v1/users/${agent.id}/invite`, {});
      expect(resend.status).toBe(409);
      expect(resend.body.message).toMatch(/Acme ID/);

      expect((await requestReset(email)).status).toBe(202);
      const admin = await t.newUser('admin');
      expect((await requestReset(admin.user.email)).status).toBe(202);
      await sink.received(admin.user.email);
      await new Promise((r) => setTimeout(r, 300));
      expect(await outboxTo(email)).toEqual([]);
      expect(await outboxTo(pending.body.email)).toEqual([]);
    } finally {
      await t.admin.delete(`/api/v1/auth/providers/${provider.body.id}`);
    }
  });

  it('drops a link that was issued before enforcement when it is used', async () => {
    const email = address('late-sso');
    await t.admin.post('/api/v1/users', { email, name: 'Late', role: 'agent' });
    const token = await linkToken(email);
    const provider = await t.admin.post('/api/v1/auth/providers', {
      name: 'Acme ID',
      issuer: 'https://id.acme.test',
      clientId: 'helpdesk',
      enforced: true,
    });
    try {
      const res = await confirm(token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ reason: 'sso_required' });
    } finally {
      await t.admin.delete(`/api/v1/auth/providers/${provider.body.id}`);
    }
    await eventually(async () => ((await confirm(token)).status === 204 ? true : undefined), 2000);
  });
});
