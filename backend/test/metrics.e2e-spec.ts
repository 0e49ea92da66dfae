import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InboundProcessor } from '../src/mail-in/processing/inbound-processor.service';
import { SmtpReceiver } from '../src/mail-in/smtp/smtp-receiver.service';
import { SpoolRepository } from '../src/mail-in/spool/spool.repository';
import { SpoolService } from '../src/mail-in/spool/spool.service';
import { eventually, smtpSession } from './support/mail';
import { Scrape, scrape } from './support/metrics';
import { SmtpSink } from './support/smtp-sink';
import { connectSocket } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The domain metrics of docs/architecture.md ("Metrics"), scraped over HTTP from
 * METRICS_PORT: each one moves when its event happens. And the chart's alerts and
 * dashboard use no metric, label or label value the app does not export.
 */
describe('domain metrics', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let n = 0;
  const unique = () => `m${Date.now().toString(36)}${++n}`;
  /** Gauges read from the database are cached for 5 s: wait for the next reading. */
  const until = (check: (s: Scrape) => boolean) =>
    eventually(async () => {
      const s = await scrape(t);
      return check(s) ? s : undefined;
    }, 15_000);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        SMTP_MAX_MESSAGE_BYTES: '100000',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_OUTBOUND_ATTEMPTS: '3',
        // No sweeper requeues the spool row the backlog test leaves waiting.
        HELPDESK_INBOUND_SWEEP_SECONDS: '86400',
        HELPDESK_LOGIN_LIMIT_PER_ACCOUNT: '2',
      },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('counts SMTP sessions and the final answer to each RCPT TO and DATA, by code', async () => {
    const before = await scrape(t);
    const port = t.app.get(SmtpReceiver).port;
    const token = unique();
    const replies = await smtpSession(port, [
      'EHLO client.test',
      'MAIL FROM:<carol@example.org>',
      'RCPT TO:<support@acme.test>',
      'RCPT TO:<nobody@acme.test>',
      'DATA',
      // Automatic mail: no acknowledgement joins the outbox (the outbox test counts its rows).
      `From: carol@example.org\r\nTo: support@acme.test\r\nAuto-Submitted: auto-generated\r\nSubject: Metrics ${token}\r\n\r\nhello\r\n.`,
      'QUIT',
    ]);
    expect(replies.filter((r) => /^(250 Queued|550)/.test(r))).toHaveLength(2);
    const big = await smtpSession(port, [
      'EHLO client.test',
      'MAIL FROM:<carol@example.org>',
      'RCPT TO:<support@acme.test>',
      'DATA',
      `Subject: big\r\n\r\n${'x'.repeat(998)}\r\n`.repeat(120) + '.',
      'QUIT',
    ]);
    expect(big.some((r) => r.startsWith('552'))).toBe(true);

    const after = await scrape(t);
    const delta = (series: string) => after.value(series) - before.value(series);
    expect(delta('helpdesk_smtp_sessions_total')).toBe(2);
    expect(delta('helpdesk_smtp_replies_total{code="250"}')).toBe(3); // two RCPT TO, one DATA
    expect(delta('helpdesk_smtp_replies_total{code="550"}')).toBe(1);
    expect(delta('helpdesk_smtp_replies_total{code="552"}')).toBe(1);
    expect(delta('helpdesk_smtp_replies_total{code="451"}')).toBe(0);

    // The accepted message becomes a ticket: one more observation of the processing time.
    await until(
      (s) =>
        s.value('helpdesk_inbound_processing_seconds_count') ===
        before.value('helpdesk_inbound_processing_seconds_count') + 1,
    );
  });

  it('reports the spool backlog and the age of its oldest message, and the time each took to become a ticket', async () => {
    await until((s) => s.value('helpdesk_spool_backlog') === 0);
    // A message the SMTP receiver committed ten minutes ago, not processed since (no job ran).
    const id = await t.app.get(SpoolRepository).insert({
      raw: Buffer.from(
        `From: dora@example.org\r\nTo: support@acme.test\r\nAuto-Submitted: auto-replied\r\nSubject: Late ${unique()}\r\n\r\nstill there?\r\n`,
      ),
      envelopeFrom: 'dora@example.org',
      envelopeTo: ['support@acme.test'],
      peerIp: '192.0.2.1',
      helo: 'mx.example.org',
      tls: false,
      mailboxId: null,
      auth: null,
    });
    await t.sql.query(`UPDATE inbound_messages SET received_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    const waiting = await until((s) => s.value('helpdesk_spool_backlog') === 1);
    expect(waiting.value('helpdesk_spool_oldest_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(waiting.value('helpdesk_spool_oldest_age_seconds')).toBeLessThan(700);

    await t.app.get(InboundProcessor).process(id);
    const done = await until((s) => s.value('helpdesk_spool_backlog') === 0);
    expect(done.value('helpdesk_spool_oldest_age_seconds')).toBe(0);
    // Ten minutes from the spool to the ticket: over the 300 s bucket, within 900 s.
    const bucket = (s: Scrape, le: string) => s.value(`helpdesk_inbound_processing_seconds_bucket{le="${le}"}`);
    expect(bucket(done, '900') - bucket(waiting, '900')).toBe(1);
    expect(bucket(done, '300') - bucket(waiting, '300')).toBe(0);
  });

  it('counts deliveries by result, and reads the outbox by status', async () => {
    const outbox = (s: Scrape, status: string) => s.value(`helpdesk_outbox_messages{status="${status}"}`);
    const deliveries = (s: Scrape, result: string) => s.value(`helpdesk_outbound_deliveries_total{result="${result}"}`);
    const before = await until((s) => s.has('helpdesk_outbox_messages{status="queued"}'));
    const ticketFor = async (email: string) =>
      (await t.admin.post('/api/v1/tickets', { subject: `Q ${unique()}`, body: 'Hi', requester: { email } })).body;
    const reply = (ticketId: number) => t.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Answer' });

    // No relay yet: the reply waits in the outbox.
    const first = await ticketFor('queued@example.org');
    await reply(first.id);
    await until((s) => outbox(s, 'queued') === outbox(before, 'queued') + 1);

    // A relay: it is sent; a 451 is a retry (then sent), a 550 a failure.
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    sink.answers.set('retry@example.org', [451]);
    sink.answers.set('refused@example.org', [550]);
    await reply((await ticketFor('retry@example.org')).id);
    await reply((await ticketFor('refused@example.org')).id);
    const after = await until(
      (s) =>
        deliveries(s, 'sent') === deliveries(before, 'sent') + 2 &&
        deliveries(s, 'failed') === deliveries(before, 'failed') + 1,
    );
    expect(deliveries(after, 'retry') - deliveries(before, 'retry')).toBe(1);
    await until(
      (s) => outbox(s, 'queued') === outbox(before, 'queued') && outbox(s, 'failed') === outbox(before, 'failed') + 1,
    );

    // Over a cap (10 automatic mails per ticket and recipient): the 11th is held.
    const watcher = await t.newUser('agent');
    for (let i = 0; i < 11; i++)
      await t.admin.post(`/api/v1/tickets/${first.id}/messages`, {
        body: 'ping',
        internal: true,
        mentions: [watcher.user.id],
      });
    await until((s) => outbox(s, 'held') === outbox(before, 'held') + 1);
  });

  it('reads BullMQ queue depths by queue and state', async () => {
    const delayed = (s: Scrape) => s.value('helpdesk_queue_jobs{queue="inbound",state="delayed"}');
    const before = await until((s) => s.has('helpdesk_queue_jobs{queue="inbound",state="delayed"}'));
    for (const queue of ['inbound', 'outbound'])
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(before.has(`helpdesk_queue_jobs{queue="${queue}",state="${state}"}`)).toBe(true);
    const queue = t.app.get(SpoolService).queue;
    await queue.bull.add('process', { inboundId: 0 }, { jobId: 'metrics-delayed', delay: 600_000 });
    await until((s) => delayed(s) === delayed(before) + 1);
    await queue.remove('metrics-delayed');
    await until((s) => delayed(s) === delayed(before));
  });

  it('counts realtime connections of the api', async () => {
    const before = (await scrape(t)).value('helpdesk_realtime_connections');
    const socket = await connectSocket(t.url, { cookie: t.admin.cookie, origin: t.url });
    expect((await scrape(t)).value('helpdesk_realtime_connections')).toBe(before + 1);
    socket.close();
    await until((s) => s.value('helpdesk_realtime_connections') === before);
  });

  it('counts failed sign-ins, rate-limited ones included', async () => {
    const failures = async () => (await scrape(t)).value('helpdesk_login_failures_total');
    const before = await failures();
    const agent = await t.newUser('agent');
    const attempt = () => t.http.post('/api/v1/auth/login', { email: agent.user.email, password: 'wrong-password-1' });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(429); // over HELPDESK_LOGIN_LIMIT_PER_ACCOUNT
    expect(await failures()).toBe(before + 3);
  });

  it('exports every metric, label and label value the chart`s alerts and dashboard use', async () => {
    const s = await until((x) => x.has('helpdesk_outbox_messages{status="held"}') && x.has('helpdesk_spool_backlog'));
    const chart = path.resolve(__dirname, '../../chart/files/monitoring');
    const texts = {
      rules: readFileSync(path.join(chart, 'rules.yaml'), 'utf8'),
      dashboard: (
        JSON.parse(readFileSync(path.join(chart, 'dashboard.json'), 'utf8')).panels as { targets: { expr: string }[] }[]
      )
        .flatMap((p) => p.targets.map((x) => x.expr))
        .join('\n'),
    };
    const exported = new Set<string>();
    for (const [name, type] of s.types) {
      exported.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) exported.add(name + suffix);
    }
    // Labels the monitoring adds to every series (the monitors' target labels), not the app's own.
    const targetLabels = new Set(['namespace', 'pod', 'app_kubernetes_io_instance', 'app_kubernetes_io_component']);
    const problems: string[] = [];
    let used = 0;
    for (const [file, text] of Object.entries(texts)) {
      // Template actions ({{ ... }}) out; what is left is PromQL.
      const promql = text.replace(/\{\{.*?\}\}/g, '');
      for (const m of promql.matchAll(/\b(helpdesk_[a-z0-9_]+)(?:\{([^}]*)\})?/g)) {
        const [, name, selector = ''] = m;
        used++;
        if (!exported.has(name)) {
          problems.push(`${file}: ${name} is not exported`);
          continue;
        }
        const series = s.series(name);
        for (const [, label, op, value] of selector.matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
          if (targetLabels.has(label)) continue;
          if (!series.some((x) => label in x.labels)) problems.push(`${file}: ${name} has no label ${label}`);
          else if (op === '=' && !series.some((x) => x.labels[label] === value))
            problems.push(`${file}: ${name} has no series with ${label}="${value}"`);
        }
      }
      for (const m of promql.matchAll(/\bby \(([^)]*)\)\s*\(\s*[a-z_]*\(?\s*(helpdesk_[a-z0-9_]+)/g)) {
        for (const label of m[1].split(',').map((l) => l.trim())) {
          if (targetLabels.has(label) || label === 'le') continue;
          if (!s.series(m[2]).some((x) => label in x.labels))
            problems.push(`${file}: ${m[2]} has no label ${label} to group by`);
        }
      }
    }
    expect(used).toBeGreaterThan(20);
    expect(problems).toEqual([]);

    // The table of docs/architecture.md names what is exported, too.
    const docs = readFileSync(path.resolve(__dirname, '../../docs/architecture.md'), 'utf8');
    const table = [...docs.matchAll(/^\| `(helpdesk_[a-z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(table.length).toBe(10);
    expect(table.filter((name) => !exported.has(name))).toEqual([]);
  });
});
