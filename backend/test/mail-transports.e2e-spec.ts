import { simpleParser, ParsedMail } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { generateKeyPairSync } from 'node:crypto';
import { TicketTokens } from '../src/mail/ticket-tokens';
import { Transactions } from '../src/database/transactions';
import { OutboxService } from '../src/mail-out/outbox/outbox.service';
import { OutboundSender } from '../src/mail-out/sending/outbound-sender.service';
import { OutboundWorker } from '../src/mail-out/sending/outbound-worker.service';
import { GmailStandIn, GraphStandIn } from './support/cloud-standins';
import { eventually, sendMail } from './support/mail';
import { OAuthServer } from './support/oauth-server';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

type Kind = 'relay' | 'smtp' | 'microsoft365' | 'gmail';

/**
 * Sending as the mailbox: a mailbox's own transport (SMTP with XOAUTH2 against a real
 * smtp-server that checks the token, Microsoft Graph `sendMail` and the Gmail API against
 * their stand-ins) instead of the global relay, with the same MIME (our Message-ID,
 * threading headers, reply token) and the outbox's guarantees for each.
 */
describe('sending as the mailbox', () => {
  let t: TestApp;
  let relay: SmtpSink;
  let oauth: OAuthServer;
  let submission: SmtpSink;
  let graph: GraphStandIn;
  let gmail: GmailStandIn;
  let tokens: TicketTokens;
  let n = 0;
  const unique = () => `s${Date.now().toString(36)}${++n}`;
  const ADDRESS: Record<Kind, string> = {
    relay: 'support@acme.test',
    smtp: 'smtp@acme.test',
    microsoft365: 'graph@contoso.test',
    gmail: 'help@gmail-domain.test',
  };
  const mailboxIds = {} as Record<Kind, number>;

  /** Every mail the transport of `kind` has taken so far, parsed. */
  const sentThrough = async (kind: Kind): Promise<{ raw: Buffer; mail: ParsedMail }[]> => {
    if (kind === 'relay') return relay.messages.map(({ raw, mail }) => ({ raw, mail }));
    if (kind === 'smtp') return submission.messages.map(({ raw, mail }) => ({ raw, mail }));
    const raws = kind === 'microsoft365' ? graph.sent : gmail.sent;
    return Promise.all(raws.map(async (raw) => ({ raw, mail: await simpleParser(raw) })));
  };
  /** The mails with this Message-ID the transport took, once `count` of them arrived. */
  const arrived = (kind: Kind, messageId: string, count = 1) =>
    eventually(async () => {
      const found = (await sentThrough(kind)).filter((m) => m.mail.messageId === messageId);
      return found.length >= count ? found : undefined;
    }, 15000);
  const delivery = (ticketId: number, messageId: number, statuses: string[], ms = 15000) =>
    eventually(async () => {
      const ticket = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      const d = ticket.messages.find((m: { id: number }) => m.id === messageId)?.delivery;
      return d && statuses.includes(d.status) ? d : undefined;
    }, ms);
  const reply = async (ticketId: number, body: string) => {
    const res = await t.admin.post(`/api/v1/tickets/${ticketId}/messages`, { body });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** A customer writes to the mailbox of `kind`; resolves with the ticket and the customer's Message-ID. */
  const customerWrites = async (kind: Kind) => {
    const token = unique();
    const messageId = `<ask-${token}@example.org>`;
    await sendMail(t, {
      from: `"Carol" <carol-${token}@example.org>`,
      to: ADDRESS[kind],
      subject: `Question ${token}`,
      text: 'Can you help?',
      messageId,
    });
    const ticket = await eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${token}`);
      return list.body.items[0];
    });
    // Its acknowledgement has gone out (through the same transport) before the test goes on.
    if (kind !== 'relay' || (await t.admin.get('/api/v1/settings/relay')).body.url)
      await eventually(async () =>
        (await sentThrough(kind)).some((m) => m.mail.inReplyTo === messageId) ? true : undefined,
      );
    return { ticket, token, messageId, customer: `carol-${token}@example.org` };
  };
  const outboundRow = async (id: number) =>
    (
      await t.sql.query(
        `SELECT status, attempts, transport, reason, relay_response FROM outbound_messages WHERE id = $1`,
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    relay = await SmtpSink.start();
    oauth = new OAuthServer(ADDRESS.smtp);
    await oauth.start();
    submission = await SmtpSink.start({ tokens: (token) => oauth.holder(token) });
    graph = new GraphStandIn(ADDRESS.microsoft365);
    await graph.start();
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    gmail = new GmailStandIn(ADDRESS.gmail, keys);
    await gmail.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_OUTBOUND_ATTEMPTS: '4',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
      },
      app: {
        providerEndpoints: {
          graph: graph.base,
          microsoftLogin: graph.url,
          gmail: gmail.url,
          googleToken: `${gmail.url}/token`,
        },
      },
    });
    tokens = t.app.get(TicketTokens);
    await t.admin.put('/api/v1/settings/relay', { url: relay.url });
    const transports: Record<Kind, unknown> = {
      relay: null,
      smtp: {
        type: 'smtp',
        host: '127.0.0.1',
        port: submission.port,
        tls: 'none',
        user: ADDRESS.smtp,
        oauth2: {
          tokenUrl: `${oauth.url}/token`,
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          refreshToken: oauth.refreshToken,
        },
      },
      microsoft365: {
        type: 'microsoft365',
        tenant: graph.tenant,
        clientId: graph.clientId,
        clientSecret: graph.clientSecret,
        address: ADDRESS.microsoft365,
      },
      gmail: { type: 'gmail', address: ADDRESS.gmail, serviceAccountKey: gmail.keyFile() },
    };
    for (const kind of Object.keys(ADDRESS) as Kind[]) {
      const res = await t.admin.post('/api/v1/mailboxes', {
        address: ADDRESS[kind],
        displayName: `Help ${kind}`,
        transport: transports[kind],
      });
      expect(res.status).toBe(201);
      mailboxIds[kind] = res.body.id;
    }
  });
  afterAll(async () => {
    await t?.close();
    await relay?.close();
    await submission?.close();
    await oauth?.stop();
    await graph?.stop();
    await gmail?.stop();
  });

  it('reads a transport back without its secrets, and names every bad field', async () => {
    const shown = (await t.admin.get(`/api/v1/mailboxes/${mailboxIds.smtp}`)).body;
    expect(shown.transport).toEqual({
      type: 'smtp',
      host: '127.0.0.1',
      port: submission.port,
      tls: 'none',
      user: ADDRESS.smtp,
      auth: 'oauth2',
      oauth2: { tokenUrl: `${oauth.url}/token`, clientId: oauth.clientId, scope: null, grant: 'refresh_token' },
    });
    const all = JSON.stringify((await t.admin.get('/api/v1/mailboxes')).body);
    for (const secret of [oauth.clientSecret, oauth.refreshToken, graph.clientSecret, 'PRIVATE KEY'])
      expect(all).not.toContain(secret);
    expect((await t.admin.get(`/api/v1/mailboxes/${mailboxIds.relay}`)).body.transport).toBeNull();
    const { rows } = await t.sql.query(`SELECT secrets FROM mail_transports WHERE mailbox_id = $1`, [mailboxIds.smtp]);
    expect(rows[0].secrets.toString('latin1')).not.toContain(oauth.clientSecret);

    const bad = await t.admin.patch(`/api/v1/mailboxes/${mailboxIds.relay}`, {
      transport: { type: 'smtp', host: '-nope', tls: 'sometimes', user: 'x', password: 'p', folder: 'INBOX' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({
      'transport.host': ['must be a host name or an IP address'],
      'transport.tls': ['must be one of implicit, starttls, none'],
      'transport.folder': ['is not a field of this transport type'],
    });
    const noSecret = await t.admin.patch(`/api/v1/mailboxes/${mailboxIds.relay}`, {
      transport: { type: 'microsoft365', tenant: graph.tenant, clientId: graph.clientId, address: ADDRESS.relay },
    });
    expect(noSecret.body.fields).toEqual({ 'transport.clientSecret': ['is required (or a certificate instead)'] });
    expect((await t.admin.get(`/api/v1/mailboxes/${mailboxIds.relay}`)).body.transport).toBeNull();
    // Agents see how a mailbox sends, never change it.
    const agent = await t.newUser('agent');
    expect((await agent.patch(`/api/v1/mailboxes/${mailboxIds.relay}`, { transport: null })).status).toBe(403);
  });

  it.each<Kind>(['smtp', 'microsoft365', 'gmail', 'relay'])(
    'sends a reply through %s with our Message-ID, threading headers and reply token, the relay untouched',
    async (kind) => {
      const { ticket, token, messageId, customer } = await customerWrites(kind);
      const message = await reply(ticket.id, `Answer through ${kind}: <b>bold</b> & more`);
      const d = await delivery(ticket.id, message.id, ['sent']);
      expect(d).toMatchObject({ status: 'sent', attempts: 1 });
      const ours = tokens.messageId(ticket.id, message.id);
      const [{ mail }] = await arrived(kind, ours);
      expect(mail.from!.value[0]).toEqual({ address: ADDRESS[kind], name: `Help ${kind}` });
      expect(mail.to).toMatchObject({ value: [{ address: customer }] });
      expect(mail.subject).toBe(`Re: Question ${token} [#${ticket.number}]`);
      expect(mail.inReplyTo).toBe(messageId);
      expect([mail.references].flat()).toEqual([messageId]);
      expect(mail.replyTo!.value[0].address).toBe(tokens.replyAddress(ADDRESS[kind], ticket.id));
      expect(mail.headers.get('x-helpdesk-loop')).toMatch(/^[0-9a-f]{16}$/);
      expect(mail.text).toContain(`Answer through ${kind}: <b>bold</b> & more`);
      expect(mail.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; more');
      // The acknowledgement of the customer's mail went the same way, threaded under their message.
      const ack = (await sentThrough(kind)).find(
        (m) => m.mail.inReplyTo === messageId && m.mail.headers.get('auto-submitted') === 'auto-replied',
      );
      expect(ack).toBeDefined();
      const row = await outboundRow(d.outboundId);
      expect(row).toMatchObject({ status: 'sent', transport: kind });
      const listed = (await t.admin.get('/api/v1/outbound?status=sent')).body.items.find(
        (o: { id: number }) => o.id === d.outboundId,
      );
      expect(listed).toMatchObject({ transport: kind });
      if (kind !== 'relay') expect(relay.messages.filter((m) => m.mail.messageId === ours)).toHaveLength(0);
    },
  );

  it('signs in to SMTP with XOAUTH2, and with a fresh token when the server refuses the one it had', async () => {
    const accepted = submission.xoauth2.filter((a) => a.accepted);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((a) => a.user === ADDRESS.smtp)).toBe(true);
    expect(submission.xoauth2.some((a) => !a.accepted)).toBe(false);
    const { ticket } = await customerWrites('smtp');
    // The tokens expire, and the connection the transport kept open ends: the next one signs in anew.
    oauth.expire();
    submission.dropConnections();
    const grants = oauth.tokenRequests;
    const message = await reply(ticket.id, 'With a token the server no longer takes');
    expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({ attempts: 1 });
    expect(await arrived('smtp', tokens.messageId(ticket.id, message.id))).toHaveLength(1);
    // Refused with the 334 challenge, then a fresh token from the grant, taken.
    const last = submission.xoauth2.slice(-2);
    expect(last).toEqual([
      { user: ADDRESS.smtp, accepted: false },
      { user: ADDRESS.smtp, accepted: true },
    ]);
    expect(oauth.tokenRequests).toBe(grants + 1);
  });

  it.each<'microsoft365' | 'gmail'>(['microsoft365', 'gmail'])(
    '%s: waits out a 429 Retry-After and signs in again after the token expired, sending one copy',
    async (kind) => {
      const api = kind === 'microsoft365' ? graph : gmail;
      const { ticket } = await customerWrites(kind);
      api.revokeTokens();
      const issued = api.tokensIssued;
      api.throttleNext = 1;
      const throttled = api.throttled;
      const message = await reply(ticket.id, 'Throttled once, then sent');
      expect(await delivery(ticket.id, message.id, ['sent'])).toMatchObject({ attempts: 1 });
      expect(await arrived(kind, tokens.messageId(ticket.id, message.id))).toHaveLength(1);
      expect(api.throttled).toBe(throttled + 1);
      expect(api.tokensIssued).toBeGreaterThan(issued);

      // Throttled longer than a send waits: the attempt ends, the outbox tries again later, one copy.
      api.throttleNext = 4;
      const again = await reply(ticket.id, 'Throttled for longer');
      const sent = await delivery(ticket.id, again.id, ['sent'], 30000);
      expect(sent).toMatchObject({ attempts: 2, reason: null });
      expect(await arrived(kind, tokens.messageId(ticket.id, again.id))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 500));
      expect(
        (await sentThrough(kind)).filter((m) => m.mail.messageId === tokens.messageId(ticket.id, again.id)),
      ).toHaveLength(1);
    },
  );

  it.each<Kind>(['smtp', 'microsoft365', 'gmail', 'relay'])(
    '%s: a second job while the first waits for the answer sends nothing, nor one after it (exactly once)',
    async (kind) => {
      const { ticket } = await customerWrites(kind);
      const slow = (ms: number) => {
        if (kind === 'relay') relay.delayMs = ms;
        else if (kind === 'smtp') submission.delayMs = ms;
        else (kind === 'microsoft365' ? graph : gmail).sendDelayMs = ms;
      };
      slow(1500);
      try {
        const message = await reply(ticket.id, `Exactly once through ${kind}`);
        const { outboundId } = await delivery(ticket.id, message.id, ['sending']);
        // Another worker picks the same mail up meanwhile (a stalled job handed out again).
        expect(await t.app.get(OutboundSender).send(outboundId, false)).toMatchObject({
          status: 'sending',
          retry: true,
        });
        await delivery(ticket.id, message.id, ['sent']);
        expect(await t.app.get(OutboundSender).send(outboundId, false)).toEqual({
          status: 'skipped',
          reason: 'already sent',
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(await arrived(kind, tokens.messageId(ticket.id, message.id))).toHaveLength(1);
        expect(await outboundRow(outboundId)).toMatchObject({ status: 'sent', attempts: 1, transport: kind });
      } finally {
        slow(0);
      }
    },
  );

  it('fails at once, with the reason, when the provider refuses the credentials', async () => {
    const { ticket } = await customerWrites('gmail');
    // The Workspace admin withdrew the gmail.send delegation: Google refuses the service account's grant.
    gmail.delegatedScopes = ['https://www.googleapis.com/auth/gmail.modify'];
    gmail.revokeTokens();
    try {
      const message = await reply(ticket.id, 'Nobody will get this one');
      const failed = await delivery(ticket.id, message.id, ['failed']);
      expect(failed).toMatchObject({ attempts: 1, reason: expect.stringMatching(/sign-in failed: .*invalid_grant/) });
    } finally {
      gmail.delegatedScopes = ['gmail.modify', 'gmail.send'].map((s) => `https://www.googleapis.com/auth/${s}`);
    }
  });

  it('sends the mail of a mailbox with its own transport without a relay; the rest waits for one', async () => {
    const own = await customerWrites('microsoft365');
    const other = await customerWrites('relay');
    await t.admin.put('/api/v1/settings/relay', { url: null });
    let waitingId: number;
    try {
      const mine = await reply(own.ticket.id, 'No relay needed');
      const waiting = await reply(other.ticket.id, 'This one waits');
      waitingId = waiting.id;
      expect(waiting.delivery).toMatchObject({ status: 'queued', reason: 'no relay configured' });
      expect(mine.delivery.reason).toBeNull();
      await delivery(own.ticket.id, mine.id, ['sent']);
      await new Promise((r) => setTimeout(r, 500));
      expect((await outboundRow(waiting.delivery.outboundId)).status).toBe('queued');
    } finally {
      await t.admin.put('/api/v1/settings/relay', { url: relay.url });
    }
    // A relay again: what waited goes out through it.
    await arrived('relay', tokens.messageId(other.ticket.id, waitingId));
  });

  it('without a relay, the sweeper still sends mail of a mailbox with its own transport whose queueing was lost', async () => {
    const own = await customerWrites('microsoft365');
    const other = await customerWrites('relay');
    await t.admin.put('/api/v1/settings/relay', { url: null });
    try {
      // Written and committed, never dispatched: what a crash or a Redis outage after the commit leaves.
      const outbox = t.app.get(OutboxService);
      const [mine, waits] = await t.app
        .get(Transactions)
        .run(async (tx) => [
          await outbox.queueAutomatic(tx, { kind: 'agent_assigned', ticketId: own.ticket.id, to: 'agent@acme.test' }),
          await outbox.queueAutomatic(tx, { kind: 'agent_assigned', ticketId: other.ticket.id, to: 'agent@acme.test' }),
        ]);
      expect(await outboundRow(mine!)).toMatchObject({ status: 'queued', reason: null });
      expect(await outboundRow(waits!)).toMatchObject({ status: 'queued', reason: 'no relay configured' });
      await t.sql.query(`UPDATE outbound_messages SET updated_at = now() - interval '1 hour' WHERE id = ANY($1)`, [
        [mine, waits],
      ]);
      // (A periodic sweep running meanwhile makes this one a no-op: sweep until it is sent.)
      await eventually(async () => {
        await t.app.get(OutboundWorker).sweep();
        return (await outboundRow(mine!)).status === 'sent' ? true : undefined;
      }, 15000);
      expect(await outboundRow(waits!)).toMatchObject({ status: 'queued', reason: 'no relay configured' });
    } finally {
      await t.admin.put('/api/v1/settings/relay', { url: relay.url });
    }
  });

  describe('DKIM signing per mailbox domain', () => {
    /** What DNS would answer for the selectors of the keys set through the API. */
    const dns = new Map<string, string>();
    const verify = async (raw: Buffer) =>
      (
        await dkimVerify(raw, {
          resolver: async (name, type) => {
            const record = type === 'TXT' ? dns.get(name) : undefined;
            if (!record) throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
            return [[record]];
          },
        })
      ).results;
    const setKey = async (domain: string, body: Record<string, unknown>) => {
      const res = await t.admin.put(`/api/v1/settings/dkim/${domain}`, body);
      expect(res.status).toBe(200);
      dns.set(res.body.dnsName, res.body.dnsValue);
      return res.body;
    };
    afterAll(async () => {
      for (const domain of ['acme.test', 'contoso.test']) await t.admin.delete(`/api/v1/settings/dkim/${domain}`);
    });

    it('keeps the private key to itself, shows the DNS record, and refuses bad keys and domains', async () => {
      const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const key = await setKey('Acme.TEST', { selector: 'hd2026', privateKey: pem });
      expect(key).toMatchObject({
        domain: 'acme.test',
        selector: 'hd2026',
        algorithm: 'ed25519',
        dnsName: 'hd2026._domainkey.acme.test',
        dnsValue: expect.stringMatching(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/),
      });
      const listed = JSON.stringify((await t.admin.get('/api/v1/settings/dkim')).body);
      expect(listed).not.toContain('PRIVATE KEY');
      const { rows } = await t.sql.query(`SELECT private_key FROM dkim_keys WHERE domain = 'acme.test'`);
      expect(rows[0].private_key.toString('latin1')).not.toContain('PRIVATE KEY');

      const weak = generateKeyPairSync('rsa', { modulusLength: 512 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const bad = await t.admin.put('/api/v1/settings/dkim/acme.test', { selector: 'x', privateKey: weak });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual({ privateKey: ['RSA keys need at least 1024 bits (this has 512)'] });
      expect((await t.admin.put('/api/v1/settings/dkim/acme.test', { selector: 'x', privateKey: 'nope' })).status).toBe(
        400,
      );
      expect((await t.admin.put('/api/v1/settings/dkim/not_a_domain', { selector: 'x' })).status).toBe(400);
      expect((await t.admin.put('/api/v1/settings/dkim/acme.test', { selector: 'bad selector' })).status).toBe(400);
      // The refused key left the one set before in place.
      expect((await t.admin.get('/api/v1/settings/dkim')).body).toEqual([
        expect.objectContaining({ selector: 'hd2026' }),
      ]);
      const agent = await t.newUser('agent');
      expect((await agent.get('/api/v1/settings/dkim')).status).toBe(403);
      expect((await agent.put('/api/v1/settings/dkim/acme.test', { selector: 'x' })).status).toBe(403);
      // Who set the key is in the audit log, without the key.
      const audit = JSON.stringify((await t.admin.get('/api/v1/audit-log?action=dkim_key.set')).body);
      expect(audit).toContain('hd2026');
      expect(audit).not.toContain('PRIVATE KEY');
    });

    it.each<'relay' | 'smtp'>(['relay', 'smtp'])(
      'signs mail sent through %s with the key of its From domain; mailauth verifies it, and fails it once altered',
      async (kind) => {
        await setKey('acme.test', { selector: `sel-${kind}` }); // generated here: RSA 2048
        const { ticket } = await customerWrites(kind);
        const message = await reply(ticket.id, `Signed through ${kind}`);
        await delivery(ticket.id, message.id, ['sent']);
        const [{ raw }] = await arrived(kind, tokens.messageId(ticket.id, message.id));
        const results = await verify(raw);
        expect(results).toEqual([
          expect.objectContaining({
            signingDomain: 'acme.test',
            selector: `sel-${kind}`,
            status: expect.objectContaining({ result: 'pass' }),
          }),
        ]);
        // The signature covers the body and the headers: a changed word fails it (mailauth says
        // "neutral" for a body hash that no longer matches, RFC 6376 section 6.1.3), a changed Subject too.
        const altered = Buffer.from(
          raw.toString('latin1').replace(`Signed through ${kind}`, `Signed thru ${kind}`),
          'latin1',
        );
        expect((await verify(altered))[0].status).toMatchObject({
          result: 'neutral',
          comment: 'body hash did not verify',
        });
        const subject = Buffer.from(raw.toString('latin1').replace('Subject: Re:', 'Subject: Fwd:'), 'latin1');
        expect((await verify(subject))[0].status.result).toBe('fail');
      },
    );

    it('leaves mail of domains without a key, and mail Microsoft 365 and Gmail sign themselves, unsigned', async () => {
      await setKey('contoso.test', { selector: 'cloud' });
      await t.admin.delete('/api/v1/settings/dkim/acme.test');
      for (const kind of ['relay', 'microsoft365'] as const) {
        const { ticket } = await customerWrites(kind);
        const message = await reply(ticket.id, `Unsigned through ${kind}`);
        await delivery(ticket.id, message.id, ['sent']);
        const [{ mail }] = await arrived(kind, tokens.messageId(ticket.id, message.id));
        expect(mail.headers.has('dkim-signature')).toBe(false);
      }
    });
  });

  describe('reply signatures', () => {
    it("signs replies with the agent's signature and the mailbox's, placeholders filled, in text, HTML and the preview", async () => {
      const agent = await t.newUser('agent');
      expect(
        (await agent.patch('/api/v1/auth/me', { title: 'Support <Lead>', signature: 'Cheers,\nAnna' })).status,
      ).toBe(200);
      const updated = await t.admin.patch(`/api/v1/mailboxes/${mailboxIds.relay}`, {
        signature: '{{agent.name}}, {{agent.title}}\n{{mailbox.name}} · {{agent.email}}',
      });
      expect(updated.body.signature).toBe('{{agent.name}}, {{agent.title}}\n{{mailbox.name}} · {{agent.email}}');
      const { ticket } = await customerWrites('relay');
      const name = agent.user.name;
      const expected = `Cheers,\nAnna\n\n${name}, Support <Lead>\nHelp relay · ${agent.user.email}`;

      const preview = (await agent.get(`/api/v1/tickets/${ticket.id}/reply-signature`)).body;
      expect(preview.text).toBe(expected);
      expect(preview.html).toContain('Support &lt;Lead&gt;');
      expect(preview.html).not.toContain('<Lead>');

      const res = await agent.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Here is the answer.' });
      expect(res.status).toBe(201);
      await delivery(ticket.id, res.body.id, ['sent']);
      const [{ mail }] = await arrived('relay', tokens.messageId(ticket.id, res.body.id));
      expect(mail.text).toContain(`Here is the answer.\n\n-- \n${expected}`);
      expect(mail.html).toContain('class="signature"');
      expect(mail.html).toContain('Support &lt;Lead&gt;');
      // The ticket keeps what the agent wrote; the signature belongs to the mail.
      const stored = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.messages.find(
        (m: { id: number }) => m.id === res.body.id,
      );
      expect(stored.bodyText).toBe('Here is the answer.');

      // Without signatures, a reply carries no delimiter.
      await t.admin.patch(`/api/v1/mailboxes/${mailboxIds.relay}`, { signature: '' });
      expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/reply-signature`)).body).toEqual({
        text: null,
        html: null,
      });
      const plain = await reply(ticket.id, 'No signature here');
      await delivery(ticket.id, plain.id, ['sent']);
      const [{ mail: unsigned }] = await arrived('relay', tokens.messageId(ticket.id, plain.id));
      expect(unsigned.text).not.toContain('-- \n');
    });
  });
});
