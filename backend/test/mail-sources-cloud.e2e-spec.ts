import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SourceRegistry } from '../src/mail-sources/source-registry.service';
import { PUSH_SAFETY_POLL_MS } from '../src/mail-sources/source-fetcher';
import { GmailStandIn, GraphStandIn, PublicIngress, PubSubPush } from './support/cloud-standins';
import { eventually } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

const unique = () => `c${randomBytes(5).toString('hex')}`;

function message(token: string, to: string): string {
  return [
    `Return-Path: <dave@example.org>`,
    `From: Dave <dave@example.org>`,
    `To: ${to}`,
    `Subject: Cloud ${token}`,
    `Message-ID: <${token}@example.org>`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello from ${token}.`,
    '',
  ].join('\r\n');
}

/** A self-signed certificate and its key, as an admin uploads for an app registration. */
function certificatePem(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=helpdesk',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(path.join(dir, 'cert.pem'), 'utf8') + readFileSync(path.join(dir, 'key.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('mailbox sources in the cloud: Microsoft Graph and Gmail (stand-ins of their documented APIs)', () => {
  let t: TestApp;
  let graph: GraphStandIn;
  let gmail: GmailStandIn;
  let ingress: PublicIngress;
  let pubsub: PubSubPush;
  const registry = () => t.app.get(SourceRegistry);
  const hasTicket = (token: string) =>
    eventually(
      async () => ((await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items.length ? true : undefined),
      15000,
    );
  const ticketCount = async (token: string) => (await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items.length;
  const source = async (id: number) => (await t.admin.get(`/api/v1/mailboxes/${id}`)).body.source;
  /** The remote ids a mailbox's source spooled, in spool order. */
  const spooledRemoteIds = async (id: number) =>
    (
      await t.sql.query(
        `SELECT i.remote_id FROM inbound_messages i JOIN mail_sources s ON s.id = i.source_id WHERE s.mailbox_id = $1 ORDER BY i.id`,
        [id],
      )
    ).rows.map((r) => r.remote_id);
  /** Waits until the source finished a sync after now (lastFetchedAt moved). */
  const synced = async (id: number) => {
    const before = (await source(id)).lastFetchedAt;
    registry().wake(id);
    return eventually(async () => {
      const s = await source(id);
      return s.lastFetchedAt && s.lastFetchedAt !== before ? s : undefined;
    }, 15000);
  };

  beforeAll(async () => {
    graph = new GraphStandIn('support@contoso.test');
    await graph.start();
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    gmail = new GmailStandIn('help@gmail-domain.test', keys);
    await gmail.start();
    // The providers reach the help desk at its public address (change notifications).
    ingress = new PublicIngress();
    await ingress.start();
    pubsub = new PubSubPush();
    await pubsub.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
        HELPDESK_PUBLIC_URL: ingress.url,
      },
      app: {
        providerEndpoints: {
          graph: graph.base,
          microsoftLogin: graph.url,
          gmail: gmail.url,
          googleToken: `${gmail.url}/token`,
          googleJwks: pubsub.jwksUrl,
        },
      },
    });
    ingress.target = t.url;
  });
  afterAll(async () => {
    await t?.close();
    await graph?.stop();
    await gmail?.stop();
    await ingress?.stop();
    await pubsub?.stop();
  });
  /** Requests the stand-in got for `what` since `from` (an index into its request log). */
  const since = (log: string[], from: number, what: string) => log.slice(from).filter((r) => r.includes(what)).length;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  describe('Microsoft 365 (Graph)', () => {
    let id: number;
    const to = 'support@contoso.test';

    it('takes the unread inbox page by page, spools raw MIME and marks it read after', async () => {
      const tokens = [unique(), unique(), unique(), unique(), unique()];
      // Two already read (before the help desk), three unread: five messages over three pages of two.
      graph.deliver(message(tokens[0], to), { isRead: true });
      const unread = [graph.deliver(message(tokens[1], to)), graph.deliver(message(tokens[2], to))];
      graph.deliver(message(tokens[3], to), { isRead: true });
      unread.push(graph.deliver(message(tokens[4], to)));
      const created = await t.admin.post('/api/v1/mailboxes', {
        address: to,
        source: {
          type: 'microsoft365',
          tenant: graph.tenant,
          clientId: graph.clientId,
          clientSecret: graph.clientSecret,
          address: to,
        },
      });
      expect(created.status).toBe(201);
      id = created.body.id;
      expect(created.body.source).toMatchObject({ type: 'microsoft365', auth: 'secret', address: to, folder: 'inbox' });
      expect(JSON.stringify(created.body)).not.toContain(graph.clientSecret);
      await registry().tick();
      for (const token of [tokens[1], tokens[2], tokens[4]]) await hasTicket(token);
      expect(await ticketCount(tokens[0])).toBe(0);
      expect(await ticketCount(tokens[3])).toBe(0);
      await eventually(async () => (unread.every((m) => graph.messages.get(m)!.isRead) ? true : undefined));
      expect(graph.requests.filter((r) => r.includes('/messages/delta')).length).toBeGreaterThanOrEqual(3);
      expect(await spooledRemoteIds(id)).toEqual(unread);
      const { rows: cursor } = await t.sql.query(`SELECT cursor FROM mail_sources WHERE mailbox_id = $1`, [id]);
      expect(cursor[0].cursor).toMatchObject({ round: 'incremental', link: expect.stringContaining('deltatoken=') });
    });

    it('fetches new mail in the next delta round, and not the messages it marked read itself', async () => {
      const token = unique();
      const newId = graph.deliver(message(token, to));
      await synced(id);
      await hasTicket(token);
      await synced(id);
      for (const [msg, n] of graph.rawDownloads) expect([msg, n]).toEqual([msg, 1]);
      expect(graph.rawDownloads.get(newId)).toBe(1);
    });

    it('waits out throttling (429 with Retry-After) and gets a new token when the old one is refused', async () => {
      const [a, b] = [unique(), unique()];
      graph.deliver(message(a, to));
      graph.throttleNext = 2;
      await synced(id);
      await hasTicket(a);
      expect(graph.throttled).toBe(2);
      expect((await source(id)).status).toBe('ok');

      const issued = graph.tokensIssued;
      graph.revokeTokens();
      graph.deliver(message(b, to));
      await synced(id);
      await hasTicket(b);
      expect(graph.tokensIssued).toBe(issued + 1);
    });

    it('starts again from a day before the last fetch when the delta link expired, without duplicates', async () => {
      const token = unique();
      graph.expireDeltaLinks();
      graph.deliver(message(token, to));
      await synced(id);
      await hasTicket(token);
      const { rows } = await t.sql.query(
        `SELECT mail_message_id FROM messages WHERE mailbox_id = $1 GROUP BY 1 HAVING count(*) > 1`,
        [id],
      );
      expect(rows).toEqual([]);
      const { rows: cursor } = await t.sql.query(`SELECT cursor FROM mail_sources WHERE mailbox_id = $1`, [id]);
      expect(cursor[0].cursor.round).toBe('incremental');
    });

    it('skips a message that will not download after three tries, with the reason, and fetches the rest', async () => {
      const [bad, good] = [unique(), unique()];
      const badId = graph.deliver(message(bad, to));
      graph.failing.add(badId);
      graph.deliver(message(good, to));
      await synced(id);
      await hasTicket(good);
      await synced(id);
      await synced(id);
      const failures = (await t.admin.get(`/api/v1/mailboxes/${id}/source/failures`)).body;
      expect(failures).toEqual([
        expect.objectContaining({
          remoteId: badId,
          state: 'skipped',
          attempts: 3,
          reason: expect.stringContaining('500'),
        }),
      ]);
      expect((await source(id)).skippedMessages).toBe(1);
      expect(graph.messages.get(badId)!.isRead).toBe(false);
      expect(await ticketCount(bad)).toBe(0);
    });

    it('signs in with a certificate (client assertion), and shows a wrong secret on the mailbox', async () => {
      graph.certificate = certificatePem();
      const token = unique();
      graph.deliver(message(token, to));
      const patched = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: {
          type: 'microsoft365',
          tenant: graph.tenant,
          clientId: graph.clientId,
          address: to,
          certificate: graph.certificate,
        },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.source.auth).toBe('certificate');
      expect(JSON.stringify(patched.body)).not.toContain('PRIVATE KEY');
      await registry().tick();
      await hasTicket(token);

      const wrong = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: {
          type: 'microsoft365',
          tenant: graph.tenant,
          clientId: graph.clientId,
          address: to,
          clientSecret: 'nope',
        },
      });
      expect(wrong.status).toBe(200);
      await registry().tick();
      const failing = await eventually(async () => {
        const s = await source(id);
        return s.status === 'error' ? s : undefined;
      });
      expect(failing.lastError).toMatch(/^sign-in failed: token endpoint answered 401 invalid_client: AADSTS7000215/);
    });

    it('refuses a certificate without its key, and a source of an unknown type, naming the field', async () => {
      const noKey = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: {
          type: 'microsoft365',
          tenant: graph.tenant,
          clientId: graph.clientId,
          address: to,
          certificate: graph.certificate!.replace(/-----BEGIN PRIVATE KEY-----[\s\S]+$/, ''),
        },
      });
      expect(noKey.status).toBe(400);
      expect(noKey.body.fields['source.certificate']).toBeDefined();
      const unknown = await t.admin.patch(`/api/v1/mailboxes/${id}`, { source: { type: 'pop3', host: 'x' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields['source.type']).toEqual(['must be one of imap, microsoft365, gmail']);
      const imap = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: {
          type: 'imap',
          host: 'imap example',
          tls: 'sometimes',
          user: 'u',
          password: 'p',
          port: 70000,
          extra: 1,
        },
      });
      expect(imap.status).toBe(400);
      expect(Object.keys(imap.body.fields).sort()).toEqual([
        'source.extra',
        'source.host',
        'source.port',
        'source.tls',
      ]);
    });

    describe('change notifications (Graph subscriptions)', () => {
      const subscription = () => [...graph.subscriptions.values()].at(-1)!;
      const restore = () =>
        t.admin.patch(`/api/v1/mailboxes/${id}`, {
          source: {
            type: 'microsoft365',
            tenant: graph.tenant,
            clientId: graph.clientId,
            clientSecret: graph.clientSecret,
            address: to,
          },
        });

      it('subscribed when fetching began, with our URLs and a secret clientState, after the validation handshake', async () => {
        expect((await restore()).status).toBe(200);
        await registry().tick();
        const s = await eventually(async () => {
          const v = await source(id);
          return v.push === 'active' && v.status === 'ok' ? v : undefined;
        });
        // Created once, at the first sync; the restarts since (new settings) kept it.
        expect(graph.requests.filter((r) => r === 'POST /v1.0/subscriptions')).toHaveLength(1);
        expect(graph.subscriptions.size).toBe(1);
        const sub = subscription();
        expect(sub).toMatchObject({
          changeType: 'created',
          resource: `users/${to}/mailFolders('inbox')/messages`,
          notificationUrl: `${ingress.url}/api/v1/mail-push/graph`,
          lifecycleNotificationUrl: `${ingress.url}/api/v1/mail-push/graph/lifecycle`,
        });
        expect(sub.clientState).toMatch(/^[\w-]{43}$/);
        expect(s).toMatchObject({ push: 'active', pushError: null, pushExpiresAt: sub.expirationDateTime });
        const all = JSON.stringify((await t.admin.get(`/api/v1/mailboxes/${id}`)).body);
        expect(all).not.toContain(sub.clientState);
        // Stored sealed, like the source's other secrets.
        const { rows } = await t.sql.query(
          `SELECT push_client_state, push_subscription_id FROM mail_sources WHERE mailbox_id = $1`,
          [id],
        );
        expect(rows[0].push_subscription_id).toBe(sub.id);
        expect(rows[0].push_client_state.includes(Buffer.from(sub.clientState))).toBe(false);
      });

      it('a notification brings new mail in at once, long before the next poll', async () => {
        const token = unique();
        const msg = graph.deliver(message(token, to));
        const started = Date.now();
        expect(await graph.notifyCreated(msg)).toEqual([202]);
        await hasTicket(token);
        // The poll interval is 60 s, and 15 min while push is active: the notification woke the fetcher.
        expect(Date.now() - started).toBeLessThan(5000);
        expect(PUSH_SAFETY_POLL_MS).toBeGreaterThanOrEqual(15 * 60_000);
      });

      it('ignores a wrong clientState and an unknown subscription alike (202, nothing fetched)', async () => {
        const token = unique();
        const msg = graph.deliver(message(token, to));
        const from = graph.requests.length;
        expect(await graph.notifyCreated(msg, { clientState: 'guessed' })).toEqual([202]);
        expect(await graph.notifyCreated(msg, { subscriptionId: '00000000-0000-0000-0000-000000000000' })).toEqual([
          202,
        ]);
        const forged = await fetch(`${ingress.url}/api/v1/mail-push/graph`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: [{ subscriptionId: subscription().id }] }),
        });
        expect(forged.status).toBe(202);
        await pause(1500);
        expect(since(graph.requests, from, '/messages/delta')).toBe(0);
        expect(await ticketCount(token)).toBe(0);
        // Nothing is lost either: the next check takes it.
        await synced(id);
        await hasTicket(token);
      });

      it('answers the validation handshake, and refuses oversized and non-JSON bodies and text/plain elsewhere', async () => {
        const echo = await fetch(`${ingress.url}/api/v1/mail-push/graph/lifecycle?validationToken=a%20b%3Cc%3E`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
        expect([echo.status, echo.headers.get('content-type'), await echo.text()]).toEqual([
          200,
          'text/plain; charset=utf-8',
          'a b<c>',
        ]);
        expect(echo.headers.get('x-content-type-options')).toBe('nosniff');
        const big = await fetch(`${ingress.url}/api/v1/mail-push/graph`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: [], pad: 'x'.repeat(300 * 1024) }),
        });
        expect(big.status).toBe(413);
        const form = await fetch(`${ingress.url}/api/v1/mail-push/graph`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'value=1',
        });
        expect(form.status).toBe(415);
        const plain = await fetch(`${ingress.url}/api/v1/mail-push/gmail`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        });
        expect(plain.status).toBe(415);
      });

      it('renews the subscription before it expires (and when Graph asks for reauthorization)', async () => {
        const sub = subscription();
        graph.maxSubscriptionSeconds = 4;
        const from = graph.requests.length;
        expect(await graph.lifecycle(sub.id, 'reauthorizationRequired')).toBe(202);
        // Renewed at once on request, then half-way to each 4 s expiry, before it runs out.
        await eventually(async () =>
          since(graph.requests, from, `PATCH /v1.0/subscriptions/${sub.id}`) >= 3 ? true : undefined,
        );
        expect(Date.parse(sub.expirationDateTime)).toBeGreaterThan(Date.now());
        expect(graph.subscriptions.size).toBe(1);
        graph.maxSubscriptionSeconds = undefined;
        await eventually(async () =>
          Date.parse(subscription().expirationDateTime) > Date.now() + 3600_000 ? true : undefined,
        );
        expect(graph.requests.filter((r) => r === 'POST /v1.0/subscriptions')).toHaveLength(1);
        expect((await source(id)).push).toBe('active');
      });

      it('creates the subscription again after a subscriptionRemoved lifecycle event', async () => {
        const old = subscription();
        expect(await graph.lifecycle(old.id, 'subscriptionRemoved')).toBe(202);
        const created = await eventually(async () => {
          const s = subscription();
          return s && s.id !== old.id ? s : undefined;
        });
        await eventually(async () => ((await source(id)).push === 'active' ? true : undefined));
        await eventually(async () => {
          const { rows } = await t.sql.query(`SELECT push_subscription_id FROM mail_sources WHERE mailbox_id = $1`, [
            id,
          ]);
          return rows[0].push_subscription_id === created.id ? true : undefined;
        });
        const token = unique();
        expect(await graph.notifyCreated(graph.deliver(message(token, to)))).toEqual([202]);
        await hasTicket(token);
      });

      it('keeps polling and says why when Graph refuses the subscription (403)', async () => {
        graph.subscriptionFailure = {
          status: 403,
          code: 'ExtensionError',
          message: 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied.]',
        };
        expect(await graph.lifecycle(subscription().id, 'subscriptionRemoved')).toBe(202);
        const failing = await eventually(async () => {
          const s = await source(id);
          return s.push === 'error' ? s : undefined;
        });
        expect(failing.status).toBe('ok');
        expect(failing.pushError).toMatch(
          /^HTTP 403 ExtensionError: .*Access is denied.*; polling every 60 s meanwhile$/,
        );
        expect(failing.pushExpiresAt).toBeNull();
        // Polling at the source's own interval now (5 s here), with no notification and no nudge.
        const patched = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
          source: { type: 'microsoft365', tenant: graph.tenant, clientId: graph.clientId, address: to, pollSeconds: 5 },
        });
        expect(patched.status).toBe(200);
        await registry().tick();
        // The restarted fetcher synced and tried push again (refused again) before this mail arrives.
        await eventually(async () =>
          (await source(id)).pushError?.endsWith('polling every 5 s meanwhile') ? true : undefined,
        );
        const refused = graph.requests.filter((r) => r === 'POST /v1.0/subscriptions').length;
        const token = unique();
        graph.deliver(message(token, to));
        await hasTicket(token);
        // Polls went by without asking Graph again: a refused subscription is retried every 15 min.
        await pause(6000);
        expect(graph.requests.filter((r) => r === 'POST /v1.0/subscriptions')).toHaveLength(refused);
        graph.subscriptionFailure = undefined;
      });
    });
  });

  describe('Gmail', () => {
    let id: number;
    const to = 'help@gmail-domain.test';

    it('takes the unread inbox with a service account (domain-wide delegation), page by page, and marks it read', async () => {
      const tokens = [unique(), unique(), unique(), unique(), unique()];
      gmail.deliver(message(tokens[0], to), ['INBOX']);
      const unread = tokens.slice(1).map((tk) => gmail.deliver(message(tk, to)));
      const created = await t.admin.post('/api/v1/mailboxes', {
        address: to,
        source: { type: 'gmail', address: to, serviceAccountKey: gmail.keyFile() },
      });
      expect(created.status).toBe(201);
      id = created.body.id;
      expect(created.body.source).toMatchObject({
        type: 'gmail',
        auth: 'serviceAccount',
        clientEmail: gmail.serviceAccount.client_email,
      });
      expect(JSON.stringify(created.body)).not.toContain('PRIVATE KEY');
      await registry().tick();
      for (const token of tokens.slice(1)) await hasTicket(token);
      expect(await ticketCount(tokens[0])).toBe(0);
      await eventually(async () =>
        unread.every((m) => !gmail.messages.get(m)!.labelIds.includes('UNREAD')) ? true : undefined,
      );
      // Tickets in the order the mail arrived (the list is newest first).
      expect(await spooledRemoteIds(id)).toEqual(unread);
    });

    it('follows the history for new inbox mail (paged), not sent mail, through throttling and an expired token', async () => {
      const tokens = [unique(), unique(), unique(), unique()];
      for (const tk of tokens) gmail.deliver(message(tk, to));
      const sent = unique();
      gmail.deliver(message(sent, 'someone@example.org'), ['SENT']);
      gmail.throttleNext = 1;
      const issued = gmail.tokensIssued;
      gmail.revokeTokens();
      await synced(id);
      for (const tk of tokens) await hasTicket(tk);
      expect(await ticketCount(sent)).toBe(0);
      expect(gmail.throttled).toBe(1);
      expect(gmail.tokensIssued).toBe(issued + 1);
      expect(gmail.requests.filter((r) => r.includes('/history?')).length).toBeGreaterThanOrEqual(2);
    });

    it('looks at the inbox again when the history id expired, and fetches nothing twice', async () => {
      const token = unique();
      gmail.expireHistory();
      gmail.deliver(message(token, to));
      await synced(id);
      await hasTicket(token);
      const { rows } = await t.sql.query(
        `SELECT mail_message_id FROM messages WHERE mailbox_id = $1 GROUP BY 1 HAVING count(*) > 1`,
        [id],
      );
      expect(rows).toEqual([]);
      expect((await source(id)).status).toBe('ok');
    });

    it('works with a user OAuth2 grant, and shows a revoked refresh token on the mailbox', async () => {
      const token = unique();
      const c = gmail.oauthClient;
      const ok = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: { type: 'gmail', address: to, oauth2: c },
      });
      expect(ok.body.source).toMatchObject({ auth: 'oauth2', clientId: c.clientId, clientEmail: null });
      gmail.deliver(message(token, to));
      await registry().tick();
      await hasTicket(token);

      await t.admin.patch(`/api/v1/mailboxes/${id}`, {
        source: { type: 'gmail', address: to, oauth2: { ...c, refreshToken: '1//revoked' } },
      });
      await registry().tick();
      const failing = await eventually(async () => {
        const s = await source(id);
        return s.status === 'error' ? s : undefined;
      });
      expect(failing.lastError).toBe(
        'sign-in failed: token endpoint answered 400 invalid_grant: Token has been expired or revoked.',
      );
    });

    describe('change notifications (Gmail watch, Pub/Sub push)', () => {
      const topic = 'projects/helpdesk-test/topics/gmail';
      const endpoint = () => `${ingress.url}/api/v1/mail-push/gmail`;

      it('polls while no Pub/Sub topic is configured, then watches the inbox with it', async () => {
        expect(await source(id)).toMatchObject({
          push: 'polling',
          pushError: 'no Pub/Sub topic configured (pushTopic)',
        });
        const patched = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
          source: {
            type: 'gmail',
            address: to,
            serviceAccountKey: gmail.keyFile(),
            pushTopic: topic,
            pushServiceAccount: pubsub.serviceAccount,
          },
        });
        expect(patched.status).toBe(200);
        expect(patched.body.source).toMatchObject({ pushTopic: topic, pushServiceAccount: pubsub.serviceAccount });
        await registry().tick();
        const s = await eventually(async () => {
          const v = await source(id);
          return v.push === 'active' ? v : undefined;
        });
        expect(gmail.watches.at(-1)).toMatchObject({ topicName: topic, labelIds: ['INBOX'] });
        expect(Date.parse(s.pushExpiresAt)).toBeGreaterThan(Date.now() + 6 * 86400_000);
        const bad = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
          source: { type: 'gmail', address: to, pushTopic: 'my-topic', pushServiceAccount: 'nope' },
        });
        expect(bad.status).toBe(400);
        expect(Object.keys(bad.body.fields).sort()).toEqual(['source.pushServiceAccount', 'source.pushTopic']);
      });

      it('ignores pushes that are unsigned, wrongly signed, for another audience or another account', async () => {
        const token = unique();
        gmail.deliver(message(token, to));
        const from = gmail.requests.length;
        const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const forgeries: [string, string | null][] = [
          ['unsigned', null],
          ['not a JWT', 'Bearer abc.def.ghi'],
          ['wrong key', `Bearer ${pubsub.token(endpoint(), {}, stranger)}`],
          ['alg none', `Bearer ${pubsub.token(endpoint()).split('.').slice(0, 2).join('.')}.`],
          ['other audience', `Bearer ${pubsub.token('https://elsewhere.example/push')}`],
          ['other account', `Bearer ${pubsub.token(endpoint(), { email: 'mallory@evil.iam.gserviceaccount.com' })}`],
          ['unverified email', `Bearer ${pubsub.token(endpoint(), { email_verified: false })}`],
          ['not Google', `Bearer ${pubsub.token(endpoint(), { iss: 'https://evil.example' })}`],
          ['expired', `Bearer ${pubsub.token(endpoint(), { exp: Math.floor(Date.now() / 1000) - 600 })}`],
        ];
        for (const [what, auth] of forgeries)
          expect([what, await pubsub.push(endpoint(), to, auth)]).toEqual([what, 204]);
        // Signed properly, but for a mailbox we do not fetch.
        expect(await pubsub.push(endpoint(), 'someone@else.test', `Bearer ${pubsub.token(endpoint())}`)).toBe(204);
        await pause(1500);
        expect(since(gmail.requests, from, '/history?')).toBe(0);
        expect(await ticketCount(token)).toBe(0);
        await synced(id);
        await hasTicket(token);
      });

      it('a signed push brings new mail in at once', async () => {
        const token = unique();
        gmail.deliver(message(token, to));
        const started = Date.now();
        expect(await pubsub.push(endpoint(), to, `Bearer ${pubsub.token(endpoint())}`)).toBe(204);
        await hasTicket(token);
        expect(Date.now() - started).toBeLessThan(5000);
      });
    });
  });
});
