import { metricsRegistry } from '../src/metrics/metrics';
import { eventually, sendMail } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/** The value of a counter of this process's registry. */
const counter = async (name: string) =>
  (await metricsRegistry.getSingleMetric(name)?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;

// A message that fails every time (here, a trigger that refuses its text, as PostgreSQL's
// "string is too long for tsvector" once did) must end `failed` after the configured
// attempts, be shown to admins, be re-processable, and hold nothing else up.
describe('a message that keeps failing', () => {
  let t: TestApp;
  let n = 0;
  const unique = () => `f${Date.now().toString(36)}${++n}`;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
        HELPDESK_INBOUND_MAX_ATTEMPTS: '3',
      },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@fail.test' });
    await t.sql.query(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.body_text LIKE '%POISON%' THEN RAISE EXCEPTION 'this test refuses poisoned text'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
  });
  afterAll(() => t.close());

  const spoolRowOf = (token: string) =>
    eventually(async () => {
      const { rows } = await t.sql.query(`SELECT id FROM inbound_messages WHERE convert_from(raw, 'UTF8') LIKE $1`, [
        `%${token}%`,
      ]);
      return rows[0]?.id as number | undefined;
    });

  it('becomes failed with its reason after the configured attempts, counted, listed for admins only, and re-processable', async () => {
    const before = await counter('helpdesk_inbound_failed_total');
    const token = unique();
    await sendMail(t, { from: 'pat@example.org', to: 'support@fail.test', subject: `Poison ${token}`, text: 'POISON' });
    const id = await spoolRowOf(token);
    const failed = await eventually(async () => {
      const row = (await t.admin.get(`/api/v1/inbound/${id}`)).body;
      return row.status === 'failed' ? row : undefined;
    }, 30_000);
    expect(failed.attempts).toBe(3);
    expect(failed.reason).toContain('this test refuses poisoned text');
    expect(await counter('helpdesk_inbound_failed_total')).toBe(before + 1);

    // Failed rows are no longer retried: the attempts stay where they are.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await t.admin.get(`/api/v1/inbound/${id}`)).body).toMatchObject({ status: 'failed', attempts: 3 });

    const list = await t.admin.get('/api/v1/inbound?status=failed');
    expect(list.body.items.map((m: { id: number }) => m.id)).toContain(id);
    // Admins see which mail it is: its subject, read when it was stored.
    expect(list.body.items.find((m: { id: number }) => m.id === id).subject).toBe(`Poison ${token}`);
    expect(list.body.items.every((m: { status: string }) => m.status === 'failed')).toBe(true);
    const agent = await t.newUser('agent');
    expect((await agent.request('GET', '/api/v1/inbound?status=failed')).status).toBe(403);

    // Once the cause is gone, re-processing gives it a fresh set of attempts and it becomes a ticket.
    await t.sql.query(`DROP TRIGGER refuse_poison ON messages`);
    try {
      const again = await t.admin.post(`/api/v1/inbound/${id}/reprocess`);
      expect(again.body).toMatchObject({ status: 'received', attempts: 0, reason: null });
      const done = await eventually(async () => {
        const row = (await t.admin.get(`/api/v1/inbound/${id}`)).body;
        return row.status === 'processed' ? row : undefined;
      }, 20_000);
      expect(done.ticketId).toEqual(expect.any(Number));
    } finally {
      await t.sql.query(
        `CREATE TRIGGER refuse_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
      );
    }
  }, 90_000);

  it('holds nothing else up: mail sent after a failing message is processed while it fails', async () => {
    const poison = unique();
    const fine = unique();
    await sendMail(t, {
      from: 'pat@example.org',
      to: 'support@fail.test',
      subject: `Poison ${poison}`,
      text: 'POISON',
    });
    await sendMail(t, { from: 'kim@example.org', to: 'support@fail.test', subject: `Fine ${fine}`, text: 'hello' });
    const poisonId = await spoolRowOf(poison);
    const fineId = await spoolRowOf(fine);
    const processed = await eventually(async () => {
      const row = (await t.admin.get(`/api/v1/inbound/${fineId}`)).body;
      return row.status === 'processed' ? row : undefined;
    }, 20_000);
    // The good mail is done before the poisoned one has used up its attempts.
    const poisoned = (await t.admin.get(`/api/v1/inbound/${poisonId}`)).body;
    expect(processed.ticketId).toEqual(expect.any(Number));
    expect(poisoned.status === 'received' || poisoned.status === 'failed').toBe(true);
    await eventually(
      async () => ((await t.admin.get(`/api/v1/inbound/${poisonId}`)).body.status === 'failed' ? true : undefined),
      30_000,
    );
  }, 90_000);
});
