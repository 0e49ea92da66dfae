import type { SqlRow } from '../../tickets/ticket.view';

export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

export const OUTBOUND_COLUMNS = `o.id, o.kind, o.ticket_id, o.message_id, o.status, o.reason, o.attempts, o.mail_message_id, o.from_address,
  o.from_name, o.to_addresses, o.cc_addresses, o.subject, o.auto_submitted, o.relay_response, o.created_at, o.updated_at, o.sent_at`;

/** An outbox row as admins see it. */
export function toOutboundView(r: SqlRow) {
  return {
    id: r.id,
    kind: r.kind,
    ticketId: r.ticket_id,
    messageId: r.message_id,
    status: r.status as OutboundStatus,
    reason: r.reason,
    attempts: r.attempts,
    mailMessageId: r.mail_message_id,
    from: r.from_address,
    fromName: r.from_name,
    to: r.to_addresses,
    cc: r.cc_addresses,
    subject: r.subject,
    automatic: r.auto_submitted !== null,
    relayResponse: r.relay_response,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

/** What a ticket message shows about its email: null when it was not emailed. */
export function toDeliveryView(r: SqlRow) {
  return r.outbound_id
    ? { outboundId: r.outbound_id, status: r.outbound_status as OutboundStatus, reason: r.outbound_reason, attempts: r.outbound_attempts, updatedAt: r.outbound_updated_at }
    : null;
}
