import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../../common/ticket-scope';
import { Sql } from '../../database/sql';

/** What a reply's signature is made of: the mailbox's and its author's (rendered by signature.ts). */
export interface SignatureContext {
  mailbox_signature: string;
  mailbox_label: string;
  agent_name: string | null;
  agent_title: string | null;
  agent_email: string | null;
  agent_signature: string | null;
}

/** The signature's parts: the mailbox's, and those of the agent `u` (joined by the caller as `mb` and `u`). */
export const SIGNATURE_COLUMNS = `coalesce(mb.signature, '') AS mailbox_signature,
  coalesce(nullif(mb.display_name, ''), mb.address, '') AS mailbox_label,
  u.name AS agent_name, u.title AS agent_title, u.email AS agent_email, u.signature AS agent_signature`;

/** Reads what signatures are made of: mailboxes' signatures and agents' titles and own signatures. */
@Injectable()
export class SignaturesRepository {
  constructor(private readonly sql: Sql) {}

  /** The signature `userId` would send a reply on the ticket with; undefined when there is no such ticket (deleted, or out of `scope`). */
  forTicket(ticketId: number, userId: number, scope: TicketScope): Promise<SignatureContext | undefined> {
    const values: unknown[] = [ticketId, userId];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    return this.sql.row(
      `SELECT ${SIGNATURE_COLUMNS}
         FROM tickets t
         LEFT JOIN mailboxes mb ON mb.id = coalesce(t.mailbox_id, (SELECT id FROM mailboxes WHERE active ORDER BY id LIMIT 1))
         LEFT JOIN users u ON u.id = $2
        WHERE t.id = $1 AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`,
      values,
    );
  }
}
