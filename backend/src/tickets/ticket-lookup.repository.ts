import { Injectable } from '@nestjs/common';
import { userReachesSql } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';
import { TicketStatus } from './ticket.constants';

declare const LOCKED: unique symbol;

/**
 * A ticket found for a mail, locked FOR UPDATE in the caller's transaction: what the
 * domain service's `addInboundMessage` takes, so the status it decides on cannot change
 * under it. Only this repository makes one.
 */
export interface LockedTicket {
  readonly id: number;
  readonly status: TicketStatus;
  readonly requesterId: number;
  readonly assigneeId: number | null;
  readonly [LOCKED]: true;
}

interface TicketRefRow {
  id: number;
  status: TicketStatus;
  requester_id: number;
  assignee_id: number | null;
}

const locked = (r: TicketRefRow | undefined) =>
  r ? ({ id: r.id, status: r.status, requesterId: r.requester_id, assigneeId: r.assignee_id } as LockedTicket) : null;

/** Deleted tickets take no mail: a reply to one starts a new ticket, as if it were unknown. */
const REF = `SELECT t.id, t.status, t.requester_id, t.assignee_id FROM tickets t WHERE t.deleted_at IS NULL`;
/**
 * The ticket `idSql` names, followed along merged_into_id to the one that was not merged:
 * later mail to a merged ticket's Message-IDs, reply address or [#number] lands there.
 */
const mergeTarget = (idSql: string) => `(WITH RECURSIVE chain(id, next, depth) AS (
    SELECT id, merged_into_id, 0 FROM tickets WHERE id = (${idSql})
    UNION ALL SELECT t.id, t.merged_into_id, c.depth + 1 FROM tickets t JOIN chain c ON t.id = c.next WHERE c.depth < 50)
  SELECT id FROM chain WHERE next IS NULL)`;

/**
 * Finding the ticket a mail belongs to (threading, DESIGN.md 2.5): by id, by number, by
 * the Message-IDs of its messages, and who takes part in it. Reads only; the tickets it
 * returns are locked for the caller's transaction.
 */
/** A received message already stored under some Message-ID. */
export interface StoredMail {
  id: number;
  ticketId: number;
  fingerprint: string | null;
}

@Injectable()
export class TicketLookupRepository {
  constructor(private readonly sql: Sql) {}

  /** The ticket, or the ticket it was merged into (through any number of merges): where its mail belongs now. */
  async lockById(tx: Tx, id: number): Promise<LockedTicket | null> {
    return locked(
      await this.sql.row<TicketRefRow>(`${REF} AND t.id = ${mergeTarget('$1::bigint')} FOR UPDATE`, [id], tx),
    );
  }

  /** The ticket with this number, or the one it was merged into. */
  async lockByNumber(tx: Tx, number: number): Promise<LockedTicket | null> {
    return locked(
      await this.sql.row<TicketRefRow>(
        `${REF} AND t.id = ${mergeTarget('SELECT id FROM tickets WHERE number = $1')} FOR UPDATE`,
        [number],
        tx,
      ),
    );
  }

  /** The ticket of the message with this Message-ID in this mailbox. */
  async lockByMessageId(tx: Tx, mailboxId: number, messageId: string): Promise<LockedTicket | null> {
    return locked(
      await this.sql.row<TicketRefRow>(
        `${REF} AND t.id = (SELECT ticket_id FROM messages WHERE mailbox_id = $1 AND mail_message_id = $2 LIMIT 1) FOR UPDATE`,
        [mailboxId, messageId],
        tx,
      ),
    );
  }

  /**
   * The messages of this mailbox already stored with this Message-ID, oldest first, with
   * their content fingerprints (null for those stored before fingerprints were kept), and
   * the active user who has the sender's address, in one round trip.
   */
  async knownMail(
    tx: Tx,
    mailboxId: number,
    messageId: string,
    from: string,
  ): Promise<{ stored: StoredMail[]; agentId: number | null }> {
    const row = await this.sql.row<{ stored: StoredMail[]; agent_id: number | null }>(
      `SELECT (SELECT u.id FROM users u WHERE u.email = $3 AND u.active) AS agent_id,
              (SELECT coalesce(json_agg(json_build_object('id', d.id, 'ticketId', d.ticket_id, 'fingerprint', d.content_fingerprint)
                                        ORDER BY d.id), '[]')
                 FROM messages d WHERE d.mailbox_id = $1 AND d.mail_message_id = $2) AS stored`,
      [mailboxId, messageId, from],
      tx,
    );
    return { stored: row!.stored, agentId: row!.agent_id };
  }

  /**
   * The ticket of the closest ancestor among these Message-IDs (In-Reply-To first, then
   * References from the newest) stored in this mailbox, and whether it was list mail.
   */
  closestAncestor(
    tx: Tx,
    mailboxId: number,
    refs: string[],
  ): Promise<{ ticket_id: number; list: boolean } | undefined> {
    return this.sql.row(
      `SELECT m.ticket_id, 'list' = ANY(m.mail_flags) AS list FROM messages m
        WHERE m.mailbox_id = $1 AND m.mail_message_id = ANY($2::text[])
        ORDER BY array_position($2::text[], m.mail_message_id), m.id DESC LIMIT 1`,
      [mailboxId, refs],
      tx,
    );
  }

  /** Whether agent `userId` reaches the ticket (their ticket scope): their mail may thread into it. */
  async agentReaches(tx: Tx, t: LockedTicket, userId: number): Promise<boolean> {
    const row = await this.sql.row(
      `SELECT 1 FROM users u JOIN tickets t ON t.id = $2 WHERE u.id = $1 AND ${userReachesSql('u', 't')}`,
      [userId, t.id],
      tx,
    );
    return !!row;
  }

  /**
   * Whether mail from `address` naming these Message-IDs answers a forward of ours on the
   * ticket (one of them is a forward's) from its third party: someone neither the requester
   * nor a customer following the ticket.
   */
  async answersForward(tx: Tx, t: LockedTicket, refs: string[], address: string): Promise<boolean> {
    if (!refs.length) return false;
    const row = await this.sql.row<{ yes: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = $1 AND m.forwarded_to IS NOT NULL AND m.mail_message_id = ANY($4::text[]))
          AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = $2 AND c.email = $3)
          AND NOT EXISTS (SELECT 1 FROM ticket_followers f JOIN customers c ON c.id = f.customer_id
                           WHERE f.ticket_id = $1 AND c.email = $3) AS yes`,
      [t.id, t.requesterId, address, refs],
      tx,
    );
    return row!.yes;
  }

  /** Whether this address is the requester's, a follower's, or has written on the ticket. */
  async takesPart(tx: Tx, t: LockedTicket, address: string): Promise<boolean> {
    const row = await this.sql.row<{ yes: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = $2 AND c.email = $3)
           OR EXISTS (SELECT 1 FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE f.ticket_id = $1 AND c.email = $3)
           OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = $1 AND m.from_address = $3) AS yes`,
      [t.id, t.requesterId, address],
      tx,
    );
    return row!.yes;
  }
}
