import { Injectable } from '@nestjs/common';
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

const REF = `SELECT t.id, t.status, t.requester_id, t.assignee_id FROM tickets t`;

/**
 * Finding the ticket a mail belongs to (threading, DESIGN.md 2.5): by id, by number, by
 * the Message-IDs of its messages, and who takes part in it. Reads only; the tickets it
 * returns are locked for the caller's transaction.
 */
@Injectable()
export class TicketLookupRepository {
  constructor(private readonly sql: Sql) {}

  async lockById(tx: Tx, id: number): Promise<LockedTicket | null> {
    return locked(await this.sql.row<TicketRefRow>(`${REF} WHERE t.id = $1 FOR UPDATE`, [id], tx));
  }

  async lockByNumber(tx: Tx, number: number): Promise<LockedTicket | null> {
    return locked(await this.sql.row<TicketRefRow>(`${REF} WHERE t.number = $1 FOR UPDATE`, [number], tx));
  }

  /** The ticket of the message with this Message-ID in this mailbox. */
  async lockByMessageId(tx: Tx, mailboxId: number, messageId: string): Promise<LockedTicket | null> {
    return locked(
      await this.sql.row<TicketRefRow>(
        `${REF} WHERE t.id = (SELECT ticket_id FROM messages WHERE mailbox_id = $1 AND mail_message_id = $2 LIMIT 1) FOR UPDATE`,
        [mailboxId, messageId],
        tx,
      ),
    );
  }

  /**
   * A message of this mailbox already stored with this Message-ID (the same mail again),
   * and the active user who has the sender's address, in one round trip.
   */
  async knownMail(
    tx: Tx,
    mailboxId: number,
    messageId: string,
    from: string,
  ): Promise<{ duplicate: { ticketId: number; messageId: number } | null; agentId: number | null }> {
    const row = await this.sql.row<{ dup_id: number | null; dup_ticket: number | null; agent_id: number | null }>(
      `SELECT d.id AS dup_id, d.ticket_id AS dup_ticket, (SELECT u.id FROM users u WHERE u.email = $3 AND u.active) AS agent_id
         FROM (SELECT 1) one LEFT JOIN messages d ON d.mailbox_id = $1 AND d.mail_message_id = $2`,
      [mailboxId, messageId, from],
      tx,
    );
    return {
      duplicate: row!.dup_id ? { ticketId: row!.dup_ticket!, messageId: row!.dup_id } : null,
      agentId: row!.agent_id,
    };
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
