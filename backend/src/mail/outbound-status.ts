/**
 * Where an outbox row stands (DESIGN.md section 3): shown to admins on the outbox and to
 * agents on the ticket message it emails.
 */
export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];
