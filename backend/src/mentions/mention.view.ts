import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { LinkedTicketView } from '../tickets/ticket.view';
import type { MentionRow } from './mentions.repository';

export class MentionAuthorView {
  @ApiProperty({ type: Number, nullable: true }) id!: number | null;
  @ApiProperty() name!: string;
}

/** An agent named in a message: an entry of their mentions inbox. */
export class MentionView {
  @ApiProperty() id!: number;
  @ApiProperty({ type: () => LinkedTicketView }) ticket!: LinkedTicketView;
  @ApiProperty() messageId!: number;
  @ApiProperty({ description: 'In an internal note' }) internal!: boolean;
  @ApiProperty({ description: 'The start of the message (300 characters)' }) excerpt!: string;
  @ApiProperty({ type: () => MentionAuthorView }) author!: MentionAuthorView;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) readAt!: string | null;
}

export class MentionCountView {
  @ApiProperty({ description: 'Mentions not yet read' }) unread!: number;
}

export const toMentionView = (r: MentionRow): MentionView => ({
  id: r.id,
  ticket: { id: r.ticket_id, number: r.number, subject: r.subject, status: r.status },
  messageId: r.message_id,
  internal: r.internal,
  excerpt: r.excerpt,
  author: { id: r.author_id, name: r.author_name ?? 'System' },
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at && r.read_at.toISOString(),
});
