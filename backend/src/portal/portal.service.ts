import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../common/transactions';
import { CustomersService } from '../customers/customers.service';
import { NOT_FOR_CUSTOMERS } from '../mail-in/processing/classify';
import { sanitizeMailHtml } from '../mail-in/processing/sanitize-mail-html';
import { RealtimeEvent, RealtimePublisher } from '../realtime/realtime.publisher';
import { SqlRow } from '../tickets/ticket.view';
import { Actor, TicketsService } from '../tickets/tickets.service';
import { ContactFormDto } from './portal.dto';
import { PortalGrant } from './portal-links';
import { PortalAttachmentView, PortalConversationView, PortalMessageView } from './portal.view';

/** A message as the customer sees it: who wrote it (names only: other people's addresses are not theirs to see), and sanitised text. */
/** `attachmentUrl` makes a file's download address; without it the row carries no files (a reply just posted). */
function toPortalMessage(r: SqlRow, requesterId: number, attachmentUrl?: (id: number) => string): PortalMessageView {
  const author = r.author_user_id
    ? { name: r.user_name as string, kind: 'agent' as const }
    : r.author_customer_id
      ? {
          name: (r.customer_name || (r.author_customer_id === requesterId ? r.customer_email : 'Customer')) as string,
          kind: 'customer' as const,
        }
      : { name: 'Support', kind: 'agent' as const };
  return {
    id: r.id as number,
    author,
    bodyText: r.body_text as string,
    // Sanitised again on the way out: whatever wrote body_html, this page is on the open internet.
    // Inline images point at agent-only attachment URLs, so they are dropped here.
    bodyHtml: r.body_html ? sanitizeMailHtml(r.body_html, new Map()) : null,
    attachments: attachmentUrl
      ? (r.attachments as Omit<PortalAttachmentView, 'url'>[]).map((a) => ({ ...a, url: attachmentUrl(a.id) }))
      : [],
    createdAt: r.created_at as Date,
  };
}

/**
 * What customers do without an account: write in through the contact form, read their
 * ticket's public conversation and reply to it. Tickets and messages are written by
 * the same TicketsService helpers as mail, with the customer as the actor.
 */
@Injectable()
export class PortalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** A new ticket as if the message had been emailed to the first mailbox (its default group; replies go out from it). */
  async createFromContact(dto: ContactFormDto) {
    const created = await transaction(this.db, async (tx) => {
      const customer = await this.customers.findOrCreate(tx, dto.email, dto.name);
      const [mailbox] = await tx.query(`SELECT id, default_group_id FROM mailboxes WHERE active ORDER BY id LIMIT 1`);
      const actor: Actor = { customerId: customer.id };
      const ticketId = await this.tickets.insertTicket(
        tx,
        {
          subject: dto.subject,
          requesterId: customer.id,
          groupId: mailbox?.default_group_id ?? null,
          mailboxId: mailbox?.id ?? null,
        },
        actor,
      );
      await this.tickets.insertMessage(tx, actor, {
        ticketId,
        authorCustomerId: customer.id,
        visibility: 'public',
        channel: 'web',
        bodyText: dto.message,
      });
      const [{ number }] = await tx.query(`SELECT number FROM tickets WHERE id = $1`, [ticketId]);
      return { ticketId, number: number as number, customerId: customer.id };
    });
    await this.realtime.publish({ type: 'ticket.created', ticketId: created.ticketId });
    return created;
  }

  /** `attachmentUrl` makes the download address of a file from its id (the link's own route). */
  async conversation(grant: PortalGrant, attachmentUrl: (id: number) => string): Promise<PortalConversationView> {
    const ticket = await this.granted(this.db.manager, grant);
    const rows: SqlRow[] = await this.db.query(
      `SELECT m.id, m.author_user_id, m.author_customer_id, m.body_text, m.body_html, m.created_at,
              u.name AS user_name, c.name AS customer_name, c.email AS customer_email,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size) ORDER BY a.id), '[]'::json)
                 FROM attachments a WHERE a.message_id = m.id AND NOT a.inline) AS attachments
         FROM messages m
         LEFT JOIN users u ON u.id = m.author_user_id
         LEFT JOIN customers c ON c.id = m.author_customer_id
        WHERE m.ticket_id = $1 AND m.visibility = 'public' AND NOT (m.mail_flags && $2::text[])
        ORDER BY m.created_at, m.id`,
      [ticket.id, NOT_FOR_CUSTOMERS],
    );
    return {
      ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status, createdAt: ticket.created_at },
      messages: rows.map((r) => toPortalMessage(r, grant.customerId, attachmentUrl)),
    };
  }

  /**
   * The requester's reply, as a customer email would be handled: it reopens a ticket
   * waiting on them (pending, solved); on a closed ticket it starts a follow-up ticket
   * linked to it. Returns the message and, for a follow-up, the new ticket.
   */
  async reply(grant: PortalGrant, body: string) {
    const events: RealtimeEvent[] = [];
    const actor: Actor = { customerId: grant.customerId };
    const result = await transaction(this.db, async (tx) => {
      events.length = 0;
      const t = await this.granted(tx, grant, true);
      let ticketId = t.id as number;
      let followUp: { ticketId: number; number: number } | null = null;
      if (t.status === 'closed') {
        ticketId = await this.tickets.insertTicket(
          tx,
          { subject: t.subject, requesterId: t.requester_id, groupId: t.group_id, mailboxId: t.mailbox_id },
          actor,
        );
        await tx.query(`INSERT INTO ticket_links (ticket_id, linked_ticket_id, kind) VALUES ($1, $2, 'follow_up')`, [
          ticketId,
          t.id,
        ]);
        const [{ number }] = await tx.query(`SELECT number FROM tickets WHERE id = $1`, [ticketId]);
        followUp = { ticketId, number };
      }
      const messageId = await this.tickets.insertMessage(tx, actor, {
        ticketId,
        authorCustomerId: grant.customerId,
        visibility: 'public',
        channel: 'web',
        bodyText: body,
      });
      if (followUp) {
        events.push({ type: 'ticket.created', ticketId });
      } else if (['pending', 'solved'].includes(t.status)) {
        const open = { status: 'open', ...this.tickets.statusTimestamps('open') };
        await this.tickets.applyChanges(
          tx,
          ticketId,
          open,
          [{ field: 'status', before: t.status, after: 'open' }],
          actor,
        );
        events.push(
          { type: 'message.created', ticketId, messageId, internal: false },
          { type: 'ticket.updated', ticketId, fields: ['status'] },
        );
      } else {
        await this.tickets.applyChanges(tx, ticketId, {}, [], actor); // bumps updated_at
        events.push({ type: 'message.created', ticketId, messageId, internal: false });
      }
      const [row] = await tx.query(
        `SELECT m.id, m.author_user_id, m.author_customer_id, m.body_text, m.body_html, m.created_at, c.name AS customer_name, c.email AS customer_email
           FROM messages m JOIN customers c ON c.id = m.author_customer_id WHERE m.id = $1`,
        [messageId],
      );
      return { message: toPortalMessage(row, grant.customerId), followUp };
    });
    for (const e of events) await this.realtime.publish(e);
    return result;
  }

  /** The ticket a link grants, only while the link's customer is still its requester. */
  private async granted(tx: EntityManager, grant: PortalGrant, lock = false): Promise<SqlRow> {
    const [t] = await tx.query(
      `SELECT id, number, subject, status, created_at, requester_id, group_id, mailbox_id FROM tickets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [grant.ticketId],
    );
    if (!t || t.requester_id !== grant.customerId) throw new NotFoundException('This link is not valid');
    return t;
  }

  /** A file of a public message of the granted ticket, as the conversation lists them; 404 for anything else. */
  async attachment(grant: PortalGrant, id: number): Promise<{ filename: string; content_type: string; data: Buffer }> {
    const ticket = await this.granted(this.db.manager, grant);
    const [a] = await this.db.query(
      `SELECT a.filename, a.content_type, a.data FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE a.id = $1 AND m.ticket_id = $2 AND m.visibility = 'public' AND NOT a.inline AND NOT (m.mail_flags && $3::text[])`,
      [id, ticket.id, NOT_FOR_CUSTOMERS],
    );
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    return a;
  }

  /** For agents handing out a link: the ticket's requester. */
  async requesterOf(ticketId: number): Promise<number> {
    const [t] = await this.db.query(`SELECT requester_id FROM tickets WHERE id = $1`, [ticketId]);
    if (!t) throw new NotFoundException(`Ticket ${ticketId} not found`);
    return t.requester_id;
  }
}
