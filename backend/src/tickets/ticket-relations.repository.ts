import { Injectable } from '@nestjs/common';
import { ALL_TICKETS, scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { TicketLinkKind, TicketStatus } from './ticket.constants';

/** Who follows a ticket: agents, and customers CC'd on it. */
export interface FollowersRow {
  users: { id: number; name: string; email: string }[];
  customers: { id: number; name: string; email: string }[];
}

/** A link as one end sees it: `outgoing` when this ticket holds it (it is the follow-up, the duplicate). */
export interface LinkRow {
  kind: TicketLinkKind;
  direction: 'outgoing' | 'incoming';
  ticket_id: number;
  number: number;
  subject: string;
  status: TicketStatus;
}

/**
 * A tsvector concatenation that stays under PostgreSQL's 1 MiB limit: past it, the
 * target keeps what it has (the text form's length over-states the size, as the search
 * bounds count it).
 */
const appendBounded = (target: string, piece: string) =>
  `CASE WHEN octet_length(${target}::text) + octet_length(${piece}::text) < 1000000 THEN ${target} || ${piece} ELSE ${target} END`;

/**
 * The relations between tickets and people the ticket domain service writes besides the
 * ticket row: followers (`ticket_user_followers` for agents, `ticket_followers` for
 * customers), links (`ticket_links`), the moves of a merge or a split, mentions
 * (`ticket_mentions`). Only tickets/ uses it (lint).
 */
@Injectable()
export class TicketRelationsRepository {
  constructor(private readonly sql: Sql) {}

  async followers(ticketId: number, tx?: Tx): Promise<FollowersRow> {
    const row = await this.sql.row<FollowersRow>(
      `SELECT (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY u.name, u.id), '[]')
                 FROM ticket_user_followers f JOIN users u ON u.id = f.user_id WHERE f.ticket_id = $1) AS users,
              (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'email', c.email) ORDER BY c.email), '[]')
                 FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE f.ticket_id = $1) AS customers`,
      [ticketId],
      tx,
    );
    return row!;
  }

  async addUserFollower(tx: Tx, ticketId: number, userId: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_user_followers (ticket_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [ticketId, userId],
      tx,
    );
  }

  async removeUserFollower(tx: Tx, ticketId: number, userId: number): Promise<void> {
    await this.sql.execute(
      `DELETE FROM ticket_user_followers WHERE ticket_id = $1 AND user_id = $2`,
      [ticketId, userId],
      tx,
    );
  }

  async removeCustomerFollower(tx: Tx, ticketId: number, customerId: number): Promise<void> {
    await this.sql.execute(
      `DELETE FROM ticket_followers WHERE ticket_id = $1 AND customer_id = $2`,
      [ticketId, customerId],
      tx,
    );
  }

  /** Both directions, newest ticket first; with `scope`, only links to tickets within it. */
  links(ticketId: number, tx?: Tx, scope: TicketScope = ALL_TICKETS): Promise<LinkRow[]> {
    const values: unknown[] = [ticketId];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    // A deleted ticket is linked to nothing anyone can open.
    const also = ` AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`;
    return this.sql.rows(
      `SELECT l.kind, 'outgoing' AS direction, t.id AS ticket_id, t.number, t.subject, t.status
         FROM ticket_links l JOIN tickets t ON t.id = l.linked_ticket_id WHERE l.ticket_id = $1${also}
       UNION ALL
       SELECT l.kind, 'incoming', t.id, t.number, t.subject, t.status
         FROM ticket_links l JOIN tickets t ON t.id = l.ticket_id WHERE l.linked_ticket_id = $1${also}
       ORDER BY ticket_id DESC`,
      values,
      tx,
    );
  }

  /** Removes the links between two tickets (either direction) of these kinds; returns how many. */
  unlink(tx: Tx, a: number, b: number, kinds: readonly TicketLinkKind[]): Promise<number> {
    return this.sql.execute(
      `DELETE FROM ticket_links WHERE kind = ANY($3::text[])
          AND ((ticket_id = $1 AND linked_ticket_id = $2) OR (ticket_id = $2 AND linked_ticket_id = $1))`,
      [a, b, kinds],
      tx,
    );
  }

  /**
   * A merge's move: every message of the source (with its files and mentions, which
   * hang on the message) goes to the target, whose message count and search vector take
   * them (the B part of the source's vector: the words of its messages).
   */
  async moveConversation(tx: Tx, sourceId: number, targetId: number): Promise<number> {
    const moved = await this.sql.execute(
      `UPDATE messages SET ticket_id = $2 WHERE ticket_id = $1`,
      [sourceId, targetId],
      tx,
    );
    await this.sql.execute(
      `UPDATE tickets t SET message_count = t.message_count + $3,
              search_vector = ${appendBounded('t.search_vector', `ts_filter(s.search_vector, '{b}')`)}
         FROM tickets s WHERE t.id = $2 AND s.id = $1`,
      [sourceId, targetId, moved],
      tx,
    );
    await this.sql.execute(`UPDATE tickets SET message_count = 0 WHERE id = $1`, [sourceId], tx);
    await this.refreshLatest(tx, [sourceId, targetId]);
    return moved;
  }

  /**
   * After messages move between tickets, each ticket's list fields (`preview`,
   * `last_actor`, `last_message_at`) follow its latest public message again, as
   * `TicketsRepository.insertMessage` sets them; none left: all null.
   */
  private async refreshLatest(tx: Tx, ticketIds: number[]): Promise<void> {
    await this.sql.execute(
      `UPDATE tickets t
          SET preview = left(btrim(regexp_replace(m.body_text, '\\s+', ' ', 'g')), 200),
              last_actor = CASE WHEN m.id IS NULL THEN NULL WHEN m.author_user_id IS NOT NULL THEN 'agent'
                                WHEN m.author_customer_id IS NOT NULL THEN 'customer' ELSE 'system' END,
              last_message_at = m.created_at
         FROM tickets x
         LEFT JOIN LATERAL (
           SELECT id, body_text, author_user_id, author_customer_id, created_at FROM messages
            WHERE ticket_id = x.id AND visibility = 'public' ORDER BY created_at DESC, id DESC LIMIT 1
         ) m ON true
        WHERE x.id = ANY($1::bigint[]) AND t.id = x.id`,
      [ticketIds],
      tx,
    );
  }

  /**
   * A merge's people: the source's followers (agents and customers) follow the target,
   * and so does the source's requester, unless they are the target's.
   */
  async moveFollowers(tx: Tx, sourceId: number, targetId: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_user_followers (ticket_id, user_id)
       SELECT $2, user_id FROM ticket_user_followers WHERE ticket_id = $1 ON CONFLICT DO NOTHING`,
      [sourceId, targetId],
      tx,
    );
    await this.sql.execute(
      `INSERT INTO ticket_followers (ticket_id, customer_id)
       SELECT $2, c FROM (SELECT customer_id AS c FROM ticket_followers WHERE ticket_id = $1
                          UNION SELECT requester_id FROM tickets WHERE id = $1) x
        WHERE c <> (SELECT requester_id FROM tickets WHERE id = $2)
       ON CONFLICT DO NOTHING`,
      [sourceId, targetId],
      tx,
    );
  }

  /** Tickets merged into this one. */
  async mergedInto(targetId: number, tx: Tx): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM tickets WHERE merged_into_id = $1 ORDER BY id`,
      [targetId],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** A message of the ticket: its author (a customer id, when a customer wrote it). */
  message(
    tx: Tx,
    ticketId: number,
    messageId: number,
  ): Promise<{ id: number; author_customer_id: number | null } | undefined> {
    return this.sql.row(
      `SELECT id, author_customer_id FROM messages WHERE id = $1 AND ticket_id = $2`,
      [messageId, ticketId],
      tx,
    );
  }

  /**
   * A split's move: the message (with its files and mentions) goes to another ticket,
   * whose count and search vector take it; the ticket it left keeps its words in the
   * search vector until the vector is rebuilt (a subject change rebuilds it).
   */
  async moveMessage(tx: Tx, messageId: number, fromId: number, toId: number): Promise<void> {
    await this.sql.execute(`UPDATE messages SET ticket_id = $2 WHERE id = $1`, [messageId, toId], tx);
    await this.sql.execute(
      `UPDATE tickets t SET message_count = t.message_count + CASE WHEN t.id = $3 THEN 1 ELSE -1 END,
              search_vector = CASE WHEN t.id = $3
                THEN ${appendBounded('t.search_vector', `setweight(to_tsvector('simple', left(m.body_text, 100000)), 'B')`)}
                ELSE t.search_vector END
         FROM messages m WHERE m.id = $1 AND t.id IN ($2, $3)`,
      [messageId, fromId, toId],
      tx,
    );
    await this.refreshLatest(tx, [fromId, toId]);
  }

  /** Records that these agents were mentioned in a message (their mentions inbox). */
  async insertMentions(tx: Tx, messageId: number, userIds: number[]): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_mentions (message_id, user_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
      [messageId, userIds],
      tx,
    );
  }

  async organizationExists(id: number, tx: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM organizations WHERE id = $1`, [id], tx));
  }
}
