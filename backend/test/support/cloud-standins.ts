import {
  createPublicKey,
  createSign,
  createVerify,
  constants,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  verify as verifyRaw,
  X509Certificate,
} from 'node:crypto';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';

/**
 * Stand-ins for the few endpoints of Microsoft Graph and the Gmail API the connectors use,
 * built from the providers' documented request and response shapes (they cannot be reached
 * from CI): OAuth2 token endpoints (client credentials with a secret or a certificate
 * assertion; Google's JWT bearer grant and refresh tokens), Graph `messages/delta` with
 * `@odata.nextLink`/`@odata.deltaLink` and `Prefer: odata.maxpagesize`, `$value` raw MIME,
 * `PATCH isRead`, `sendMail` with MIME (base64, `text/plain`); Gmail `profile`,
 * `messages.list`, `history.list`, `messages.get?format=raw`, `modify` and `messages.send`
 * (`{raw}`, base64url). Faults on demand: 429 with Retry-After, revoked tokens (401), expired
 * delta links (410) and history ids (404), messages that fail to download, slow sends.
 * Change notifications: Graph `POST/PATCH /subscriptions` with the validation handshake,
 * change and lifecycle notifications; Gmail `users.watch`; Pub/Sub push with a signed OIDC token
 * (PubSubPush) and the public address in front of the app (PublicIngress).
 */
abstract class StandIn {
  url = '';
  private server?: Server;
  private readonly tokens = new Set<string>();
  /** The scopes each access token was issued with. */
  protected readonly scopes = new Map<string, string>();
  /** The next N API calls answer 429 with Retry-After: 1. */
  throttleNext = 0;
  /** Mail sent through the API, as it arrived (raw MIME). */
  readonly sent: Buffer[] = [];
  /** Milliseconds a send takes before it is answered (a slow provider). */
  sendDelayMs = 0;
  throttled = 0;
  tokensIssued = 0;
  /** Every API request: method and path (for assertions). */
  readonly requests: string[] = [];

  async start() {
    this.server = createServer((req, res) => {
      void body(req)
        .then((raw) => this.route(req, res, raw))
        .catch((e) => send(res, 500, { error: String(e) }));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  async stop() {
    await new Promise((r) => this.server?.close(r));
  }

  /** Every access token issued so far stops working (as when they expire). */
  revokeTokens() {
    this.tokens.clear();
  }

  protected issue(scope = ''): { access_token: string; token_type: string; expires_in: number } {
    const token = `tok-${randomBytes(12).toString('hex')}`;
    this.tokens.add(token);
    this.scopes.set(token, scope);
    this.tokensIssued++;
    return { access_token: token, token_type: 'Bearer', expires_in: 3599 };
  }

  /** Checks the bearer token and the throttle; false when it answered already. */
  protected admit(req: IncomingMessage, res: ServerResponse, unauthorized: unknown, tooMany: unknown): boolean {
    this.requests.push(`${req.method} ${req.url}`);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      send(res, 401, unauthorized, { 'www-authenticate': 'Bearer' });
      return false;
    }
    if (this.throttleNext > 0) {
      this.throttleNext--;
      this.throttled++;
      send(res, 429, tooMany, { 'retry-after': '1' });
      return false;
    }
    return true;
  }

  protected abstract route(req: IncomingMessage, res: ServerResponse, raw: Buffer): void;
}

interface GraphMessage {
  id: string;
  raw: string;
  isRead: boolean;
  receivedDateTime: string;
  removed?: boolean;
  /** Change sequence of the last change (for delta rounds). */
  seq: number;
}

/** Microsoft Graph v1.0 and the Microsoft identity platform's v2.0 token endpoint. */
export class GraphStandIn extends StandIn {
  readonly tenant = 'contoso.onmicrosoft.com';
  readonly clientId = '11111111-2222-3333-4444-555555555555';
  clientSecret = 'graph-secret-1';
  /** PEM of the certificate registered for the app (certificate credentials), if any. */
  certificate?: string;
  readonly messages = new Map<string, GraphMessage>();
  private seq = 0;
  /** Delta and skip tokens of an older generation answer 410 (SyncStateNotFound). */
  private generation = 1;
  /** Message ids whose $value answers 500. */
  readonly failing = new Set<string>();
  rawDownloads = new Map<string, number>();
  private readonly rounds = new Map<string, { gen: number; ids: string[]; upTo: number }>();
  /** Pages hold at most this many items whatever the client prefers (the preference is a maximum). */
  pageSize = 2;
  /** Change notification subscriptions, by id. */
  readonly subscriptions = new Map<string, GraphSubscription>();
  /** When set, creating a subscription answers this (e.g. 403: the app lacks the permission). */
  subscriptionFailure?: { status: number; code: string; message: string };
  /** Grants subscriptions at most this long (Graph may grant less than asked). */
  maxSubscriptionSeconds?: number;

  constructor(readonly address: string) {
    super();
  }

  /** A message arriving in the inbox. */
  deliver(raw: string, opts: { isRead?: boolean } = {}): string {
    const id = `AAMk${randomBytes(9).toString('base64url')}=`;
    this.messages.set(id, {
      id,
      raw,
      isRead: opts.isRead ?? false,
      receivedDateTime: new Date().toISOString(),
      seq: ++this.seq,
    });
    return id;
  }

  /** Every delta link handed out stops working. */
  expireDeltaLinks() {
    this.generation++;
  }

  get base() {
    return `${this.url}/v1.0`;
  }

  protected route(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url!, this.url);
    if (req.method === 'POST' && url.pathname === `/${this.tenant}/oauth2/v2.0/token`) return this.token(res, raw, url);
    const graphError = (code: string, message: string) => ({
      error: { code, message, innerError: { date: new Date().toISOString() } },
    });
    if (
      !this.admit(
        req,
        res,
        graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
        graphError('TooManyRequests', 'Application is over its MailboxConcurrency limit.'),
      )
    )
      return;
    if (url.pathname === '/v1.0/subscriptions' && req.method === 'POST') return this.subscribe(res, raw);
    const sub = /^\/v1\.0\/subscriptions\/([^/]+)$/.exec(url.pathname);
    if (sub && req.method === 'PATCH') return this.renew(res, decodeURIComponent(sub[1]), raw);
    const user = `/v1.0/users/${encodeURIComponent(this.address)}`;
    if (!url.pathname.startsWith(user + '/'))
      return send(
        res,
        404,
        graphError('ErrorInvalidUser', `The requested user '${url.pathname.split('/')[3]}' is invalid.`),
      );
    const rest = url.pathname.slice(user.length);
    if (req.method === 'GET' && rest === '/mailFolders/inbox/messages/delta') return this.delta(req, res, url);
    if (req.method === 'POST' && rest === '/sendMail') return this.sendMail(req, res, raw);
    const m = /^\/messages\/([^/]+)(\/\$value)?$/.exec(rest);
    const msg = m && this.messages.get(decodeURIComponent(m[1]));
    if (!m || !msg || msg.removed)
      return send(res, 404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
    if (req.method === 'GET' && m[2]) {
      this.rawDownloads.set(msg.id, (this.rawDownloads.get(msg.id) ?? 0) + 1);
      if (this.failing.has(msg.id))
        return send(res, 500, graphError('ErrorInternalServerError', 'An internal server error occurred.'));
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(msg.raw);
    }
    if (req.method === 'PATCH' && !m[2]) {
      const patch = JSON.parse(raw.toString() || '{}');
      if (typeof patch.isRead === 'boolean') {
        msg.isRead = patch.isRead;
        msg.seq = ++this.seq;
      }
      return send(res, 200, { id: msg.id, isRead: msg.isRead, receivedDateTime: msg.receivedDateTime });
    }
    send(res, 405, graphError('ErrorInvalidRequest', 'method not allowed'));
  }

  /**
   * `POST /users/{id}/sendMail` with MIME: `Content-Type: text/plain`, the message base64
   * encoded; 202 Accepted with no body ("Send messages with MIME content").
   */
  private async sendMail(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const error = (status: number, code: string, message: string) =>
      send(res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } });
    if (!String(req.headers['content-type']).startsWith('text/plain'))
      return error(400, 'ErrorInvalidRequest', 'This test stands in for MIME sends only (Content-Type: text/plain).');
    const text = body.toString().trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text))
      return error(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
    const mime = Buffer.from(text, 'base64');
    if (!/^message-id:/im.test(mime.toString('latin1')))
      return error(400, 'ErrorMimeContentInvalid', 'The MIME content is not valid.');
    if (this.sendDelayMs) await new Promise((r) => setTimeout(r, this.sendDelayMs));
    this.sent.push(mime);
    res.writeHead(202);
    res.end();
  }

  /**
   * `POST /subscriptions` ("Create subscription"): validates both URLs first (POST
   * `?validationToken=` answered within 10 s by 200 `text/plain` echoing the token), then
   * answers 201 with the subscription; expiry capped at 10080 minutes for messages.
   */
  private async subscribe(res: ServerResponse, raw: Buffer) {
    const error = (status: number, code: string, message: string) =>
      send(res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } });
    if (this.subscriptionFailure) {
      const f = this.subscriptionFailure;
      return error(f.status, f.code, f.message);
    }
    const body = JSON.parse(raw.toString() || '{}') as Partial<GraphSubscription>;
    const resource = `users/${this.address}/mailFolders('inbox')/messages`;
    if (body.resource?.toLowerCase() !== resource.toLowerCase() || body.changeType !== 'created')
      return error(400, 'InvalidRequest', `Unsupported resource or changeType: ${body.resource} ${body.changeType}`);
    const expiry = Date.parse(body.expirationDateTime ?? '');
    if (!(expiry > Date.now()) || expiry > Date.now() + 10080 * 60_000)
      return error(400, 'InvalidRequest', 'Subscription expiration can only be 10070 minutes in the future.');
    if (!body.clientState || body.clientState.length > 128)
      return error(400, 'InvalidRequest', 'clientState must be at most 128 characters.');
    for (const target of [body.notificationUrl, body.lifecycleNotificationUrl]) {
      if (!target || !(await validates(target)))
        return error(
          400,
          'ValidationError',
          'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
        );
    }
    const s: GraphSubscription = {
      id: randomUUID(),
      resource: body.resource!,
      changeType: body.changeType!,
      notificationUrl: body.notificationUrl!,
      lifecycleNotificationUrl: body.lifecycleNotificationUrl!,
      clientState: body.clientState,
      expirationDateTime: this.grant(expiry),
    };
    this.subscriptions.set(s.id, s);
    send(res, 201, { '@odata.context': `${this.base}/$metadata#subscriptions/$entity`, ...s });
  }

  /** `PATCH /subscriptions/{id}` with a new `expirationDateTime` ("Update subscription"); 404 once removed or expired. */
  private renew(res: ServerResponse, id: string, raw: Buffer) {
    const s = this.subscriptions.get(id);
    // An expired subscription is gone, as in Graph: renewing too late fails and a new one is needed.
    if (s && Date.parse(s.expirationDateTime) <= Date.now()) this.subscriptions.delete(id);
    if (!s || !this.subscriptions.has(id))
      return send(res, 404, {
        error: { code: 'ResourceNotFound', message: 'The object was not found.', innerError: {} },
      });
    const expiry = Date.parse(
      (JSON.parse(raw.toString() || '{}') as { expirationDateTime?: string }).expirationDateTime ?? '',
    );
    if (!(expiry > Date.now())) return send(res, 400, { error: { code: 'InvalidRequest', message: 'expiry' } });
    s.expirationDateTime = this.grant(expiry);
    send(res, 200, { '@odata.context': `${this.base}/$metadata#subscriptions/$entity`, ...s });
  }

  private grant(asked: number): string {
    const cap = this.maxSubscriptionSeconds ? Date.now() + this.maxSubscriptionSeconds * 1000 : Infinity;
    return new Date(Math.min(asked, cap)).toISOString();
  }

  /** Graph notifies every subscription of a message created in the inbox; resolves with the HTTP statuses. */
  async notifyCreated(messageId: string, tamper: Partial<{ clientState: string; subscriptionId: string }> = {}) {
    const statuses: number[] = [];
    for (const s of this.subscriptions.values())
      statuses.push(
        await postJson(s.notificationUrl, {
          value: [
            {
              subscriptionId: tamper.subscriptionId ?? s.id,
              subscriptionExpirationDateTime: s.expirationDateTime,
              changeType: 'created',
              resource: `Users/${this.address}/Messages/${messageId}`,
              resourceData: {
                '@odata.type': '#Microsoft.Graph.Message',
                '@odata.id': `Users/${this.address}/Messages/${messageId}`,
                '@odata.etag': 'W/"x"',
                id: messageId,
              },
              clientState: tamper.clientState ?? s.clientState,
              tenantId: this.tenant,
            },
          ],
        }),
      );
    return statuses;
  }

  /**
   * A lifecycle notification to the subscription's lifecycle URL ("Reduce missing subscriptions
   * and change notifications"); `subscriptionRemoved` removes it first, as Graph has.
   */
  async lifecycle(id: string, lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed') {
    const s = this.subscriptions.get(id)!;
    if (lifecycleEvent === 'subscriptionRemoved') this.subscriptions.delete(id);
    return postJson(s.lifecycleNotificationUrl, {
      value: [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId: this.tenant,
          clientState: s.clientState,
          lifecycleEvent,
        },
      ],
    });
  }

  private token(res: ServerResponse, raw: Buffer, url: URL) {
    const form = new URLSearchParams(raw.toString());
    const fail = (description: string) =>
      send(res, 401, { error: 'invalid_client', error_description: description, error_codes: [7000215] });
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.clientId)
      return send(res, 400, {
        error: 'unauthorized_client',
        error_description: 'AADSTS700016: Application not found.',
      });
    if (form.get('scope') !== 'https://graph.microsoft.com/.default')
      return send(res, 400, {
        error: 'invalid_scope',
        error_description: 'AADSTS1002012: The provided value for scope is not valid.',
      });
    if (form.has('client_assertion')) {
      if (
        form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
        !this.certificate
      )
        return fail('AADSTS700027: Client assertion failed signature validation.');
      const problem = checkAssertion(
        form.get('client_assertion')!,
        this.certificate,
        this.clientId,
        `${this.url}${url.pathname}`,
      );
      if (problem) return fail(`AADSTS700027: ${problem}`);
    } else if (form.get('client_secret') !== this.clientSecret) {
      return fail(
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
      );
    }
    send(res, 200, { ...this.issue(), ext_expires_in: 3599 });
  }

  private delta(req: IncomingMessage, res: ServerResponse, url: URL) {
    const preferred = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const pageSize = Math.min(preferred, this.pageSize);
    const link = (params: Record<string, string>) =>
      `${this.base}/users/${encodeURIComponent(this.address)}/mailFolders/inbox/messages/delta?${new URLSearchParams(params)}`;
    // A round is a snapshot of what changed, as Graph's is: changes made while paging (our own
    // PATCHes) show in the next round, not in this one.
    let round: { gen: number; ids: string[]; offset: number; upTo: number };
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    if (skip) {
      const found = this.rounds.get(skip.split('.')[0]);
      if (!found) return send(res, 400, { error: { code: 'InvalidSkipToken', message: 'bad skip token' } });
      round = { ...found, offset: Number(skip.split('.')[1]) };
    } else {
      let since = 0;
      let gen = this.generation;
      if (deltaToken) [gen, since] = deltaToken.split('.').map(Number);
      const from = /^receivedDateTime ge (.+)$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      const ids = [...this.messages.values()]
        .filter((m) => m.seq > since && (since > 0 || !m.removed) && (!from || m.receivedDateTime >= from))
        .sort((a, b) => a.seq - b.seq)
        .map((m) => m.id);
      round = { gen, ids, offset: 0, upTo: this.seq };
    }
    if (round.gen !== this.generation)
      return send(res, 410, {
        error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found.' },
      });
    const key = randomBytes(6).toString('hex');
    this.rounds.set(key, round);
    const page = round.ids.slice(round.offset, round.offset + pageSize).map((i) => this.messages.get(i)!);
    const value = page.map((m) =>
      m.removed
        ? { '@odata.type': '#microsoft.graph.message', id: m.id, '@removed': { reason: 'deleted' } }
        : { '@odata.etag': 'W/"x"', id: m.id, isRead: m.isRead, receivedDateTime: m.receivedDateTime },
    );
    const more = round.offset + pageSize < round.ids.length;
    send(res, 200, {
      '@odata.context': `${this.base}/$metadata#Collection(message)`,
      value,
      ...(more
        ? { '@odata.nextLink': link({ $skiptoken: `${key}.${round.offset + pageSize}` }) }
        : { '@odata.deltaLink': link({ $deltatoken: `${round.gen}.${round.upTo}` }) }),
    });
  }
}

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationDateTime: string;
}

interface GmailMessage {
  id: string;
  threadId: string;
  raw: string;
  labelIds: string[];
  internalDate: number;
  historyId: number;
}

/** The Gmail API v1 and Google's OAuth2 token endpoint. */
export class GmailStandIn extends StandIn {
  /** The service account's key file (as downloaded from the Cloud console). */
  readonly serviceAccount: { client_email: string; private_key: string; private_key_id: string; publicKey: string };
  readonly oauthClient = {
    clientId: 'gmail-client.apps.googleusercontent.com',
    clientSecret: 'gmail-secret',
    refreshToken: '1//refresh',
  };
  readonly messages = new Map<string, GmailMessage>();
  private history: { id: number; added: string[] }[] = [];
  private historyId = 1000;
  /** History ids before this answer 404 (Gmail keeps history for about a week). */
  private historyFrom = 0;
  /** The scopes the Workspace admin delegated to the service account (its JWT may ask for these only). */
  delegatedScopes = ['gmail.modify', 'gmail.send'].map((s) => `https://www.googleapis.com/auth/${s}`);
  /** Caps maxResults of list calls, to make the connector page. */
  pageSize = 3;
  readonly failing = new Set<string>();
  rawDownloads = new Map<string, number>();
  /** `users.watch` requests, as received. */
  readonly watches: { topicName: string; labelIds: string[]; at: number }[] = [];

  constructor(
    readonly address: string,
    keys: { privateKey: string; publicKey: string },
  ) {
    super();
    this.serviceAccount = {
      client_email: 'helpdesk@project.iam.gserviceaccount.com',
      private_key: keys.privateKey,
      private_key_id: 'key-1',
      publicKey: keys.publicKey,
    };
  }

  keyFile(): string {
    const { client_email, private_key, private_key_id } = this.serviceAccount;
    return JSON.stringify({
      type: 'service_account',
      project_id: 'project',
      private_key_id,
      private_key,
      client_email,
      client_id: '1234567890',
      token_uri: 'https://oauth2.googleapis.com/token',
    });
  }

  /** A message arriving (in the inbox, unread, unless labels say otherwise). */
  deliver(raw: string, labelIds = ['INBOX', 'UNREAD']): string {
    const id = randomBytes(8).toString('hex');
    const historyId = ++this.historyId;
    this.messages.set(id, { id, threadId: id, raw, labelIds, internalDate: Date.now(), historyId });
    this.history.push({ id: historyId, added: [id] });
    return id;
  }

  /** History ids handed out so far stop working (404). */
  expireHistory() {
    this.historyFrom = this.historyId + 1;
  }

  protected route(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const url = new URL(req.url!, this.url);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(res, raw);
    const gError = (code: number, status: string, message: string, reason: string) => ({
      error: { code, message, errors: [{ message, domain: 'global', reason }], status },
    });
    if (
      !this.admit(
        req,
        res,
        gError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'authError'),
        gError(429, 'RESOURCE_EXHAUSTED', 'Too many concurrent requests for user.', 'rateLimitExceeded'),
      )
    )
      return;
    const user = `/gmail/v1/users/${encodeURIComponent(this.address)}`;
    if (!url.pathname.startsWith(user))
      return send(res, 400, gError(400, 'FAILED_PRECONDITION', 'Mail service not enabled', 'failedPrecondition'));
    const rest = url.pathname.slice(user.length);
    const p = url.searchParams;
    if (req.method === 'GET' && rest === '/profile')
      return send(res, 200, {
        emailAddress: this.address,
        messagesTotal: this.messages.size,
        threadsTotal: this.messages.size,
        historyId: String(this.historyId),
      });
    if (req.method === 'GET' && rest === '/messages') {
      const q = p.get('q') ?? '';
      const after = Number(/after:(\d+)/.exec(q)?.[1] ?? 'NaN');
      const all = [...this.messages.values()]
        .filter((m) => !q.includes('in:inbox') || m.labelIds.includes('INBOX'))
        .filter((m) => {
          const unread = m.labelIds.includes('UNREAD');
          if (q.includes('is:unread OR after:')) return unread || m.internalDate / 1000 > after;
          return !q.includes('is:unread') || unread;
        })
        .sort((a, b) => b.internalDate - a.internalDate || b.historyId - a.historyId);
      const size = Math.min(Number(p.get('maxResults') ?? 100), this.pageSize);
      const offset = Number(p.get('pageToken') ?? 0);
      const page = all.slice(offset, offset + size);
      return send(res, 200, {
        ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
        ...(offset + size < all.length ? { nextPageToken: String(offset + size) } : {}),
        resultSizeEstimate: all.length,
      });
    }
    if (req.method === 'GET' && rest === '/history') {
      const start = Number(p.get('startHistoryId'));
      if (!Number.isFinite(start) || start < this.historyFrom)
        return send(res, 404, gError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
      const label = p.get('labelId');
      const records = this.history
        .filter((h) => h.id > start)
        .map((h) => ({
          id: String(h.id),
          messages: h.added.map((id) => ({ id, threadId: id })),
          messagesAdded: h.added
            .map((id) => this.messages.get(id)!)
            .filter((m) => !label || m.labelIds.includes(label))
            .map((m) => ({ message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } })),
        }))
        .filter((h) => h.messagesAdded.length);
      const size = Math.min(Number(p.get('maxResults') ?? 100), this.pageSize);
      const offset = Number(p.get('pageToken') ?? 0);
      return send(res, 200, {
        ...(records.length ? { history: records.slice(offset, offset + size) } : {}),
        ...(offset + size < records.length ? { nextPageToken: String(offset + size) } : {}),
        historyId: String(this.historyId),
      });
    }
    if (req.method === 'POST' && rest === '/messages/send') return this.sendMessage(req, res, raw, gError);
    if (req.method === 'POST' && rest === '/watch') {
      // users.watch: {historyId, expiration (epoch ms, as a string)}; a week, renewed by calling again.
      const w = JSON.parse(raw.toString() || '{}') as { topicName?: string; labelIds?: string[] };
      if (!w.topicName || !/^projects\/[^/]+\/topics\/[^/]+$/.test(w.topicName))
        return send(res, 400, gError(400, 'INVALID_ARGUMENT', 'Invalid topicName', 'invalidArgument'));
      this.watches.push({ topicName: w.topicName, labelIds: w.labelIds ?? [], at: Date.now() });
      return send(res, 200, { historyId: String(this.historyId), expiration: String(Date.now() + 7 * 86400_000) });
    }
    const m = /^\/messages\/([^/]+)(\/modify)?$/.exec(rest);
    const msg = m && this.messages.get(decodeURIComponent(m[1]));
    if (!m || !msg) return send(res, 404, gError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
    if (req.method === 'GET' && !m[2]) {
      this.rawDownloads.set(msg.id, (this.rawDownloads.get(msg.id) ?? 0) + 1);
      if (this.failing.has(msg.id))
        return send(res, 500, gError(500, 'INTERNAL', 'Internal error encountered.', 'backendError'));
      if (p.get('format') !== 'raw')
        return send(res, 400, gError(400, 'INVALID_ARGUMENT', 'format', 'invalidArgument'));
      return send(res, 200, {
        id: msg.id,
        threadId: msg.threadId,
        labelIds: msg.labelIds,
        snippet: '',
        historyId: String(msg.historyId),
        internalDate: String(msg.internalDate),
        sizeEstimate: msg.raw.length,
        raw: Buffer.from(msg.raw).toString('base64url'),
      });
    }
    if (req.method === 'POST' && m[2]) {
      const change = JSON.parse(raw.toString() || '{}') as { addLabelIds?: string[]; removeLabelIds?: string[] };
      msg.labelIds = [...new Set([...msg.labelIds, ...(change.addLabelIds ?? [])])].filter(
        (l) => !(change.removeLabelIds ?? []).includes(l),
      );
      return send(res, 200, { id: msg.id, threadId: msg.threadId, labelIds: msg.labelIds });
    }
    send(res, 405, gError(405, 'METHOD_NOT_ALLOWED', 'method', 'methodNotAllowed'));
  }

  /**
   * `users.messages.send` with `{raw}` (the RFC 2822 message, base64url): the sent message's
   * id, thread and labels. Needs a token with a scope that may send (gmail.send, compose,
   * modify or mail.google.com).
   */
  private async sendMessage(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    gError: (code: number, status: string, message: string, reason: string) => unknown,
  ) {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const scopes = (this.scopes.get(token) ?? '').split(' ');
    const sending = ['gmail.send', 'gmail.compose', 'gmail.modify'].map((s) => `https://www.googleapis.com/auth/${s}`);
    if (!scopes.some((s) => sending.includes(s) || s === 'https://mail.google.com/'))
      return send(
        res,
        403,
        gError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions'),
      );
    const { raw } = JSON.parse(body.toString() || '{}') as { raw?: string };
    if (!raw || !/^[A-Za-z0-9_-]+={0,2}$/.test(raw))
      return send(res, 400, gError(400, 'INVALID_ARGUMENT', "Invalid value for ByteString: 'raw'", 'invalidArgument'));
    if (this.sendDelayMs) await new Promise((r) => setTimeout(r, this.sendDelayMs));
    const mime = Buffer.from(raw, 'base64url');
    this.sent.push(mime);
    const id = randomBytes(8).toString('hex');
    send(res, 200, { id, threadId: id, labelIds: ['SENT'] });
  }

  private token(res: ServerResponse, raw: Buffer) {
    const form = new URLSearchParams(raw.toString());
    const grant = form.get('grant_type');
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const assertion = form.get('assertion') ?? '';
      const problem = checkServiceAccountJwt(
        assertion,
        this.serviceAccount,
        this.address,
        `${this.url}/token`,
        this.delegatedScopes,
      );
      if (problem) return send(res, 400, { error: 'invalid_grant', error_description: problem });
      const claims = JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString());
      return send(res, 200, this.issue(claims.scope));
    }
    if (grant === 'refresh_token') {
      const c = this.oauthClient;
      if (form.get('client_id') !== c.clientId || form.get('client_secret') !== c.clientSecret)
        return send(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      if (form.get('refresh_token') !== c.refreshToken)
        return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      const scope = 'https://www.googleapis.com/auth/gmail.modify';
      return send(res, 200, { ...this.issue(scope), scope });
    }
    send(res, 400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant}` });
  }
}

/** Microsoft's certificate credential: PS256, `x5t#S256` the certificate's thumbprint, aud the token URL. */
function checkAssertion(jwt: string, certPem: string, clientId: string, tokenUrl: string): string | null {
  const [h, c, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
  const cert = new X509Certificate(certPem);
  const thumbprint = Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
  if (header.alg !== 'PS256' || header['x5t#S256'] !== thumbprint) return 'unknown key or algorithm';
  const ok = verifyRaw(
    'sha256',
    Buffer.from(`${h}.${c}`),
    { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) return 'Client assertion failed signature validation.';
  const now = Date.now() / 1000;
  if (
    claims.aud !== tokenUrl ||
    claims.iss !== clientId ||
    claims.sub !== clientId ||
    !(claims.exp > now) ||
    !(claims.nbf <= now + 60) ||
    !claims.jti
  )
    return 'Client assertion contains invalid claims.';
  return null;
}

/** Google's service account grant: RS256 by the key, iss the account, sub the user, scopes the delegated ones. */
function checkServiceAccountJwt(
  jwt: string,
  sa: { client_email: string; private_key_id: string; publicKey: string },
  address: string,
  tokenUrl: string,
  delegated: string[],
): string | null {
  const [h, c, s] = jwt.split('.');
  if (!s) return 'Invalid JWT.';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
  if (header.alg !== 'RS256' || header.kid !== sa.private_key_id) return 'Invalid JWT Signature.';
  if (
    !createVerify('RSA-SHA256').update(`${h}.${c}`).verify(createPublicKey(sa.publicKey), Buffer.from(s, 'base64url'))
  )
    return 'Invalid JWT Signature.';
  const now = Date.now() / 1000;
  if (
    claims.iss !== sa.client_email ||
    claims.aud !== tokenUrl ||
    !(claims.exp > now) ||
    claims.exp - claims.iat > 3600
  )
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
  if (claims.sub !== address)
    return 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.';
  const asked = String(claims.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (!asked.length || asked.some((s) => !delegated.includes(s)))
    return 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.';
  return null;
}

/**
 * Cloud Pub/Sub delivering Gmail's notifications to a push endpoint with authentication
 * ("Authentication for push subscriptions"): `{message: {data, messageId, publishTime},
 * subscription}` where data is base64 JSON `{emailAddress, historyId}`, and an RS256 OIDC token
 * (iss accounts.google.com, aud the endpoint, email the push service account) signed by a key
 * this stand-in publishes as a JWKS (Google's `oauth2/v3/certs`).
 */
export class PubSubPush {
  url = '';
  private server?: Server;
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly kid = randomBytes(8).toString('hex');
  readonly serviceAccount = 'push@helpdesk-test.iam.gserviceaccount.com';

  async start() {
    this.server = createServer((req, res) => {
      if (req.url !== '/oauth2/v3/certs') return send(res, 404, {});
      const jwk = this.key.publicKey.export({ format: 'jwk' });
      send(res, 200, { keys: [{ ...jwk, kid: this.kid, alg: 'RS256', use: 'sig' }] });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  async stop() {
    await new Promise((r) => this.server?.close(r));
  }

  get jwksUrl() {
    return `${this.url}/oauth2/v3/certs`;
  }

  /** A Google-style OIDC token; `claims` and `signWith` override for the forgeries tests try. */
  token(
    audience: string,
    claims: Record<string, unknown> = {},
    signWith?: { privateKey: import('node:crypto').KeyObject },
  ) {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg: 'RS256', kid: this.kid, typ: 'JWT' })}.${b64({
      aud: audience,
      azp: '113774264463038321964',
      email: this.serviceAccount,
      email_verified: true,
      exp: now + 3600,
      iat: now,
      iss: 'https://accounts.google.com',
      sub: '113774264463038321964',
      ...claims,
    })}`;
    const signature = createSign('RSA-SHA256')
      .update(input)
      .sign((signWith ?? this.key).privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Pushes a Gmail notification for `emailAddress` to `endpoint`; resolves with the HTTP status. */
  push(endpoint: string, emailAddress: string, authorization: string | null) {
    const data = Buffer.from(JSON.stringify({ emailAddress, historyId: 9999 })).toString('base64');
    return postJson(
      endpoint,
      {
        message: { data, messageId: randomBytes(6).toString('hex'), publishTime: new Date().toISOString() },
        subscription: 'projects/helpdesk-test/subscriptions/gmail-push',
      },
      authorization ? { authorization } : {},
    );
  }
}

/**
 * The address the internet reaches the help desk at (HELPDESK_PUBLIC_URL): a reverse proxy
 * started before the app, forwarding to it once `target` is set.
 */
export class PublicIngress {
  url = '';
  target = '';
  private server?: Server;

  async start() {
    this.server = createServer((req, res) => {
      const upstream = new URL(req.url!, this.target);
      const forward = request(upstream, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => send(res, 502, {}));
      req.pipe(forward);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  async stop() {
    await new Promise((r) => this.server?.close(r));
  }
}

/** Graph's validation request: POST `?validationToken=` (text/plain), answered by the token within 10 s. */
async function validates(target: string): Promise<boolean> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const url = new URL(target);
  url.searchParams.set('validationToken', token);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(10_000),
    });
    return (
      res.status === 200 && /^text\/plain/.test(res.headers.get('content-type') ?? '') && (await res.text()) === token
    );
  } catch {
    return false;
  }
}

async function postJson(target: string, json: unknown, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
  });
  await res.arrayBuffer();
  return res.status;
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(json));
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
