import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { FieldChange, MessageMail } from './ticket-events';
import {
  draftsJoin,
  hasDraftSql,
  nextCursorFor,
  queryTicketPage,
  readsJoin,
  TICKET_COLUMNS,
  TicketListFilters,
  unreadSql,
} from './ticket-list.query';
import { MessageChannel, MessageVisibility, TicketChannel, TicketLinkKind, TicketStatus } from './ticket.constants';
import { DeletedTicketRow, MessageRow, TicketEventRow, TicketRow, TicketWithRequesterRow } from './ticket.rows';

/** The list's preview of a message: its text's start, whitespace folded (at most 200 characters). */
export const previewOf = (text: string) => [...text.replace(/\s+/g, ' ').trim()].slice(0, 200).join('');

/** Who changed a ticket, as the audit trail records it: a person, or the rule that did (all null: the system). */
export interface Actor {
  userId: number | null;
  customerId: number | null;
  ruleId: number | null;
}

export interface NewTicketRow {
  subject: string;
  requesterId: number;
  priority: number;
  assigneeId: number | null;
  groupId: number | null;
  tags: string[];
  mailboxId: number | null;
  organizationId: number | null;
  formId: number | null;
  channel: TicketChannel;
  /** The first message is automatic mail (auto-reply, bounce, list mail). */
  automatic?: boolean;
}

export interface NewMessageRow {
  ticketId: number;
  authorUserId: number | null;
  authorCustomerId: number | null;
  visibility: MessageVisibility;
  channel: MessageChannel;
  bodyText: string;
  bodyHtml: string | null;
  fullText: string | null;
  mail: (MessageMail & { mailboxId: number; inboundMessageId: number }) | null;
  /** A forward: whom it is mailed to (its Cc goes in `cc`). */
  forwardedTo?: string[];
  /** Who is copied (a forward's Cc; a reply's Cc is stamped when the outbox writes its mail). */
  cc?: string[];
}

/** Columns a change may set on a ticket. */
export interface TicketColumns {
  subject?: string;
  requester_id?: number;
  status?: TicketStatus;
  priority?: number;
  assignee_id?: number | null;
  group_id?: number | null;
  tags?: string[];
  first_response_at?: Date;
  solved_at?: Date | null;
  closed_at?: Date | null;
  organization_id?: number | null;
  form_id?: number | null;
  merged_into_id?: number;
  status_changed_at?: Date;
  customer_replied_at?: Date;
  spam_at?: Date | null;
  deleted_at?: Date | null;
  deleted_by?: number | null;
}

/**
 * `t.id = $1`, not deleted, and the scope's condition numbered after it: how every read of one
 * ticket finds it (a deleted ticket is not found by anyone; only restore and the trash read it).
 */
function oneTicket(id: number, scope: TicketScope): { where: string; values: unknown[] } {
  const values: unknown[] = [id];
  const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
  return { where: `t.id = $1 AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`, values };
}

/**
 * Tickets, their messages, followers, links and audit trail (`tickets`, `messages`,
 * `ticket_followers`, `ticket_links`, `ticket_events`). Only the ticket domain service
 * writes through it (lint keeps it inside tickets/); every write there records its audit
 * row in the same statement or transaction.
 */
@Injectable()
export class TicketsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Inserts a `new` ticket and its `created` audit row (`after`: the subject, and the
   * custom field values it starts with), in one statement.
   */
  async insertTicket(
    tx: Tx,
    t: NewTicketRow,
    actor: Actor,
    fields: object = {},
  ): Promise<{ id: number; number: number }> {
    const row = await this.sql.row<{ id: number; number: number }>(
      `WITH t AS (
         INSERT INTO tickets (subject, status, priority, requester_id, assignee_id, group_id, tags, mailbox_id, organization_id, form_id, channel, activity_user_id, automatic)
         VALUES ($1, 'new', $2, $3, $4, $5, $6, $7, $11, $12, $14, $8, $15) RETURNING id, number
       ), e AS (
         INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, actor_rule_id, action, after)
         SELECT id, $8, $9, $10, 'created',
                jsonb_build_object('subject', $1::text) || CASE WHEN $13::jsonb = '{}' THEN '{}' ELSE jsonb_build_object('fields', $13::jsonb) END
           FROM t
       )
       SELECT id, number FROM t`,
      [
        t.subject,
        t.priority,
        t.requesterId,
        t.assigneeId,
        t.groupId,
        t.tags,
        t.mailboxId,
        actor.userId,
        actor.customerId,
        actor.ruleId,
        t.organizationId,
        t.formId,
        JSON.stringify(fields),
        t.channel,
        t.automatic ?? false,
      ],
      tx,
    );
    return row!;
  }

  /**
   * Inserts a message and its `message_added` audit row, in one statement; triggers
   * index it for search and count it on the ticket. Records it as the ticket's latest
   * activity and, when public, as the list's preview and last actor.
   */
  async insertMessage(tx: Tx, m: NewMessageRow, actor: Actor): Promise<number> {
    // One statement: the message, its audit row, and the ticket's activity and list fields.
    // The messages trigger's own UPDATE of the ticket (search, count) runs after it, at the
    // statement's end, so both land.
    const row = await this.sql.row<{ id: number }>(
      `WITH m AS (
         INSERT INTO messages (ticket_id, author_user_id, author_customer_id, visibility, channel, body_text, body_html, full_text,
           mailbox_id, inbound_message_id, mail_message_id, in_reply_to, mail_references, from_address, to_addresses, cc_addresses, mail_flags,
           content_fingerprint, forwarded_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $21, $22)
         RETURNING id, ticket_id, visibility, forwarded_to
       ), e AS (
         INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, actor_rule_id, action, after)
         SELECT ticket_id, $18, $19, $20, 'message_added',
                jsonb_build_object('messageId', id, 'internal', visibility = 'internal')
                  -- A forward says to whom in the audit trail ("forwarded to vendor@…").
                  || CASE WHEN forwarded_to IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('forwardedTo', to_jsonb(forwarded_to)) END
           FROM m
       ), a AS (
         UPDATE tickets SET activity_at = now(), activity_user_id = $18,
                preview = CASE WHEN $23 THEN $24 ELSE preview END,
                last_actor = CASE WHEN $23 THEN $25 ELSE last_actor END,
                last_message_at = CASE WHEN $23 THEN now() ELSE last_message_at END
          WHERE id = $1
       )
       SELECT id FROM m`,
      [
        m.ticketId,
        m.authorUserId,
        m.authorCustomerId,
        m.visibility,
        m.channel,
        m.bodyText,
        m.bodyHtml,
        m.fullText,
        m.mail?.mailboxId ?? null,
        m.mail?.inboundMessageId ?? null,
        m.mail?.messageId ?? null,
        m.mail?.inReplyTo ?? null,
        m.mail?.references ?? [],
        m.mail?.from ?? null,
        m.mail?.to ?? [],
        m.mail?.cc ?? m.cc ?? [],
        m.mail?.flags ?? [],
        actor.userId,
        actor.customerId,
        actor.ruleId,
        m.mail?.fingerprint ?? null,
        m.forwardedTo ?? null,
        m.visibility === 'public',
        previewOf(m.bodyText),
        m.authorUserId ? 'agent' : m.authorCustomerId ? 'customer' : 'system',
      ],
      tx,
    );
    return row!.id;
  }

  async setBodyHtml(tx: Tx, messageId: number, html: string): Promise<void> {
    await this.sql.execute(`UPDATE messages SET body_html = $2 WHERE id = $1`, [messageId, html], tx);
  }

  /** Sets columns (none: only bumps updated_at and the activity) and writes one `updated` audit row per changed field. */
  async update(tx: Tx, id: number, set: TicketColumns, changes: FieldChange[], actor: Actor): Promise<void> {
    const columns = assignments({ ...set }, 2);
    await this.sql.execute(
      `UPDATE tickets SET ${[...columns.sql, 'updated_at = now()', 'activity_at = now()', `activity_user_id = $${columns.values.length + 2}`].join(', ')} WHERE id = $1`,
      [id, ...columns.values, actor.userId],
      tx,
    );
    for (const c of changes) {
      await this.sql.execute(
        `INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, actor_rule_id, action, field, before, after)
         VALUES ($1, $2, $3, $4, 'updated', $5, $6::jsonb, $7::jsonb)`,
        [id, actor.userId, actor.customerId, actor.ruleId, c.field, JSON.stringify(c.before), JSON.stringify(c.after)],
        tx,
      );
    }
  }

  /** An audit row that is not a field change: what a rule did besides (an email, a webhook call, a pause). */
  async audit(tx: Tx, ticketId: number, action: string, after: object, actor: Actor): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, actor_rule_id, action, after)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [ticketId, actor.userId, actor.customerId, actor.ruleId, action, JSON.stringify(after)],
      tx,
    );
  }

  /**
   * The ticket, locked until the transaction ends (the one row every change of it
   * serialises on); undefined when missing or out of `scope`.
   */
  lock(tx: Tx, id: number, scope: TicketScope): Promise<TicketRow | undefined> {
    const one = oneTicket(id, scope);
    return this.sql.row(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE ${one.where} FOR UPDATE`, one.values, tx);
  }

  /** A deleted ticket, locked; undefined when there is none (never deleted, restored, or purged). */
  lockDeleted(tx: Tx, id: number): Promise<(TicketRow & { deleted_at: Date }) | undefined> {
    return this.sql.row(
      `SELECT ${TICKET_COLUMNS}, t.deleted_at FROM tickets t WHERE t.id = $1 AND t.deleted_at IS NOT NULL FOR UPDATE`,
      [id],
      tx,
    );
  }

  /** The trash, newest deletion first: up to `limit + 1` tickets deleted before the ticket `beforeId` (by id). */
  deleted(me: number, beforeId: number | null, limit: number): Promise<DeletedTicketRow[]> {
    return this.sql.rows(
      `SELECT ${TICKET_COLUMNS}, t.deleted_at, t.deleted_by, u.name AS deleted_by_name,
              c.email AS requester_email, c.name AS requester_name, ${unreadSql('t', '$1')}, ${hasDraftSql()}
         FROM tickets t JOIN customers c ON c.id = t.requester_id LEFT JOIN users u ON u.id = t.deleted_by
         ${readsJoin('t', '$1')} ${draftsJoin('t', '$1')}
        WHERE t.deleted_at IS NOT NULL AND ($2::bigint IS NULL OR t.id < $2) ORDER BY t.id DESC LIMIT $3`,
      [me, beforeId, limit + 1],
    );
  }

  /** Up to `limit` tickets deleted before `cutoff`, locked (skipping those another purge holds). */
  async purgeable(tx: Tx, cutoff: Date, limit: number): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM tickets WHERE deleted_at < $1 ORDER BY deleted_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Deletes these tickets for good: their messages, audit trail, read markers, field values,
   * links, followers and outbox rows go with them (ON DELETE CASCADE), and their domain events
   * and pending trigger runs here; tickets merged into them forget where they went. Their
   * files are the caller's to delete first (AttachmentsRepository.deleteOfTickets).
   */
  async purge(tx: Tx, ids: number[]): Promise<void> {
    await this.sql.execute(
      `UPDATE tickets SET merged_into_id = NULL WHERE merged_into_id = ANY($1::bigint[])`,
      [ids],
      tx,
    );
    await this.sql.execute(`DELETE FROM domain_events WHERE ticket_id = ANY($1::bigint[])`, [ids], tx);
    await this.sql.execute(`DELETE FROM trigger_runs WHERE ticket_id = ANY($1::bigint[])`, [ids], tx);
    await this.sql.execute(`DELETE FROM tickets WHERE id = ANY($1::bigint[])`, [ids], tx);
  }

  tags(id: number, scope: TicketScope): Promise<{ tags: string[] } | undefined> {
    const one = oneTicket(id, scope);
    return this.sql.row(`SELECT t.tags FROM tickets t WHERE ${one.where}`, one.values);
  }

  async link(tx: Tx, ticketId: number, linkedTicketId: number, kind: TicketLinkKind): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_links (ticket_id, linked_ticket_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [ticketId, linkedTicketId, kind],
      tx,
    );
  }

  /** Makes the customer a follower, unless they are the requester. */
  async addFollower(tx: Tx, ticketId: number, customerId: number): Promise<void> {
    await this.sql.execute(
      `INSERT INTO ticket_followers (ticket_id, customer_id) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM tickets WHERE id = $1 AND requester_id = $2)
       ON CONFLICT DO NOTHING`,
      [ticketId, customerId],
      tx,
    );
  }

  /** Makes the customer stop following (CC'd no more). */
  async removeFollower(tx: Tx, ticketId: number, customerId: number): Promise<void> {
    await this.sql.execute(
      `DELETE FROM ticket_followers WHERE ticket_id = $1 AND customer_id = $2`,
      [ticketId, customerId],
      tx,
    );
  }

  /** The customers following the ticket (those CC'd on its replies), with their addresses. */
  customerFollowers(tx: Tx, ticketId: number): Promise<{ id: number; email: string }[]> {
    return this.sql.rows(
      `SELECT c.id, c.email FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE f.ticket_id = $1 ORDER BY c.email`,
      [ticketId],
      tx,
    );
  }

  /**
   * Of these (lower-case) addresses, those that are ours: an active mailbox's address, its
   * plus-addressed form (`support+t1.x@…`), any address of a whole-domain mailbox, or a
   * mailbox's outbound From. Mail to them would come back to us (a loop).
   */
  async ownAddresses(tx: Tx, addresses: string[]): Promise<string[]> {
    if (!addresses.length) return [];
    const rows = await this.sql.rows<{ a: string }>(
      `SELECT a FROM unnest($1::text[]) AS a
        WHERE EXISTS (SELECT 1 FROM mailboxes mb
                       WHERE mb.active AND (lower(mb.address) IN (a, regexp_replace(a, '^([^@+]+)\\+[^@]*@', '\\1@'),
                                                                   '@' || split_part(a, '@', 2))
                                            OR lower(mb.outbound_from) = a))`,
      [addresses],
      tx,
    );
    return rows.map((r) => r.a);
  }

  /** Of these message ids, those on the ticket. */
  async messagesOn(tx: Tx, ticketId: number, ids: number[]): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM messages WHERE ticket_id = $1 AND id = ANY($2::bigint[])`,
      [ticketId, ids],
      tx,
    );
    return rows.map((r) => Number(r.id));
  }

  /** One page of the inbox list within `scope`: the tuned statements of `ticket-list.query.ts`. */
  async page(q: TicketListFilters, me: number, scope: TicketScope) {
    const page = await queryTicketPage(
      (text, values) => this.sql.rows<TicketWithRequesterRow>(text, values, undefined, { perCall: true }),
      q,
      me,
      scope,
    );
    return {
      rows: page.rows.slice(0, page.limit),
      nextCursor: nextCursorFor(page.rows, page.limit, page.sortKeys),
    };
  }

  /** The ticket with its requester, and whether agent `me` has read it; undefined when missing or out of `scope`. */
  find(tx: Tx, id: number, me: number, scope: TicketScope): Promise<TicketWithRequesterRow | undefined> {
    const one = oneTicket(id, scope);
    const reader = `$${one.values.push(me)}`;
    return this.sql.row(
      `SELECT ${TICKET_COLUMNS}, c.email AS requester_email, c.name AS requester_name, ${unreadSql('t', reader)},
              ${hasDraftSql()}
         FROM tickets t JOIN customers c ON c.id = t.requester_id ${readsJoin('t', reader)} ${draftsJoin('t', reader)}
        WHERE ${one.where}`,
      one.values,
      tx,
    );
  }

  /** Agent `userId` has seen the ticket as it is now; false when there is no such ticket within `scope`. */
  async markRead(ticketId: number, userId: number, scope: TicketScope): Promise<boolean> {
    const one = oneTicket(ticketId, scope);
    const row = await this.sql.row(
      `INSERT INTO ticket_reads (user_id, ticket_id, read_at)
       SELECT $${one.values.push(userId)}, t.id, now() FROM tickets t WHERE ${one.where}
       ON CONFLICT (user_id, ticket_id) DO UPDATE SET read_at = EXCLUDED.read_at RETURNING ticket_id`,
      one.values,
    );
    return !!row;
  }

  /** Forgets agent `userId`'s read marker: the ticket shows as unread to them again. */
  async markUnread(ticketId: number, userId: number): Promise<void> {
    await this.sql.execute(`DELETE FROM ticket_reads WHERE user_id = $1 AND ticket_id = $2`, [userId, ticketId]);
  }

  /**
   * Deletes agent `userId`'s draft on the ticket (drafts/ owns the table's routes): posting a
   * message does it in the message's transaction, so a draft never outlives what was sent.
   */
  async deleteDraft(tx: Tx, ticketId: number, userId: number): Promise<void> {
    await this.sql.execute(`DELETE FROM drafts WHERE ticket_id = $1 AND user_id = $2`, [ticketId, userId], tx);
  }

  /** Whether the ticket exists within `scope`. */
  async exists(id: number, scope: TicketScope): Promise<boolean> {
    const one = oneTicket(id, scope);
    return !!(await this.sql.row(`SELECT 1 FROM tickets t WHERE ${one.where}`, one.values));
  }

  /** Where each of these tickets sits now (group, assignee); missing ones are left out. */
  places(ids: number[]): Promise<{ id: number; group_id: number | null; assignee_id: number | null }[]> {
    return this.sql.rows(`SELECT id, group_id, assignee_id FROM tickets WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** The conversation, oldest first (of a ticket found within the caller's scope). */
  messages(tx: Tx, ticketId: number): Promise<MessageRow[]> {
    return this.sql.rows(
      `SELECT m.*, u.name AS user_name, u.email AS user_email, c.name AS customer_name, c.email AS customer_email,
              o.id AS outbound_id, o.status AS outbound_status, o.reason AS outbound_reason, o.attempts AS outbound_attempts,
              o.updated_at AS outbound_updated_at,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
                        'size', a.size, 'inline', a.inline, 'url', '/api/v1/attachments/' || a.id) ORDER BY a.id), '[]'::json)
                 FROM attachments a WHERE a.message_id = m.id) AS attachments
         FROM messages m
         LEFT JOIN users u ON u.id = m.author_user_id
         LEFT JOIN customers c ON c.id = m.author_customer_id
         LEFT JOIN outbound_messages o ON o.message_id = m.id
        WHERE m.ticket_id = $1 ORDER BY m.created_at, m.id`,
      [ticketId],
      tx,
    );
  }

  /** The audit trail after `afterId`, `limit` rows (of a ticket found within the caller's scope). */
  auditTrail(ticketId: number, afterId: number, limit: number): Promise<TicketEventRow[]> {
    return this.sql.rows(
      `SELECT e.*, u.name AS user_name, c.name AS customer_name, r.title AS rule_title, r.kind AS rule_kind
         FROM ticket_events e
         LEFT JOIN users u ON u.id = e.actor_user_id
         LEFT JOIN customers c ON c.id = e.actor_customer_id
         LEFT JOIN rules r ON r.id = e.actor_rule_id
        WHERE e.ticket_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      [ticketId, afterId, limit],
    );
  }
}
