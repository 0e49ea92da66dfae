import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { Sql } from '../src/database/sql';
import { SettingsRepository } from '../src/settings/settings.repository';
import { readRelease } from '../src/licence/release';
import { checkUpgradeIsCovered, recordRelease } from '../src/licence/upgrade-check';
import { startTestApp, TestApp } from './support/test-app';
import { issueTestLicence, TEST_VENDOR } from './support/test-licence';

const release = readRelease();
const stranger = generateKeyPairSync('ed25519');
let n = 0;
const agentBody = () => ({
  email: `seat${++n}@test.local`,
  name: `Seat ${n}`,
  role: 'agent',
  password: 'password-123456',
});

describe('licence and seats (no licence from the environment)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: '' } });
  });
  afterAll(() => t.close());

  it('runs the free tier with 3 active seats, enforced exactly at the boundary', async () => {
    expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({
      status: 'free',
      seats: 3,
      seatsUsed: 1,
      source: null,
      notice: null,
    });
    const first = await t.admin.post('/api/v1/users', agentBody());
    const second = await t.admin.post('/api/v1/users', agentBody());
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await t.admin.post('/api/v1/users', agentBody());
    expect(third.status).toBe(409);
    expect(third.body.message).toBe(
      'Seat limit reached (3 of 3 in use): the free tier allows 3 active agents; install a licence for more. Deactivate an agent to free a seat.',
    );
    expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({ seats: 3, seatsUsed: 3 });

    // Deactivating frees the seat; re-activating someone at the limit is refused.
    expect((await t.admin.patch(`/api/v1/users/${first.body.id}`, { active: false })).status).toBe(200);
    const fourth = await t.admin.post('/api/v1/users', agentBody());
    expect(fourth.status).toBe(201);
    expect((await t.admin.patch(`/api/v1/users/${first.body.id}`, { active: true })).status).toBe(409);
    // Edits that activate nobody still work at the limit.
    expect((await t.admin.patch(`/api/v1/users/${second.body.id}`, { name: 'Renamed' })).status).toBe(200);
  });

  it('gives a licence its seats, exactly, and only one of two racing activations takes the last seat', async () => {
    const put = await t.admin.put('/api/v1/licence', { key: issueTestLicence({ seats: 5, id: 'lic-5' }) });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      status: 'licensed',
      licenceId: 'lic-5',
      licensee: { name: 'Test Company', email: 'it@test.local' },
      seats: 5,
      seatsUsed: 3,
      updatesUntil: '2099-12-31',
      releaseDate: release.releaseDate,
      source: 'settings',
    });
    expect((await t.admin.post('/api/v1/users', agentBody())).status).toBe(201);
    const race = await Promise.all([
      t.admin.post('/api/v1/users', agentBody()),
      t.admin.post('/api/v1/users', agentBody()),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const over = await t.admin.post('/api/v1/users', agentBody());
    expect(over.status).toBe(409);
    expect(over.body.message).toContain('(5 of 5 in use): this licence allows 5 active agents');
  });

  it('refuses a tampered licence or one from another key and keeps the installed one', async () => {
    const good = issueTestLicence({ seats: 50 });
    const i = good.lastIndexOf('.') - 5;
    const tampered = good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
    const res = await t.admin.put('/api/v1/licence', { key: tampered });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^This licence is not valid: /);
    const foreign = await t.admin.put('/api/v1/licence', { key: issueTestLicence({ seats: 50 }, stranger.privateKey) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toContain('not issued by Helpdesk');
    expect((await t.admin.put('/api/v1/licence', { key: 'hello' })).status).toBe(400);
    expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({ status: 'licensed', seats: 5 });
  });

  it('cannot be forged through settings: a licence written straight into the database must still verify', async () => {
    const forged = issueTestLicence({ seats: 999 }, stranger.privateKey);
    await t.sql.query(`UPDATE settings SET value = $1 WHERE key = 'licence'`, [JSON.stringify(forged)]);
    expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({
      status: 'invalid',
      seats: 3,
      notice: expect.stringContaining('the installed licence is not valid'),
    });
    expect((await t.admin.post('/api/v1/users', agentBody())).status).toBe(409);
  });

  it('falls back to the free tier for new activations once updates ended, and locks nobody out', async () => {
    const ended = issueTestLicence({ seats: 10, updatesUntil: '2026-01-01' });
    const put = await t.admin.put('/api/v1/licence', { key: ended });
    expect(put.body).toMatchObject({ status: 'updates_expired', seats: 3, licensedSeats: 10, seatsUsed: 5 });
    expect(put.body.notice).toContain(
      `licence updates ended 2026-01-01 but this version was released ${release.releaseDate}`,
    );
    const refused = await t.admin.post('/api/v1/users', agentBody());
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('licence updates ended 2026-01-01');

    // All five active agents keep signing in and working tickets, also after the licence is removed.
    expect((await t.admin.delete('/api/v1/licence')).body).toMatchObject({ status: 'free', seats: 3, seatsUsed: 5 });
    const { rows } = await t.sql.query(`SELECT email FROM users WHERE active AND role = 'agent'`);
    expect(rows).toHaveLength(4);
    for (const { email } of rows) {
      const agent = await t.http.login(email, 'password-123456');
      const created = await agent.post('/api/v1/tickets', {
        subject: 'still working',
        requester: { email: 'c@example.com' },
        body: 'hi',
      });
      expect(created.status).toBe(201);
      expect((await agent.get(`/api/v1/tickets/${created.body.id}`)).status).toBe(200);
    }
  });

  it('lets only admins see or change the licence', async () => {
    const { rows } = await t.sql.query(`SELECT email FROM users WHERE active AND role = 'agent' LIMIT 1`);
    const agent = await t.http.login(rows[0].email, 'password-123456');
    expect((await agent.get('/api/v1/licence')).status).toBe(403);
    expect((await agent.put('/api/v1/licence', { key: issueTestLicence() })).status).toBe(403);
  });
});

describe('licence from the environment', () => {
  it('wins over the API, which then refuses to change it', async () => {
    const t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: issueTestLicence({ seats: 7, id: 'from-env' }) } });
    try {
      expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({
        status: 'licensed',
        seats: 7,
        licenceId: 'from-env',
        source: 'env',
      });
      const put = await t.admin.put('/api/v1/licence', { key: issueTestLicence({ seats: 9 }) });
      expect(put.status).toBe(409);
      expect(put.body.message).toContain('HELPDESK_LICENCE_KEY');
      expect((await t.admin.delete('/api/v1/licence')).status).toBe(409);
    } finally {
      await t.close();
    }
  });

  it('has no switch: variables naming seats or a key do not make a foreign licence count', async () => {
    const pem = stranger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const t = await startTestApp({
      env: {
        HELPDESK_LICENCE_KEY: issueTestLicence({ seats: 500 }, stranger.privateKey),
        HELPDESK_LICENCE_PUBLIC_KEY: pem,
        HELPDESK_LICENCE_SEATS: '500',
        HELPDESK_LICENCE_CHECK: 'off',
      },
    });
    try {
      expect((await t.admin.get('/api/v1/licence')).body).toMatchObject({ status: 'invalid', seats: 3, source: 'env' });
    } finally {
      await t.close();
    }
  });
});

describe('upgrade check (the migrate role, before migrations)', () => {
  let t: TestApp;
  let db: DataSource;
  let settings: SettingsRepository;
  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: '' } });
    db = new DataSource(dataSourceOptions(t.config.database.url, 1));
    await db.initialize();
    settings = new SettingsRepository(new Sql(db));
  });
  afterAll(async () => {
    await db.destroy();
    await t.close();
  });
  const check = (licenceKey?: string, r = release) =>
    checkUpgradeIsCovered(settings, { ...t.config, licence: { key: licenceKey } }, TEST_VENDOR.publicKey, r);
  const ended = issueTestLicence({ updatesUntil: '2026-01-01' });

  it('refuses to move to a build released after updatesUntil, naming both dates', async () => {
    await recordRelease(settings, { version: '0.0.9', releaseDate: '2025-12-01' });
    await expect(check(ended)).rejects.toThrow(
      `licence updates ended 2026-01-01 but this version was released ${release.releaseDate}; renew the licence or stay on the current version`,
    );
    // The same from a licence installed through the API.
    await t.admin.put('/api/v1/licence', { key: ended });
    await expect(check()).rejects.toThrow('licence updates ended 2026-01-01');
    await t.admin.delete('/api/v1/licence');
  });

  it('lets covered upgrades, unlicensed installs and re-runs of the same build through', async () => {
    await expect(check(issueTestLicence({ updatesUntil: release.releaseDate }))).resolves.toBeUndefined();
    await expect(check(undefined)).resolves.toBeUndefined();
    await recordRelease(settings, release);
    await expect(check(ended)).resolves.toBeUndefined();
  });
});
