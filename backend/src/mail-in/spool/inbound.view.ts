import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../../common/api-schema';

/** `failed`: processing failed HELPDESK_INBOUND_MAX_ATTEMPTS times; kept whole, re-processable. */
export const INBOUND_STATUSES = ['received', 'processed', 'rejected', 'failed'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** Sender verification at receipt (RFC 8601 result keywords). */
export class InboundAuthView {
  @ApiProperty({ description: 'SPF (RFC 7208) for the envelope sender and the client address' }) spf!: string;
  @ApiProperty({ description: 'DKIM (RFC 6376): pass when a signature verifies' }) dkim!: string;
  @ApiProperty({ description: 'DMARC (RFC 7489): pass when SPF or DKIM passed aligned with From' }) dmarc!: string;
  @ApiProperty({ description: 'ARC (RFC 8617) chain validation' }) arc!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The From domain DMARC judged' })
  fromDomain!: string | null;
  @ApiProperty({ description: 'The Authentication-Results header (RFC 8601) of this receipt' }) results!: string;
}

/** A spooled inbound message as admins see it (its raw source is a separate download). */
export class InboundMessageView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: INBOUND_STATUSES, enumName: 'InboundStatus' }) status!: InboundStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'The mailbox it was addressed to, when one matched' })
  mailboxId!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its Subject header, decoded (read when it was stored); null when it has none',
  })
  subject!: string | null;
  @ApiProperty({ description: 'Size of the raw message in bytes' }) size!: number;
  @ApiProperty({ description: 'SMTP MAIL FROM; empty for a null sender (bounces)' }) envelopeFrom!: string;
  @ApiProperty({ type: [String], description: 'SMTP RCPT TO' }) envelopeTo!: string[];
  @ApiProperty({ type: String, nullable: true }) peerIp!: string | null;
  @ApiProperty({ type: String, nullable: true }) helo!: string | null;
  @ApiProperty() tls!: boolean;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) processedAt!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it was rejected or failed, or the last processing error',
  })
  reason!: string | null;
  @ApiProperty({ type: Number, nullable: true }) ticketId!: number | null;
  @ApiProperty({ type: Number, nullable: true }) messageId!: number | null;
  @ApiProperty({ type: InboundAuthView, nullable: true, description: 'null: not verified at receipt' })
  auth!: InboundAuthView | null;
}
