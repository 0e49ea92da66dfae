import { Injectable, NotFoundException } from '@nestjs/common';
import { AttachmentFile } from '../attachments/attachments.repository';
import { MailboxesService } from '../mail-in/mailboxes/mailboxes.service';
import { sanitizeMailHtml } from '../mail/sanitize-mail-html';
import { TicketsService } from '../tickets/tickets.service';
import { ContactFormDto } from './portal.dto';
import { PortalGrant } from './portal-links';
import { PortalMessageRow, PortalRepository, PortalTicketRow } from './portal.repository';
import { PortalConversationView, PortalMessageView } from './portal.view';

/** Mail the customer's side sent automatically; it is noise on their own conversation page. */
const HIDDEN_FLAGS = ['auto_reply', 'bounce'];

/** A message as the customer sees it: who wrote it (names only: other people's addresses are not theirs to see), and sanitised text. */
/** `attachmentUrl` makes a file's download address; without it the row carries no files (a reply just posted). */
function toPortalMessage(
  r: PortalMessageRow,
  requesterId: number,
  attachmentUrl?: (id: number) => string,
): PortalMessageView {
  const author = r.author_user_id
    ? { name: r.user_name!, kind: 'agent' as const }
    : r.author_customer_id
      ? {
          name: (r.customer_name || (r.author_customer_id === requesterId ? r.customer_email : 'Customer'))!,
          kind: 'customer' as const,
        }
      : { name: 'Support', kind: 'agent' as const };
  return {
    id: r.id,
    author,
    bodyText: r.body_text,
    // Sanitised again on the way out: whatever wrote body_html, this page is on the open internet.
    // Inline images point at agent-only attachment URLs, so they are dropped here.
    bodyHtml: r.body_html ? sanitizeMailHtml(r.body_html, new Map()) : null,
    attachments: attachmentUrl ? (r.attachments ?? []).map((a) => ({ ...a, url: attachmentUrl(a.id) })) : [],
    createdAt: r.created_at,
  };
}

/**
 * What customers do without an account: write in through the contact form, read their
 * ticket's public conversation and reply to it. Changes go through the ticket domain
 * service, with the customer as the cause, under the same rules as mail.
 */
@Injectable()
export class PortalService {
  constructor(
    private readonly portal: PortalRepository,
    private readonly mailboxes: MailboxesService,
    private readonly tickets: TicketsService,
  ) {}

  /** A new ticket as if the message had been emailed to the first mailbox (its default group; replies go out from it). */
  async createFromContact(dto: ContactFormDto) {
    const mailbox = await this.mailboxes.firstActive();
    return this.tickets.createFromContactForm({
      email: dto.email,
      name: dto.name,
      subject: dto.subject,
      message: dto.message,
      mailboxId: mailbox?.id ?? null,
      groupId: mailbox?.defaultGroupId ?? null,
    });
  }

  /** `attachmentUrl` makes the download address of a file from its id (the link's own route). */
  async conversation(grant: PortalGrant, attachmentUrl: (id: number) => string): Promise<PortalConversationView> {
    const ticket = await this.granted(grant);
    const rows = await this.portal.conversation(ticket.id, HIDDEN_FLAGS);
    return {
      ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status, createdAt: ticket.created_at },
      messages: rows.map((r) => toPortalMessage(r, grant.customerId, attachmentUrl)),
    };
  }

  /**
   * The requester's reply, under the customer-reply rule a mail reply follows: it reopens
   * a ticket waiting on them (pending, solved); on a closed ticket it starts a follow-up
   * ticket linked to it. Returns the message and, for a follow-up, the new ticket.
   */
  async reply(grant: PortalGrant, body: string) {
    await this.granted(grant);
    const { messageId, followUp } = await this.tickets.addCustomerMessage(grant.ticketId, grant.customerId, body);
    const row = await this.portal.customerMessage(messageId);
    return { message: toPortalMessage(row!, grant.customerId), followUp };
  }

  /** The ticket a link grants, only while the link's customer is still its requester. */
  private async granted(grant: PortalGrant): Promise<PortalTicketRow> {
    const t = await this.portal.ticket(grant.ticketId);
    if (!t || t.requester_id !== grant.customerId) throw new NotFoundException('This link is not valid');
    return t;
  }

  /** A file of a public message of the granted ticket, as the conversation lists them; 404 for anything else. */
  async attachment(grant: PortalGrant, id: number): Promise<AttachmentFile> {
    const ticket = await this.granted(grant);
    const a = await this.portal.attachment(id, ticket.id, HIDDEN_FLAGS);
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    return a;
  }

  /** For agents handing out a link: the ticket's requester. */
  async requesterOf(ticketId: number): Promise<number> {
    const t = await this.portal.ticket(ticketId);
    if (!t) throw new NotFoundException(`Ticket ${ticketId} not found`);
    return t.requester_id;
  }
}
