import { ApiProperty } from '@nestjs/swagger';
import { OUTBOUND_STATUSES, OutboundStatus } from '../../mail/outbound-status';
import type { OutboundKind, OutboundListRow } from './outbox.repository';
import { TEMPLATE_KEYS } from '../templates/mail-templates';
import { ACCOUNT_MAIL_KINDS } from '../templates/account-mail';
import { DATE_TIME } from '../../common/api-schema';

/** An agent's reply, or one of the automatic mails (named by their template). */
export const OUTBOUND_KINDS = [
  'reply',
  'forward',
  ...TEMPLATE_KEYS,
  'rule_notification',
  ...ACCOUNT_MAIL_KINDS,
] as const;

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
  @ApiProperty({ type: String, nullable: true, description: "The relay's (or the mailbox transport's) last answer" })
  relayResponse!: string | null;
  @ApiProperty({
    enum: ['relay', 'smtp', 'microsoft365', 'gmail'],
    enumName: 'OutboundTransport',
    nullable: true,
    description: "What it was last sent through: the global relay, or the mailbox's own transport; null before then",
  })
  transport!: 'relay' | 'smtp' | 'microsoft365' | 'gmail' | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) sentAt!: string | null;
}

export function toOutboundView(r: OutboundListRow): OutboundMessageView {
  return {
    id: r.id,
    kind: r.kind,
    ticketId: r.ticket_id,
    messageId: r.message_id,
    status: r.status,
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
    transport: r.transport as OutboundMessageView['transport'],
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    sentAt: r.sent_at && r.sent_at.toISOString(),
  };
}
