// Shapes of the API's JSON (see /api/docs and backend/src/**/*.view.ts / *.controller.ts).

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const UNSOLVED_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type UserRole = 'admin' | 'agent';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Group {
  id: number;
  name: string;
  description?: string | null;
  memberIds?: number[];
}

export interface Ticket {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  requesterId: number;
  requester: { id: number; email: string; name: string | null };
  assigneeId: number | null;
  groupId: number | null;
  mailboxId: number | null;
  tags: string[];
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  url: string;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'held';
export interface Delivery {
  outboundId: number;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  updatedAt: string;
}

export interface Message {
  id: number;
  ticketId: number;
  internal: boolean;
  channel: string;
  author: { type: 'user' | 'customer' | 'system'; id: number | null; name: string | null; email: string | null };
  bodyText: string;
  bodyHtml: string | null;
  /** The whole text including quoted history; null when it equals bodyText. */
  fullText: string | null;
  attachments: Attachment[];
  /** Email-out status; absent on servers without it, null when not emailed. */
  delivery?: Delivery | null;
  createdAt: string;
}

export interface TicketDetail extends Ticket {
  messages: Message[];
}

export interface TicketEvent {
  id: number;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  actor: { type: string; id: number | null; name: string | null };
  createdAt: string;
}

export interface Counts {
  myOpen: number;
  unassigned: number;
  allOpen: number;
  pending: number;
  solved: number;
  byStatus: Record<TicketStatus, number>;
}

export type ViewFilters = Record<string, string>;
export interface SavedView {
  id: number;
  name: string;
  filters: ViewFilters;
  shared: boolean;
  ownerId: number;
  count: number;
}

export interface CannedResponse {
  id: number;
  title: string;
  body: string;
}

export interface Mailbox {
  id: number;
  address: string;
  displayName: string | null;
  defaultGroupId: number | null;
  outboundFrom: string | null;
  active: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

export interface InboundMessage {
  id: number;
  status: 'received' | 'processed' | 'rejected';
  envelopeFrom: string | null;
  envelopeTo: string[] | string | null;
  size: number;
  receivedAt: string;
  attempts: number;
  reason: string | null;
  ticketId: number | null;
}

export interface OutboundMessage {
  id: number;
  status: DeliveryStatus;
  ticketId?: number | null;
  to?: string | string[] | null;
  subject?: string | null;
  attempts: number;
  reason: string | null;
  updatedAt?: string;
  createdAt?: string;
}

export interface MailTemplate {
  key: string;
  subject: string;
  body: string;
  placeholders: string[];
}

export interface Licence {
  status: 'free' | 'licensed' | 'updates_expired' | 'invalid';
  licensee: { name: string; email: string } | null;
  licenceId: string | null;
  seats: number;
  seatsUsed: number;
  updatesUntil: string | null;
  issuedAt: string | null;
  releaseDate: string | null;
  notice: string | null;
  source: 'env' | 'settings' | null;
}

export interface PublicTicket {
  ticket: { number: number; subject: string; status: TicketStatus; createdAt: string };
  messages: { id: number; author: { name: string | null; kind: 'customer' | 'agent' }; bodyText: string; bodyHtml: string | null; createdAt: string }[];
}
