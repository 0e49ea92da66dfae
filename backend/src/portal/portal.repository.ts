import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import { TicketStatus } from '../tickets/ticket.constants';

/** The ticket behind a magic link. */
export interface PortalTicketRow {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  created_at: Date;
  requester_id: number;
  organization_id: number | null;
  merged_into_id: number | null;
}

/** A ticket of the viewer's organization, listed on the portal when the organization shares tickets. */
export interface PortalOrganizationTicketRow {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  created_at: Date;
  requester_name: string;
}

/** A public message as its requester may see it: authors by name, files without inline images. */
export interface PortalMessageRow {
  id: number;
  author_user_id: number | null;
  author_customer_id: number | null;
  body_text: string;
  body_html: string | null;
  created_at: Date;
  user_name: string | null;
  customer_name: string | null;
  customer_email: string | null;
  attachments?: { id: number; filename: string; contentType: string; size: number }[];
  /** The message's inline images (its HTML shows them), by id. */
  inline_ids?: number[];
}

/**
 * What customers see without an account: a ticket's public conversation (reads over
 * tickets, messages and attachments, filtered for the open internet). Mail the
 * customer's side sent automatically (`hiddenFlags`) is left out.
 */
@Injectable()
export class PortalRepository {
  constructor(private readonly sql: Sql) {}

  /** The ticket, within `scope` (a link's holder: ALL_TICKETS; an agent minting a link: theirs). */
  ticket(id: number, scope: TicketScope): Promise<PortalTicketRow | undefined> {
    const values: unknown[] = [id];
    const inScope = scopeSql(scope, 't', (v) => `$${values.push(v)}`);
    return this.sql.row(
      `SELECT t.id, t.number, t.subject, t.status, t.created_at, t.requester_id, t.organization_id, t.merged_into_id
         FROM tickets t WHERE t.id = $1 AND t.deleted_at IS NULL${inScope ? ` AND ${inScope}` : ''}`,
      values,
    );
  }

  /** Whether the customer follows the ticket (a merged ticket's requester follows the one it went into). */
  async follows(ticketId: number, customerId: number): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM ticket_followers WHERE ticket_id = $1 AND customer_id = $2`, [
      ticketId,
      customerId,
    ]));
  }

  /** The customer's organization, when it lets its members see each other's tickets. */
  async sharingOrganization(customerId: number): Promise<number | null> {
    const row = await this.sql.row<{ id: number }>(
      `SELECT o.id FROM customers c JOIN organizations o ON o.id = c.organization_id WHERE c.id = $1 AND o.shared_tickets`,
      [customerId],
    );
    return row?.id ?? null;
  }

  /** The organization's newest tickets (not merged ones), with their requesters' names only. */
  organizationTickets(organizationId: number, limit: number): Promise<PortalOrganizationTicketRow[]> {
    return this.sql.rows(
      `SELECT t.id, t.number, t.subject, t.status, t.created_at, coalesce(nullif(c.name, ''), 'Customer') AS requester_name
         FROM tickets t JOIN customers c ON c.id = t.requester_id
        WHERE t.organization_id = $1 AND t.merged_into_id IS NULL
        ORDER BY t.updated_at DESC, t.id DESC LIMIT $2`,
      [organizationId, limit],
    );
  }

  /** The public messages, oldest first, with their files. */
  conversation(ticketId: number, hiddenFlags: readonly string[]): Promise<PortalMessageRow[]> {
    return this.sql.rows(
      `SELECT m.id, m.author_user_id, m.author_customer_id, m.body_text, m.body_html, m.created_at,
              u.name AS user_name, c.name AS customer_name, c.email AS customer_email,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size) ORDER BY a.id), '[]'::json)
                 FROM attachments a WHERE a.message_id = m.id AND NOT a.inline) AS attachments,
              (SELECT coalesce(array_agg(a.id ORDER BY a.id), '{}') FROM attachments a WHERE a.message_id = m.id AND a.inline)::int[] AS inline_ids
         FROM messages m
         LEFT JOIN users u ON u.id = m.author_user_id
         LEFT JOIN customers c ON c.id = m.author_customer_id
        WHERE m.ticket_id = $1 AND m.visibility = 'public' AND NOT (m.mail_flags && $2::text[])
        ORDER BY m.created_at, m.id`,
      [ticketId, hiddenFlags],
    );
  }

  /** A customer's message as just posted (no files yet). */
  customerMessage(id: number): Promise<PortalMessageRow | undefined> {
    return this.sql.row(
      `SELECT m.id, m.author_user_id, m.author_customer_id, m.body_text, m.body_html, m.created_at, NULL AS user_name,
              c.name AS customer_name, c.email AS customer_email
         FROM messages m JOIN customers c ON c.id = m.author_customer_id WHERE m.id = $1`,
      [id],
    );
  }

  /** Whether the file is one of a public message of the ticket: listed in the conversation, or an inline image of its HTML. */
  async showsAttachment(id: number, ticketId: number, hiddenFlags: readonly string[]): Promise<boolean> {
    return !!(await this.sql.row(
      `SELECT 1 FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE a.id = $1 AND m.ticket_id = $2 AND m.visibility = 'public' AND NOT (m.mail_flags && $3::text[])`,
      [id, ticketId, hiddenFlags],
    ));
  }
}
