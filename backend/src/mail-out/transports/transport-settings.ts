import {
  PasswordOrGrant,
  Previous,
  ProviderSecrets,
  readGoogleAccount,
  readMicrosoftApp,
  readPasswordOrGrant,
} from '../../mail-providers/credentials';
import type { GoogleAccount } from '../../mail-providers/gmail-api';
import type { MicrosoftApp } from '../../mail-providers/microsoft-graph';
import { Input, SettingsInputError, SettingsReader } from '../../mail-providers/settings-reader';

/** How a mailbox sends, besides the global relay (the default, `transport: null`). */
export const TRANSPORT_TYPES = ['smtp', 'microsoft365', 'gmail'] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

/**
 * `implicit`: TLS from the first byte (port 465, RFC 8314); `starttls`: upgraded, and required
 * (RFC 3207); `none`: plain (a server on this machine or a trusted network).
 */
export const SMTP_TLS = ['implicit', 'starttls', 'none'] as const;
export type SmtpTls = (typeof SMTP_TLS)[number];

/** A submission server: password (AUTH PLAIN/LOGIN) or SASL XOAUTH2 with a token from an OAuth2 grant. */
export interface SmtpTransportSettings extends PasswordOrGrant {
  type: 'smtp';
  host: string;
  port: number;
  tls: SmtpTls;
  user: string;
}

/** Microsoft Graph `sendMail` as `address` (application permission Mail.Send). */
export interface Microsoft365TransportSettings extends MicrosoftApp {
  type: 'microsoft365';
  address: string;
}

/** The Gmail API `users.messages.send` as `address` (scope gmail.send). */
export interface GmailTransportSettings extends GoogleAccount {
  type: 'gmail';
}

export type TransportSettings = SmtpTransportSettings | Microsoft365TransportSettings | GmailTransportSettings;

export interface ParsedTransport {
  settings: TransportSettings;
  secrets: ProviderSecrets;
}

/**
 * Validates a transport as the API receives it and splits it into settings and secrets
 * (stored sealed). Secrets may be left out when `previous` has them for the same type and
 * method.
 * @throws SettingsInputError naming every bad field (`transport.host`, …).
 */
export function parseTransportInput(raw: unknown, previous?: Previous<TransportSettings>): ParsedTransport {
  const v = new SettingsReader('transport', ['type']);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) v.fail('', 'must be an object');
  const input = (raw ?? {}) as Input;
  const type = v.oneOf(input, 'type', TRANSPORT_TYPES);
  const same = <T extends TransportSettings>(t: T['type']) =>
    previous?.settings.type === t ? (previous as Previous<T>) : undefined;
  let parsed: ParsedTransport | undefined;
  if (type === 'smtp') parsed = parseSmtp(v, input, same<SmtpTransportSettings>('smtp'));
  else if (type === 'microsoft365') {
    v.allow('address');
    const app = readMicrosoftApp(v, input, same<Microsoft365TransportSettings>('microsoft365'));
    const address = v.address(input, 'address');
    if (app && address) parsed = { settings: { type, ...app.settings, address }, secrets: app.secrets };
  } else if (type === 'gmail') {
    v.allow('address');
    const address = v.address(input, 'address');
    const account = readGoogleAccount(v, input, address, same<GmailTransportSettings>('gmail'));
    if (account) parsed = { settings: { type, ...account.settings }, secrets: account.secrets };
  }
  v.unknownKeys(input);
  v.check();
  if (!parsed) throw new SettingsInputError({ transport: ['is incomplete'] });
  return parsed;
}

function parseSmtp(
  v: SettingsReader,
  input: Input,
  previous: Previous<SmtpTransportSettings> | undefined,
): ParsedTransport | undefined {
  v.allow('host', 'port', 'tls', 'user');
  const host = v.host(input, 'host');
  const tls = v.oneOf(input, 'tls', SMTP_TLS);
  const port = v.int(input, 'port', 1, 65535) ?? (tls === 'implicit' ? 465 : 587);
  const user = v.text(input, 'user', { required: true, max: 320 });
  const auth = readPasswordOrGrant(v, input, previous);
  if (!host || !tls || !user || !auth) return undefined;
  return { settings: { type: 'smtp', host, port, tls, user, ...auth.settings }, secrets: auth.secrets };
}
