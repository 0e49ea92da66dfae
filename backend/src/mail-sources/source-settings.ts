import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';

/** Where a mailbox's mail can be fetched from (DESIGN.md section 11). */
export const SOURCE_TYPES = ['imap', 'microsoft365', 'gmail'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** `implicit`: TLS from the first byte (port 993); `starttls`: upgraded, and required (RFC 3501 6.2.1); `none`: plain. */
export const IMAP_TLS = ['implicit', 'starttls', 'none'] as const;
export type ImapTls = (typeof IMAP_TLS)[number];

/** An OAuth2 grant that yields access tokens for SASL XOAUTH2 (RFC 6749 sections 4.4 and 6). */
export interface OAuth2GrantSettings {
  tokenUrl: string;
  clientId: string;
  /** Space-separated scopes, or null to ask for the client's defaults. */
  scope: string | null;
  /** `refresh_token` with a user's grant; `client_credentials` for an app-only token. */
  grant: 'refresh_token' | 'client_credentials';
}

export interface ImapSettings {
  type: 'imap';
  host: string;
  port: number;
  tls: ImapTls;
  folder: string;
  user: string;
  auth: 'password' | 'oauth2';
  oauth2: OAuth2GrantSettings | null;
  /** Fetched mail is moved here instead of being marked \Seen. */
  moveTo: string | null;
  pollSeconds: number;
}

export interface Microsoft365Settings {
  type: 'microsoft365';
  /** The directory (tenant) id or one of its domains. */
  tenant: string;
  clientId: string;
  /** The mailbox Graph reads: `/users/{address}`. */
  address: string;
  /** A well-known folder name (`inbox`) or a folder id. */
  folder: string;
  auth: 'secret' | 'certificate';
  pollSeconds: number;
}

export interface GmailSettings {
  type: 'gmail';
  address: string;
  auth: 'serviceAccount' | 'oauth2';
  /** The service account (domain-wide delegation), from its key file. */
  clientEmail: string | null;
  /** The OAuth2 client of a user grant. */
  clientId: string | null;
  pollSeconds: number;
}

export type SourceSettings = ImapSettings | Microsoft365Settings | GmailSettings;

/** What is stored encrypted; never returned by the API. */
export interface SourceSecrets {
  password?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** PEM: the certificate and its private key (Microsoft 365 app registration). */
  certificate?: string;
  /** From a Google service account key file. */
  privateKey?: string;
  privateKeyId?: string;
}

export interface ParsedSource {
  settings: SourceSettings;
  secrets: SourceSecrets;
  enabled: boolean;
}

/** Bad input, by field (`source.host`), as the API's validation errors are. */
export class SourceInputError extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super(
      Object.entries(fields)
        .map(([f, p]) => `${f}: ${p.join('; ')}`)
        .join('; '),
    );
  }
}

export const DEFAULT_POLL_SECONDS = 60;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TENANT = /^[a-z0-9.-]{1,253}$/i;

type Input = Record<string, unknown>;

/**
 * Validates a source as the API receives it and splits it into settings and secrets.
 * Secrets may be left out when `previous` has them for the same type and method (an admin
 * changing the poll interval does not retype the password).
 * @throws SourceInputError naming every bad field.
 */
export function parseSourceInput(
  raw: unknown,
  previous?: { settings: SourceSettings; secrets: SourceSecrets },
): ParsedSource {
  const v = new Reader('source', previous);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) v.fail('', 'must be an object');
  const input = (raw ?? {}) as Input;
  const type = v.oneOf(input, 'type', SOURCE_TYPES);
  const enabled = v.bool(input, 'enabled') ?? true;
  const pollSeconds = v.int(input, 'pollSeconds', 5, 3600) ?? DEFAULT_POLL_SECONDS;
  let parsed: ParsedSource | undefined;
  if (type === 'imap') parsed = parseImap(v, input, pollSeconds, enabled);
  else if (type === 'microsoft365') parsed = parseMicrosoft365(v, input, pollSeconds, enabled);
  else if (type === 'gmail') parsed = parseGmail(v, input, pollSeconds, enabled);
  v.unknownKeys(input);
  if (Object.keys(v.problems).length || !parsed) throw new SourceInputError(v.problems);
  return parsed;
}

function parseImap(v: Reader, input: Input, pollSeconds: number, enabled: boolean): ParsedSource | undefined {
  v.allow('host', 'port', 'tls', 'folder', 'user', 'password', 'oauth2', 'moveTo');
  const host = v.host(input, 'host');
  const tls = v.oneOf(input, 'tls', IMAP_TLS);
  const port = v.int(input, 'port', 1, 65535) ?? (tls === 'implicit' ? 993 : 143);
  const folder = v.text(input, 'folder', { max: 500 }) ?? 'INBOX';
  const user = v.text(input, 'user', { required: true, max: 320 });
  const moveTo = v.text(input, 'moveTo', { max: 500 }) ?? null;
  if (moveTo !== null && moveTo === folder) v.fail('moveTo', 'must differ from folder');
  const password = v.text(input, 'password', { max: 1000, raw: true });
  const oauth2Input = input.oauth2;
  if (password !== undefined && oauth2Input !== undefined && oauth2Input !== null)
    v.fail('', 'give either password or oauth2, not both');
  const secrets: SourceSecrets = {};
  let oauth2: OAuth2GrantSettings | null = null;
  let auth: ImapSettings['auth'] = 'password';
  if (oauth2Input !== undefined && oauth2Input !== null) {
    auth = 'oauth2';
    const o = v.nested(oauth2Input, 'oauth2');
    if (o) {
      o.allow('tokenUrl', 'clientId', 'clientSecret', 'refreshToken', 'scope');
      const tokenUrl = o.tokenUrl(o.input, 'tokenUrl');
      const clientId = o.text(o.input, 'clientId', { required: true, max: 500 });
      const scope = o.text(o.input, 'scope', { max: 1000 }) ?? null;
      const same = v.previousImap?.auth === 'oauth2' ? v.previous?.secrets : undefined;
      const clientSecret = o.text(o.input, 'clientSecret', { max: 2000, raw: true }) ?? same?.clientSecret;
      const refreshToken = o.text(o.input, 'refreshToken', { max: 8000, raw: true }) ?? same?.refreshToken;
      if (!refreshToken && !clientSecret)
        o.fail('', 'needs a refreshToken (a user grant) or a clientSecret (client credentials)');
      o.unknownKeys(o.input);
      if (tokenUrl && clientId)
        oauth2 = { tokenUrl, clientId, scope, grant: refreshToken ? 'refresh_token' : 'client_credentials' };
      if (clientSecret) secrets.clientSecret = clientSecret;
      if (refreshToken) secrets.refreshToken = refreshToken;
    }
  } else {
    const kept = v.previousImap?.auth === 'password' ? v.previous?.secrets.password : undefined;
    const pass = password ?? kept;
    if (!pass) v.fail('password', 'is required (or an oauth2 grant instead)');
    else secrets.password = pass;
  }
  if (!host || !tls || !user) return undefined;
  return {
    settings: { type: 'imap', host, port, tls, folder, user, auth, oauth2, moveTo, pollSeconds },
    secrets,
    enabled,
  };
}

function parseMicrosoft365(v: Reader, input: Input, pollSeconds: number, enabled: boolean): ParsedSource | undefined {
  v.allow('tenant', 'clientId', 'clientSecret', 'certificate', 'address', 'folder');
  const tenant = v.text(input, 'tenant', { required: true, max: 253 });
  if (tenant && !TENANT.test(tenant)) v.fail('tenant', 'must be a tenant id (GUID) or domain');
  const clientId = v.text(input, 'clientId', { required: true, max: 200 });
  const address = v.address(input, 'address');
  const folder = v.text(input, 'folder', { max: 500 }) ?? 'inbox';
  const clientSecret = v.text(input, 'clientSecret', { max: 2000, raw: true });
  const certificate = v.text(input, 'certificate', { max: 20000, raw: true });
  if (clientSecret !== undefined && certificate !== undefined)
    v.fail('', 'give either clientSecret or certificate, not both');
  if (certificate !== undefined) checkCertificate(v, certificate);
  const previous = v.previous?.settings.type === 'microsoft365' ? v.previous : undefined;
  const auth: Microsoft365Settings['auth'] =
    certificate !== undefined ||
    (clientSecret === undefined &&
      previous?.settings.type === 'microsoft365' &&
      previous.settings.auth === 'certificate')
      ? 'certificate'
      : 'secret';
  const secrets: SourceSecrets = {};
  if (auth === 'certificate') {
    const cert = certificate ?? previous?.secrets.certificate;
    if (!cert) v.fail('certificate', 'is required');
    else secrets.certificate = cert;
  } else {
    const secret =
      clientSecret ??
      (previous?.settings.type === 'microsoft365' && previous.settings.auth === 'secret'
        ? previous.secrets.clientSecret
        : undefined);
    if (!secret) v.fail('clientSecret', 'is required (or a certificate instead)');
    else secrets.clientSecret = secret;
  }
  if (!tenant || !clientId || !address) return undefined;
  return { settings: { type: 'microsoft365', tenant, clientId, address, folder, auth, pollSeconds }, secrets, enabled };
}

function parseGmail(v: Reader, input: Input, pollSeconds: number, enabled: boolean): ParsedSource | undefined {
  v.allow('address', 'serviceAccountKey', 'oauth2');
  const address = v.address(input, 'address');
  const keyInput = input.serviceAccountKey;
  const oauth2Input = input.oauth2;
  const previous =
    v.previous?.settings.type === 'gmail'
      ? (v.previous as { settings: GmailSettings; secrets: SourceSecrets })
      : undefined;
  const secrets: SourceSecrets = {};
  let settings: GmailSettings | undefined;
  if (keyInput !== undefined && oauth2Input !== undefined)
    v.fail('', 'give either serviceAccountKey or oauth2, not both');
  if (oauth2Input !== undefined) {
    const o = v.nested(oauth2Input, 'oauth2');
    if (o) {
      o.allow('clientId', 'clientSecret', 'refreshToken');
      const clientId = o.text(o.input, 'clientId', { required: true, max: 500 });
      const same = previous?.settings.auth === 'oauth2' ? previous.secrets : undefined;
      const clientSecret = o.text(o.input, 'clientSecret', { max: 2000, raw: true }) ?? same?.clientSecret;
      const refreshToken = o.text(o.input, 'refreshToken', { max: 8000, raw: true }) ?? same?.refreshToken;
      if (!clientSecret) o.fail('clientSecret', 'is required');
      if (!refreshToken) o.fail('refreshToken', 'is required');
      o.unknownKeys(o.input);
      Object.assign(secrets, { clientSecret, refreshToken });
      if (address && clientId)
        settings = { type: 'gmail', address, auth: 'oauth2', clientEmail: null, clientId, pollSeconds };
    }
  } else if (keyInput !== undefined) {
    const key = parseServiceAccountKey(v, keyInput);
    if (key && address) {
      Object.assign(secrets, { privateKey: key.privateKey, privateKeyId: key.privateKeyId });
      settings = {
        type: 'gmail',
        address,
        auth: 'serviceAccount',
        clientEmail: key.clientEmail,
        clientId: null,
        pollSeconds,
      };
    }
  } else if (previous && address) {
    // Neither given: keep the stored credentials.
    Object.assign(secrets, previous.secrets);
    settings = { ...previous.settings, address, pollSeconds };
  } else {
    v.fail('serviceAccountKey', 'is required (the JSON key file of a service account), or oauth2 (a user grant)');
  }
  return settings ? { settings, secrets, enabled } : undefined;
}

/** A Google service account key file (JSON, as downloaded, given as a string or an object). */
function parseServiceAccountKey(
  v: Reader,
  input: unknown,
): { clientEmail: string; privateKey: string; privateKeyId: string } | undefined {
  let key: unknown = input;
  if (typeof input === 'string') {
    try {
      key = JSON.parse(input);
    } catch {
      v.fail('serviceAccountKey', 'must be the JSON key file of a service account');
      return undefined;
    }
  }
  const k = (key ?? {}) as Record<string, unknown>;
  if (
    typeof k !== 'object' ||
    k.type !== 'service_account' ||
    typeof k.client_email !== 'string' ||
    typeof k.private_key !== 'string'
  ) {
    v.fail(
      'serviceAccountKey',
      'must be a service account key file (type "service_account" with client_email and private_key)',
    );
    return undefined;
  }
  try {
    createPrivateKey(k.private_key);
  } catch {
    v.fail('serviceAccountKey', 'private_key is not a PEM private key');
    return undefined;
  }
  return {
    clientEmail: k.client_email,
    privateKey: k.private_key,
    privateKeyId: typeof k.private_key_id === 'string' ? k.private_key_id : '',
  };
}

/** The PEM must hold an X.509 certificate and the RSA private key that belongs to it. */
function checkCertificate(v: Reader, pem: string) {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!cert)
    return v.fail('certificate', 'must hold a PEM certificate (-----BEGIN CERTIFICATE-----) and its private key');
  try {
    const x509 = new X509Certificate(cert);
    const key = createPrivateKey(pem.replace(cert, ''));
    if (!x509.checkPrivateKey(key)) v.fail('certificate', 'the private key does not belong to the certificate');
  } catch {
    v.fail('certificate', 'must hold a PEM certificate and its unencrypted PEM private key');
  }
}

/**
 * What the source points at: a change here is another source (new row, new cursor, no
 * dedup against the old one's remote ids); anything else is an edit of the same source.
 */
export function sourceIdentity(s: SourceSettings): string {
  if (s.type === 'imap') return JSON.stringify([s.type, s.host.toLowerCase(), s.port, s.user, s.folder]);
  if (s.type === 'microsoft365')
    return JSON.stringify([s.type, s.tenant.toLowerCase(), s.address.toLowerCase(), s.folder]);
  return JSON.stringify([s.type, s.address.toLowerCase()]);
}

/** Collects problems by field, with small typed readers. */
class Reader {
  readonly problems: Record<string, string[]>;
  private readonly allowed = new Set(['type', 'enabled', 'pollSeconds']);

  constructor(
    private readonly prefix: string,
    readonly previous?: { settings: SourceSettings; secrets: SourceSecrets },
    problems?: Record<string, string[]>,
    readonly input: Input = {},
  ) {
    this.problems = problems ?? {};
  }

  get previousImap(): ImapSettings | undefined {
    return this.previous?.settings.type === 'imap' ? this.previous.settings : undefined;
  }

  fail(key: string, message: string): undefined {
    const field = key ? `${this.prefix}.${key}` : this.prefix;
    (this.problems[field] ??= []).push(message);
    return undefined;
  }

  allow(...keys: string[]) {
    for (const k of keys) this.allowed.add(k);
  }

  unknownKeys(input: Input) {
    for (const k of Object.keys(input)) if (!this.allowed.has(k)) this.fail(k, 'is not a field of this source type');
  }

  nested(value: unknown, key: string): Reader | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(key, 'must be an object');
    const r = new Reader(`${this.prefix}.${key}`, this.previous, this.problems, value as Input);
    r.allowed.clear();
    return r;
  }

  text(o: Input, key: string, opts: { required?: boolean; max: number; raw?: boolean }): string | undefined {
    const value = o[key];
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.fail(key, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') return this.fail(key, 'must be a string');
    const s = opts.raw ? value : value.trim();
    if (s.length > opts.max) return this.fail(key, `must be at most ${opts.max} characters`);
    // eslint-disable-next-line no-control-regex -- control characters would end up in IMAP commands or headers
    if (/[\u0000-\u001f\u007f]/.test(s) && !opts.raw) return this.fail(key, 'must not contain control characters');
    return s;
  }

  int(o: Input, key: string, min: number, max: number): number | undefined {
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      return this.fail(key, `must be a whole number from ${min} to ${max}`);
    return value;
  }

  bool(o: Input, key: string): boolean | undefined {
    const value = o[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.fail(key, 'must be true or false');
    return value;
  }

  oneOf<T extends string>(o: Input, key: string, values: readonly T[]): T | undefined {
    const value = o[key];
    if (value === undefined) return this.fail(key, `is required: one of ${values.join(', ')}`);
    if (!values.includes(value as T)) return this.fail(key, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  host(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 253 });
    if (s === undefined) return undefined;
    if (!HOST.test(s) && !isIP(s)) return this.fail(key, 'must be a host name or an IP address');
    return s.toLowerCase();
  }

  address(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 320 });
    if (s === undefined) return undefined;
    if (!ADDRESS.test(s)) return this.fail(key, 'must be an email address');
    return s.toLowerCase();
  }

  /** https, or http to this machine only (a token endpoint must not be read by the network). */
  tokenUrl(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 2000 });
    if (s === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return this.fail(key, 'must be a URL');
    }
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
      return this.fail(key, 'must be an https URL (http only on this machine)');
    return url.toString();
  }
}
