import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import type { DraftRow } from './drafts.repository';

/** The caller's unsent composer content on a ticket (GET|PUT /tickets/{id}/draft). */
export class DraftView {
  @ApiProperty({ description: 'The text as typed' }) body!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The rich text, sanitised as mail HTML is' })
  bodyHtml!: string | null;
  @ApiProperty({ description: 'true for an internal note, false for a public reply' }) internal!: boolean;
  @ApiProperty({ type: [Number], description: 'Ids of files uploaded for it (POST /attachments)' })
  attachmentIds!: number[];
  @ApiProperty({ type: [String], description: 'Email addresses to copy' }) cc!: string[];
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export const toDraftView = (r: DraftRow): DraftView => ({
  body: r.body,
  bodyHtml: r.body_html,
  internal: r.internal,
  // node-postgres reads bigint[] as strings (only plain bigints are parsed as numbers).
  attachmentIds: r.attachment_ids.map(Number),
  cc: r.cc,
  updatedAt: r.updated_at.toISOString(),
});
