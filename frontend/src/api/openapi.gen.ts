// Generated from openapi.json by scripts/generate-api-types.mjs (npm run api-types); do not edit.
// Every schema of the API: request bodies (…Dto), answers (…View) and enums; then `paths`, every route.

/** A page of a list route; pass `nextCursor` as `cursor` for the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ActionDefinitionView {
  name: string;
  description: string;
  kinds: ("trigger" | "automation" | "macro")[];
  /** The value’s type, for a value picker (absent: a value of its own shape, e.g. `email`) */
  type?: "enum" | "id" | "text" | "list" | "number" | "date" | "boolean";
  /** The values an enum or list takes */
  values?: string[] | null;
  /** null is a value (none; clears a custom field) */
  nullable?: boolean;
  /** What the id names: group, form */
  refers?: string;
  /** The choices with their labels: a custom field’s active options, the active ticket forms (`formId`) */
  options?: ValueOptionView[];
  /** A custom field’s label (`field.<key>` actions) */
  label?: string;
  /** A custom field’s own type (`field.<key>` actions) */
  fieldType?: "text" | "textarea" | "number" | "decimal" | "date" | "checkbox" | "dropdown" | "multiselect" | "regex";
}

export interface ActionView {
  /** What the action does. `status`: Sets the status (not `new`); `priority`: Sets the priority; `groupId`: Sets the group (an id; null: none); `assigneeId`: Sets the assignee: a user id, null (nobody), `current_agent` (the agent applying the macro, or whose change fired the trigger) or `round_robin` (the next available agent of the ticket’s group); `tags`: Replaces the tags; `add_tags`: Adds tags; `remove_tags`: Removes tags; `formId`: Sets the ticket form (an active form’s id; null: none); `add_followers`: Adds people (email addresses) who get copies of public replies; `note`: Adds an internal note (placeholders allowed); `email`: Emails `{to, subject, body}` (placeholders allowed) to `requester`, `assignee`, `group` (every active agent of the ticket’s group) or an address, through the outbox as automatic mail (Auto-Submitted: auto-generated; the caps apply) (not in macros); `webhook`: Calls a webhook (its id) with the ticket as JSON (not in macros); `spam`: Marks the ticket as spam: tag `spam`, closed, and automatic mail not yet sent for it cancelled; `field.<key>`: sets a custom ticket field (null clears it). Texts may use placeholders {{ticket.number}}, {{ticket.subject}}, {{ticket.status}}, {{ticket.priority}}, {{ticket.url}}, {{customer.name}}, {{customer.firstName}}, {{customer.email}}, {{assignee.name}}, {{group.name}}, {{agent.name}}, {{message.text}}, {{rule.title}}. */
  field: string;
  /** A value of the field’s type: text, number, id, null, a list, or an object (email) */
  value?: string | number | boolean | unknown[] | Record<string, unknown> | null;
}

export interface ActorView {
  type: AuthorType;
  id: number | null;
  name: string | null;
}

export interface AddFollowerDto {
  userId?: number;
  customerId?: number;
  /** A customer’s address (created if new) */
  email?: string;
  /** With `email`: the name of a new customer */
  name?: string;
}

export interface AddLinkDto {
  /** The other ticket */
  ticketId: number;
  /** related; duplicate_of: this ticket duplicates the other; follow_up: this ticket follows up the other */
  kind: EditableLinkKind;
}

export interface AddMessageDto {
  /** Plain text of the message; with bodyHtml, its text alternative (the text part of the mail), which the client writes from the same content */
  body: string;
  /** The message as HTML (rich text). Sanitised like mail HTML before it is stored; images are kept only when they show an inline upload of yours (POST /attachments with inline: true) by its url, which then becomes the message’s inline image (sent as a cid: part). HTML that shows nothing after sanitising is ignored (text only). */
  bodyHtml?: string;
  /** true for an internal note, false for a public reply */
  internal?: boolean;
  /** Status to set with this message ("send and set status") */
  status?: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  /** Ids of files uploaded with POST /attachments, sent with a public reply */
  attachmentIds?: number[];
  /** Ids of agents to notify by email */
  mentions?: number[];
  /** A public reply’s Cc (RFC 5322 §3.6.3), at most 20 addresses: the ticket’s CC from now on (each becomes a customer follower; customer followers left out stop following). Absent: the followers as they are. Not on a note */
  cc?: string[];
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

export interface AutomationView {
  id: number;
  title: string;
  description: string;
  active: boolean;
  /** Its place in the admin’s order (rules run in this order) */
  position: number;
  conditions: ConditionsView;
  actions: ActionView[];
  /** One of the defaults every install starts with */
  builtIn: boolean;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface AvailabilityDto {
  away: boolean;
}

export interface AvailabilityView {
  userId: number;
  /** Away agents get no tickets by round-robin */
  away: boolean;
}

export interface BulkChangesDto {
  status?: "new" | "open" | "pending" | "on_hold" | "solved" | "closed";
  priority?: "low" | "normal" | "high" | "urgent";
  assigneeId?: number | null;
  groupId?: number | null;
  /** The ticket form; null: none */
  formId?: number | null;
  /** The organization (a new ticket gets its requester’s); null: none */
  organizationId?: number | null;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
  /** Tags to add to each ticket */
  addTags?: string[];
  /** Tags to remove from each ticket */
  removeTags?: string[];
  /** Mark each ticket as spam (closed, no reply, unsent automatic mail cancelled); nothing else with it */
  spam?: true;
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

export interface ConditionsView {
  /** Every one must hold */
  all: ConditionView[];
  /** At least one must hold (when not empty) */
  any: ConditionView[];
}

export interface ConditionView {
  /** The field tested. Built in: `ticket` (The kind of change: `created` (a new ticket) or `updated` (any change to an existing one); is; triggers only); `status` (The status (ordered new < open < pending < on_hold < solved < closed); is, is_not, less_than, greater_than, changed, not_changed, changed_to, changed_from); `priority` (The priority (ordered low < normal < high < urgent); is, is_not, less_than, greater_than, changed, not_changed, changed_to, changed_from); `groupId` (The group (an id; null: none); is, is_not, changed, not_changed, changed_to, changed_from); `assigneeId` (The assignee (a user id; null: nobody); is, is_not, changed, not_changed, changed_to, changed_from); `requesterId` (The requester (a customer id); is, is_not); `requesterEmail` (The requester's address (e.g. contains `@example.com`); is, is_not, contains, not_contains, matches); `organizationId` (The requester's organization (an id; null: none); is, is_not, changed, not_changed, changed_to, changed_from); `formId` (The ticket form (an id; null: none); is, is_not, changed, not_changed, changed_to, changed_from); `mailboxId` (The mailbox the ticket belongs to (an id; null: none); is, is_not); `channel` (How the ticket came in: email, web_form (the contact form), api (an agent or a script), portal; is, is_not); `subject` (The subject; is, is_not, contains, not_contains, matches, changed, not_changed); `body` (The text of the message the event added (false when it added none); contains, not_contains, matches; triggers only); `tags` (The tags; includes, not_includes, changed, not_changed); `message.author` (Who wrote the message the event added: customer, agent or system (false when it added none); is, is_not; triggers only); `message.visibility` (public (a reply) or internal (a note), of the message the event added; is, is_not; triggers only); `mail.flags` (What the mail-in side recognised the message as: auto_reply, bounce, list (empty for a person); includes, not_includes; triggers only); `mail.from` (The sender address of the mail the event added (false when it added none); is, is_not, contains, not_contains, matches; triggers only); `hoursSinceCreated` (Time since the ticket was created, in hours (fractions count: 119.5 is less than 120); is, is_not, less_than, greater_than); `hoursSinceUpdated` (Time since the ticket last changed, in hours (fractions count: 119.5 is less than 120); is, is_not, less_than, greater_than); `hoursSinceStatusChanged` (Time since the status last changed, in hours (fractions count: 119.5 is less than 120); is, is_not, less_than, greater_than); `hoursSinceRequesterReplied` (Time since the customer's last message (the ticket's creation when none since), in hours (fractions count: 119.5 is less than 120); is, is_not, less_than, greater_than). Custom ticket fields: `field.<key>` (operators by the field’s type), and `hoursSince.field.<key>` for date fields. */
  field: string;
  /** `is`: equals the value (text: ignoring case; null: has none); `is_not`: differs from the value; `contains`: text contains the value, ignoring case; `not_contains`: text does not contain the value, ignoring case; `matches`: text matches the regular expression (JavaScript syntax, ignoring case); `less_than`: number, date or ordered value (priority low < … < urgent; status new < … < closed) below the value; `greater_than`: number, date or ordered value above the value; `includes`: the list (tags, multiselect, mail flags) has at least one of the values; `not_includes`: the list has none of the values; `changed`: the event changed the field (triggers); `not_changed`: the event did not change the field (triggers); `changed_to`: the event changed the field to the value (triggers); `changed_from`: the event changed the field from the value (triggers) */
  operator: RuleOperator;
  /** A value of the field’s type: text, number, id, null, a list, or an object (email) */
  value?: string | number | boolean | unknown[] | Record<string, unknown> | null;
}

export interface ContactFormDto {
  name: string;
  email: string;
  subject: string;
  message: string;
  /** Leave empty: a field hidden from people, which bots fill in */
  website?: string;
  /** A form the contact form offers (GET /public/forms) */
  formId?: number;
  /** Values of the form's fields shown to customers */
  fields?: Record<string, unknown>;
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
  /** Left out: the organization that owns the address’s domain, if any */
  organizationId?: number | null;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
}

export interface CreatedApiTokenView extends ApiTokenView {
  /** The token to send as `Authorization: Bearer <token>`; shown only this once */
  token: string;
}

export interface CreateFieldDto {
  /** Lower-case letters, digits and _; fixed once created (filters and rules name it) */
  key: string;
  label: string;
  description?: string;
  /** Fixed once created */
  type: FieldType;
  /** The choices of a dropdown or multiselect */
  options?: FieldOptionDto[];
  /** A regex field: the JavaScript pattern the whole value must match */
  pattern?: string;
  /** Shown to customers (the contact form, the portal) */
  visibleToCustomers?: boolean;
  /** Ticket fields: a ticket cannot be solved without a value */
  requiredToSolve?: boolean;
  active?: boolean;
  /** Display order (ascending); new fields go last */
  position?: number;
}

export interface CreateGroupDto {
  name: string;
  description?: string;
  memberIds?: number[];
}

export interface CreateMacroDto {
  title: string;
  description?: string;
  actions?: ActionView[];
  /** Placeholders allowed, e.g. {{customer.firstName}} */
  replyText?: string | null;
  /** For every agent (true) or only for you */
  shared?: boolean;
}

export interface CreateMailboxDto extends UpdateMailboxDto {
  /** An address, or @example.com for every address of a domain */
  address: string;
}

export interface CreateOrganizationDto {
  /** Unique regardless of case */
  name: string;
  /** Email domains (example.com): a new customer at one of them joins; each belongs to one organization */
  domains?: string[];
  notes?: string;
  tags?: string[];
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
  /** Members see each other's tickets on the portal (the magic-link page lists them) */
  sharedTickets?: boolean;
}

export interface CreateRuleDto {
  title: string;
  description?: string;
  active?: boolean;
  /** {all: [...], any: [...]}; checked when saved */
  conditions: ConditionsView;
  /** Run in order; checked when saved */
  actions: ActionView[];
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
  /** `requester`: the body is the requester’s words (a phone call typed in); `note`: an internal note by the creating agent; `reply`: a public reply by the creating agent, emailed to the requester (an outbound ticket: their answer threads back into it) */
  firstMessage?: FirstMessageKind;
  priority?: "low" | "normal" | "high" | "urgent";
  groupId?: number;
  assigneeId?: number;
  tags?: string[];
  /** The ticket form (its fields are shown to agents) */
  formId?: number;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
}

export interface CreateTicketFormDto {
  name: string;
  description?: string;
  /** Ticket field ids, in the order the form shows them */
  fieldIds?: number[];
  /** Offered on the public contact form */
  visibleToCustomers?: boolean;
  active?: boolean;
  position?: number;
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
  /** Left out, the user is invited: they get a link by mail to choose their password (valid 7 days) */
  password?: string;
  /** Which tickets an agent reaches: all (default), groups (tickets of their groups and tickets assigned to them), assigned (only tickets assigned to them). Admins reach every ticket whatever is set. Out of scope, a ticket answers 404. */
  ticketScope?: "all" | "groups" | "assigned";
}

export interface CreateWebhookDto {
  name: string;
  /** http(s) URL; private and loopback addresses are refused unless HELPDESK_WEBHOOKS_ALLOW_PRIVATE=true */
  url: string;
  /** Signs every delivery (X-Helpdesk-Signature: sha256=<hex HMAC of the body>); never returned */
  secret: string;
  /** Ticket events that call it (none: only rules call it, with the action {field: "webhook", value: <id>}) */
  events?: ("ticket.created" | "ticket.updated" | "message.created")[];
}

export interface CustomerErasureView {
  /** Tickets they requested: subjects replaced; kept for statistics */
  tickets: number;
  /** Messages emptied (text, HTML, addresses and mail headers) */
  messages: number;
  /** Files deleted */
  attachments: number;
  /** Free-text custom field values (text, textarea, regex) of their tickets deleted */
  fieldValues: number;
  /** Raw mails deleted from the inbound spool */
  spooledMails: number;
  /** Mails in the outbox emptied (those still waiting are never sent) */
  outboundMails: number;
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
  /** The organization they belong to */
  organizationId: number | null;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface CustomFieldView {
  id: number;
  /** The name in `fields` and in filters (`field.<key>`) */
  key: string;
  label: string;
  description: string;
  type: FieldType;
  /** Dropdown and multiselect choices */
  options: FieldOptionView[];
  /** Regex fields: the pattern a value must match */
  pattern: string | null;
  visibleToCustomers: boolean;
  /** Ticket fields: a ticket cannot be solved without a value */
  requiredToSolve: boolean;
  /** A deactivated field keeps its values but takes no new ones */
  active: boolean;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface DeletedTicketView extends TicketView {
  deletedAt: string;
  /** The agent who deleted it */
  deletedBy: number | null;
  deletedByName: string | null;
  /** When the worker deletes it for good (30 days after) */
  purgeAt: string;
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

export interface DnsRecordCheckView {
  /** unknown: DNS could not be asked */
  result: DnsResult;
  /** What was found, or why it is missing or unknown */
  detail: string | null;
}

/** unknown: DNS could not be asked */
export type DnsResult = "found" | "missing" | "unknown";

export interface DomainDnsView {
  domain: string;
  /** MX records: mail to the domain reaches somewhere */
  mx: DnsRecordCheckView;
  spf: DnsRecordCheckView;
  /** Our DKIM selector's key, when a DKIM key is set here */
  dkim: DnsRecordCheckView;
  dmarc: DnsRecordCheckView;
}

export interface DraftView {
  /** The text as typed */
  body: string;
  /** The rich text, sanitised as mail HTML is */
  bodyHtml: string | null;
  /** true for an internal note, false for a public reply */
  internal: boolean;
  /** Ids of files uploaded for it (POST /attachments) */
  attachmentIds: number[];
  /** Email addresses to copy */
  cc: string[];
  updatedAt: string;
}

export interface DryRunMatchView {
  eventId: number;
  eventType: string;
  ticketId: number;
  ticketNumber: number;
  subject: string;
  at: string;
}

export interface DryRunView {
  /** Events examined (the newest, at most 100) */
  examined: number;
  matches: DryRunMatchView[];
}

/** related; duplicate_of: this ticket duplicates the other; follow_up: this ticket follows up the other */
export type EditableLinkKind = "related" | "duplicate_of" | "follow_up";

export interface FieldDefinitionView {
  name: string;
  description: string;
  type: "enum" | "id" | "text" | "list" | "number" | "date" | "boolean";
  /** The values an enum or list takes */
  values: string[] | null;
  /** null is a value (none) */
  nullable: boolean;
  /** What the id names: group, user, customer, mailbox, organization, form */
  refers: string;
  operators: ("is" | "is_not" | "contains" | "not_contains" | "matches" | "less_than" | "greater_than" | "includes" | "not_includes" | "changed" | "not_changed" | "changed_to" | "changed_from")[];
  triggerOnly: boolean;
  /** The choices with their labels: a custom field’s active options, the active ticket forms (`formId`) */
  options?: ValueOptionView[];
  /** A custom field’s label */
  label?: string;
  /** A custom field’s own type (a textarea takes several lines, a date is YYYY-MM-DD) */
  fieldType?: "text" | "textarea" | "number" | "decimal" | "date" | "checkbox" | "dropdown" | "multiselect" | "regex";
}

export interface FieldOptionDto {
  /** Stored on records and used in filters; no commas */
  value: string;
  /** Shown to people; may be renamed freely */
  label: string;
  /** A deactivated option stays on records, but is offered no more */
  active?: boolean;
}

export interface FieldOptionView {
  value: string;
  label: string;
  active: boolean;
}

export type FieldType = "text" | "textarea" | "number" | "decimal" | "date" | "checkbox" | "dropdown" | "multiselect" | "regex";

/** `requester`: the body is the requester’s words (a phone call typed in); `note`: an internal note by the creating agent; `reply`: a public reply by the creating agent, emailed to the requester (an outbound ticket: their answer threads back into it) */
export type FirstMessageKind = "requester" | "note" | "reply";

export interface FollowerCustomerView {
  id: number;
  /** Empty when unknown */
  name: string;
  email: string;
}

export interface FollowersView {
  users: FollowerUserView[];
  customers: FollowerCustomerView[];
}

export interface FollowerUserView {
  id: number;
  name: string;
  email: string;
}

export interface ForwardDto {
  /** Recipients (1 to 20 addresses), none of this help desk */
  to: string[];
  /** Cc (at most 20 addresses) */
  cc?: string[];
  /** The agent’s text, above the quoted messages */
  body: string;
  /** Messages of this ticket quoted below the text, their files attached */
  messageIds?: number[];
  /** Ids of files uploaded with POST /attachments, sent with it */
  attachmentIds?: number[];
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
  /** Push: the Pub/Sub topic Gmail publishes to (gmail-api-push@system.gserviceaccount.com may publish); its push subscription delivers to {HELPDESK_PUBLIC_URL}/api/v1/mail-push/gmail with authentication on */
  pushTopic?: string;
  /** With pushTopic: the service account the push subscription authenticates as */
  pushServiceAccount?: string;
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
  /** active: the provider notifies us of new mail (polling every 15 min, or pollSeconds if longer, remains as the safety net); polling: push is not configured (see pushError), mail is fetched every pollSeconds; error: push failed (see pushError), mail is fetched every pollSeconds */
  push: SourcePushState;
  /** Why push is not active */
  pushError: string | null;
  /** When the subscription (Gmail: watch) runs out unrenewed */
  pushExpiresAt: string | null;
  /** The Pub/Sub topic Gmail publishes changes to (push) */
  pushTopic: string | null;
  /** The service account the Pub/Sub push subscription authenticates as */
  pushServiceAccount: string | null;
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

export interface InboundAuthView {
  /** SPF (RFC 7208) for the envelope sender and the client address */
  spf: string;
  /** DKIM (RFC 6376): pass when a signature verifies */
  dkim: string;
  /** DMARC (RFC 7489): pass when SPF or DKIM passed aligned with From */
  dmarc: string;
  /** ARC (RFC 8617) chain validation */
  arc: string;
  /** The From domain DMARC judged */
  fromDomain: string | null;
  /** The Authentication-Results header (RFC 8601) of this receipt */
  results: string;
}

export interface InboundMessageView {
  id: number;
  status: InboundStatus;
  /** The mailbox it was addressed to, when one matched */
  mailboxId: number | null;
  /** Its Subject header, decoded (read when it was stored); null when it has none */
  subject: string | null;
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
  /** Why it was rejected or failed, or the last processing error */
  reason: string | null;
  ticketId: number | null;
  messageId: number | null;
  /** null: not verified at receipt */
  auth: InboundAuthView | null;
}

export type InboundStatus = "received" | "processed" | "rejected" | "failed";

export interface InstallLicenceDto {
  /** The licence text, HDL1.<payload>.<signature> */
  key: string;
}

/** Who wrote the latest public message: `customer` means the customer replied last */
export type LastActor = "customer" | "agent" | "system";

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

export interface LinkedTicketView {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
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

export interface MacroPreviewView {
  ticketId: number;
  /** The field changes it makes (or would make) */
  changes: RuleChangeView[];
  /** What else it does (notes, followers, round-robin) */
  effects: string[];
  /** The reply text with the ticket’s placeholders filled in, for the caller to send (a draft in the UI) */
  replyText: string | null;
}

export interface MacroView {
  id: number;
  title: string;
  description: string;
  /** What applying it does, in order (no mail, no webhooks) */
  actions: ActionView[];
  /** The reply it drafts, with {{placeholders}} */
  replyText: string | null;
  /** Every agent has it; otherwise it is its owner’s alone */
  shared: boolean;
  ownerId: number | null;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MailAuthSettingView {
  /** IP addresses and CIDR ranges of relays whose mail counts as verified (a front MTA, the organisation’s own mail server): mail from an agent’s address through them counts as the agent’s without a DMARC pass */
  trustedRelays: string[];
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
export type MailFlag = "auto_reply" | "bounce" | "list" | "unverified_sender";

export interface MailHeadersView {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  /** Automatic mail: never reopens a ticket, never answered */
  flags: MailFlag[];
}

/** no_relay: no relay is configured and a mailbox has no transport of its own; relay_failing: the latest send or test mail through the relay failed (see lastError) */
export type MailOutProblem = "no_relay" | "relay_failing";

export interface MailOutStatusView {
  /** False while mail cannot go out (see problem) */
  canSend: boolean;
  /** no_relay: no relay is configured and a mailbox has no transport of its own; relay_failing: the latest send or test mail through the relay failed (see lastError) */
  problem: MailOutProblem | null;
  /** The relay's latest error, while it fails */
  lastError: string | null;
  /** When the relay last failed, while it fails */
  failingSince: string | null;
  /** Mails waiting in the outbox (counted up to 10000) */
  waiting: number;
  /** Agents' replies among them */
  waitingReplies: number;
  /** Since when the oldest waiting mail waits */
  oldestWaitingAt: string | null;
  /** Why the newest waiting mail waits */
  waitingReason: string | null;
}

export interface MailPreviewView {
  subject: string;
  text: string;
  /** The HTML part: the text escaped, line breaks kept */
  html: string;
}

export type MailTemplateKey = "customer_acknowledgement" | "agent_assigned" | "agent_customer_replied" | "agent_mentioned" | "admin_source_failing";

export interface MailTemplateTextDto {
  subject: string;
  /** Plain text with {{placeholders}}; sent as text and as escaped HTML */
  body: string;
}

export interface MailTemplateView {
  key: MailTemplateKey;
  subject: string;
  /** Plain text with {{placeholders}} */
  body: string;
  /** false: an admin switched this mail off, and none is sent */
  enabled: boolean;
  /** The placeholders this template may use, e.g. ticket.number */
  placeholders: string[];
}

export interface MarkMentionsReadDto {
  /** These mentions */
  ids?: number[];
  /** All mentions on this ticket (neither given: all) */
  ticketId?: number;
}

export interface MarkNotificationsReadDto {
  /** These notifications */
  ids?: number[];
  /** All of your notifications */
  all?: true;
}

export interface MentionAuthorView {
  id: number | null;
  name: string;
}

export interface MentionCountView {
  /** Mentions not yet read */
  unread: number;
}

export interface MentionView {
  id: number;
  ticket: LinkedTicketView;
  messageId: number;
  /** In an internal note */
  internal: boolean;
  /** The start of the message (300 characters) */
  excerpt: string;
  author: MentionAuthorView;
  createdAt: string;
  readAt: string | null;
}

export interface MergeTicketsDto {
  /** Tickets to merge into this one (they close) */
  sourceIds: number[];
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
  /** Remote images in bodyHtml, blocked: each is an img with data-remote-src and no src; GET …/messages/{id}/remote-images/{n} (n from 0, document order) fetches one through the api */
  remoteImages: number;
  /** The whole text including quoted history, for mail; null when it equals bodyText */
  fullText: string | null;
  mail: MailHeadersView | null;
  attachments: AttachmentView[];
  /** The email of a public reply; null when not emailed */
  delivery: DeliveryView | null;
  /** Who was copied (RFC 5322 §3.6.3 Cc): of a mail received, of a reply or forward we sent */
  cc: string[];
  /** A forward to a third party: whom it was mailed to (an internal message); null for other messages */
  forwardedTo: string[] | null;
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
  /** active: the provider notifies us of new mail (polling every 15 min, or pollSeconds if longer, remains as the safety net); polling: push is not configured (see pushError), mail is fetched every pollSeconds; error: push failed (see pushError), mail is fetched every pollSeconds */
  push: SourcePushState;
  /** Why push is not active */
  pushError: string | null;
  /** When the subscription (Gmail: watch) runs out unrenewed */
  pushExpiresAt: string | null;
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

export interface NotificationActorView {
  id: number;
  name: string;
}

export interface NotificationCountView {
  /** Notifications not yet read */
  unread: number;
}

export type NotificationKind = "assigned" | "mentioned" | "customer_replied";

export interface NotificationPageView {
  items: NotificationView[];
  /** Pass as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
  /** Notifications not yet read */
  unread: number;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  ticketId: number;
  ticketNumber: number;
  ticketSubject: string;
  /** The agent who did it; null for a customer reply or an automatic change */
  actor: NotificationActorView | null;
  createdAt: string;
  read: boolean;
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

export interface OperatorDefinitionView {
  name: "is" | "is_not" | "contains" | "not_contains" | "matches" | "less_than" | "greater_than" | "includes" | "not_includes" | "changed" | "not_changed" | "changed_to" | "changed_from";
  description: string;
}

export interface OrganizationView {
  id: number;
  name: string;
  /** Email domains whose new customers join it */
  domains: string[];
  notes: string;
  tags: string[];
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields: Record<string, unknown>;
  /** Members see each other's tickets on the portal */
  sharedTickets: boolean;
  createdAt: string;
  updatedAt: string;
}

export type OutboundKind = "reply" | "forward" | "customer_acknowledgement" | "agent_assigned" | "agent_customer_replied" | "agent_mentioned" | "admin_source_failing" | "rule_notification" | "user_invite" | "password_reset";

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

export interface PasswordResetConfirmDto {
  /** The token of the set-password link */
  token: string;
  password: string;
}

export interface PasswordResetRequestDto {
  email: string;
}

export interface PasswordResetRequestedView {
  message: string;
}

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
  /** The newest 50 other tickets of the viewer's organization, when it lets members see each other's tickets; else empty */
  organizationTickets: PortalOrganizationTicketView[];
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

export interface PortalOrganizationTicketView extends PortalTicketView {
  /** Who asked (a name only) */
  requesterName: string;
  /** Its magic link, for the viewer */
  url: string;
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

export interface PublicFieldView {
  key: string;
  label: string;
  description: string;
  type: FieldType;
  /** Active choices only */
  options: FieldOptionView[];
  pattern: string | null;
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

export interface PublicTicketFormView {
  id: number;
  name: string;
  description: string;
  fields: PublicFieldView[];
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

export interface RelayTestDto {
  /** Where the test mail goes */
  to: string;
}

export interface RelayTestResultView {
  /** True when the relay accepted the mail */
  ok: boolean;
  /** The relay the test went through, password masked */
  relay: string;
  /** The sender address the test used */
  from: string;
  /** The relay's answer (SMTP 250 …) when it took the mail */
  response: string | null;
  /** Why the mail did not go, when it did not */
  error: string | null;
  at: string;
}

export interface ReorderRulesDto {
  /** Every rule of the list once, in the new order */
  ids: number[];
}

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

export interface RoundRobinSettingsDto {
  /** null: no cap */
  maxOpenPerAgent: number | null;
}

export interface RoundRobinView {
  groupId: number;
  /** New and open tickets an agent may hold before being skipped; null: no cap */
  maxOpenPerAgent: number | null;
  /** Who got the group’s last ticket */
  lastUserId: number | null;
}

export interface RuleChangeView {
  field: string;
  /** A value of the field’s type: text, number, id, null, a list, or an object (email) */
  before: string | number | boolean | unknown[] | Record<string, unknown> | null;
  /** A value of the field’s type: text, number, id, null, a list, or an object (email) */
  after: string | number | boolean | unknown[] | Record<string, unknown> | null;
}

export interface RuleDefinitionsView {
  fields: FieldDefinitionView[];
  operators: OperatorDefinitionView[];
  actions: ActionDefinitionView[];
  placeholders: string[];
}

/** `is`: equals the value (text: ignoring case; null: has none); `is_not`: differs from the value; `contains`: text contains the value, ignoring case; `not_contains`: text does not contain the value, ignoring case; `matches`: text matches the regular expression (JavaScript syntax, ignoring case); `less_than`: number, date or ordered value (priority low < … < urgent; status new < … < closed) below the value; `greater_than`: number, date or ordered value above the value; `includes`: the list (tags, multiselect, mail flags) has at least one of the values; `not_includes`: the list has none of the values; `changed`: the event changed the field (triggers); `not_changed`: the event did not change the field (triggers); `changed_to`: the event changed the field to the value (triggers); `changed_from`: the event changed the field from the value (triggers) */
export type RuleOperator = "is" | "is_not" | "contains" | "not_contains" | "matches" | "less_than" | "greater_than" | "includes" | "not_includes" | "changed" | "not_changed" | "changed_to" | "changed_from";

export interface RuleRefView {
  id: number;
  kind: "trigger" | "automation" | null;
  /** Null once the rule was deleted */
  title: string | null;
}

export interface RuleTestView {
  ticketId: number;
  matched: boolean;
  /** Each `all` condition’s outcome, in order */
  all: boolean[];
  /** Each `any` condition’s outcome, in order */
  any: boolean[];
  /** The field changes the actions would make */
  changes: RuleChangeView[];
  /** What else they would do (notes, mail, webhooks, round-robin) */
  effects: string[];
}

export interface SaveDraftDto {
  body: string;
  /** Rich text; sanitised before it is stored */
  bodyHtml?: string | null;
  /** true for an internal note, false for a public reply */
  internal?: boolean;
  /** Ids of files uploaded with POST /attachments */
  attachmentIds?: number[];
  /** Email addresses to copy (at most 20) */
  cc?: string[];
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

/** mailbox: an active mailbox that receives; outgoing: mail can go out (a relay, or a transport per mailbox); dns: MX, SPF, DKIM and DMARC of the mailbox domains (advisory); licence: a licence is installed (optional) */
export type SetupStepKey = "mailbox" | "outgoing" | "dns" | "licence";

/** done; todo: not set up yet; failing: set up but not working; warning: works, something is missing; unknown: could not be checked */
export type SetupStepStatus = "done" | "todo" | "failing" | "warning" | "unknown";

export interface SetupStepView {
  /** mailbox: an active mailbox that receives; outgoing: mail can go out (a relay, or a transport per mailbox); dns: MX, SPF, DKIM and DMARC of the mailbox domains (advisory); licence: a licence is installed (optional) */
  key: SetupStepKey;
  /** done; todo: not set up yet; failing: set up but not working; warning: works, something is missing; unknown: could not be checked */
  status: SetupStepStatus;
  /** The help desk cannot answer mail until a required step is done */
  required: boolean;
  /** What is wrong or missing, in a sentence */
  detail: string | null;
}

export interface SetupView {
  /** Every required step is done: the help desk can receive and answer mail */
  ready: boolean;
  steps: SetupStepView[];
  mailOut: MailOutStatusView;
  /** The mailbox domains, checked at most once a minute */
  domains: DomainDnsView[];
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

/** active: the provider notifies us of new mail (polling every 15 min, or pollSeconds if longer, remains as the safety net); polling: push is not configured (see pushError), mail is fetched every pollSeconds; error: push failed (see pushError), mail is fetched every pollSeconds */
export type SourcePushState = "active" | "polling" | "error";

/** disabled: the source or its mailbox is switched off; error: the last attempt failed (see lastError) */
export type SourceStatus = "ok" | "error" | "disabled";

export interface SplitMessageDto {
  /** The new ticket’s subject (default: this ticket’s) */
  subject?: string;
}

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

export interface TestRuleDto {
  /** The ticket to test against, by its number */
  ticketNumber: number;
  conditions: ConditionsView;
  actions: ActionView[];
}

/** How it came in: email, web_form (the contact form), api (an agent or a script), portal */
export type TicketChannel = "email" | "web_form" | "api" | "portal";

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
  /** Unsolved, assigned to nobody, not automatic mail */
  unassigned: number;
  /** Unsolved (new, open, pending, on hold), not automatic mail */
  allOpen: number;
  /** Unsolved automatic mail (the built-in view "Automatic mail") */
  automatic: number;
  pending: number;
  solved: number;
  byStatus: TicketCountsByStatusView;
}

export interface TicketDetailView extends TicketView {
  /** When the agent asking last opened it (before now) */
  readAt: string | null;
  /** Custom field values by key (a multiselect: a list; a date: YYYY-MM-DD); fields without a value are absent */
  fields: Record<string, unknown>;
  followers: FollowersView;
  /** Who its public replies are copied to (Cc): the customers following it, by address */
  cc: string[];
  links: TicketLinkView[];
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
  /** The trigger or automation that made the change ("applied by rule"); null for people */
  rule: RuleRefView | null;
  createdAt: string;
}

export interface TicketFormView {
  id: number;
  name: string;
  description: string;
  /** Ticket field ids in display order */
  fieldIds: number[];
  /** Offered on the public contact form */
  visibleToCustomers: boolean;
  active: boolean;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** `outgoing`: this ticket holds the link (it is the follow-up, the duplicate, the one merged); `incoming`: the other one does */
export type TicketLinkDirection = "outgoing" | "incoming";

export type TicketLinkKind = "follow_up" | "mentioned" | "related" | "duplicate_of" | "merged_into";

export interface TicketLinkView {
  kind: TicketLinkKind;
  /** `outgoing`: this ticket holds the link (it is the follow-up, the duplicate, the one merged); `incoming`: the other one does */
  direction: TicketLinkDirection;
  ticket: LinkedTicketView;
}

export type TicketPriority = "low" | "normal" | "high" | "urgent";

/** Which tickets an agent reaches: all (default), groups (tickets of their groups and tickets assigned to them), assigned (only tickets assigned to them). Admins reach every ticket whatever is set. Out of scope, a ticket answers 404. */
export type TicketScope = "all" | "groups" | "assigned";

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
  /** The organization (its requester’s when it was opened) */
  organizationId: number | null;
  /** The ticket form */
  formId: number | null;
  /** Set on a ticket merged into another (then closed) */
  mergedIntoId: number | null;
  /** How it came in: email, web_form (the contact form), api (an agent or a script), portal */
  channel: TicketChannel;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  /** The start of the latest public message's text (whitespace folded, at most 200 characters) */
  preview: string | null;
  /** Who wrote the latest public message: `customer` means the customer replied last */
  lastActor: LastActor | null;
  /** When the latest public message was written */
  lastMessageAt: string | null;
  /** For the agent asking: changed by someone else since they last opened it (PUT /tickets/{id}/read) */
  unread: boolean;
  /** For the agent asking: they have an unsent draft on it (GET /tickets/{id}/draft) */
  hasDraft: boolean;
  /** The first message was automatic mail (an auto-reply, a bounce, list mail): listed under "Automatic mail", left out of Unassigned and All open */
  automatic: boolean;
  /** Marked as spam (closed without a reply; POST/DELETE /tickets/{id}/spam) */
  spam: boolean;
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

export interface TriggerRunView {
  id: number;
  ticketId: number;
  eventIds: number[];
  status: "pending" | "failed";
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface TriggerView {
  id: number;
  title: string;
  description: string;
  active: boolean;
  /** Its place in the admin’s order (rules run in this order) */
  position: number;
  conditions: ConditionsView;
  actions: ActionView[];
  /** One of the defaults every install starts with */
  builtIn: boolean;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
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
  /** Moves the person (null: no organization) */
  organizationId?: number | null;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
}

export interface UpdateFieldDto {
  label?: string;
  description?: string;
  /** The choices of a dropdown or multiselect */
  options?: FieldOptionDto[];
  /** A regex field: the JavaScript pattern the whole value must match */
  pattern?: string;
  /** Shown to customers (the contact form, the portal) */
  visibleToCustomers?: boolean;
  /** Ticket fields: a ticket cannot be solved without a value */
  requiredToSolve?: boolean;
  active?: boolean;
  /** Display order (ascending); new fields go last */
  position?: number;
}

export interface UpdateGroupDto {
  name?: string;
  description?: string;
  memberIds?: number[];
}

export interface UpdateMacroDto {
  title?: string;
  description?: string;
  actions?: ActionView[];
  /** Placeholders allowed, e.g. {{customer.firstName}} */
  replyText?: string | null;
  shared?: boolean;
}

export interface UpdateMailAuthDto {
  trustedRelays: string[];
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
  subject?: string;
  /** Plain text with {{placeholders}}; sent as text and as escaped HTML */
  body?: string;
  /** false switches the mail off: nothing is sent for it until it is on again */
  enabled?: boolean;
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

export interface UpdateOrganizationDto {
  /** Unique regardless of case */
  name?: string;
  /** Email domains (example.com): a new customer at one of them joins; each belongs to one organization */
  domains?: string[];
  notes?: string;
  tags?: string[];
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
  /** Members see each other's tickets on the portal (the magic-link page lists them) */
  sharedTickets?: boolean;
}

export interface UpdateRelayDto {
  /** null removes the relay */
  url: string | null;
}

export interface UpdateRuleDto {
  title?: string;
  description?: string;
  active?: boolean;
  conditions?: ConditionsView;
  actions?: ActionView[];
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
  /** The ticket form; null: none */
  formId?: number | null;
  /** The organization (a new ticket gets its requester’s); null: none */
  organizationId?: number | null;
  /** Another customer as the requester; the ticket takes their organization unless organizationId is given */
  requesterId?: number;
  /** The requester by address (a new address becomes a customer); not with requesterId */
  requester?: CustomerRefDto;
  /** Custom field values by key (`{<key>: value}`; null clears one), checked by type */
  fields?: Record<string, unknown>;
}

export interface UpdateTicketFormDto {
  name?: string;
  description?: string;
  /** Ticket field ids, in the order the form shows them */
  fieldIds?: number[];
  /** Offered on the public contact form */
  visibleToCustomers?: boolean;
  active?: boolean;
  position?: number;
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
  /** Which tickets an agent reaches: all (default), groups (tickets of their groups and tickets assigned to them), assigned (only tickets assigned to them). Admins reach every ticket whatever is set. Out of scope, a ticket answers 404. */
  ticketScope?: "all" | "groups" | "assigned";
}

export interface UpdateWebhookDto {
  name?: string;
  url?: string;
  secret?: string;
  /** Ticket events that call it (none: only rules call it, with the action {field: "webhook", value: <id>}) */
  events?: ("ticket.created" | "ticket.updated" | "message.created")[];
  /** Turning it on again clears the failure count and the notice */
  active?: boolean;
}

export interface UploadedAttachmentView {
  id: number;
  /** The file name as uploaded, without any path */
  filename: string;
  contentType: string;
  /** Bytes */
  size: number;
  /** An image for a reply’s bodyHtml (`<img src="{url}">`), sent as an inline part, not listed as a file */
  inline: boolean;
  /** Where the file is read (and what bodyHtml names an inline image by) */
  url: string;
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
  /** Which tickets an agent reaches: all (default), groups (tickets of their groups and tickets assigned to them), assigned (only tickets assigned to them). Admins reach every ticket whatever is set. Out of scope, a ticket answers 404. */
  ticketScope: TicketScope;
  /** Job title, for signatures ({{agent.title}}); empty when not set */
  title: string;
  /** The agent's own signature, added to their emailed replies; empty when none */
  signature: string;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ValueOptionView {
  /** The value as the API spells it (a form’s id as text) */
  value: string;
  label: string;
}

export interface WebhookDeliveryView {
  id: number;
  /** Sent as X-Helpdesk-Delivery and in the body: receivers deduplicate on it */
  deliveryId: string;
  webhookId: number;
  /** ticket.created, ticket.updated, message.created, rule or ping */
  event: string;
  ticketId: number | null;
  /** The rule whose action called it */
  ruleId: number | null;
  status: "queued" | "sending" | "delivered" | "failed";
  attempts: number;
  responseStatus: number | null;
  /** The start of the receiver’s answer */
  responseBody: string | null;
  error: string | null;
  durationMs: number | null;
  /** The JSON sent */
  body: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface WebhookView {
  id: number;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  /** Failed attempts in a row (a success resets it) */
  consecutiveFailures: number;
  /** Why it was turned off automatically */
  disabledReason: string | null;
  /** A secret is set (it is never returned) */
  secretSet: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Every route of the API: path -> method -> parameters, request body and answers by status. */
export interface paths {
  "/api/v1/attachments": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "multipart/form-data": { /** An image for bodyHtml; send this field before the file */ inline?: boolean; file: Blob } } }; responses: { 201: { content: { "application/json": UploadedAttachmentView } } } }; };
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
  "/api/v1/auth/password-reset": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": PasswordResetRequestDto } }; responses: { 202: { content: { "application/json": PasswordResetRequestedView } } } }; };
  "/api/v1/auth/password-reset/confirm": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": PasswordResetConfirmDto } }; responses: { 204: { content?: never } } }; };
  "/api/v1/auth/providers": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<SsoProviderView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateSsoProviderDto } }; responses: { 201: { content: { "application/json": SsoProviderView } } } }; };
  "/api/v1/auth/providers/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": SsoProviderView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateSsoProviderDto } }; responses: { 200: { content: { "application/json": SsoProviderView } } } }; };
  "/api/v1/auth/providers/public": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<PublicSsoProviderView> } } } }; };
  "/api/v1/automations": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": AutomationView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateRuleDto } }; responses: { 201: { content: { "application/json": AutomationView } } } }; };
  "/api/v1/automations/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": AutomationView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateRuleDto } }; responses: { 200: { content: { "application/json": AutomationView } } } }; };
  "/api/v1/automations/{id}/duplicate": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 201: { content: { "application/json": AutomationView } } } }; };
  "/api/v1/automations/order": { put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": ReorderRulesDto } }; responses: { 200: { content: { "application/json": AutomationView[] } } } }; };
  "/api/v1/automations/test": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": TestRuleDto } }; responses: { 200: { content: { "application/json": RuleTestView } } } }; };
  "/api/v1/availability": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": AvailabilityView[] } } } }; };
  "/api/v1/availability/{userId}": { put: { parameters: { query?: never; path: { userId: number } }; requestBody: { content: { "application/json": AvailabilityDto } }; responses: { 200: { content: { "application/json": AvailabilityView } } } }; };
  "/api/v1/canned-responses": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": CannedResponseView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateCannedResponseDto } }; responses: { 201: { content: { "application/json": CannedResponseView } } } }; };
  "/api/v1/canned-responses/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateCannedResponseDto } }; responses: { 200: { content: { "application/json": CannedResponseView } } } }; };
  "/api/v1/customer-fields": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<CustomFieldView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateFieldDto } }; responses: { 201: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/customer-fields/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomFieldView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateFieldDto } }; responses: { 200: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/customers": { get: { parameters: { query?: { limit?: number; cursor?: string; q?: string; organizationId?: number }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<CustomerView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateCustomerDto } }; responses: { 201: { content: { "application/json": CustomerView } } } }; };
  "/api/v1/customers/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomerView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomerErasureView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateCustomerDto } }; responses: { 200: { content: { "application/json": CustomerView } } } }; };
  "/api/v1/customers/{id}/export": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/zip": Blob } } } }; };
  "/api/v1/groups": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<GroupView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateGroupDto } }; responses: { 201: { content: { "application/json": GroupView } } } }; };
  "/api/v1/groups/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": GroupView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateGroupDto } }; responses: { 200: { content: { "application/json": GroupView } } } }; };
  "/api/v1/groups/{id}/round-robin": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": RoundRobinView } } } }; put: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": RoundRobinSettingsDto } }; responses: { 200: { content: { "application/json": RoundRobinView } } } }; };
  "/api/v1/inbound": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: "received" | "processed" | "rejected" | "failed" }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<InboundMessageView> } } } }; };
  "/api/v1/inbound/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": InboundMessageView } } } }; };
  "/api/v1/inbound/{id}/raw": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "message/rfc822": Blob } } } }; };
  "/api/v1/inbound/{id}/reprocess": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 201: { content: { "application/json": InboundMessageView } } } }; };
  "/api/v1/licence": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": LicenceView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": InstallLicenceDto } }; responses: { 200: { content: { "application/json": LicenceView } } } }; delete: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": LicenceView } } } }; };
  "/api/v1/macros": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MacroView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateMacroDto } }; responses: { 201: { content: { "application/json": MacroView } } } }; };
  "/api/v1/macros/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": MacroView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateMacroDto } }; responses: { 200: { content: { "application/json": MacroView } } } }; };
  "/api/v1/mail-templates": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MailTemplateView[] } } } }; };
  "/api/v1/mail-templates/{key}": { put: { parameters: { query?: never; path: { key: string } }; requestBody: { content: { "application/json": UpdateMailTemplateDto } }; responses: { 200: { content: { "application/json": MailTemplateView } } } }; };
  "/api/v1/mail-templates/{key}/preview": { post: { parameters: { query?: never; path: { key: string } }; requestBody: { content: { "application/json": MailTemplateTextDto } }; responses: { 200: { content: { "application/json": MailPreviewView } } } }; };
  "/api/v1/mailboxes": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<MailboxView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateMailboxDto } }; responses: { 201: { content: { "application/json": MailboxView } } } }; };
  "/api/v1/mailboxes/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": MailboxView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateMailboxDto } }; responses: { 200: { content: { "application/json": MailboxView } } } }; };
  "/api/v1/mailboxes/{id}/source/failures": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": SourceFailureView[] } } } }; };
  "/api/v1/mentions": { get: { parameters: { query?: { limit?: number; cursor?: string; unread?: boolean }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<MentionView> } } } }; };
  "/api/v1/mentions/read": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": MarkMentionsReadDto } }; responses: { 200: { content: { "application/json": MentionCountView } } } }; };
  "/api/v1/mentions/unread": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MentionCountView } } } }; };
  "/api/v1/notifications": { get: { parameters: { query?: { limit?: number; cursor?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": NotificationPageView } } } }; };
  "/api/v1/notifications/read": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": MarkNotificationsReadDto } }; responses: { 200: { content: { "application/json": NotificationCountView } } } }; };
  "/api/v1/organization-fields": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<CustomFieldView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateFieldDto } }; responses: { 201: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/organization-fields/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomFieldView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateFieldDto } }; responses: { 200: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/organizations": { get: { parameters: { query?: { limit?: number; cursor?: string; q?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<OrganizationView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateOrganizationDto } }; responses: { 201: { content: { "application/json": OrganizationView } } } }; };
  "/api/v1/organizations/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": OrganizationView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateOrganizationDto } }; responses: { 200: { content: { "application/json": OrganizationView } } } }; };
  "/api/v1/outbound": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: "queued" | "sending" | "sent" | "failed" | "held" }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<OutboundMessageView> } } } }; };
  "/api/v1/outbound/{id}/retry": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 202: { content: { "application/json": OutboundMessageView } } } }; };
  "/api/v1/public/contact": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": ContactFormDto } }; responses: { 202: { content: { "application/json": ContactReceiptView } } } }; };
  "/api/v1/public/forms": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": PublicTicketFormView[] } } } }; };
  "/api/v1/public/tickets/{token}": { get: { parameters: { query?: never; path: { token: string } }; requestBody?: never; responses: { 200: { content: { "application/json": PortalConversationView } } } }; };
  "/api/v1/public/tickets/{token}/attachments/{id}": { get: { parameters: { query?: never; path: { token: string; id: number } }; requestBody?: never; responses: { 200: { content: { "application/octet-stream": Blob; "image/png": Blob; "image/jpeg": Blob; "image/gif": Blob; "image/webp": Blob } } } }; };
  "/api/v1/public/tickets/{token}/messages": { post: { parameters: { query?: never; path: { token: string } }; requestBody: { content: { "application/json": PortalReplyDto } }; responses: { 201: { content: { "application/json": PortalReplyView } } } }; };
  "/api/v1/rules/definitions": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": RuleDefinitionsView } } } }; };
  "/api/v1/settings/dkim": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": DkimKeyView[] } } } }; };
  "/api/v1/settings/dkim/{domain}": { put: { parameters: { query?: never; path: { domain: string } }; requestBody: { content: { "application/json": SetDkimKeyDto } }; responses: { 200: { content: { "application/json": DkimKeyView } } } }; delete: { parameters: { query?: never; path: { domain: string } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/settings/mail-auth": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MailAuthSettingView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": UpdateMailAuthDto } }; responses: { 200: { content: { "application/json": MailAuthSettingView } } } }; };
  "/api/v1/settings/relay": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": RelaySettingView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": UpdateRelayDto } }; responses: { 200: { content: { "application/json": RelaySettingView } } } }; };
  "/api/v1/settings/relay/test": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": RelayTestDto } }; responses: { 200: { content: { "application/json": RelayTestResultView } } } }; };
  "/api/v1/settings/two-factor": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TwoFactorPolicyView } } } }; put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": TwoFactorPolicyDto } }; responses: { 200: { content: { "application/json": TwoFactorPolicyView } } } }; };
  "/api/v1/setup": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": SetupView } } } }; };
  "/api/v1/setup/mail-out": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": MailOutStatusView } } } }; };
  "/api/v1/ticket-fields": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<CustomFieldView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateFieldDto } }; responses: { 201: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/ticket-fields/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": CustomFieldView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateFieldDto } }; responses: { 200: { content: { "application/json": CustomFieldView } } } }; };
  "/api/v1/ticket-forms": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TicketFormView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateTicketFormDto } }; responses: { 201: { content: { "application/json": TicketFormView } } } }; };
  "/api/v1/ticket-forms/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketFormView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateTicketFormDto } }; responses: { 200: { content: { "application/json": TicketFormView } } } }; };
  "/api/v1/tickets": { get: { parameters: { query?: { limit?: number; cursor?: string; status?: string[]; priority?: string[]; assigneeId?: string; groupId?: string; requesterId?: number; tag?: string; number?: number; organizationId?: number; automatic?: "true" | "false"; followedBy?: string; q?: string; sort?: "updatedAt" | "createdAt" | "priority" | "number" | "status"; order?: "asc" | "desc"; "field.<key>"?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TicketView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateTicketDto } }; responses: { 201: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketDetailView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateTicketDto } }; responses: { 200: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}/draft": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": DraftView } } } }; put: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": SaveDraftDto } }; responses: { 200: { content: { "application/json": DraftView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/tickets/{id}/events": { get: { parameters: { query?: { limit?: number; cursor?: string }; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TicketEventView> } } } }; };
  "/api/v1/tickets/{id}/followers": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": FollowersView } } } }; post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": AddFollowerDto } }; responses: { 201: { content: { "application/json": FollowersView } } } }; delete: { parameters: { query?: { userId?: number; customerId?: number }; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": FollowersView } } } }; };
  "/api/v1/tickets/{id}/forward": { post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": ForwardDto } }; responses: { 201: { content: { "application/json": PostedMessageView } } } }; };
  "/api/v1/tickets/{id}/links": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketLinkView[] } } } }; post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": AddLinkDto } }; responses: { 201: { content: { "application/json": TicketLinkView[] } } } }; };
  "/api/v1/tickets/{id}/links/{otherId}": { delete: { parameters: { query?: never; path: { id: number; otherId: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/tickets/{id}/macros/{macroId}": { post: { parameters: { query?: never; path: { id: number; macroId: number } }; requestBody?: never; responses: { 200: { content: { "application/json": MacroPreviewView } } } }; };
  "/api/v1/tickets/{id}/macros/{macroId}/preview": { get: { parameters: { query?: never; path: { id: number; macroId: number } }; requestBody?: never; responses: { 200: { content: { "application/json": MacroPreviewView } } } }; };
  "/api/v1/tickets/{id}/merge": { post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": MergeTicketsDto } }; responses: { 200: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}/messages": { post: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": AddMessageDto } }; responses: { 201: { content: { "application/json": PostedMessageView } } } }; };
  "/api/v1/tickets/{id}/messages/{messageId}/remote-images/{n}": { get: { parameters: { query?: never; path: { id: number; messageId: number; n: number } }; requestBody?: never; responses: { 200: { content: { "image/png": Blob; "image/jpeg": Blob; "image/gif": Blob; "image/webp": Blob } } } }; };
  "/api/v1/tickets/{id}/messages/{messageId}/split": { post: { parameters: { query?: never; path: { id: number; messageId: number } }; requestBody: { content: { "application/json": SplitMessageDto } }; responses: { 201: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}/portal-link": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": PortalLinkView } } } }; };
  "/api/v1/tickets/{id}/read": { put: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/tickets/{id}/reply-signature": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": ReplySignatureView } } } }; };
  "/api/v1/tickets/{id}/restore": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/{id}/spam": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketDetailView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TicketDetailView } } } }; };
  "/api/v1/tickets/bulk": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": BulkUpdateDto } }; responses: { 200: { content: { "application/json": BulkResultView } } } }; };
  "/api/v1/tickets/counts": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TicketCountsView } } } }; };
  "/api/v1/tickets/deleted": { get: { parameters: { query?: { limit?: number; cursor?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<DeletedTicketView> } } } }; };
  "/api/v1/tokens": { get: { parameters: { query?: { userId?: number }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<ApiTokenView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateTokenDto } }; responses: { 201: { content: { "application/json": CreatedApiTokenView } } } }; };
  "/api/v1/tokens/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": ApiTokenView } } } }; };
  "/api/v1/triggers": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": TriggerView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateRuleDto } }; responses: { 201: { content: { "application/json": TriggerView } } } }; };
  "/api/v1/triggers/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": TriggerView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateRuleDto } }; responses: { 200: { content: { "application/json": TriggerView } } } }; };
  "/api/v1/triggers/{id}/dry-run": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": DryRunView } } } }; };
  "/api/v1/triggers/{id}/duplicate": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 201: { content: { "application/json": TriggerView } } } }; };
  "/api/v1/triggers/order": { put: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": ReorderRulesDto } }; responses: { 200: { content: { "application/json": TriggerView[] } } } }; };
  "/api/v1/triggers/runs": { get: { parameters: { query?: { limit?: number; cursor?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<TriggerRunView> } } } }; };
  "/api/v1/triggers/runs/{id}/retry": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/triggers/test": { post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": TestRuleDto } }; responses: { 200: { content: { "application/json": RuleTestView } } } }; };
  "/api/v1/users": { get: { parameters: { query?: { limit?: number; cursor?: string }; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": Page<UserView> } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateUserDto } }; responses: { 201: { content: { "application/json": UserView } } } }; };
  "/api/v1/users/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": UserView } } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateUserDto } }; responses: { 200: { content: { "application/json": UserView } } } }; };
  "/api/v1/users/{id}/invite": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 202: { content: { "application/json": UserView } } } }; };
  "/api/v1/users/{id}/totp": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; };
  "/api/v1/views": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": SavedViewView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateSavedViewDto } }; responses: { 201: { content: { "application/json": SavedViewView } } } }; };
  "/api/v1/views/{id}": { delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateSavedViewDto } }; responses: { 200: { content: { "application/json": SavedViewView } } } }; };
  "/api/v1/webhooks": { get: { parameters: { query?: never; path?: never }; requestBody?: never; responses: { 200: { content: { "application/json": WebhookView[] } } } }; post: { parameters: { query?: never; path?: never }; requestBody: { content: { "application/json": CreateWebhookDto } }; responses: { 201: { content: { "application/json": WebhookView } } } }; };
  "/api/v1/webhooks/{id}": { get: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": WebhookView } } } }; delete: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 204: { content?: never } } }; patch: { parameters: { query?: never; path: { id: number } }; requestBody: { content: { "application/json": UpdateWebhookDto } }; responses: { 200: { content: { "application/json": WebhookView } } } }; };
  "/api/v1/webhooks/{id}/deliveries": { get: { parameters: { query?: { limit?: number; cursor?: string }; path: { id: number } }; requestBody?: never; responses: { 200: { content: { "application/json": Page<WebhookDeliveryView> } } } }; };
  "/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry": { post: { parameters: { query?: never; path: { id: number; deliveryId: number } }; requestBody?: never; responses: { 200: { content: { "application/json": WebhookDeliveryView } } } }; };
  "/api/v1/webhooks/{id}/ping": { post: { parameters: { query?: never; path: { id: number } }; requestBody?: never; responses: { 201: { content: { "application/json": WebhookDeliveryView } } } }; };
}
