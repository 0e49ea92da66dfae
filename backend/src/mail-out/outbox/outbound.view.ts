import { ApiProperty } from '@nestjs/swagger';
import type { SqlRow } from '../../tickets/ticket.view';
import { TEMPLATE_KEYS } from '../templates/mail-templates';
import { DATE_TIME } from '../../common/api-schema';

export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** An agent's reply, or one of the automatic mails (named by their template). */
export const OUTBOUND_KINDS = ['reply', ...TEMPLATE_KEYS] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

export const OUTBOUND_COLUMNS = `o.id, o.kind, o.ticket_id, o.message_id, o.status, o.reason, o.attempts, o.mail_message_id, o.from_address,
  o.from_name, o.to_addresses, o.cc_addresses, o.subject, o.auto_submitted, o.relay_response, o.created_at, o.updated_at, o.sent_at`;

/** An outbox row as admins see it. */
export class OutboundMessageView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: OUTBOUND_KINDS, enumName: 'OutboundKind' }) kind!: OutboundKind;
  @ApiProperty({ type: Number, nullable: true, description: 'null for a notice to admins about no ticket' })
  ticketId!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The ticket message a reply sends; null for automatic mail',
  })
  messageId!: number | null;
  @ApiProperty({ enum: OUTBOUND_STATUSES, enumName: 'OutboundStatus' }) status!: OutboundStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it waits, was held or failed; null when sent cleanly',
  })
  reason!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'The Message-ID header' }) mailMessageId!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ description: 'Empty when none' }) fromName!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty({ description: "Automatic mail (Auto-Submitted), not a person's reply" }) automatic!: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The relay's last answer" }) relayResponse!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) sentAt!: string | null;
}

export function toOutboundView(r: SqlRow): OutboundMessageView {
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
    ? {
        outboundId: r.outbound_id,
        status: r.outbound_status as OutboundStatus,
        reason: r.outbound_reason,
        attempts: r.outbound_attempts,
        updatedAt: r.outbound_updated_at,
      }
    : null;
}
