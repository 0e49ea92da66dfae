import type { MailFlag } from '../mail/mail-flags';
import type { OutboundStatus } from '../mail/outbound-status';
import type { LastActor, MessageChannel, MessageVisibility, TicketChannel, TicketStatus } from './ticket.constants';

/* The rows the tickets repository reads, as PostgreSQL returns them (snake_case, Dates). */

/** A ticket as TICKET_COLUMNS selects it. */
export interface TicketRow {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: number;
  requester_id: number;
  assignee_id: number | null;
  group_id: number | null;
  tags: string[];
  message_count: number;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
  solved_at: Date | null;
  closed_at: Date | null;
  mailbox_id: number | null;
  organization_id: number | null;
  form_id: number | null;
  merged_into_id: number | null;
  channel: TicketChannel;
  /** The latest public message: its text's start, its author's kind, its time. */
  preview: string | null;
  last_actor: LastActor | null;
  last_message_at: Date | null;
  /** The last change of any kind, and the agent who made it (null: a customer or the system). */
  activity_at: Date;
  activity_user_id: number | null;
  /** The first message was automatic mail (an auto-reply, a bounce, list mail). */
  automatic: boolean;
  /** When an agent (or a rule) marked it as spam; null when it is not spam. */
  spam_at: Date | null;
}

/** A ticket with its requester, as lists and the detail show it. */
export interface TicketWithRequesterRow extends TicketRow {
  requester_email: string;
  requester_name: string;
  /** For the agent reading: changed by someone else since they last opened it. */
  unread: boolean;
  read_at: Date | null;
  /** The agent reading has a draft on it. */
  has_draft: boolean;
}

/** A ticket in the trash, with who deleted it. */
export interface DeletedTicketRow extends TicketWithRequesterRow {
  deleted_at: Date;
  deleted_by: number | null;
  deleted_by_name: string | null;
}

/** A message of the conversation, with its author, its email's delivery and its files. */
export interface MessageRow {
  id: number;
  ticket_id: number;
  author_user_id: number | null;
  author_customer_id: number | null;
  visibility: MessageVisibility;
  channel: MessageChannel;
  body_text: string;
  body_html: string | null;
  full_text: string | null;
  mail_message_id: string | null;
  from_address: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  /** A forward's recipients; null for other messages. */
  forwarded_to: string[] | null;
  mail_flags: MailFlag[];
  created_at: Date;
  user_name: string | null;
  user_email: string | null;
  customer_name: string | null;
  customer_email: string | null;
  outbound_id: number | null;
  outbound_status: OutboundStatus | null;
  outbound_reason: string | null;
  outbound_attempts: number | null;
  outbound_updated_at: Date | null;
  attachments: { id: number; filename: string; contentType: string; size: number; inline: boolean; url: string }[];
}

/** A row of the audit trail, with the actor's name. */
export interface TicketEventRow {
  id: number;
  ticket_id: number;
  actor_user_id: number | null;
  actor_customer_id: number | null;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  created_at: Date;
  user_name: string | null;
  customer_name: string | null;
  /** The rule that made the change (a trigger or an automation), and its title while it exists. */
  actor_rule_id: number | null;
  rule_title: string | null;
  rule_kind: 'trigger' | 'automation' | null;
}
