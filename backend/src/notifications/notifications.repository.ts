import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

export const NOTIFICATION_KINDS = ['assigned', 'mentioned', 'customer_replied'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification with the ticket and the actor it names. */
export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  ticket_id: number;
  number: number;
  subject: string;
  actor_id: number | null;
  actor_name: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `n.id, n.kind, n.ticket_id, t.number, t.subject, n.actor_user_id AS actor_id, a.name AS actor_name,
  n.created_at, n.read_at`;
/** Notification rows `source` (aliased n) with their ticket (t) and actor (a). */
const FROM_ROWS = (source: string) =>
  `${source} n JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users a ON a.id = n.actor_user_id`;
const FROM = FROM_ROWS('notifications');

/**
 * `notifications`: the agent's bell. Written by the outbox when it tells an agent of
 * something (so the recipients are the mail's); read by the agent themselves only, and
 * only about tickets within their scope now and not in the trash.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly sql: Sql) {}

  /** Records one notification in the caller's transaction; returns it as the list shows it. */
  async insert(
    tx: Tx,
    n: {
      userId: number;
      ticketId: number;
      kind: NotificationKind;
      actorUserId: number | null;
      messageId: number | null;
    },
  ): Promise<NotificationRow> {
    // One round trip: this runs inside the change that caused it (mail processing among them).
    const row = await this.sql.row<NotificationRow>(
      `WITH n AS (
         INSERT INTO notifications (user_id, ticket_id, kind, actor_user_id, message_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING *
       )
       SELECT ${COLUMNS} FROM ${FROM_ROWS('n')}`,
      [n.userId, n.ticketId, n.kind, n.actorUserId, n.messageId],
      tx,
    );
    return row!;
  }

  /** The user's notifications below `beforeId` on tickets within `scope` (not deleted), newest first. */
  page(userId: number, scope: TicketScope, beforeId: number, limit: number): Promise<NotificationRow[]> {
    const values: unknown[] = [userId, beforeId, limit];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    return this.sql.rows(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE n.user_id = $1 AND n.id < $2 AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}
        ORDER BY n.id DESC LIMIT $3`,
      values,
    );
  }

  /** How many of the user's notifications the list would show unread. */
  async unread(userId: number, scope: TicketScope): Promise<number> {
    const values: unknown[] = [userId];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications n JOIN tickets t ON t.id = n.ticket_id
        WHERE n.user_id = $1 AND n.read_at IS NULL AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`,
      values,
    );
    return row!.n;
  }

  /** Marks the user's notifications read: these ids, or (null) all of them. Others' ids are ignored. */
  async markRead(userId: number, ids: number[] | null): Promise<void> {
    await this.sql.execute(
      `UPDATE notifications SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
      [userId, ids],
    );
  }
}
