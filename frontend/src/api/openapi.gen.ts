// Generated from openapi.json by scripts/generate-api-types.mjs (npm run api-types); do not edit.
// Every schema of the API: request bodies (…Dto), answers (…View) and enums; then `paths`, every route.

/** A page of a list route; pass `nextCursor` as `cursor` for the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ActorView {
  type: AuthorType;
  id: number | null;
  name: string | null;
}

export interface AddMessageDto {
  body: string;
  /** true for an internal note, false for a public reply */
  internal?: boolean;
  /** Status to set with this message ("send and set status") */
  status?: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  /** Ids of files uploaded with POST /attachments, sent with a public reply */
  attachmentIds?: number[];
  /** Ids of agents to notify by email */
  mentions?: number[];
}

export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  /** First characters of the token, so a person can tell tokens apart */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Set once revoked; a revoked token no longer signs in */
  revokedAt: string | null;
}

export interface AttachmentView {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  /** An inline image of the HTML body (cid:) */
  inline: boolean;
  url: string;
}

export interface AuditLogEntryView {
  id: number;
  /** The admin who acted */
  actorId: number | null;
  /** `<target>.<verb>`, e.g. user.update, sso_provider.create, licence.install */
  action: string;
  /** user, group, mailbox, relay, mail_template, sso_provider, licence, … */
  targetType: string;
  /** Null for a singleton (relay, licence, a policy) */
  targetId: string | null;
  /** Changed fields: `{field: {before, after}}` */
  changes: Record<string, {
    before?: unknown;
    after?: unknown;
  }>;
  /** Client IP (per HELPDESK_TRUST_PROXY) */
  ip: string | null;
  createdAt: string;
}

export type AuthorType = "user" | "customer" | "system";

export interface AuthorView {
  type: AuthorType;
  id: number | null;
  name: string | null;
  email: string | null;
}

export interface BulkChangesDto {
  status?: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority?: "low" | "normal" | "high" | "urgent";
  assigneeId?: number | null;
  groupId?: number | null;
  /** Tags to add to each ticket */
  addTags?: string[];
  /** Tags to remove from each ticket */
  removeTags?: string[];
}

export interface BulkFailureView {
  id: number;
  /** The HTTP status the single-ticket update would have answered */
  statusCode: number;
  message: string;
}

export interface BulkResultView {
  /** Tickets changed */
  updated: number[];
  /** Tickets left as they were, and why */
  failed: BulkFailureView[];
}

export interface BulkUpdateDto {
  ids: number[];
  changes: BulkChangesDto;
}

export interface CannedResponseView {
  id: number;
  title: string;
  /** Plain text with {{…}} placeholders the UI fills in */
  body: string;
  /** The user who created it; null once that user is deleted */
  createdBy: number | null;
  /** The user who last changed it; null once that user is deleted */
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactFormDto {
  name: string;
  email: string;
  subject: string;
  message: string;
  /** Leave empty: a field hidden from people, which bots fill in */
  website?: string;
}

export interface ContactReceiptView {
  ticketNumber: number | null;
  /** The magic link to the ticket's public conversation */
  portalUrl: string | null;
}

export interface CreateCannedResponseDto {
  title: string;
  /** Plain text; placeholders the UI fills in: {{customer.name}}, {{customer.firstName}}, {{customer.email}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}} */
  body: string;
}

export interface CreateCustomerDto {
  email: string;
  name?: string;
}

export interface CreatedApiTokenView extends ApiTokenView {
  /** The token to send as `Authorization: Bearer <token>`; shown only this once */
  token: string;
}

export interface CreateGroupDto {
  name: string;
  description?: string;
  memberIds?: number[];
}

export interface CreateMailboxDto extends UpdateMailboxDto {
  /** An address, or @example.com for every address of a domain */
  address: string;
}

export interface CreateSavedViewDto {
  name: string;
  /** Query parameters of GET /api/v1/tickets as strings (status, priority, assigneeId, groupId, requesterId, tag, q, sort, order) */
  filters: Record<string, string>;
  /** Visible to every agent */
  shared?: boolean;
}

export interface CreateSsoProviderDto {
  /** Shown on the sign-in page as "Sign in with <name>" */
  name: string;
  /** Issuer URL; its /.well-known/openid-configuration is read (https, or http on a loopback address for testing) */
  issuer: string;
  clientId: string;
  /** Write-only: stored encrypted, never returned. Null or absent: a public client (PKCE only) */
  clientSecret?: string | null;
  /** The ID token claim that carries the email (e.g. email, preferred_username, upn) */
  emailClaim?: string;
  /** Only these email domains may sign in through this provider; empty: any */
  allowedDomains?: string[];
  /** Unknown people who sign in become agents (within the licence seats); otherwise an admin creates them first */
  autoCreateAgents?: boolean;
  /** The only way in for agents (password sign-in stays for admins, as a break-glass path) */
  enforced?: boolean;
}

export interface CreateTicketDto {
  subject: string;
  /** Plain text of the first message */
  body: string;
  requester: CustomerRefDto;
  priority?: "low" | "normal" | "high" | "urgent";
  groupId?: number;
  assigneeId?: number;
  tags?: string[];
}

export interface CreateTokenDto {
  name: string;
}

export interface CreateUserDto {
  /** Job title, for signatures ({{agent.title}}) */
  title?: string;
  /** Plain text, added to emailed replies above the mailbox signature */
  signature?: string;
  email: string;
  name: string;
  role: "admin" | "agent";
  password: string;
}

export interface CustomerRefDto {
  email: string;
  name?: string;
}

export interface CustomerView {
  id: number;
  /** Lower-cased; unique */
  email: string;
  /** Empty when unknown */
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryView {
  outboundId: number;
  status: OutboundStatus;
  reason: string | null;
  attempts: number;
  updatedAt: string;
}

export interface DisableTotpDto {
  password: string;
  /** A current code of the authenticator app, or an unused recovery code */
  code: string;
}

export interface DkimKeyView {
  /** Mail whose From address is in this domain is signed */
  domain: string;
  selector: string;
  algorithm: "rsa" | "ed25519";
  /** Where the TXT record goes */
  dnsName: string;
  /** The TXT record to publish (RFC 6376 3.6.1) */
  dnsValue: string;
  createdAt: string;
  updatedAt: string;
}

export interface GmailOAuth2Input {
  clientId: string;
  /** Secret; write-only */
  clientSecret?: string;
  /** Secret; write-only */
  refreshToken?: string;
}

export interface GmailSourceInput {
  enabled?: boolean;
  /** Seconds between checks */
  pollSeconds?: number;
  type: "gmail";
  address: string;
  /** The JSON key file of a service account with domain-wide delegation (scope gmail.modify); write-only */
  serviceAccountKey?: string;
  /** A user's OAuth2 grant instead of a service account */
  oauth2?: GmailOAuth2Input;
}

export interface GmailSourceView extends GmailTransportView {
  enabled: boolean;
  /** disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError) */
  status: SourceStatus;
  /** Why fetching fails, while it does */
  lastError: string | null;
  /** Since when fetching has failed */
  errorSince: string | null;
  /** The last time everything new was fetched */
  lastFetchedAt: string | null;
  /** Messages that could not be fetched and were skipped (GET …/source/failures) */
  skippedMessages: number;
  /** Seconds between checks (IMAP: a safety net beside IDLE) */
  pollSeconds: number;
}

export interface GmailTransportInput {
  type: "gmail";
  address: string;
  /** The JSON key file of a service account with domain-wide delegation (scope gmail.send); write-only */
  serviceAccountKey?: string;
  /** A user's OAuth2 grant instead of a service account */
  oauth2?: GmailOAuth2Input;
}

export interface GmailTransportView {
  type: "gmail";
  address: string;
  auth: "serviceAccount" | "oauth2";
  /** The service account (domain-wide delegation) */
  clientEmail: string | null;
  /** The OAuth2 client of a user grant */
  clientId: string | null;
}

export interface GroupView {
  id: number;
  name: string;
  /** Empty when none was given */
  description: string;
  /** The member users, ascending */
  memberIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface ImapSourceInput {
  enabled?: boolean;
  /** Seconds between checks */
  pollSeconds?: number;
  type: "imap";
  host: string;
  /** Default 993 with implicit TLS, else 143 */
  port?: number;
  tls: ImapTls;
  folder?: string;
  user: string;
  /** Secret; write-only. Leave out on an update to keep the stored one; or give oauth2 instead */
  password?: string;
  /** An OAuth2 grant for SASL XOAUTH2, instead of a password */
  oauth2?: OAuth2GrantInput;
  /** Move fetched mail to this folder instead of marking it \Seen */
  moveTo?: string;
}

export interface ImapSourceView {
  enabled: boolean;
  /** disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError) */
  status: SourceStatus;
  /** Why fetching fails, while it does */
  lastError: string | null;
  /** Since when fetching has failed */
  errorSince: string | null;
  /** The last time everything new was fetched */
  lastFetchedAt: string | null;
  /** Messages that could not be fetched and were skipped (GET …/source/failures) */
  skippedMessages: number;
  /** Seconds between checks (IMAP: a safety net beside IDLE) */
  pollSeconds: number;
  type: "imap";
  host: string;
  port: number;
  tls: ImapTls;
  folder: string;
  user: string;
  /** A password or an OAuth2 grant (SASL XOAUTH2) */
  auth: "password" | "oauth2";
  oauth2: OAuth2GrantView | null;
  /** Fetched mail is moved here; null: marked \Seen */
  moveTo: string | null;
}

export type ImapTls = "implicit" | "starttls" | "none";

export interface InboundMessageView {
  id: number;
  status: InboundStatus;
  /** The mailbox it was addressed to, when one matched */
  mailboxId: number | null;
  /** Size of the raw message in bytes */
  size: number;
  /** SMTP MAIL FROM; empty for a null sender (bounces) */
  envelopeFrom: string;
  /** SMTP RCPT TO */
  envelopeTo: string[];
  peerIp: string | null;
  helo: string | null;
  tls: boolean;
  receivedAt: string;
  processedAt: string | null;
  attempts: number;
  /** Why it was rejected, or the last processing error */
  reason: string | null;
  ticketId: number | null;
  messageId: number | null;
}

export type InboundStatus = "received" | "processed" | "rejected";

export interface InstallLicenceDto {
  /** The licence text, HDL1.<payload>.<signature> */
  key: string;
}

/** env: set by HELPDESK_LICENCE_KEY (read-only through the API); settings: installed through the API */
export type LicenceSource = "env" | "settings";

export type LicenceStatus = "free" | "licensed" | "updates_expired" | "invalid";

export interface LicenceView {
  status: LicenceStatus;
  /** Null without a valid licence */
  licensee: LicenseeView | null;
  /** The vendor's id for this licence */
  licenceId: string | null;
  /** The active-agent limit in force: the licence's seats, else the free tier's 3 */
  seats: number;
  /** The seats the licence names */
  licensedSeats: number | null;
  /** Active users now */
  seatsUsed: number;
  /** YYYY-MM-DD: builds released after this day are not covered */
  updatesUntil: string | null;
  /** YYYY-MM-DD */
  issuedAt: string | null;
  features: string[];
  /** This build's version */
  version: string;
  /** YYYY-MM-DD: the day this build was released */
  releaseDate: string;
  /** What an admin should know, or null when all is well */
  notice: string | null;
  /** env: set by HELPDESK_LICENCE_KEY (read-only through the API); settings: installed through the API */
  source: LicenceSource | null;
}

export interface LicenseeView {
  name: string;
  email: string;
}

export interface LoginDto {
  email: string;
  password: string;
}

export interface LoginTotpDto {
  /** The `challenge` POST /auth/login answered */
  challenge: string;
  /** A current code of the authenticator app, or an unused recovery code */
  code: string;
}

export interface LoginView {
  user: UserView;
  /** Send as the X-CSRF-Token header on every unsafe request of this session */
  csrfToken: string;
  /** The admins require two-factor sign-in and this user has none: only GET /auth/me, POST /auth/logout and the /auth/me/totp enrolment routes answer (others: 403 with reason 'totp_enrolment_required') until it is set up */
  mustEnrolTotp: boolean;
}

export interface MailboxView {
  id: number;
  /** An address, or @example.com for every address of a domain */
  address: string;
  /** Empty when not set */
  displayName: string;
  defaultGroupId: number | null;
  /** Address replies are sent from; null: the mailbox address */
  outboundFrom: string | null;
  active: boolean;
  /** Plain text added to replies sent from this mailbox, below the agent's own; {{agent.name}}, {{agent.title}}, {{agent.email}}, {{agent.signature}} and {{mailbox.name}} are filled in */
  signature: string;
  /** Where the mailbox fetches its mail from; null: only what the SMTP receiver gets */
  source: ImapSourceView | Microsoft365SourceView | GmailSourceView | null;
  /** How the mailbox sends; null: through the global relay */
  transport: SmtpTransportView | Microsoft365TransportView | GmailTransportView | null;
  createdAt: string;
  updatedAt: string;
}

/** Automatic mail: never reopens a ticket, never answered */
export type MailFlag = "auto_reply" | "bounce" | "list";

export interface MailHeadersView {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  /** Automatic mail: never reopens a ticket, never answered */
  flags: MailFlag[];
}

export type MailTemplateKey = "customer_acknowledgement" | "agent_assigned" | "agent_customer_replied" | "agent_mentioned" | "admin_source_failing";

export interface MailTemplateView {
  key: MailTemplateKey;
  subject: string;
  /** Plain text with {{placeholders}} */
  body: string;
  /** The placeholders this template may use, e.g. ticket.number */
  placeholders: string[];
}

export type MessageChannel = "email" | "web" | "note" | "system";

export interface MessageView {
  id: number;
  ticketId: number;
  internal: boolean;
  visibility: MessageVisibility;
  channel: MessageChannel;
  author: AuthorView;
  /** What was written, without quoted history */
  bodyText: string;
  /** Sanitised HTML of a mail */
  bodyHtml: string | null;
  /** The whole text including quoted history, for mail; null when it equals bodyText */
  fullText: string | null;
  mail: MailHeadersView | null;
  attachments: AttachmentView[];
  /** The email of a public reply; null when not emailed */
  delivery: DeliveryView | null;
  createdAt: string;
}

export type MessageVisibility = "public" | "internal";

export interface Microsoft365SourceInput {
  enabled?: boolean;
  /** Seconds between checks */
  pollSeconds?: number;
  type: "microsoft365";
  /** Directory (tenant) id or domain */
  tenant: string;
  /** Application (client) id of the app registration (Mail.ReadWrite, application) */
  clientId: string;
  /** Client secret; write-only. Or certificate */
  clientSecret?: string;
  /** PEM certificate and its private key; write-only. Or clientSecret */
  certificate?: string;
  address: string;
  folder?: string;
}

export interface Microsoft365SourceView {
  enabled: boolean;
  /** disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError) */
  status: SourceStatus;
  /** Why fetching fails, while it does */
  lastError: string | null;
  /** Since when fetching has failed */
  errorSince: string | null;
  /** The last time everything new was fetched */
  lastFetchedAt: string | null;
  /** Messages that could not be fetched and were skipped (GET …/source/failures) */
  skippedMessages: number;
  /** Seconds between checks (IMAP: a safety net beside IDLE) */
  pollSeconds: number;
  type: "microsoft365";
  tenant: string;
  clientId: string;
  /** The mailbox Microsoft Graph reads */
  address: string;
  folder: string;
  auth: "secret" | "certificate";
}

export interface Microsoft365TransportInput {
  type: "microsoft365";
  /** Directory (tenant) id or domain */
  tenant: string;
  /** Application (client) id of the app registration (Mail.Send, application) */
  clientId: string;
  /** Client secret; write-only. Or certificate */
  clientSecret?: string;
  /** PEM certificate and its private key; write-only. Or clientSecret */
  certificate?: string;
  /** The mailbox to send as */
  address: string;
}

export interface Microsoft365TransportView {
  type: "microsoft365";
  tenant: string;
  clientId: string;
  /** The mailbox Microsoft Graph sends as */
  address: string;
  auth: "secret" | "certificate";
}

export interface OAuth2GrantInput {
  tokenUrl: string;
  clientId: string;
  /** Secret; write-only */
  clientSecret?: string;
  /** A user's refresh token (else: client credentials). Secret; write-only */
  refreshToken?: string;
  scope?: string;
}

export interface OAuth2GrantView {
  tokenUrl: string;
  clientId: string;
  scope: string | null;
  grant: "refresh_token" | "client_credentials";
}

export type OutboundKind = "reply" | "customer_acknowledgement" | "agent_assigned" | "agent_customer_replied" | "agent_mentioned" | "admin_source_failing";

export interface OutboundMessageView {
  id: number;
  kind: OutboundKind;
  /** null for a notice to admins about no ticket */
  ticketId: number | null;
  /** The ticket message a reply sends; null for automatic mail */
  messageId: number | null;
  status: OutboundStatus;
  /** Why it waits, was held or failed; null when sent cleanly */
  reason: string | null;
  attempts: number;
  /** The Message-ID header */
  mailMessageId: string;
  from: string;
  /** Empty when none */
  fromName: string;
  to: string[];
  cc: string[];
  subject: string;
  /** Automatic mail (Auto-Submitted), not a person's reply */
  automatic: boolean;
  /** The relay's (or the mailbox transport's) last answer */
  relayResponse: string | null;
  /** What it was last sent through: the global relay, or the mailbox's own transport; null before then */
  transport: OutboundTransport | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export type OutboundStatus = "queued" | "sending" | "sent" | "failed" | "held";

/** What it was last sent through: the global relay, or the mailbox's own transport; null before then */
export type OutboundTransport = "relay" | "smtp" | "microsoft365" | "gmail";

export interface PortalAttachmentView {
  id: number;
  filename: string;
  contentType: string;
  /** Bytes */
  size: number;
  /** Download address, valid as long as the link */
  url: string;
}

export type PortalAuthorKind = "agent" | "customer";

export interface PortalAuthorView {
  name: string;
  kind: PortalAuthorKind;
}

export interface PortalConversationView {
  ticket: PortalTicketView;
  /** Oldest first */
  messages: PortalMessageView[];
}

export interface PortalFollowUpView {
  ticketNumber: number;
  portalUrl: string;
}

export interface PortalLinkView {
  url: string;
  expiresAt: string;
}

export interface PortalMessageView {
  id: number;
  author: PortalAuthorView;
  bodyText: string;
  /** Sanitised HTML, without inline images; null for a plain-text message */
  bodyHtml: string | null;
  /** Its files (not the inline images of its HTML) */
  attachments: PortalAttachmentView[];
  createdAt: string;
}

export interface PortalReplyDto {
  body: string;
}

export interface PortalReplyView extends PortalMessageView {
  /** Set when the ticket was closed and the reply started a follow-up ticket */
  followUp: PortalFollowUpView | null;
}

export interface PortalTicketView {
  number: number;
  subject: string;
  status: TicketStatus;
  createdAt: string;
}

export interface PostedMessageView extends MessageView {
  /** The ticket after the message (status changes included) */
  ticket: TicketView;
}

export interface PublicSsoProviderView {
  id: number;
  /** Shown as "Sign in with <name>" */
  name: string;
  /** Agents can only sign in this way */
  enforced: boolean;
  /** Where the browser goes to sign in (GET) */
  startUrl: string;
}

export interface RecoveryCodesView {
  /** Ten one-time codes, shown this once */
  recoveryCodes: string[];
}

export interface RelaySettingView {
  /** null (and source null): no relay; mail waits in the outbox */
  url: string | null;
  /** Where the relay comes from: env (SMTP_RELAY_URL, not changeable through the API) or settings (saved through the API) */
  source: RelaySource | null;
}

/** Where the relay comes from: env (SMTP_RELAY_URL, not changeable through the API) or settings (saved through the API) */
export type RelaySource = "env" | "settings";

export interface ReplySignatureView {
  /** As the text part of the mail has it */
  text: string | null;
  /** As the HTML part of the mail has it (escaped) */
  html: string | null;
}

export interface RequesterRefView {
  id: number;
  email: string;
  name: string | null;
}

export interface SavedViewView {
  id: number;
  name: string;
  /** Query parameters of GET /api/v1/tickets as strings (status, priority, assigneeId, groupId, requesterId, tag, q, sort, order) */
  filters: Record<string, string>;
  /** Visible to every agent */
  shared: boolean;
  ownerId: number;
  /** Tickets matching the filters (assigneeId "me" meaning the caller); 1000 when countCapped */
  count: number;
  /** More than 1000 tickets match: show the count as "1000+" */
  countCapped: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SessionInfoView {
  id: number;
  createdAt: string;
  /** Last request, to the minute */
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  method: "password" | "sso";
  /** The session making this request */
  current: boolean;
}

export interface SessionView {
  user: UserView;
  /** The session's CSRF token; null when signed in with an API token */
  csrfToken: string | null;
  /** The admins require two-factor sign-in and this user has none: only GET /auth/me, POST /auth/logout and the /auth/me/totp enrolment routes answer (others: 403 with reason 'totp_enrolment_required') until it is set up */
  mustEnrolTotp: boolean;
}

export interface SetDkimKeyDto {
  /** The selector (s=) the public key is published under */
  selector: string;
  /** PEM private key (RSA of at least 1024 bits, or Ed25519), e.g. from a Kubernetes Secret; write-only. Left out: the help desk generates an RSA 2048 key */
  privateKey?: string;
}

export type SmtpTls = "implicit" | "starttls" | "none";

export interface SmtpTransportInput {
  type: "smtp";
  host: string;
  /** Default 465 with implicit TLS, else 587 */
  port?: number;
  tls: SmtpTls;
  user: string;
  /** Secret; write-only. Leave out on an update to keep the stored one; or give oauth2 instead */
  password?: string;
  /** An OAuth2 grant for SASL XOAUTH2, instead of a password */
  oauth2?: OAuth2GrantInput;
}

export interface SmtpTransportView {
  type: "smtp";
  host: string;
  port: number;
  tls: SmtpTls;
  user: string;
  /** A password or an OAuth2 grant (SASL XOAUTH2) */
  auth: "password" | "oauth2";
  oauth2: OAuth2GrantView | null;
}

export interface SourceFailureView {
  /** IMAP: UIDVALIDITY:UID; Graph and Gmail: the message id */
  remoteId: string;
  state: "retrying" | "skipped";
  reason: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

/** disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError) */
export type SourceStatus = "ok" | "error" | "disabled";

export interface SsoProviderView {
  id: number;
  name: string;
  issuer: string;
  clientId: string;
  /** A client secret is stored (it is never returned) */
  clientSecretSet: boolean;
  emailClaim: string;
  allowedDomains: string[];
  autoCreateAgents: boolean;
  enforced: boolean;
  /** The redirect URI to register at the provider */
  redirectUri: string;
  createdAt: string;
  updatedAt: string;
}

export interface TicketCountsByStatusView {
  new: number;
  open: number;
  pending: number;
  on_hold: number;
  solved: number;
  closed: number;
}

export interface TicketCountsView {
  /** Unsolved and assigned to me */
  myOpen: number;
  /** Unsolved and assigned to nobody */
  unassigned: number;
  /** Unsolved (new, open, pending, on hold) */
  allOpen: number;
  pending: number;
  solved: number;
  byStatus: TicketCountsByStatusView;
}

export interface TicketDetailView extends TicketView {
  /** The conversation, oldest first */
  messages: MessageView[];
}

export interface TicketEventView {
  id: number;
  ticketId: number;
  /** created, updated, message_added, … */
  action: string;
  field: string | null;
  /** The JSON value (string, number, array, …) */
  before: string | number | boolean | unknown[] | Record<string, unknown> | null;
  /** The JSON value (string, number, array, …) */
  after: string | number | boolean | unknown[] | Record<string, unknown> | null;
  actor: ActorView;
  createdAt: string;
}

export type TicketPriority = "low" | "normal" | "high" | "urgent";

export type TicketStatus = "new" | "open" | "pending" | "on_hold" | "solved" | "closed";

export interface TicketView {
  id: number;
  /** The number customers see, as [#number] in mail subjects */
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: number;
  requester: RequesterRefView;
  assigneeId: number | null;
  groupId: number | null;
  /** The mailbox its mail goes out from */
  mailboxId: number | null;
  tags: string[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
}

export interface TotpCodeDto {
  /** The 6-digit code of the authenticator app */
  code: string;
}

export interface TotpEnrolmentView {
  /** Base32 seed, for typing into an authenticator app */
  secret: string;
  /** `otpauth://totp/…` URI (Google Authenticator key URI format), shown as a QR code */
  otpauthUrl: string;
}

export interface TotpStatusView {
  enabled: boolean;
  enabledAt: string | null;
  /** Unused recovery codes */
  recoveryCodesLeft: number;
  /** The admins' policy requires a second factor for password sign-in */
  required: boolean;
}

export interface TwoFactorChallengeView {
  twoFactorRequired: true;
  /** Send with the code to POST /auth/login/totp within 5 minutes */
  challenge: string;
}

export interface TwoFactorPolicyDto {
  /** Every password sign-in needs a second factor */
  required: boolean;
}

export interface TwoFactorPolicyView {
  /** Every password sign-in needs a second factor */
  required: boolean;
}

export interface UpdateCannedResponseDto {
  title?: string;
  /** Plain text; placeholders the UI fills in: {{customer.name}}, {{customer.firstName}}, {{customer.email}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}} */
  body?: string;
}

export interface UpdateCustomerDto {
  email?: string;
  name?: string;
}

export interface UpdateGroupDto {
  name?: string;
  description?: string;
  memberIds?: number[];
}

export interface UpdateMailboxDto {
  displayName?: string;
  defaultGroupId?: number | null;
  outboundFrom?: string | null;
  active?: boolean;
  /** Plain text added to replies (see MailboxView.signature) */
  signature?: string;
  /** Fetch mail from IMAP, Microsoft 365 or Gmail; null removes the source */
  source?: ImapSourceInput | Microsoft365SourceInput | GmailSourceInput | null;
  /** Send through SMTP, Microsoft 365 or Gmail as this mailbox; null: through the global relay */
  transport?: SmtpTransportInput | Microsoft365TransportInput | GmailTransportInput | null;
}

export interface UpdateMailTemplateDto {
  subject: string;
  /** Plain text with {{placeholders}}; sent as text and as escaped HTML */
  body: string;
}

export interface UpdateMeDto {
  /** Job title, for signatures ({{agent.title}}) */
  title?: string;
  /** Plain text, added to emailed replies above the mailbox signature */
  signature?: string;
  name?: string;
  currentPassword?: string;
  newPassword?: string;
}

export interface UpdateRelayDto {
  /** null removes the relay */
  url: string | null;
}

export interface UpdateSavedViewDto {
  name?: string;
  /** Query parameters of GET /api/v1/tickets as strings (status, priority, assigneeId, groupId, requesterId, tag, q, sort, order) */
  filters?: Record<string, string>;
  shared?: boolean;
}

export interface UpdateSsoProviderDto {
  /** Shown on the sign-in page as "Sign in with <name>" */
  name?: string;
  /** Issuer URL; its /.well-known/openid-configuration is read (https, or http on a loopback address for testing) */
  issuer?: string;
  clientId?: string;
  /** Write-only: stored encrypted, never returned. Null or absent: a public client (PKCE only) */
  clientSecret?: string | null;
  /** The ID token claim that carries the email (e.g. email, preferred_username, upn) */
  emailClaim?: string;
  /** Only these email domains may sign in through this provider; empty: any */
  allowedDomains?: string[];
  /** Unknown people who sign in become agents (within the licence seats); otherwise an admin creates them first */
  autoCreateAgents?: boolean;
  /** The only way in for agents (password sign-in stays for admins, as a break-glass path) */
  enforced?: boolean;
}

export interface UpdateTicketDto {
  subject?: string;
  status?: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority?: "low" | "normal" | "high" | "urgent";
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
}

export interface UpdateUserDto {
  /** Job title, for signatures ({{agent.title}}) */
  title?: string;
  /** Plain text, added to emailed replies above the mailbox signature */
  signature?: string;
  name?: string;
  role?: "admin" | "agent";
  active?: boolean;
  password?: string;
}

export interface UploadedAttachmentView {
  id: number;
  /** The file name as uploaded, without any path */
  filename: string;
  contentType: string;
  /** Bytes */
  size: number;
}

export type UserRole = "admin" | "agent";

export interface UserView {
  id: number;
  /** Lower-cased */
  email: string;
  name: string;
  role: UserRole;
  /** Inactive users cannot sign in and take no licence seat */
  active: boolean;
  /** Job title, for signatures ({{agent.title}}); empty when not set */
  title: string;
  /** The agent's own signature, added to their emailed replies; empty when none */
  signature: string;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Every route of the API: path -> method -> parameters, request body and answers by status. */
export interface paths {
  "/api/v1/attachments": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "multipart/form-data": { file: Blob } } }; responses: { 201: { content: { "application/json": UploadedAttachmentView } } } }; };
  "/api/v1/attachments/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/octet-stream": Blob; "image/png": Blob; "image/jpeg": Blob; "image/gif": Blob; "image/webp": Blob } } } }; };
  "/api/v1/audit-log": { get: { parameters: { query?: { limit?: number; cursor?: string; actorId?: number; action?: string; from?: string; to?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<AuditLogEntryView> } } } }; };
  "/api/v1/audit-log/export": { get: { parameters: { query?: { actorId?: number; action?: string; from?: string; to?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "text/csv": string } } } }; };
  "/api/v1/auth/login": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": LoginDto } }; responses: { 200: { content: { "application/json": LoginView | TwoFactorChallengeView } } } }; };
  "/api/v1/auth/login/totp": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": LoginTotpDto } }; responses: { 200: { content: { "application/json": LoginView } } } }; };
  "/api/v1/auth/logout": { post: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/auth/me": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": SessionView } } } }; patch: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": UpdateMeDto } }; responses: { 200: { content: { "application/json": UserView } } } }; };
  "/api/v1/auth/me/sessions": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<SessionInfoView> } } } }; };
  "/api/v1/auth/me/sessions/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/auth/me/totp": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TotpStatusView } } } }; post: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 201: { content: { "application/json": TotpEnrolmentView } } } }; delete: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": DisableTotpDto } }; responses: { 204: { content?: never } } }; };
  "/api/v1/auth/me/totp/confirm": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": TotpCodeDto } }; responses: { 200: { content: { "application/json": RecoveryCodesView } } } }; };
  "/api/v1/auth/providers": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<SsoProviderView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateSsoProviderDto } }; responses: { 201: { content: { "application/json": SsoProviderView } } } }; };
  "/api/v1/auth/providers/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": SsoProviderView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateSsoProviderDto } }; responses: { 200: { content: { "application/json": SsoProviderView } } } }; };
  "/api/v1/auth/providers/public": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<PublicSsoProviderView> } } } }; };
  "/api/v1/canned-responses": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": CannedResponseView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateCannedResponseDto } }; responses: { 201: { content: { "application/json": CannedResponseView } } } }; };
  "/api/v1/canned-responses/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateCannedResponseDto } }; responses: { 200: { content: { "application/json": CannedResponseView } } } }; };
  "/api/v1/customers": { get: { parameters: { query?: { limit?: number; cursor?: string; q?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<CustomerView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateCustomerDto } }; responses: { 201: { content: { "application/json": CustomerView } } } }; };
  "/api/v1/customers/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomerView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateCustomerDto } }; responses: { 200: { content: { "application/json": CustomerView } } } }; };
  "/api/v1/groups": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<GroupView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateGroupDto } }; responses: { 201: { content: { "application/json": GroupView } } } }; };
  "/api/v1/groups/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": GroupView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateGroupDto } }; responses: { 200: { content: { "application/json": GroupView } } } }; };
  "/api/v1/inbound": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: "received" | "processed" | "rejected" }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<InboundMessageView> } } } }; };
  "/api/v1/inbound/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": InboundMessageView } } } }; };
  "/api/v1/inbound/{id}/raw": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "message/rfc822": Blob } } } }; };
  "/api/v1/inbound/{id}/reprocess": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 201: { content: { "application/json": InboundMessageView } } } }; };
  "/api/v1/licence": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": LicenceView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": InstallLicenceDto } }; responses: { 200: { content: { "application/json": LicenceView } } } }; delete: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": LicenceView } } } }; };
  "/api/v1/mail-templates": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MailTemplateView[] } } } }; };
  "/api/v1/mail-templates/{key}": { put: { parameters: { query?: never; path: { key: string } }; requestBody: { content: { "application/json": UpdateMailTemplateDto } }; responses: { 200: { content: { "application/json": MailTemplateView } } } }; };
  "/api/v1/mailboxes": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<MailboxView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateMailboxDto } }; responses: { 201: { content: { "application/json": MailboxView } } } }; };
  "/api/v1/mailboxes/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": MailboxView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateMailboxDto } }; responses: { 200: { content: { "application/json": MailboxView } } } }; };
  "/api/v1/mailboxes/{id}/source/failures": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": SourceFailureView[] } } } }; };
  "/api/v1/outbound": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: "queued" | "sending" | "sent" | "failed" | "held" }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<OutboundMessageView> } } } }; };
  "/api/v1/outbound/{id}/retry": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 202: { content: { "application/json": OutboundMessageView } } } }; };
  "/api/v1/public/contact": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": ContactFormDto } }; responses: { 202: { content: { "application/json": ContactReceiptView } } } }; };
  "/api/v1/public/tickets/{token}": { get: { parameters: { query?: never; path: { token: string } }; requestBody?: never; responses: { 200: { content: { "application/json": PortalConversationView } } } }; };
  "/api/v1/public/tickets/{token}/attachments/{id}": { get: { parameters: { query?: never; path: { token: string; id: number } }; requestBody?: never; responses: { 200: { content: { "application/octet-stream": Blob; "image/png": Blob; "image/jpeg": Blob; "image/gif": Blob; "image/webp": Blob } } } }; };
  "/api/v1/public/tickets/{token}/messages": { post: { parameters: { query?: never; path: { token: string } }; requestBody: { content: { "application/json": PortalReplyDto } }; responses: { 201: { content: { "application/json": PortalReplyView } } } }; };
  "/api/v1/settings/dkim": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": DkimKeyView[] } } } }; };
  "/api/v1/settings/dkim/{domain}": { put: { parameters: { query?: never; path: { domain: string } }; requestBody: { content: { "application/json": SetDkimKeyDto } }; responses: { 200: { content: { "application/json": DkimKeyView } } } }; delete: { parameters: { query?: never; path: { domain: string } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/settings/relay": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": RelaySettingView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": UpdateRelayDto } }; responses: { 200: { content: { "application/json": RelaySettingView } } } }; };
  "/api/v1/settings/two-factor": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TwoFactorPolicyView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": TwoFactorPolicyDto } }; responses: { 200: { content: { "application/json": TwoFactorPolicyView } } } }; };
  "/api/v1/tickets": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: string[]; priority?: string[]; assigneeId?: string; groupId?: string; requesterId?: number; tag?: string; q?: string; sort?: "updatedAt" | "createdAt" | "priority" | "number" | "status"; order?: "asc" | "desc" }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TicketView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateTicketDto } }; responses: { 201: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketDetailView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateTicketDto } }; responses: { 200: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}/events": { get: { parameters: { query?: { limit?: number; cursor?: string }; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TicketEventView> } } } }; };
  "/api/v1/tickets/{id}/messages": { post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": AddMessageDto } }; responses: { 201: { content: { "application/json": PostedMessageView } } } }; };
  "/api/v1/tickets/{id}/portal-link": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": PortalLinkView } } } }; };
  "/api/v1/tickets/{id}/reply-signature": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": ReplySignatureView } } } }; };
  "/api/v1/tickets/bulk": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": BulkUpdateDto } }; responses: { 200: { content: { "application/json": BulkResultView } } } }; };
  "/api/v1/tickets/counts": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TicketCountsView } } } }; };
  "/api/v1/tokens": { get: { parameters: { query?: { userId?: number }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<ApiTokenView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateTokenDto } }; responses: { 201: { content: { "application/json": CreatedApiTokenView } } } }; };
  "/api/v1/tokens/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": ApiTokenView } } } }; };
  "/api/v1/users": { get: { parameters: { query?: { limit?: number; cursor?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<UserView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateUserDto } }; responses: { 201: { content: { "application/json": UserView } } } }; };
  "/api/v1/users/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": UserView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateUserDto } }; responses: { 200: { content: { "application/json": UserView } } } }; };
  "/api/v1/users/{id}/totp": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/views": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": SavedViewView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateSavedViewDto } }; responses: { 201: { content: { "application/json": SavedViewView } } } }; };
  "/api/v1/views/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateSavedViewDto } }; responses: { 200: { content: { "application/json": SavedViewView } } } }; };
}
