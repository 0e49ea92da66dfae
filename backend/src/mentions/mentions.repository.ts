import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { TicketStatus } from '../tickets/ticket.constants';

/** A mention with the message and ticket it is on. */
export interface MentionRow {
  id: number;
  created_at: Date;
  read_at: Date | null;
  message_id: number;
  internal: boolean;
  excerpt: string;
  author_id: number | null;
  author_name: string | null;
  ticket_id: number;
  number: number;
  subject: string;
  status: TicketStatus;
}

/**
 * `ticket_mentions` as the mentioned agent reads them (the ticket writer records them
 * with the message). A mention follows its message: after a merge or a split it is on
 * the ticket the message went to. An agent reads only those on tickets within their scope
 * (a ticket they lost, or were mentioned on from outside it, is not theirs to read).
 */
@Injectable()
export class MentionsRepository {
  constructor(private readonly sql: Sql) {}

  /** The agent's mentions below `beforeId` on tickets within `scope`, newest first. */
  page(
    userId: number,
    scope: TicketScope,
    beforeId: number,
    limit: number,
    unreadOnly: boolean,
  ): Promise<MentionRow[]> {
    const values: unknown[] = [userId, beforeId, limit, unreadOnly];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    return this.sql.rows(
      `SELECT n.id, n.created_at, n.read_at, m.id AS message_id, m.visibility = 'internal' AS internal,
              left(m.body_text, 300) AS excerpt, m.author_user_id AS author_id, u.name AS author_name,
              t.id AS ticket_id, t.number, t.subject, t.status
         FROM ticket_mentions n
         JOIN messages m ON m.id = n.message_id
         JOIN tickets t ON t.id = m.ticket_id
         LEFT JOIN users u ON u.id = m.author_user_id
        WHERE n.user_id = $1 AND n.id < $2 AND (NOT $4 OR n.read_at IS NULL) AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}
        ORDER BY n.id DESC LIMIT $3`,
      values,
    );
  }

  /** Unread mentions of the agent on tickets within `scope` (not deleted). */
  async unread(userId: number, scope: TicketScope): Promise<number> {
    const values: unknown[] = [userId];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    // Deleted tickets are in no list or count: their mentions neither.
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM ticket_mentions n JOIN messages m ON m.id = n.message_id
         JOIN tickets t ON t.id = m.ticket_id
        WHERE n.user_id = $1 AND n.read_at IS NULL AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`,
      values,
    );
    return row!.n;
  }

  /** Marks the agent's mentions read: these ids, or all on a ticket, or (neither) all. */
  async markRead(userId: number, which: { ids?: number[]; ticketId?: number }): Promise<void> {
    await this.sql.execute(
      `UPDATE ticket_mentions n SET read_at = now()
        WHERE n.user_id = $1 AND n.read_at IS NULL
          AND ($2::bigint[] IS NULL OR n.id = ANY($2::bigint[]))
          AND ($3::bigint IS NULL OR n.message_id IN (SELECT id FROM messages WHERE ticket_id = $3))`,
      [userId, which.ids ?? null, which.ticketId ?? null],
    );
  }
}
