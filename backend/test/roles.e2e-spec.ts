import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../src/app/create-app';
import { appConfig, loadConfig } from '../src/config/config';
import { MetricsServer } from '../src/metrics/metrics-server';
import { TicketEventBus } from '../src/tickets/ticket-event-bus';
import { createTestDatabase, testRedisUrl } from './support/test-app';
import { issueTestLicence, TEST_VENDOR } from './support/test-licence';

/** What each role of the one image runs: routes only where the auth guard is, and the ticket event subscribers wherever tickets change. */
describe('roles', () => {
  let databaseUrl: string;
  let redisUrl: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    redisUrl = await testRedisUrl();
  });

  async function boot(role: string) {
    const config = appConfig(
      loadConfig({
        HELPDESK_ROLE: role,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        PORT: '0',
        SMTP_PORT: '0',
        METRICS_PORT: '0',
        HOST: '127.0.0.1',
        HELPDESK_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'helpdesk-roles-')),
        LOG_LEVEL: 'error',
        HELPDESK_LICENCE_KEY: issueTestLicence(),
      }),
    );
    return createApp(config, { licence: { publicKey: TEST_VENDOR.publicKey } });
  }

  it.each(['worker', 'smtp'])('role %s serves health, metrics on its own port, and no API route', async (role) => {
    const { app, routes } = await boot(role);
    try {
      expect(routes.map((r) => r.url).filter((u) => u.startsWith('/api'))).toEqual([]);
      expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
      await app.init();
      const metrics = await fetch(`http://127.0.0.1:${app.get(MetricsServer).port}/metrics`);
      expect(metrics.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it.each(['api', 'worker', 'all'])(
    'role %s hands ticket events to realtime, the outbox, the triggers and the webhooks',
    async (role) => {
      const { app } = await boot(role);
      try {
        expect(app.get(TicketEventBus).subscriberNames.sort()).toEqual(['outbox', 'realtime', 'triggers', 'webhooks']);
      } finally {
        await app.close();
      }
    },
  );
});
