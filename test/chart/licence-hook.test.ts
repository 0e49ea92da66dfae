import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { licenceTool, releaseBuild } from '../support/release-build';
import { ChartServices, find, installJob, localContainer, provisionServices, RELEASE, render, runToCompletion } from './harness';

/**
 * `helm upgrade` to a build released after the licence's updatesUntil fails in the
 * pre-upgrade hook, before any pod changes, with a message naming both dates. The hook
 * Job runs here exactly as rendered (command, environment, licence from the chart's
 * `licence.key`), against a database the install Job created.
 */
describe('the chart refuses an upgrade the licence does not cover', () => {
  const FULL = `${RELEASE}-helpdesk`;
  const work = mkdtempSync(path.join(tmpdir(), 'helpdesk-licence-hook-'));
  const privateKey = path.join(work, 'private.pem');
  const publicKeyFile = path.join(work, 'public.pem');
  let services: ChartServices;
  afterAll(async () => {
    await services?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const issue = (updatesUntil: string) =>
    licenceTool('issue', '--key', privateKey, '--licensee', 'ACME Ltd', '--email', 'it@acme.test', '--seats', '10', '--updates-until', updatesUntil).trim();
  const values = (licenceKey: string) => ({
    licence: { key: licenceKey },
    postgresql: { username: 'licencehook', database: 'licencehook' },
    config: { logLevel: 'warn' },
  });

  it('fails the pre-upgrade hook with the exact message, and passes it once the licence is renewed', async () => {
    licenceTool('keygen', '--out', privateKey, '--public-out', publicKeyFile);
    // Installed with this build; the vendor later releases a build dated 2027-06-01.
    const installed = render(values(issue('2027-01-01')));
    services = await provisionServices(installed, process.env.HELPDESK_TEST_PG_URL!);
    const install = await runToCompletion(await localContainer(installJob(installed), { manifests: installed, services: services.services }));
    expect([install.code, install.output]).toEqual([0, '']);
    const newer = releaseBuild({ releaseDate: '2027-06-01', publicKeyFile });

    const upgradeWith = async (licenceKey: string) => {
      const upgrade = render(values(licenceKey), { upgrade: true });
      const hook = find(upgrade, 'Job', `${FULL}-migrate-upgrade`);
      expect(hook.metadata.annotations!['helm.sh/hook']).toBe('pre-upgrade');
      const container = await localContainer(hook, { manifests: upgrade, services: services.services, existing: [find(installed, 'Secret', FULL)] });
      // The image's entrypoint runs the newer build instead of this checkout's.
      const entry = container.argv.findIndex((a) => a.endsWith('backend/dist/main.js'));
      expect(entry).toBeGreaterThan(0);
      container.argv[entry] = newer;
      return runToCompletion(container);
    };

    const refused = await upgradeWith(issue('2027-01-01'));
    expect(refused.code).toBe(1);
    expect(refused.output).toBe(
      'helpdesk: licence updates ended 2027-01-01 but this version was released 2027-06-01; renew the licence or stay on the current version\n',
    );

    const renewed = await upgradeWith(issue('2027-12-31'));
    expect([renewed.code, renewed.output]).toEqual([0, '']);
  });
});
