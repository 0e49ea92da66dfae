import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { eventually, sendMail } from './support/mail';
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

  describe('mail from an agent address', () => {
    const processed = async (reply: string) => {
      const id = Number(/Queued as (\d+)/.exec(reply)![1]);
      return eventually(async () => {
        const r = await t.sql.query(
          `SELECT i.status, m.visibility, m.mail_flags AS flags, m.author_user_id AS "authorUserId", m.ticket_id AS "ticketId",
                  (SELECT count(*)::int FROM outbound_messages o WHERE o.message_id = m.id) AS sent
             FROM inbound_messages i LEFT JOIN messages m ON m.inbound_message_id = i.id WHERE i.id = $1`,
          [id],
        );
        return r.rows[0]?.status === 'processed' ? r.rows[0] : undefined;
      });
    };
    const signed = async (message: Buffer) => {
      const { signatures } = await dkimSign(message, {
        signatureData: [
          {
            signingDomain: 'signed.example',
            selector: 's1',
            privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          },
        ],
      } as unknown as Parameters<typeof dkimSign>[1]);
      return Buffer.concat([Buffer.from(signatures), message]);
    };
    const reply = (from: string, id: string, ticket: number, extra = '') =>
      Buffer.from(
        `From: ${from}\r\nTo: support@verify.test\r\nSubject: Re: [#${ticket}] Question\r\nMessage-ID: <${id}@example>\r\n${extra}Date: Mon, 01 Jun 2026 10:00:00 +0000\r\n\r\nMy answer, call me on 555 0100.\r\n`,
      );

    it('is the agent reply only when the sender is verified (DMARC pass or a trusted relay), else an internal note never sent', async () => {
      const ann = await t.newUser('agent', 'ann@signed.example');
      const boss = await t.newUser('agent', 'boss@strict.example');
      const asked = await processed(await send(raw('Cy <cy@nothing.example>', 'a1'), 'cy@nothing.example'));
      const ticket = (await t.admin.get(`/api/v1/tickets/${asked.ticketId}`)).body.number;

      // Anyone can write an agent's address in From: unverified, it is a flagged internal note.
      const forged = await processed(
        await send(reply('Boss <boss@strict.example>', 'a2', ticket), 'boss@strict.example'),
      );
      expect(forged).toMatchObject({
        ticketId: asked.ticketId,
        visibility: 'internal',
        flags: ['unverified_sender'],
        authorUserId: boss.user.id,
        sent: 0,
      });

      // Signed by the agent's domain (DMARC pass): the agent's public reply, mailed to the customer.
      const genuine = await processed(
        await send(await signed(reply('Ann <ann@signed.example>', 'a3', ticket)), 'ann@signed.example'),
      );
      expect(genuine).toMatchObject({ visibility: 'public', flags: [], authorUserId: ann.user.id, sent: 1 });

      // The agent's own out-of-office, verified or not, is a note: never quoted, never sent.
      const away = await processed(
        await send(
          await signed(reply('Ann <ann@signed.example>', 'a4', ticket, 'Auto-Submitted: auto-replied\r\n')),
          'ann@signed.example',
        ),
      );
      expect(away).toMatchObject({ visibility: 'internal', flags: ['auto_reply'], sent: 0 });

      // Through a relay the admin trusts (here, the test's own address), the same unsigned mail is the agent's.
      await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: ['127.0.0.1'] });
      try {
        const relayed = await processed(
          await send(reply('Boss <boss@strict.example>', 'a5', ticket), 'boss@strict.example'),
        );
        expect(relayed).toMatchObject({ visibility: 'public', flags: [], authorUserId: boss.user.id, sent: 1 });
      } finally {
        await t.admin.put('/api/v1/settings/mail-auth', { trustedRelays: [] });
      }
      // None of it counts as the agent's first response: only a reply written in the help desk does.
      expect((await t.admin.get(`/api/v1/tickets/${asked.ticketId}`)).body.firstResponseAt).toBeNull();
    });
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
