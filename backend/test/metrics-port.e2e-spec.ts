import { Client } from 'pg';
import { MetricsServer } from '../src/metrics/metrics-server';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Metrics live on METRICS_PORT, never on the public port the Ingress routes; the public
 * readiness answer names a failing dependency without its error text.
 */
describe('metrics port and public health answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves Prometheus metrics on METRICS_PORT and answers 404 for /metrics on the public port', async () => {
    await fetch(`${t.url}/healthz`); // one request, so the HTTP histogram has a sample
    const port = t.app.get(MetricsServer).port;
    expect(port).toBeGreaterThan(0);
    expect(String(port)).not.toBe(new URL(t.url).port);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^helpdesk_process_cpu_user_seconds_total /m);
    expect(text).toMatch(
      /^helpdesk_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/m,
    );
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/tickets`)).status).toBe(404);

    const pub = await fetch(`${t.url}/metrics`);
    expect(pub.status).toBe(404);
    expect(await pub.text()).not.toMatch(/helpdesk_/);
  });

  it('says which dependency fails on the public /readyz, and logs why instead of answering it', async () => {
    const name = new URL(t.config.database.url).pathname.slice(1);
    const admin = new Client({ connectionString: `${process.env.HELPDESK_TEST_PG_URL}/postgres` });
    await admin.connect();
    // The app's database goes away: its connections are cut and reconnecting fails with
    // 'database "t_..." does not exist', a detail the public must not see.
    for (let renamed = false; !renamed;) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      renamed = await admin.query(`ALTER DATABASE "${name}" RENAME TO "${name}_away"`).then(
        () => true,
        () => false,
      );
    }
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'unavailable', role: 'api', database: 'failing', redis: 'ok' });
      expect(JSON.stringify(body)).not.toMatch(/exist|t_[0-9a-f]/);
    } finally {
      await admin.query(`ALTER DATABASE "${name}_away" RENAME TO "${name}"`);
      await admin.end();
    }
    const again = await fetch(`${t.url}/readyz`);
    expect([again.status, await again.json()]).toEqual([
      200,
      { status: 'ok', role: 'api', database: 'ok', redis: 'ok' },
    ]);
  });
});
