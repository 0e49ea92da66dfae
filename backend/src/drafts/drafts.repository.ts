import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';

/** A stored draft: one per (ticket, agent). */
export interface DraftRow {
  body: string;
  body_html: string | null;
  internal: boolean;
  /** As node-postgres reads bigint[]: strings. */
  attachment_ids: string[];
  cc: string[];
  updated_at: Date;
}

/** What a draft holds, as the agent last saved it. */
export interface DraftContent {
  body: string;
  bodyHtml: string | null;
  internal: boolean;
  attachmentIds: number[];
  cc: string[];
}

const COLUMNS = 'body, body_html, internal, attachment_ids, cc, updated_at';

/**
 * `drafts`: an agent's unsent composer text per ticket, read and written by that agent
 * only. Posting a message deletes its author's draft, in the message's transaction, in
 * the ticket domain service (tickets/ owns that write; this folder never writes messages).
 */
@Injectable()
export class DraftsRepository {
  constructor(private readonly sql: Sql) {}

  /** Of these attachment ids, the inline images `userId` uploaded and has not sent yet (a draft may show them). */
  async ownUnsentImages(ids: number[], userId: number): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM attachments WHERE id = ANY($1::bigint[]) AND uploaded_by_user_id = $2 AND message_id IS NULL AND inline`,
      [ids, userId],
    );
    return rows.map((r) => r.id);
  }

  /** Agent `userId`'s draft on the ticket; undefined when there is none. */
  find(ticketId: number, userId: number): Promise<DraftRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM drafts WHERE ticket_id = $1 AND user_id = $2`, [ticketId, userId]);
  }

  /** Creates or replaces agent `userId`'s draft on the ticket; returns it as stored. */
  async upsert(ticketId: number, userId: number, d: DraftContent): Promise<DraftRow> {
    const row = await this.sql.row<DraftRow>(
      `INSERT INTO drafts (ticket_id, user_id, body, body_html, internal, attachment_ids, cc, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7::text[], now())
       ON CONFLICT (ticket_id, user_id) DO UPDATE SET body = EXCLUDED.body, body_html = EXCLUDED.body_html,
         internal = EXCLUDED.internal, attachment_ids = EXCLUDED.attachment_ids, cc = EXCLUDED.cc,
         updated_at = EXCLUDED.updated_at
       RETURNING ${COLUMNS}`,
      [ticketId, userId, d.body, d.bodyHtml, d.internal, d.attachmentIds, d.cc],
    );
    return row!;
  }

  /** Deletes agent `userId`'s draft on the ticket, if any. */
  async delete(ticketId: number, userId: number): Promise<void> {
    await this.sql.execute(`DELETE FROM drafts WHERE ticket_id = $1 AND user_id = $2`, [ticketId, userId]);
  }
}
