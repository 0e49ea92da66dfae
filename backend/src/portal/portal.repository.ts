import { Injectable } from '@nestjs/common';
import { AttachmentFile } from '../attachments/attachments.repository';
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
}

/**
 * What customers see without an account: a ticket's public conversation (reads over
 * tickets, messages and attachments, filtered for the open internet). Mail the
 * customer's side sent automatically (`hiddenFlags`) is left out.
 */
@Injectable()
export class PortalRepository {
  constructor(private readonly sql: Sql) {}

  ticket(id: number): Promise<PortalTicketRow | undefined> {
    return this.sql.row(`SELECT id, number, subject, status, created_at, requester_id FROM tickets WHERE id = $1`, [
      id,
    ]);
  }

  /** The public messages, oldest first, with their files. */
  conversation(ticketId: number, hiddenFlags: string[]): Promise<PortalMessageRow[]> {
    return this.sql.rows(
      `SELECT m.id, m.author_user_id, m.author_customer_id, m.body_text, m.body_html, m.created_at,
              u.name AS user_name, c.name AS customer_name, c.email AS customer_email,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size) ORDER BY a.id), '[]'::json)
                 FROM attachments a WHERE a.message_id = m.id AND NOT a.inline) AS attachments
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

  /** A file of a public message of the ticket, as the conversation lists it. */
  attachment(id: number, ticketId: number, hiddenFlags: string[]): Promise<AttachmentFile | undefined> {
    return this.sql.row(
      `SELECT a.filename, a.content_type, a.data FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE a.id = $1 AND m.ticket_id = $2 AND m.visibility = 'public' AND NOT a.inline AND NOT (m.mail_flags && $3::text[])`,
      [id, ticketId, hiddenFlags],
    );
  }
}
