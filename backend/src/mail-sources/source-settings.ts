import {
  PasswordOrGrant,
  Previous,
  ProviderSecrets,
  readGoogleAccount,
  readMicrosoftApp,
  readPasswordOrGrant,
} from '../mail-providers/credentials';
import type { GoogleAccount } from '../mail-providers/gmail-api';
import type { MicrosoftApp } from '../mail-providers/microsoft-graph';
import { Input, SettingsInputError, SettingsReader } from '../mail-providers/settings-reader';

/** Where a mailbox's mail can be fetched from (DESIGN.md section 11). */
export const SOURCE_TYPES = ['imap', 'microsoft365', 'gmail'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** `implicit`: TLS from the first byte (port 993); `starttls`: upgraded, and required (RFC 3501 6.2.1); `none`: plain. */
export const IMAP_TLS = ['implicit', 'starttls', 'none'] as const;
export type ImapTls = (typeof IMAP_TLS)[number];

export interface ImapSettings extends PasswordOrGrant {
  type: 'imap';
  host: string;
  port: number;
  tls: ImapTls;
  folder: string;
  user: string;
  /** Fetched mail is moved here instead of being marked \Seen. */
  moveTo: string | null;
  pollSeconds: number;
}

export interface Microsoft365Settings extends MicrosoftApp {
  type: 'microsoft365';
  /** The mailbox Graph reads: `/users/{address}`. */
  address: string;
  /** A well-known folder name (`inbox`) or a folder id. */
  folder: string;
  pollSeconds: number;
}

export interface GmailSettings extends GoogleAccount {
  type: 'gmail';
  pollSeconds: number;
  /**
   * Push: the Cloud Pub/Sub topic Gmail publishes the mailbox's changes to
   * (`projects/{project}/topics/{topic}`), null for polling only. Absent on sources stored before.
   */
  pushTopic?: string | null;
  /** The service account the push subscription signs its requests as (the OIDC token's `email`). */
  pushServiceAccount?: string | null;
}

export type SourceSettings = ImapSettings | Microsoft365Settings | GmailSettings;

/** What is stored encrypted; never returned by the API. */
export type SourceSecrets = ProviderSecrets;

export interface ParsedSource {
  settings: SourceSettings;
  secrets: SourceSecrets;
  enabled: boolean;
}

export const DEFAULT_POLL_SECONDS = 60;

/**
 * Validates a source as the API receives it and splits it into settings and secrets.
 * Secrets may be left out when `previous` has them for the same type and method (an admin
 * changing the poll interval does not retype the password).
 * @throws SettingsInputError naming every bad field (`source.host`, …).
 */
export function parseSourceInput(raw: unknown, previous?: Previous<SourceSettings>): ParsedSource {
  const v = new SettingsReader('source', ['type', 'enabled', 'pollSeconds']);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) v.fail('', 'must be an object');
  const input = (raw ?? {}) as Input;
  const type = v.oneOf(input, 'type', SOURCE_TYPES);
  const enabled = v.bool(input, 'enabled') ?? true;
  const pollSeconds = v.int(input, 'pollSeconds', 5, 3600) ?? DEFAULT_POLL_SECONDS;
  const same = <T extends SourceSettings>(t: T['type']) =>
    previous?.settings.type === t ? (previous as Previous<T>) : undefined;
  let parsed: { settings: SourceSettings; secrets: SourceSecrets } | undefined;
  if (type === 'imap') parsed = parseImap(v, input, pollSeconds, same<ImapSettings>('imap'));
  else if (type === 'microsoft365')
    parsed = parseMicrosoft365(v, input, pollSeconds, same<Microsoft365Settings>('microsoft365'));
  else if (type === 'gmail') parsed = parseGmail(v, input, pollSeconds, same<GmailSettings>('gmail'));
  v.unknownKeys(input);
  v.check();
  if (!parsed) throw new SettingsInputError({ source: ['is incomplete'] });
  return { ...parsed, enabled };
}

function parseImap(v: SettingsReader, input: Input, pollSeconds: number, previous?: Previous<ImapSettings>) {
  v.allow('host', 'port', 'tls', 'folder', 'user', 'moveTo');
  const host = v.host(input, 'host');
  const tls = v.oneOf(input, 'tls', IMAP_TLS);
  const port = v.int(input, 'port', 1, 65535) ?? (tls === 'implicit' ? 993 : 143);
  const folder = v.text(input, 'folder', { max: 500 }) ?? 'INBOX';
  const user = v.text(input, 'user', { required: true, max: 320 });
  const moveTo = v.text(input, 'moveTo', { max: 500 }) ?? null;
  if (moveTo !== null && moveTo === folder) v.fail('moveTo', 'must differ from folder');
  const auth = readPasswordOrGrant(v, input, previous);
  if (!host || !tls || !user || !auth) return undefined;
  const settings: ImapSettings = { type: 'imap', host, port, tls, folder, user, ...auth.settings, moveTo, pollSeconds };
  return { settings, secrets: auth.secrets };
}

function parseMicrosoft365(
  v: SettingsReader,
  input: Input,
  pollSeconds: number,
  previous?: Previous<Microsoft365Settings>,
) {
  v.allow('address', 'folder');
  const app = readMicrosoftApp(v, input, previous);
  const address = v.address(input, 'address');
  const folder = v.text(input, 'folder', { max: 500 }) ?? 'inbox';
  if (!app || !address) return undefined;
  const settings: Microsoft365Settings = { type: 'microsoft365', ...app.settings, address, folder, pollSeconds };
  return { settings, secrets: app.secrets };
}

const PUBSUB_TOPIC = /^projects\/[a-z][a-z0-9.:-]{0,99}\/topics\/[A-Za-z][\w.~+%-]{2,254}$/;

function parseGmail(v: SettingsReader, input: Input, pollSeconds: number, previous?: Previous<GmailSettings>) {
  v.allow('address', 'pushTopic', 'pushServiceAccount');
  const address = v.address(input, 'address');
  const account = readGoogleAccount(v, input, address, previous);
  const pushTopic = v.text(input, 'pushTopic', { max: 400 }) ?? null;
  if (pushTopic !== null && !PUBSUB_TOPIC.test(pushTopic))
    v.fail('pushTopic', 'must be a Pub/Sub topic name: projects/{project}/topics/{topic}');
  const pushServiceAccount = pushTopic === null ? null : (v.address(input, 'pushServiceAccount') ?? null);
  if (pushTopic === null && input.pushServiceAccount !== undefined && input.pushServiceAccount !== null)
    v.fail('pushServiceAccount', 'needs pushTopic');
  if (!account) return undefined;
  const settings: GmailSettings = { type: 'gmail', ...account.settings, pollSeconds, pushTopic, pushServiceAccount };
  return { settings, secrets: account.secrets };
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
