import { AddressInfo, createServer, Server } from 'node:net';
import type { DnsLookup } from '../src/setup/dns-check';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { issueTestLicence } from './support/test-licence';

/** A zone of this test's own: MX answers as Node gives them, TXT as arrays of strings; `down` makes every question time out. */
const zone: Record<string, unknown[]> = {
  'MX:ready.test': [{ exchange: 'mx.ready.test', priority: 10 }],
  'TXT:ready.test': [['v=spf1 include:relay.example ~all']],
  'TXT:_dmarc.ready.test': [['v=DMARC1; p=none']],
};
let dnsDown = false;
const dnsLookup: DnsLookup = async (name, rrtype) => {
  if (dnsDown) return new Promise(() => undefined); // never answers: the check's own timeout ends it
  const found = zone[`${rrtype}:${name.toLowerCase()}`];
  if (!found) throw Object.assign(new Error(`query ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return found;
};

/** A port nothing listens on: a relay there refuses connections. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('setup checklist and the relay test mail', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agent: Awaited<ReturnType<TestApp['newUser']>>;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // The api role alone: nothing sends, so what is queued stays waiting.
    t = await startTestApp({ env: { HELPDESK_LICENCE_KEY: '' }, app: { setup: { dnsLookup } } });
    agent = await t.newUser('agent');
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const step = (body: { steps: { key: string }[] }, key: string) => body.steps.find((s) => s.key === key);

  it('lists what is missing on a fresh install, and agents see their replies cannot go out', async () => {
    const res = await t.admin.get('/api/v1/setup');
    expect(res.status).toBe(200);
    expect(res.body.ready).toBe(false);
    expect(res.body.steps.map((s: { key: string }) => s.key)).toEqual(['mailbox', 'outgoing', 'dns', 'licence']);
    expect(step(res.body, 'mailbox')).toMatchObject({ status: 'todo', required: true });
    expect(step(res.body, 'outgoing')).toMatchObject({ status: 'todo', required: true });
    expect(step(res.body, 'dns')).toMatchObject({ status: 'todo', required: false });
    expect(step(res.body, 'licence')).toMatchObject({ status: 'todo', required: false });
    expect(res.body.mailOut).toMatchObject({ canSend: false, problem: 'no_relay' });

    // Agents: not the checklist, but whether their replies go out.
    expect((await agent.get('/api/v1/setup')).status).toBe(403);
    expect((await agent.post('/api/v1/settings/relay/test', { to: 'me@example.org' })).status).toBe(403);
    expect((await t.http.get('/api/v1/setup/mail-out')).status).toBe(401);
  });

  it('counts the replies waiting for a relay', async () => {
    await t.admin.post('/api/v1/mailboxes', { address: 'support@ready.test' });
    const ticket = (
      await agent.post('/api/v1/tickets', { subject: 'Waiting', body: 'Hi', requester: { email: 'c1@example.org' } })
    ).body;
    expect((await agent.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Our answer' })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 5100)); // the answer is kept 5 s
    const status = (await agent.get('/api/v1/setup/mail-out')).body;
    expect(status).toMatchObject({
      canSend: false,
      problem: 'no_relay',
      lastError: null,
      waitingReplies: 1,
      waitingReason: 'no relay configured',
    });
    expect(status.waiting).toBeGreaterThanOrEqual(1);
    expect(status.oldestWaitingAt).toEqual(expect.any(String));

    const setup = (await t.admin.get('/api/v1/setup')).body;
    expect(step(setup, 'mailbox')).toMatchObject({ status: 'done', detail: 'support@ready.test' });
    expect(step(setup, 'outgoing')).toMatchObject({ status: 'todo', detail: expect.stringContaining('wait') });
    // MX, SPF and DMARC are published; no DKIM key is set here, which is no warning.
    expect(step(setup, 'dns')).toMatchObject({ status: 'done' });
    expect(setup.domains).toEqual([
      {
        domain: 'ready.test',
        mx: { result: 'found', detail: 'mx.ready.test' },
        spf: { result: 'found', detail: 'v=spf1 include:relay.example ~all' },
        dkim: { result: 'missing', detail: expect.stringContaining('no DKIM key') },
        dmarc: { result: 'found', detail: 'v=DMARC1; p=none' },
      },
    ]);
  });

  it("reports a failing relay's error to admins and agents, and a working one's answer", async () => {
    // Without a relay there is nothing to test.
    expect((await t.admin.post('/api/v1/settings/relay/test', { to: 'me@example.org' })).status).toBe(409);

    const dead = `smtp://u:p@127.0.0.1:${await closedPort()}`;
    expect((await t.admin.put('/api/v1/settings/relay', { url: dead })).status).toBe(200);
    const failed = await t.admin.post('/api/v1/settings/relay/test', { to: 'me@example.org' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ ok: false, response: null, error: expect.stringContaining('ECONNREFUSED') });
    // The test's outcome shows at once (the cached answer is dropped).
    const failing = (await agent.get('/api/v1/setup/mail-out')).body;
    expect(failing).toMatchObject({
      canSend: false,
      problem: 'relay_failing',
      lastError: expect.stringContaining('ECONNREFUSED'),
    });
    const setup = (await t.admin.get('/api/v1/setup')).body;
    expect(step(setup, 'outgoing')).toMatchObject({
      status: 'failing',
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    expect(setup.ready).toBe(false);

    // A new relay starts with a clean slate; its test mail reaches the sink.
    expect((await t.admin.put('/api/v1/settings/relay', { url: sink.url })).status).toBe(200);
    const ok = await t.admin.post('/api/v1/settings/relay/test', { to: 'Me@Example.org' });
    expect(ok.body).toMatchObject({
      ok: true,
      error: null,
      from: 'support@ready.test',
      relay: expect.stringContaining('****'),
      response: expect.stringMatching(/^250 /),
    });
    const [mail] = await sink.received('me@example.org');
    expect(mail.mail.subject).toBe('Test mail from your help desk');
    expect(mail.envelope.from).toBe('support@ready.test');
    expect(mail.mail.headers.get('auto-submitted')).toBe('auto-generated');

    expect((await agent.get('/api/v1/setup/mail-out')).body).toMatchObject({ canSend: true, problem: null });
    const after = (await t.admin.get('/api/v1/setup')).body;
    expect(step(after, 'outgoing')).toMatchObject({ status: 'done' });
    expect(after.ready).toBe(true);

    // The audit log records who tested where, and the outcome.
    const log = (await t.admin.get('/api/v1/audit-log?action=relay.test')).body.items;
    expect(log[0]).toMatchObject({ action: 'relay.test' });
    expect(log[0].changes.to).toEqual({ before: 'me@example.org', after: 'Me@Example.org' });
    expect(log[0].changes.ok).toEqual({ before: false, after: true });
  });

  it('rejects a test mail without a valid address', async () => {
    expect((await t.admin.post('/api/v1/settings/relay/test', { to: 'not an address' })).status).toBe(400);
  });

  it('flags missing DNS records and says "could not check" when DNS does not answer', async () => {
    await t.admin.post('/api/v1/mailboxes', { address: '@bare.test' });
    const setup = (await t.admin.get('/api/v1/setup')).body;
    const bare = setup.domains.find((d: { domain: string }) => d.domain === 'bare.test');
    expect(bare.mx).toEqual({ result: 'missing', detail: expect.stringContaining('no MX') });
    expect(step(setup, 'dns')).toMatchObject({ status: 'warning', detail: expect.stringContaining('bare.test') });
    // Advisory: the help desk still counts as ready.
    expect(setup.ready).toBe(true);

    dnsDown = true;
    try {
      await t.admin.post('/api/v1/mailboxes', { address: 'help@unreachable.test' });
      const started = Date.now();
      const res = await t.admin.get('/api/v1/setup');
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(8000);
      const d = res.body.domains.find((x: { domain: string }) => x.domain === 'unreachable.test');
      expect(d.mx).toEqual({ result: 'unknown', detail: 'could not check: ETIMEOUT' });
      expect(d.spf.result).toBe('unknown');
    } finally {
      dnsDown = false;
    }
  });

  it('counts a licence as done once installed', async () => {
    expect((await t.admin.put('/api/v1/licence', { key: issueTestLicence({ seats: 10 }) })).status).toBe(200);
    expect(step((await t.admin.get('/api/v1/setup')).body, 'licence')).toMatchObject({ status: 'done' });
  });
});
