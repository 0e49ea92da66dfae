import { createTransport, Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { ProviderEndpoints } from '../../mail-providers/endpoints';
import { gmailApi, gmailUser, googleTokens, GMAIL_SEND_SCOPE } from '../../mail-providers/gmail-api';
import { ApiError, HttpApi } from '../../mail-providers/http-api';
import { graphApi, graphTokens, graphUser } from '../../mail-providers/microsoft-graph';
import type { ProviderSecrets } from '../../mail-providers/credentials';
import { ProviderError } from '../../mail-providers/provider-error';
import { grantTokens, TokenSource } from '../../mail-providers/oauth2';
import type {
  GmailTransportSettings,
  Microsoft365TransportSettings,
  SmtpTransportSettings,
  TransportSettings,
  TransportType,
} from './transport-settings';

/** Where a mail went: the global relay, or the mailbox's own transport. */
export type TransportKind = 'relay' | TransportType;

export interface Envelope {
  from: string;
  to: string[];
}

export interface SendResult {
  /** What the server answered (SMTP `250 …`, `202 Accepted` of Graph, the Gmail message id). */
  response: string;
  /** Recipients the server refused while taking the mail for the others. */
  rejected: string[];
}

/**
 * A send that did not happen. `permanent`: no retry helps (a 5xx, a refusal of the message or
 * of the credentials); otherwise the outbox tries again later.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The server's own answer, when it gave one. */
    readonly response: string | null = null,
  ) {
    super(message);
  }
}

/**
 * One way out for raw MIME built by the outbox (nodemailer's composer): the mail is sent as
 * it is, so its Message-ID, threading headers and reply address are ours whatever the transport.
 */
export interface MailTransport {
  readonly kind: TransportKind;
  /** True when the provider DKIM-signs what it sends itself (Graph, Gmail): we do not sign for it. */
  readonly providerSigns: boolean;
  /** @throws SendFailure */
  send(raw: Buffer, envelope: Envelope): Promise<SendResult>;
  close(): void;
}

/** One HTTP request to send may take this long; with the throttling waits a send stays well inside the outbox's lease. */
const SEND_TIMEOUT_MS = 60_000;
/** Microsoft Graph takes requests up to 4 MB ("Microsoft Graph REST API: request size limits"); MIME goes as base64. */
const GRAPH_REQUEST_LIMIT = 4 * 1024 * 1024;

/** Errors that no retry fixes even without a 5xx: the message itself is unsendable. */
const PERMANENT_SMTP_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS']);

const POOL = {
  pool: true,
  maxConnections: 5,
  maxMessages: 100,
  connectionTimeout: 30_000,
  greetingTimeout: 30_000,
  socketTimeout: 60_000,
} as const;

/** SMTP through nodemailer's pooled transport: the global relay (a URL) or a mailbox's submission server. */
export class SmtpTransport implements MailTransport {
  readonly providerSigns = false;
  private readonly transporter: Transporter;

  private constructor(
    readonly kind: 'relay' | 'smtp',
    options: object,
  ) {
    this.transporter = createTransport(options as Parameters<typeof createTransport>[0]);
  }

  /** The global relay: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…` (TLS). */
  static relay(url: string): SmtpTransport {
    return new SmtpTransport('relay', { url, ...POOL });
  }

  /**
   * One connection to the relay for an admin's test mail, with timeouts short enough that the
   * request answers while the admin waits (an unreachable relay answers within 10 s).
   */
  static relayProbe(url: string): SmtpTransport {
    return new SmtpTransport('relay', {
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /**
   * A mailbox's submission server: AUTH PLAIN/LOGIN with the password, or SASL XOAUTH2 with a
   * token from `tokens` (a token the server refuses is renewed once, as nodemailer asks for it).
   */
  static mailbox(s: SmtpTransportSettings, secrets: ProviderSecrets, tokens?: TokenSource): SmtpTransport {
    const auth =
      s.auth === 'oauth2' && tokens
        ? {
            type: 'OAuth2',
            user: s.user,
            provisionCallback: (_user: string, renew: boolean, done: (e: Error | null, token?: string) => void) => {
              if (renew) tokens.invalidate();
              tokens.get().then(
                (token) => done(null, token),
                (e: Error) => done(e),
              );
            },
          }
        : { user: s.user, pass: secrets.password ?? '' };
    return new SmtpTransport('smtp', {
      host: s.host,
      port: s.port,
      secure: s.tls === 'implicit',
      requireTLS: s.tls === 'starttls',
      ignoreTLS: s.tls === 'none',
      tls: { minVersion: 'TLSv1.2' },
      auth,
      ...POOL,
    });
  }

  async send(raw: Buffer, envelope: Envelope): Promise<SendResult> {
    let info: { response?: string; rejected?: (string | Mail.Address)[] };
    try {
      const message: Mail.Options = { envelope: { from: envelope.from, to: envelope.to }, raw };
      info = (await this.transporter.sendMail(message)) as typeof info;
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number; response?: string };
      const permanent =
        (err.responseCode !== undefined && err.responseCode >= 500) ||
        (err.code !== undefined && PERMANENT_SMTP_CODES.has(err.code)) ||
        (err instanceof ProviderError && err.needsPerson);
      throw new SendFailure(err.response ?? err.message, permanent, err.response ?? null);
    }
    return {
      response: info.response ?? '',
      rejected: (info.rejected ?? []).map((a) => (typeof a === 'string' ? a : (a.address ?? ''))),
    };
  }

  close() {
    this.transporter.close();
  }
}

/** An HTTP provider's failure as the outbox records it: throttling and outages are retried, the rest is final. */
function httpFailure(e: unknown): SendFailure {
  if (e instanceof ApiError) return new SendFailure(e.message, true, e.message);
  if (e instanceof ProviderError) return new SendFailure(e.message, e.needsPerson, e.message);
  return new SendFailure((e as Error).message ?? String(e), false);
}

/** Shared by the HTTP transports: a client whose calls end when the transport is closed. */
abstract class HttpTransport implements MailTransport {
  abstract readonly kind: TransportKind;
  readonly providerSigns = true;
  protected readonly abort = new AbortController();

  abstract send(raw: Buffer, envelope: Envelope): Promise<SendResult>;

  close() {
    this.abort.abort();
  }
}

/**
 * Microsoft Graph `POST /users/{address}/sendMail` with the MIME as base64 text
 * (`Content-Type: text/plain`, "Send messages with MIME content"); 202 Accepted. Exchange
 * keeps a copy in Sent Items. Needs the application permission Mail.Send.
 */
export class GraphTransport extends HttpTransport {
  readonly kind = 'microsoft365';
  private readonly api: HttpApi;
  private readonly url: string;

  constructor(endpoints: ProviderEndpoints, s: Microsoft365TransportSettings, secrets: ProviderSecrets) {
    super();
    this.api = graphApi(graphTokens(endpoints, s, secrets, this.abort.signal), this.abort.signal);
    this.url = `${graphUser(endpoints, s.address)}/sendMail`;
  }

  async send(raw: Buffer): Promise<SendResult> {
    const data = raw.toString('base64');
    if (data.length > GRAPH_REQUEST_LIMIT)
      throw new SendFailure(
        `the message is ${raw.length} bytes; Microsoft Graph takes at most 4 MB per request (as base64)`,
        true,
      );
    try {
      await this.api.call(this.url, {
        method: 'POST',
        body: { contentType: 'text/plain', data },
        once: true,
        timeoutMs: SEND_TIMEOUT_MS,
      });
    } catch (e) {
      throw httpFailure(e);
    }
    return { response: '202 Accepted (Microsoft Graph sendMail)', rejected: [] };
  }
}

/**
 * The Gmail API `POST /gmail/v1/users/{address}/messages/send` with `{raw}` (the MIME,
 * base64url); the answer names the sent message. Scope gmail.send (a service account's
 * domain-wide delegation must allow it).
 */
export class GmailTransport extends HttpTransport {
  readonly kind = 'gmail';
  private readonly api: HttpApi;
  private readonly url: string;

  constructor(
    endpoints: ProviderEndpoints,
    s: GmailTransportSettings,
    secrets: ProviderSecrets,
    onRefreshToken?: (token: string) => Promise<void>,
  ) {
    super();
    const tokens = googleTokens(endpoints, s, secrets, GMAIL_SEND_SCOPE, { signal: this.abort.signal, onRefreshToken });
    this.api = gmailApi(tokens, this.abort.signal);
    this.url = `${gmailUser(endpoints, s.address)}/messages/send`;
  }

  async send(raw: Buffer): Promise<SendResult> {
    let sent: { id?: string };
    try {
      sent = await this.api.call<{ id?: string }>(this.url, {
        method: 'POST',
        json: { raw: raw.toString('base64url') },
        once: true,
        timeoutMs: SEND_TIMEOUT_MS,
      });
    } catch (e) {
      throw httpFailure(e);
    }
    return { response: `Gmail message ${sent?.id ?? '(no id)'}`, rejected: [] };
  }
}

/**
 * The transport of a mailbox's settings. `onRefreshToken` stores a refresh token the provider
 * rotated (Microsoft does), so the next connection signs in with it.
 */
export function mailboxTransport(
  s: TransportSettings,
  secrets: ProviderSecrets,
  endpoints: ProviderEndpoints,
  onRefreshToken: (token: string) => Promise<void>,
): MailTransport {
  if (s.type === 'microsoft365') return new GraphTransport(endpoints, s, secrets);
  if (s.type === 'gmail') return new GmailTransport(endpoints, s, secrets, onRefreshToken);
  const tokens = s.auth === 'oauth2' && s.oauth2 ? grantTokens(s.oauth2, secrets, { onRefreshToken }) : undefined;
  return SmtpTransport.mailbox(s, secrets, tokens);
}
