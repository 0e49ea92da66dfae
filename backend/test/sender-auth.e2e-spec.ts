import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { sendMail } from './support/mail';
import { TestZone } from './support/dns-zone';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Sender verification at receipt, over real SMTP: SPF, DKIM and DMARC results are stored with
 * the spool row and shown to admins; failing them never refuses a customer's mail. DNS answers
 * from a zone defined here.
 */
describe('sender verification at receipt', () => {
  let t: TestApp;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const zone = new TestZone({
    // The test's own SMTP client connects from 127.0.0.1.
    'TXT:signed.example': ['v=spf1 ip4:127.0.0.1 -all'],
    'TXT:s1._domainkey.signed.example': [
      `v=DKIM1; k=rsa; p=${key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    ],
    'TXT:_dmarc.signed.example': ['v=DMARC1; p=reject'],
    'TXT:strict.example': ['v=spf1 ip4:192.0.2.1 -all'],
    'TXT:_dmarc.strict.example': ['v=DMARC1; p=reject'],
  });

  beforeAll(async () => {
    t = await startTestApp({
      env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', SMTP_VERIFY_TIMEOUT_MS: '2000' },
      app: { mailAuth: { resolver: zone.resolver } },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@verify.test' });
  });
  afterAll(() => t.close());

  const raw = (from: string, id: string) =>
    Buffer.from(
      `From: ${from}\r\nTo: support@verify.test\r\nSubject: Verify ${id}\r\nMessage-ID: <${id}@example>\r\nDate: Mon, 01 Jun 2026 10:00:00 +0000\r\n\r\nHello.\r\n`,
    );
  const send = (message: Buffer, from: string) =>
    sendMail(t, { envelope: { from, to: ['support@verify.test'] }, raw: message });
  const spoolRow = async (reply: string) => {
    const id = Number(/Queued as (\d+)/.exec(reply)![1]);
    return (await t.admin.get(`/api/v1/inbound/${id}`)).body;
  };

  it('stores pass results for mail signed by its domain from an address SPF allows', async () => {
    const message = raw('Ann <ann@signed.example>', 'v1');
    const { signatures } = await dkimSign(message, {
      signatureData: [
        {
          signingDomain: 'signed.example',
          selector: 's1',
          privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      ],
    } as unknown as Parameters<typeof dkimSign>[1]);
    const reply = await send(Buffer.concat([Buffer.from(signatures), message]), 'ann@signed.example');
    expect(reply).toMatch(/^250 /);
    const row = await spoolRow(reply);
    expect(row.auth).toMatchObject({
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      arc: 'none',
      fromDomain: 'signed.example',
    });
    expect(row.auth.results).toMatch(/dmarc=pass/);
  });

  it('accepts forged mail all the same, storing its failures for later rules', async () => {
    const reply = await send(raw('Boss <boss@strict.example>', 'v2'), 'boss@strict.example');
    expect(reply).toMatch(/^250 /);
    expect((await spoolRow(reply)).auth).toMatchObject({ spf: 'fail', dkim: 'none', dmarc: 'fail' });
  });

  it('stores none for a domain that publishes nothing', async () => {
    const reply = await send(raw('x@nothing.example', 'v3'), 'x@nothing.example');
    expect((await spoolRow(reply)).auth).toMatchObject({ spf: 'none', dkim: 'none', dmarc: 'none' });
  });

  it('lets admins keep a list of trusted relays, and refuses entries that are not ranges', async () => {
    expect((await t.admin.get('/api/v1/settings/mail-auth')).body).toEqual({ trustedRelays: [] });
    const saved = await t.admin.put('/api/v1/settings/mail-auth', {
      trustedRelays: ['10.0.0.0/8', ' 192.0.2.25 ', '2001:db8::/32', '10.0.0.0/8'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ trustedRelays: ['10.0.0.0/8', '192.0.2.25', '2001:db8::/32'] });
    expect((await t.admin.get('/api/v1/settings/mail-auth')).body).toEqual(saved.body);

    const bad = await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: ['10.0.0.0/33', 'relay.example'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.trustedRelays).toHaveLength(2);
    expect((await t.admin.get('/api/v1/settings/mail-auth')).body).toEqual(saved.body);

    const agent = await t.newUser('agent');
    expect((await agent.get('/api/v1/settings/mail-auth')).status).toBe(403);
    expect((await agent.put('/api/v1/settings/mail-auth', { trustedRelays: [] })).status).toBe(403);
  });
});
