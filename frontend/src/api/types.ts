// The UI's names for the API's shapes. Every one is a type generated from the OpenAPI
// document (openapi.gen.ts, by `npm run api-types`), so a change to an answer of the API
// that the UI does not follow fails the type check instead of failing in a browser.
import type * as Api from './openapi.gen';

export type TicketStatus = Api.TicketStatus;
export type TicketPriority = Api.TicketPriority;
export type UserRole = Api.UserRole;
export type DeliveryStatus = Api.OutboundStatus;

/** Every value of a generated enum, in the UI's order; the compiler checks none is missing or extra. */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a value')) =>
    list;

export const TICKET_STATUSES = allOf<TicketStatus>()(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export const UNSOLVED_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
export const TICKET_PRIORITIES = allOf<TicketPriority>()(['low', 'normal', 'high', 'urgent']);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type User = Api.UserView;
export type Group = Api.GroupView;
export type Ticket = Api.TicketView;
export type TicketDetail = Api.TicketDetailView;
export type Message = Api.MessageView;
export type Attachment = Api.AttachmentView;
export type Delivery = Api.DeliveryView;
export type TicketEvent = Api.TicketEventView;
export type Counts = Api.TicketCountsView;
export type SavedView = Api.SavedViewView;
export type ViewFilters = SavedView['filters'];
export type CannedResponse = Api.CannedResponseView;
export type Mailbox = Api.MailboxView;
export type ApiToken = Api.ApiTokenView;
export type InboundMessage = Api.InboundMessageView;
export type OutboundMessage = Api.OutboundMessageView;
export type MailTemplate = Api.MailTemplateView;
export type Licence = Api.LicenceView;
export type PublicTicket = Api.PortalConversationView;
export type Login = Api.LoginView;
export type TwoFactorChallenge = Api.TwoFactorChallengeView;
export type SessionInfo = Api.SessionInfoView;
export type TotpStatus = Api.TotpStatusView;
export type TotpEnrolment = Api.TotpEnrolmentView;
export type PublicSsoProvider = Api.PublicSsoProviderView;
export type AuditLogEntry = Api.AuditLogEntryView;
