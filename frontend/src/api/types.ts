// The UI's names for the API's shapes. Every one is a type generated from the OpenAPI
// document (openapi.gen.ts, by `npm run api-types`), so a change to an answer of the API
// that the UI does not follow fails the type check instead of failing in a browser.
import type * as Api from './openapi.gen';

export type TicketStatus = Api.TicketStatus;
export type TicketPriority = Api.TicketPriority;
export type UserRole = Api.UserRole;
export type TicketScope = Api.TicketScope;

/** Every value of a generated enum, in the UI's order; the compiler checks none is missing or extra. */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a value')) =>
    list;

export const TICKET_STATUSES = allOf<TicketStatus>()(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export const UNSOLVED_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
export const TICKET_PRIORITIES = allOf<TicketPriority>()(['low', 'normal', 'high', 'urgent']);

export type { Page } from './openapi.gen';

export type User = Api.UserView;
export type Ticket = Api.TicketView;
export type TicketDetail = Api.TicketDetailView;
export type Message = Api.MessageView;
export type Attachment = Api.AttachmentView;
export type TicketEvent = Api.TicketEventView;
export type Counts = Api.TicketCountsView;
/** A view's filters: query parameters of GET /tickets, every value a string (`status: 'new,open'`). */
export type ViewFilters = Api.SavedViewView['filters'];
export type InboundMessage = Api.InboundMessageView;
export type OutboundMessage = Api.OutboundMessageView;
export type MailTemplate = Api.MailTemplateView;
export type Mailbox = Api.MailboxView;
/** Where a mailbox fetches its mail from (IMAP, Microsoft 365, Gmail). */
export type MailSource = NonNullable<Mailbox['source']>;
export type AuditLogEntry = Api.AuditLogEntryView;
export type SsoProvider = Api.SsoProviderView;

type TicketListParams = NonNullable<Api.paths['/api/v1/tickets']['get']['parameters']['query']>;
/** How GET /tickets orders the list. */
export type TicketSort = NonNullable<TicketListParams['sort']>;
export type SortOrder = NonNullable<TicketListParams['order']>;

export type FieldType = Api.FieldType;
export type CustomField = Api.CustomFieldView;
export type TicketForm = Api.TicketFormView;
export type Organization = Api.OrganizationView;
export type Customer = Api.CustomerView;
export type TicketLink = Api.TicketLinkView;
export type Mention = Api.MentionView;
/** A custom field's value as the API spells it (see the backend's FieldValue). */
export type FieldValue = string | number | boolean | string[];
