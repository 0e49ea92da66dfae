import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { MAIN } from '../support/processes';
import { licenceTool, releaseBuild } from '../support/release-build';

/**
 * The vendor's tool and a release build's upgrade gate, as admins and the vendor meet them:
 * keys and licences from `npm run licence`, and the migrate role (the chart's pre-upgrade
 * hook) of a newer build refusing a database its licence's updates do not cover.
 */
describe('licence: vendor tool and the upgrade gate', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'helpdesk-licence-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const tool = licenceTool;
  const privateKey = path.join(work, 'vendor/private.pem');
  const publicKey = path.join(work, 'vendor/public.pem');
  const issue = (updatesUntil: string) =>
    tool(
      'issue',
      '--key',
      privateKey,
      '--licensee',
      'ACME Ltd',
      '--email',
      'it@acme.test',
      '--seats',
      '25',
      '--updates-until',
      updatesUntil,
    ).trim();

  const migrate = (main: string, databaseUrl: string, licence?: string) =>
    spawnSync(process.execPath, [main], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH!,
        HELPDESK_ROLE: 'migrate',
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        ...(licence ? { HELPDESK_LICENCE_KEY: licence } : {}),
      },
    });

  it('makes keys and licences that verify, and never overwrites a signing key', () => {
    tool('keygen', '--out', privateKey, '--public-out', publicKey);
    expect(readFileSync(publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const licence = issue('2027-12-31');
    expect(licence).toMatch(/^HDL1\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(tool('inspect', licence, '--public-key', publicKey))).toMatchObject({
      licensee: { name: 'ACME Ltd', email: 'it@acme.test' },
      seats: 25,
      updatesUntil: '2027-12-31',
      forThisBuild: { status: 'licensed', seats: 25 },
    });
    // This build trusts only the vendor key in backend/licence-public-key.pem, not the one just made.
    expect(() => tool('inspect', licence)).toThrow(/signature does not match/);
    expect(() => tool('keygen', '--out', privateKey)).toThrow(/refusing to overwrite/);
  });

  it("refuses, before touching the database, to upgrade it to a build released after the licence's updatesUntil", async () => {
    const admin = new Client({ connectionString: `${process.env.HELPDESK_TEST_PG_URL}/postgres` });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS licence_upgrade');
    await admin.query('CREATE DATABASE licence_upgrade');
    await admin.end();
    const databaseUrl = `${process.env.HELPDESK_TEST_PG_URL}/licence_upgrade`;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Installed with this build, then a new release comes out in mid-2027.
      expect(migrate(MAIN, databaseUrl).status).toBe(0);
      const installed = (await db.query(`SELECT value FROM settings WHERE key = 'release'`)).rows[0].value;
      const newer = releaseBuild({ releaseDate: '2027-06-01', publicKeyFile: publicKey });

      const refused = migrate(newer, databaseUrl, issue('2027-01-01'));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        'helpdesk: licence updates ended 2027-01-01 but this version was released 2027-06-01; renew the licence or stay on the current version',
      );
      expect((await db.query(`SELECT value FROM settings WHERE key = 'release'`)).rows[0].value).toEqual(installed);

      // A renewed licence lets the same upgrade through.
      const renewed = migrate(newer, databaseUrl, issue('2027-12-31'));
      expect([renewed.status, renewed.stderr]).toEqual([0, '']);
      expect((await db.query(`SELECT value FROM settings WHERE key = 'release'`)).rows[0].value).toEqual({
        version: '9.9.0',
        releaseDate: '2027-06-01',
      });
    } finally {
      await db.end();
    }
  });
});
