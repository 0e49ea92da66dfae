import { issueTestLicence } from './support/test-licence';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

/**
 * The admin audit log: each kind of admin action leaves one entry (who, what, the changed
 * fields with secrets masked, when, from where), readable and exportable by admins only,
 * and the database itself refuses to change or delete it.
 */
describe('admin audit log', () => {
  let t: TestApp;
  let adminId: number;
  let since: string;

  beforeAll(async () => {
    // No licence from the environment, so that the licence API may install one.
    t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: '', HELPDESK_TRUST_PROXY: '1' } });
    adminId = t.admin.user.id;
    since = new Date(Date.now() - 1000).toISOString();
  });
  afterAll(() => t.close());

  /** The newest entry of `action`. */
  async function last(action: string) {
    const res = await t.admin.get(`/api/v1/audit-log?action=${action}&limit=1`);
    expect(res.status).toBe(200);
    return res.body.items[0];
  }

  const entry = (action: string, targetType: string, targetId: string | null, changes: object) => ({
    id: expect.any(Number),
    actorId: adminId,
    action,
    targetType,
    targetId,
    changes,
    ip: expect.any(String),
    createdAt: expect.any(String),
  });

  it('records licence changes, the key masked', async () => {
    const key = issueTestLicence({ seats: 50 });
    expect((await t.admin.put('/api/v1/licence', { key })).status).toBe(200);
    const installed = await last('licence.install');
    expect(installed).toEqual(
      entry(
        'licence.install',
        'licence',
        null,
        expect.objectContaining({
          status: { before: 'free', after: 'licensed' },
          seats: { before: 3, after: 50 },
          licensee: { before: null, after: { name: 'Test Company', email: 'it@test.local' } },
          key: { before: '***', after: '***' },
        }),
      ),
    );
    expect(JSON.stringify(installed)).not.toContain(key);
  });

  it('records users: creation (password masked), role changes before and after, password resets, 2FA resets', async () => {
    const created = await t.admin.post('/api/v1/users', {
      email: 'audited@test.local',
      name: 'Audited',
      role: 'agent',
      password: 'secret-password-1',
    });
    const id = created.body.id;
    const made = await last('user.create');
    expect(made).toEqual(
      entry(
        'user.create',
        'user',
        String(id),
        expect.objectContaining({
          email: { before: null, after: 'audited@test.local' },
          role: { before: null, after: 'agent' },
          password: { before: null, after: '***' },
        }),
      ),
    );
    expect(JSON.stringify(made)).not.toContain('secret-password-1');
    expect(made.changes).not.toHaveProperty('updatedAt');

    await t.admin.patch(`/api/v1/users/${id}`, { role: 'admin', name: 'Audited Admin' });
    expect(await last('user.update')).toEqual(
      entry('user.update', 'user', String(id), {
        role: { before: 'agent', after: 'admin' },
        name: { before: 'Audited', after: 'Audited Admin' },
      }),
    );
    await t.admin.patch(`/api/v1/users/${id}`, { password: 'another-secret-2' });
    expect((await last('user.update')).changes).toEqual({ password: { before: '***', after: '***' } });

    const user = await t.http.login('audited@test.local', 'another-secret-2');
    const { secret } = (await user.post('/api/v1/auth/me/totp')).body;
    const { generateSync } = await import('otplib');
    await user.post('/api/v1/auth/me/totp/confirm', { code: generateSync({ secret }) });
    expect((await t.admin.delete(`/api/v1/users/${id}/totp`)).status).toBe(204);
    expect(await last('user.totp_reset')).toEqual(
      entry(
        'user.totp_reset',
        'user_totp',
        String(id),
        expect.objectContaining({ enabled: { before: true, after: false } }),
      ),
    );
  });

  it("does not record what failed (it changed nothing), nor agents' everyday work", async () => {
    const before = (await t.admin.get('/api/v1/audit-log?limit=200')).body.items.length;
    expect((await t.admin.patch('/api/v1/users/987654', { name: 'Nobody' })).status).toBe(404);
    expect((await t.admin.post('/api/v1/groups', { name: '' })).status).toBe(400);
    const duplicate = { email: ADMIN.email, name: 'Again', role: 'agent', password: 'password-123456' };
    expect((await t.admin.post('/api/v1/users', duplicate)).status).toBe(409);
    const agent = await t.newUser('agent');
    await agent.post('/api/v1/tickets', { subject: 'Work', body: 'x', requester: { email: 'c@example.com' } });
    await agent.patch('/api/v1/auth/me', { name: 'Busy agent' });
    const after = (await t.admin.get('/api/v1/audit-log?limit=200')).body.items;
    // Only the agent's creation by the admin.
    expect(after.length - before).toBe(1);
    expect(after[0]).toMatchObject({ action: 'user.create', targetId: String(agent.user.id) });
  });

  it('records groups, mailboxes, templates, the relay (its password masked) and the trusted relays', async () => {
    const group = (await t.admin.post('/api/v1/groups', { name: 'Billing' })).body;
    await t.admin.patch(`/api/v1/groups/${group.id}`, { name: 'Billing EU' });
    await t.admin.delete(`/api/v1/groups/${group.id}`);
    expect((await last('group.create')).changes.name).toEqual({ before: null, after: 'Billing' });
    expect((await last('group.update')).changes).toEqual({ name: { before: 'Billing', after: 'Billing EU' } });
    expect(await last('group.delete')).toEqual(
      entry(
        'group.delete',
        'group',
        String(group.id),
        expect.objectContaining({ name: { before: 'Billing EU', after: null } }),
      ),
    );

    const mailbox = (await t.admin.post('/api/v1/mailboxes', { address: 'sales@example.com' })).body;
    await t.admin.patch(`/api/v1/mailboxes/${mailbox.id}`, { displayName: 'Sales' });
    await t.admin.delete(`/api/v1/mailboxes/${mailbox.id}`);
    expect((await last('mailbox.create')).targetId).toBe(String(mailbox.id));
    expect((await last('mailbox.update')).changes.displayName.after).toBe('Sales');
    expect((await last('mailbox.delete')).changes.address).toEqual({ before: 'sales@example.com', after: null });

    await t.admin.put('/api/v1/mail-templates/customer_acknowledgement', {
      subject: 'Got it: {{ticket.subject}}',
      body: 'Thanks',
    });
    expect(await last('mail_template.update')).toEqual(
      entry(
        'mail_template.update',
        'mail_template',
        'customer_acknowledgement',
        expect.objectContaining({
          subject: { before: 'We received your request: {{ticket.subject}}', after: 'Got it: {{ticket.subject}}' },
        }),
      ),
    );

    expect(
      (await t.admin.put('/api/v1/settings/relay', { url: 'smtp://mailer:hunter2@relay.example.com:587' })).status,
    ).toBe(200);
    const relay = await last('relay.update');
    expect(relay.targetId).toBeNull();
    expect(relay.changes.url.before).toBeNull();
    expect(JSON.stringify(relay)).not.toContain('hunter2');

    expect((await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: ['192.0.2.0/24'] })).status).toBe(200);
    const mailAuth = await last('mail_auth.update');
    expect(mailAuth.targetId).toBeNull();
    expect(mailAuth.changes.trustedRelays).toEqual({ before: [], after: ['192.0.2.0/24'] });
  });

  it('records SSO providers (client secret masked) and the 2FA policy', async () => {
    const provider = (
      await t.admin.post('/api/v1/auth/providers', {
        name: 'Entra',
        issuer: 'https://login.example.com/tenant/v2.0',
        clientId: 'app',
        clientSecret: 'very-secret-value',
      })
    ).body;
    await t.admin.patch(`/api/v1/auth/providers/${provider.id}`, { enforced: true, clientSecret: 'rotated-secret' });
    await t.admin.delete(`/api/v1/auth/providers/${provider.id}`);
    const created = await last('sso_provider.create');
    expect(created.changes).toMatchObject({
      name: { before: null, after: 'Entra' },
      clientSecret: { before: null, after: '***' },
    });
    expect((await last('sso_provider.update')).changes).toEqual({
      enforced: { before: false, after: true },
      clientSecret: { before: '***', after: '***' },
    });
    expect((await last('sso_provider.delete')).changes.name).toEqual({ before: 'Entra', after: null });
    const all = JSON.stringify((await t.admin.get('/api/v1/audit-log?action=sso_provider.*')).body);
    expect(all).not.toMatch(/very-secret-value|rotated-secret/);

    await t.admin.put('/api/v1/settings/two-factor', { required: true });
    await t.admin.put('/api/v1/settings/two-factor', { required: false });
    expect((await last('two_factor_policy.update')).changes).toEqual({ required: { before: true, after: false } });
  });

  it("records an admin revoking someone else's API token, not anyone revoking their own", async () => {
    const agent = await t.newUser('agent');
    const own = (await agent.post('/api/v1/tokens', { name: 'own' })).body;
    await agent.delete(`/api/v1/tokens/${own.id}`);
    const theirs = (await agent.post('/api/v1/tokens', { name: 'theirs' })).body;
    await t.admin.delete(`/api/v1/tokens/${theirs.id}`);
    const revoked = (await t.admin.get('/api/v1/audit-log?action=api_token.revoke')).body.items;
    expect(revoked.map((e: any) => e.targetId)).toEqual([String(theirs.id)]);
    expect(revoked[0].changes.revokedAt).toEqual({ before: null, after: expect.any(String) });
  });

  it('records spool re-processing', async () => {
    const [{ id }] = (
      await t.sql.query(
        `INSERT INTO inbound_messages (status, raw, size, sha256, envelope_to, reason)
         VALUES ('rejected', 'x', 1, '\\x00', '{support@localhost}', 'test') RETURNING id`,
      )
    ).rows;
    expect((await t.admin.post(`/api/v1/inbound/${id}/reprocess`)).status).toBe(201);
    expect(await last('inbound_message.reprocess')).toEqual(
      entry(
        'inbound_message.reprocess',
        'inbound_message',
        String(id),
        expect.objectContaining({
          status: { before: 'rejected', after: 'received' },
        }),
      ),
    );
  });

  it('filters by actor, action and time, in cursor pages, newest first; records the client IP', async () => {
    const other = await t.newUser('admin');
    await other.post('/api/v1/groups', { name: 'By the other admin' });
    const mine = (await t.admin.get(`/api/v1/audit-log?actorId=${adminId}&limit=200`)).body.items;
    expect(mine.length).toBeGreaterThan(10);
    expect(mine.every((e: any) => e.actorId === adminId)).toBe(true);
    const theirs = (await t.admin.get(`/api/v1/audit-log?actorId=${other.user.id}`)).body.items;
    expect(theirs.map((e: any) => e.action)).toEqual(['group.create']);

    const users = (await t.admin.get('/api/v1/audit-log?action=user.*&limit=200')).body.items;
    expect(new Set(users.map((e: any) => e.action))).toEqual(
      new Set(['user.create', 'user.update', 'user.totp_reset']),
    );

    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await t.admin.get(`/api/v1/audit-log?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    const window = (
      await t.admin.get(
        `/api/v1/audit-log?from=${encodeURIComponent(since)}&to=${encodeURIComponent(future)}&limit=200`,
      )
    ).body.items;
    expect(window.length).toBe((await t.admin.get('/api/v1/audit-log?limit=200')).body.items.length);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await t.admin.get(`/api/v1/audit-log?limit=4${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((e: any) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(seen.length).toBe(window.length);

    const forwarded = await (
      await t.http.login(ADMIN.email, ADMIN.password)
    ).request('POST', '/api/v1/groups', { name: 'From afar' }, { 'x-forwarded-for': '203.0.113.50' });
    expect(forwarded.status).toBe(201);
    expect((await last('group.create')).ip).toBe('203.0.113.50');
    expect((await t.admin.get('/api/v1/audit-log?action=DROP TABLE')).status).toBe(400);
  });

  it('exports CSV that spreadsheets cannot run', async () => {
    await t.admin.post('/api/v1/groups', { name: '=HYPERLINK("http://evil.test","x")' });
    const res = await fetch(`${t.url}/api/v1/audit-log/export?action=group.create`, {
      headers: { cookie: t.admin.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-log.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,createdAt,actorId,actorEmail,action,targetType,targetId,ip,changes');
    expect(lines.length).toBe(1 + (await t.admin.get('/api/v1/audit-log?action=group.create')).body.items.length);
    expect(lines[1]).toContain(`,${adminId},${ADMIN.email},group.create,group,`);
    // The changes are one quoted JSON cell; a formula inside it is not at the start of a cell.
    expect(lines[1]).toMatch(/,"\{.*""name"":\{""after"":""=HYPERLINK\(\\""http:\/\/evil\.test.*\}"$/);
    const agent = await t.newUser('agent');
    expect((await fetch(`${t.url}/api/v1/audit-log/export`, { headers: { cookie: agent.cookie! } })).status).toBe(403);
  });

  it('cannot be changed or deleted, by the API or in the database', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/v1/audit-log'));
    expect(routes.map((r) => r.method)).toEqual(['GET', 'GET']);
    for (const sql of [
      'UPDATE audit_log SET action = $1',
      'DELETE FROM audit_log WHERE action <> $1',
      'TRUNCATE audit_log',
    ]) {
      await expect(t.sql.query(sql, sql.includes('$1') ? ['x'] : [])).rejects.toThrow(/append-only/);
    }
    expect((await t.admin.get('/api/v1/audit-log?limit=1')).body.items).toHaveLength(1);
  });

  it('records licence removal too', async () => {
    await t.admin.delete('/api/v1/licence');
    expect((await last('licence.remove')).changes.status).toEqual({ before: 'licensed', after: 'free' });
  });
});
