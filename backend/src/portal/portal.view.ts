import { ApiProperty } from '@nestjs/swagger';
import { TICKET_STATUSES, TicketStatus } from '../tickets/ticket.constants';
import { DATE_TIME } from '../common/api-schema';

export const PORTAL_AUTHOR_KINDS = ['agent', 'customer'] as const;
export type PortalAuthorKind = (typeof PORTAL_AUTHOR_KINDS)[number];

/** What the contact form answers: the new ticket and the link to follow it (both null when a bot was quietly turned away). */
export class ContactReceiptView {
  @ApiProperty({ type: Number, nullable: true }) ticketNumber!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The magic link to the ticket's public conversation" })
  portalUrl!: string | null;
}

/** The ticket as its requester sees it on the portal page. */
export class PortalTicketView {
  @ApiProperty() number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status!: TicketStatus;
  @ApiProperty(DATE_TIME) createdAt!: Date;
}

/** Who wrote a portal message: a name only, never an address. */
export class PortalAuthorView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PORTAL_AUTHOR_KINDS, enumName: 'PortalAuthorKind' }) kind!: PortalAuthorKind;
}

/** A file of a public message, downloadable with the same magic link. */
export class PortalAttachmentView {
  @ApiProperty() id!: number;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'Download address, valid as long as the link' }) url!: string;
}

/** A public message on the portal page. */
export class PortalMessageView {
  @ApiProperty() id!: number;
  @ApiProperty({ type: () => PortalAuthorView }) author!: PortalAuthorView;
  @ApiProperty() bodyText!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Sanitised HTML, without inline images; null for a plain-text message',
  })
  bodyHtml!: string | null;
  @ApiProperty({ type: () => [PortalAttachmentView], description: 'Its files (not the inline images of its HTML)' })
  attachments!: PortalAttachmentView[];
  @ApiProperty(DATE_TIME) createdAt!: Date;
}

/** Another ticket of the viewer's organization, with a link of its own for the viewer. */
export class PortalOrganizationTicketView {
  @ApiProperty() number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status!: TicketStatus;
  @ApiProperty(DATE_TIME) createdAt!: Date;
  @ApiProperty({ description: 'Who asked (a name only)' }) requesterName!: string;
  @ApiProperty({ description: 'Its magic link, for the viewer' }) url!: string;
}

/** The public conversation behind a magic link. */
export class PortalConversationView {
  @ApiProperty({ type: () => PortalTicketView }) ticket!: PortalTicketView;
  @ApiProperty({ type: () => [PortalMessageView], description: 'Oldest first' }) messages!: PortalMessageView[];
  @ApiProperty({
    type: () => [PortalOrganizationTicketView],
    description:
      "The newest 50 other tickets of the viewer's organization, when it lets members see each other's tickets; else empty",
  })
  organizationTickets!: PortalOrganizationTicketView[];
}

/** The follow-up ticket a reply to a closed ticket started, with its own link. */
export class PortalFollowUpView {
  @ApiProperty() ticketNumber!: number;
  @ApiProperty() portalUrl!: string;
}

/** The requester's reply as posted. */
export class PortalReplyView extends PortalMessageView {
  @ApiProperty({
    type: () => PortalFollowUpView,
    nullable: true,
    description: 'Set when the ticket was closed and the reply started a follow-up ticket',
  })
  followUp!: PortalFollowUpView | null;
}

/** A fresh magic link for a ticket's requester. */
export class PortalLinkView {
  @ApiProperty() url!: string;
  @ApiProperty(DATE_TIME) expiresAt!: Date;
}
