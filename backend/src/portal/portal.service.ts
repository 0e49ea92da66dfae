import { Injectable, NotFoundException } from '@nestjs/common';
import { ALL_TICKETS, TicketScope } from '../common/ticket-scope';
import { AttachmentDownload, AttachmentsRepository } from '../attachments/attachments.repository';
import { MailboxesService } from '../mail-in/mailboxes/mailboxes.service';
import { NOT_FOR_CUSTOMERS } from '../mail/mail-flags';
import { withImageSources } from '../mail/agent-html';
import { sanitizeMailHtml } from '../mail/sanitize-mail-html';
import { PublicTicketFormView } from '../custom-fields/custom-field.view';
import { TicketFormsService } from '../custom-fields/ticket-forms.service';
import { TicketsService } from '../tickets/tickets.service';
import { ContactFormDto } from './portal.dto';
import { PortalGrant } from './portal-links';
import { PortalMessageRow, PortalRepository, PortalTicketRow } from './portal.repository';
import { PortalConversationView, PortalMessageView } from './portal.view';

/** How many of their organization's tickets a member sees listed (newest first). */
const ORGANIZATION_TICKETS = 50;

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
    // The message's own inline images are shown through the link's file URLs; any other image is dropped.
    bodyHtml: r.body_html ? portalHtml(r.body_html, attachmentUrl ? (r.inline_ids ?? []) : [], attachmentUrl) : null,
    attachments: attachmentUrl ? (r.attachments ?? []).map((a) => ({ ...a, url: attachmentUrl(a.id) })) : [],
    createdAt: r.created_at,
  };
}

/** Stored HTML for the portal: sanitised again, its inline images (`inline`) pointed at the link's file URLs. */
function portalHtml(html: string, inline: number[], attachmentUrl?: (id: number) => string): string {
  const clean = sanitizeMailHtml(html, new Map(), new Set(inline));
  return attachmentUrl ? withImageSources(clean, new Map(inline.map((id) => [id, attachmentUrl(id)]))) : clean;
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
    private readonly attachments: AttachmentsRepository,
    private readonly ticketForms: TicketFormsService,
  ) {}

  /**
   * A new ticket as if the message had been emailed to the first mailbox (its default
   * group; replies go out from it), with a form offered to customers and its fields.
   */
  async createFromContact(dto: ContactFormDto) {
    const mailbox = await this.mailboxes.firstActive();
    return this.tickets.createFromContactForm({
      email: dto.email,
      name: dto.name,
      subject: dto.subject,
      message: dto.message,
      mailboxId: mailbox?.id ?? null,
      groupId: mailbox?.defaultGroupId ?? null,
      formId: dto.formId,
      fields: dto.fields,
    });
  }

  /** The forms the contact form offers, with their customer-visible fields. */
  forms(): Promise<PublicTicketFormView[]> {
    return this.ticketForms.publicForms();
  }

  /**
   * The conversation a link opens. `attachmentUrl` makes the download address of a file
   * from its id (the link's own route), `ticketUrl` the link to another ticket of the
   * viewer's organization (listed when the organization shares tickets).
   */
  async conversation(
    grant: PortalGrant,
    attachmentUrl: (id: number) => string,
    ticketUrl: (ticketId: number) => string,
  ): Promise<PortalConversationView> {
    const ticket = await this.granted(grant);
    const rows = await this.portal.conversation(ticket.id, NOT_FOR_CUSTOMERS);
    const shared = await this.portal.sharingOrganization(grant.customerId);
    const others = shared ? await this.portal.organizationTickets(shared, ORGANIZATION_TICKETS + 1) : [];
    return {
      ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status, createdAt: ticket.created_at },
      messages: rows.map((r) => toPortalMessage(r, grant.customerId, attachmentUrl)),
      organizationTickets: others
        .filter((o) => o.id !== ticket.id)
        .slice(0, ORGANIZATION_TICKETS)
        .map((o) => ({
          number: o.number,
          subject: o.subject,
          status: o.status,
          createdAt: o.created_at,
          requesterName: o.requester_name,
          url: ticketUrl(o.id),
        })),
    };
  }

  /**
   * The requester's reply, under the customer-reply rule a mail reply follows: it reopens
   * a ticket waiting on them (pending, solved); on a closed ticket it starts a follow-up
   * ticket linked to it. Returns the message and, for a follow-up, the new ticket.
   */
  async reply(grant: PortalGrant, body: string) {
    const ticket = await this.granted(grant);
    const { messageId, followUp } = await this.tickets.addCustomerMessage(ticket.id, grant.customerId, body);
    const row = await this.portal.customerMessage(messageId);
    return { message: toPortalMessage(row!, grant.customerId), followUp };
  }

  /**
   * The ticket a link opens: the linked ticket while the link's customer is its
   * requester; a merged ticket's link opens the ticket it went into (its requester
   * follows that one); a ticket of the customer's organization while it shares tickets
   * and they belong to it.
   */
  private async granted(grant: PortalGrant): Promise<PortalTicketRow> {
    // The link is the customer's grant: no agent's scope applies.
    let t = await this.portal.ticket(grant.ticketId, ALL_TICKETS);
    for (let hops = 0; t?.merged_into_id && hops < 50; hops++)
      t = await this.portal.ticket(t.merged_into_id, ALL_TICKETS);
    if (!t) throw new NotFoundException('This link is not valid');
    if (t.requester_id === grant.customerId) return t;
    if (t.id !== grant.ticketId && (await this.portal.follows(t.id, grant.customerId))) return t;
    const shared = await this.portal.sharingOrganization(grant.customerId);
    if (shared !== null && t.organization_id === shared) return t;
    throw new NotFoundException('This link is not valid');
  }

  /** A file of a public message of the granted ticket, as the conversation lists them; 404 for anything else. */
  async attachment(grant: PortalGrant, id: number): Promise<AttachmentDownload> {
    const ticket = await this.granted(grant);
    const a =
      (await this.portal.showsAttachment(id, ticket.id, NOT_FOR_CUSTOMERS)) && (await this.attachments.file(id));
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    return a;
  }

  /** For agents handing out a link: the ticket's requester; 404 when missing or out of the agent's `scope`. */
  async requesterOf(ticketId: number, scope: TicketScope): Promise<number> {
    const t = await this.portal.ticket(ticketId, scope);
    if (!t) throw new NotFoundException(`Ticket ${ticketId} not found`);
    return t.requester_id;
  }
}
