import { toDeliveryView } from '../mail-out/outbox/outbound.view';
import { priorityName, TicketStatus } from './ticket.entity';

/** A row from raw SQL (snake_case columns); the mappers below are its only readers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;

/** A ticket row as the API shows it (raw SQL row in, camelCase JSON out). */
export function toTicketView(r: SqlRow) {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status as TicketStatus,
    priority: priorityName(r.priority),
    requesterId: r.requester_id,
    requester: { id: r.requester_id, email: r.requester_email, name: r.requester_name },
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    mailboxId: r.mailbox_id,
    tags: r.tags,
    messageCount: r.message_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstResponseAt: r.first_response_at,
    solvedAt: r.solved_at,
    closedAt: r.closed_at,
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

export function toMessageView(r: SqlRow) {
  const author = r.author_user_id
    ? { type: 'user' as const, id: r.author_user_id, name: r.user_name, email: r.user_email }
    : r.author_customer_id
      ? { type: 'customer' as const, id: r.author_customer_id, name: r.customer_name, email: r.customer_email }
      : { type: 'system' as const, id: null, name: 'System', email: null };
  return {
    id: r.id,
    ticketId: r.ticket_id,
    internal: r.visibility === 'internal',
    visibility: r.visibility,
    channel: r.channel,
    author,
    bodyText: r.body_text,
    bodyHtml: r.body_html,
    /** The whole text including quoted history, for mail; null when it equals bodyText. */
    fullText: r.full_text,
    mail: r.mail_message_id
      ? { messageId: r.mail_message_id, from: r.from_address, to: r.to_addresses, cc: r.cc_addresses, flags: r.mail_flags }
      : null,
    attachments: (r.attachments ?? []) as AttachmentView[],
    /** The email of a public reply: queued, sending, sent, failed (with the reason) or held; null when not emailed. */
    delivery: toDeliveryView(r),
    createdAt: r.created_at,
  };
}

export interface AttachmentView {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  url: string;
}

export function toEventView(r: SqlRow) {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    action: r.action,
    field: r.field,
    before: r.before,
    after: r.after,
    actor: r.actor_user_id
      ? { type: 'user' as const, id: r.actor_user_id, name: r.user_name }
      : r.actor_customer_id
        ? { type: 'customer' as const, id: r.actor_customer_id, name: r.customer_name }
        : { type: 'system' as const, id: null, name: 'System' },
    createdAt: r.created_at,
  };
}
