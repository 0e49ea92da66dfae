import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { GmailOAuth2Input, OAuth2GrantInput, OAuth2GrantView } from '../mail-providers/credentials.view';
import { IMAP_TLS, ImapTls, SourceSettings } from './source-settings';

export const SOURCE_STATUSES = ['ok', 'error', 'disabled'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** What every source reads back with: how fetching goes. Secrets are never part of it. */
class SourceStateView {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    enum: SOURCE_STATUSES,
    enumName: 'SourceStatus',
    description: 'disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError)',
  })
  status!: SourceStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why fetching fails, while it does' })
  lastError!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'Since when fetching has failed' })
  errorSince!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'The last time everything new was fetched' })
  lastFetchedAt!: string | null;
  @ApiProperty({ description: 'Messages that could not be fetched and were skipped (GET …/source/failures)' })
  skippedMessages!: number;
  @ApiProperty({ description: 'Seconds between checks (IMAP: a safety net beside IDLE)' }) pollSeconds!: number;
}

export const PUSH_STATES = ['active', 'polling', 'error'] as const;
export type PushStateName = (typeof PUSH_STATES)[number];

/** Microsoft 365 and Gmail: how change notifications stand, beside the fetching itself. */
class PushStateView extends SourceStateView {
  @ApiProperty({
    enum: PUSH_STATES,
    enumName: 'SourcePushState',
    description:
      'active: the provider notifies us of new mail (polling every 15 min, or pollSeconds if longer, remains as the safety net); ' +
      'polling: push is not configured (see pushError), mail is fetched every pollSeconds; error: push failed ' +
      '(see pushError), mail is fetched every pollSeconds',
  })
  push!: PushStateName;
  @ApiProperty({ type: String, nullable: true, description: 'Why push is not active' })
  pushError!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the subscription (Gmail: watch) runs out unrenewed' })
  pushExpiresAt!: string | null;
}

export class ImapSourceView extends SourceStateView {
  @ApiProperty({ enum: ['imap'] }) type!: 'imap';
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ enum: IMAP_TLS, enumName: 'ImapTls' }) tls!: ImapTls;
  @ApiProperty() folder!: string;
  @ApiProperty() user!: string;
  @ApiProperty({ enum: ['password', 'oauth2'], description: 'A password or an OAuth2 grant (SASL XOAUTH2)' })
  auth!: 'password' | 'oauth2';
  @ApiProperty({ type: OAuth2GrantView, nullable: true }) oauth2!: OAuth2GrantView | null;
  @ApiProperty({ type: String, nullable: true, description: 'Fetched mail is moved here; null: marked \\Seen' })
  moveTo!: string | null;
}

export class Microsoft365SourceView extends PushStateView {
  @ApiProperty({ enum: ['microsoft365'] }) type!: 'microsoft365';
  @ApiProperty() tenant!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'The mailbox Microsoft Graph reads' }) address!: string;
  @ApiProperty() folder!: string;
  @ApiProperty({ enum: ['secret', 'certificate'] }) auth!: 'secret' | 'certificate';
}

export class GmailSourceView extends PushStateView {
  @ApiProperty({ enum: ['gmail'] }) type!: 'gmail';
  @ApiProperty() address!: string;
  @ApiProperty({ enum: ['serviceAccount', 'oauth2'] }) auth!: 'serviceAccount' | 'oauth2';
  @ApiProperty({ type: String, nullable: true, description: 'The service account (domain-wide delegation)' })
  clientEmail!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The OAuth2 client of a user grant' })
  clientId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The Pub/Sub topic Gmail publishes changes to (push)' })
  pushTopic!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The service account the Pub/Sub push subscription authenticates as',
  })
  pushServiceAccount!: string | null;
}

export type MailSourceView = ImapSourceView | Microsoft365SourceView | GmailSourceView;

/** The `source` property of a mailbox, for `@ApiProperty` (the classes go in `@ApiExtraModels`). */
export const SOURCE_VIEW_SCHEMA = {
  oneOf: [ImapSourceView, Microsoft365SourceView, GmailSourceView].map((c) => ({ $ref: getSchemaPath(c) })),
  nullable: true,
  description: 'Where the mailbox fetches its mail from; null: only what the SMTP receiver gets',
};
export const SOURCE_VIEW_MODELS = [ImapSourceView, Microsoft365SourceView, GmailSourceView, OAuth2GrantView];

/** A stored source as the API shows it. */
export interface SourceRowState {
  enabled: boolean;
  mailboxActive: boolean;
  status: 'ok' | 'error';
  lastError: string | null;
  errorSince: Date | null;
  lastFetchedAt: Date | null;
  skipped: number;
  settings: SourceSettings;
  push: { state: PushStateName; error: string | null; expiresAt: Date | null };
}

export function toSourceView(r: SourceRowState): MailSourceView {
  const state = {
    enabled: r.enabled,
    status: (!r.enabled || !r.mailboxActive ? 'disabled' : r.status) as SourceStatus,
    lastError: r.lastError,
    errorSince: r.errorSince?.toISOString() ?? null,
    lastFetchedAt: r.lastFetchedAt?.toISOString() ?? null,
    skippedMessages: r.skipped,
    pollSeconds: r.settings.pollSeconds,
  };
  const s = r.settings;
  const push = {
    push: r.push.state,
    pushError: r.push.error,
    pushExpiresAt: r.push.state === 'active' ? (r.push.expiresAt?.toISOString() ?? null) : null,
  };
  if (s.type === 'imap') {
    const { type, host, port, tls, folder, user, auth, oauth2, moveTo } = s;
    return { ...state, type, host, port, tls, folder, user, auth, oauth2, moveTo };
  }
  if (s.type === 'microsoft365') {
    const { type, tenant, clientId, address, folder, auth } = s;
    return { ...state, ...push, type, tenant, clientId, address, folder, auth };
  }
  const { type, address, auth, clientEmail, clientId } = s;
  const pushTopic = s.pushTopic ?? null;
  const pushServiceAccount = s.pushServiceAccount ?? null;
  return { ...state, ...push, type, address, auth, clientEmail, clientId, pushTopic, pushServiceAccount };
}

/** A message a source could not fetch. */
export class SourceFailureView {
  @ApiProperty({ description: 'IMAP: UIDVALIDITY:UID; Graph and Gmail: the message id' }) remoteId!: string;
  @ApiProperty({ enum: ['retrying', 'skipped'] }) state!: 'retrying' | 'skipped';
  @ApiProperty() reason!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty(DATE_TIME) firstFailedAt!: string;
  @ApiProperty(DATE_TIME) lastFailedAt!: string;
}

// ---- Input shapes, for the OpenAPI document (validated by parseSourceInput) ----

class SourceInputBase {
  @ApiPropertyOptional({ default: true }) enabled?: boolean;
  @ApiPropertyOptional({ minimum: 5, maximum: 3600, default: 60, description: 'Seconds between checks' })
  pollSeconds?: number;
}

export class ImapSourceInput extends SourceInputBase {
  @ApiProperty({ enum: ['imap'] }) type!: 'imap';
  @ApiProperty({ example: 'imap.example.com' }) host!: string;
  @ApiPropertyOptional({ description: 'Default 993 with implicit TLS, else 143' }) port?: number;
  @ApiProperty({ enum: IMAP_TLS, enumName: 'ImapTls' }) tls!: ImapTls;
  @ApiPropertyOptional({ default: 'INBOX' }) folder?: string;
  @ApiProperty() user!: string;
  @ApiPropertyOptional({
    description: 'Secret; write-only. Leave out on an update to keep the stored one; or give oauth2 instead',
  })
  password?: string;
  @ApiPropertyOptional({
    type: OAuth2GrantInput,
    description: 'An OAuth2 grant for SASL XOAUTH2, instead of a password',
  })
  oauth2?: OAuth2GrantInput;
  @ApiPropertyOptional({ description: 'Move fetched mail to this folder instead of marking it \\Seen' })
  moveTo?: string;
}

export class Microsoft365SourceInput extends SourceInputBase {
  @ApiProperty({ enum: ['microsoft365'] }) type!: 'microsoft365';
  @ApiProperty({ description: 'Directory (tenant) id or domain' }) tenant!: string;
  @ApiProperty({ description: 'Application (client) id of the app registration (Mail.ReadWrite, application)' })
  clientId!: string;
  @ApiPropertyOptional({ description: 'Client secret; write-only. Or certificate' }) clientSecret?: string;
  @ApiPropertyOptional({ description: 'PEM certificate and its private key; write-only. Or clientSecret' })
  certificate?: string;
  @ApiProperty({ example: 'support@example.com' }) address!: string;
  @ApiPropertyOptional({ default: 'inbox' }) folder?: string;
}

export class GmailSourceInput extends SourceInputBase {
  @ApiProperty({ enum: ['gmail'] }) type!: 'gmail';
  @ApiProperty({ example: 'support@example.com' }) address!: string;
  @ApiPropertyOptional({
    description: 'The JSON key file of a service account with domain-wide delegation (scope gmail.modify); write-only',
  })
  serviceAccountKey?: string;
  @ApiPropertyOptional({ type: GmailOAuth2Input, description: "A user's OAuth2 grant instead of a service account" })
  oauth2?: GmailOAuth2Input;
  @ApiPropertyOptional({
    example: 'projects/my-project/topics/gmail',
    description:
      'Push: the Pub/Sub topic Gmail publishes to (gmail-api-push@system.gserviceaccount.com may publish); ' +
      'its push subscription delivers to {HELPDESK_PUBLIC_URL}/api/v1/mail-push/gmail with authentication on',
  })
  pushTopic?: string;
  @ApiPropertyOptional({ description: 'With pushTopic: the service account the push subscription authenticates as' })
  pushServiceAccount?: string;
}

export const SOURCE_INPUT_MODELS = [ImapSourceInput, Microsoft365SourceInput, GmailSourceInput];
export const SOURCE_INPUT_SCHEMA = {
  oneOf: SOURCE_INPUT_MODELS.map((c) => ({ $ref: getSchemaPath(c) })),
  nullable: true,
  description: 'Fetch mail from IMAP, Microsoft 365 or Gmail; null removes the source',
};
