import { ApiProperty } from '@nestjs/swagger';
import { MAIL_FLAGS, MailFlag } from '../mail/mail-flags';
import { OUTBOUND_STATUSES, OutboundStatus } from '../mail/outbound-status';
import { DATE_TIME } from '../common/api-schema';
import type { FieldValues } from '../custom-fields/field-types';
import type { LinkRow } from './ticket-relations.repository';
import { remoteImageUrls } from '../mail/remote-images';
import type { DeletedTicketRow, MessageRow, TicketEventRow, TicketWithRequesterRow } from './ticket.rows';
import {
  LAST_ACTORS,
  LastActor,
  MESSAGE_CHANNELS,
  MESSAGE_VISIBILITIES,
  MessageChannel,
  MessageVisibility,
  priorityName,
  TICKET_LINK_KINDS,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TicketChannel,
  TICKET_STATUSES,
  TicketLinkKind,
  TicketPriority,
  TicketStatus,
} from './ticket.constants';

const LINK_DIRECTIONS = ['outgoing', 'incoming'] as const;

// The answers of the tickets routes, as the OpenAPI document describes them (the
// frontend's types are generated from it); the mappers below build exactly these.

const AUTHOR_TYPES = ['user', 'customer', 'system'] as const;

export class RequesterRefView {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class TicketView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'The number customers see, as [#number] in mail subjects' }) number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status!: TicketStatus;
  @ApiProperty({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority' }) priority!: TicketPriority;
  @ApiProperty() requesterId!: number;
  @ApiProperty({ type: () => RequesterRefView }) requester!: RequesterRefView;
  @ApiProperty({ type: Number, nullable: true }) assigneeId!: number | null;
  @ApiProperty({ type: Number, nullable: true }) groupId!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The mailbox its mail goes out from' }) mailboxId!:
    number | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'The organization (its requester’s when it was opened)' })
  organizationId!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The ticket form' }) formId!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Set on a ticket merged into another (then closed)' })
  mergedIntoId!: number | null;
  @ApiProperty({
    enum: TICKET_CHANNELS,
    enumName: 'TicketChannel',
    description: 'How it came in: email, web_form (the contact form), api (an agent or a script), portal',
  })
  channel!: TicketChannel;
  @ApiProperty() messageCount!: number;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) firstResponseAt!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) solvedAt!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) closedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The start of the latest public message's text (whitespace folded, at most 200 characters)",
  })
  preview!: string | null;
  @ApiProperty({
    enum: LAST_ACTORS,
    enumName: 'LastActor',
    nullable: true,
    description: 'Who wrote the latest public message: `customer` means the customer replied last',
  })
  lastActor!: LastActor | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the latest public message was written' })
  lastMessageAt!: string | null;
  @ApiProperty({
    description: 'For the agent asking: changed by someone else since they last opened it (PUT /tickets/{id}/read)',
  })
  unread!: boolean;
  @ApiProperty({ description: 'For the agent asking: they have an unsent draft on it (GET /tickets/{id}/draft)' })
  hasDraft!: boolean;
  @ApiProperty({
    description:
      'The first message was automatic mail (an auto-reply, a bounce, list mail): listed under "Automatic mail", ' +
      'left out of Unassigned and All open',
  })
  automatic!: boolean;
  @ApiProperty({ description: 'Marked as spam (closed without a reply; POST/DELETE /tickets/{id}/spam)' })
  spam!: boolean;
}

/** A ticket in the trash (admins: GET /tickets/deleted), restorable until `purgeAt`. */
export class DeletedTicketView extends TicketView {
  @ApiProperty(DATE_TIME) deletedAt!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The agent who deleted it' }) deletedBy!: number | null;
  @ApiProperty({ type: String, nullable: true }) deletedByName!: string | null;
  @ApiProperty({ ...DATE_TIME, description: 'When the worker deletes it for good (30 days after)' }) purgeAt!: string;
}

export class AuthorView {
  @ApiProperty({ enum: AUTHOR_TYPES, enumName: 'AuthorType' }) type!: (typeof AUTHOR_TYPES)[number];
  @ApiProperty({ type: Number, nullable: true }) id!: number | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
}

export class MailHeadersView {
  @ApiProperty() messageId!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
  @ApiProperty({
    enum: MAIL_FLAGS,
    enumName: 'MailFlag',
    isArray: true,
    description: 'Automatic mail: never reopens a ticket, never answered',
  })
  flags!: MailFlag[];
}

export class AttachmentView {
  @ApiProperty() id!: number;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'An inline image of the HTML body (cid:)' }) inline!: boolean;
  @ApiProperty() url!: string;
}

export class DeliveryView {
  @ApiProperty() outboundId!: number;
  @ApiProperty({ enum: OUTBOUND_STATUSES, enumName: 'OutboundStatus' }) status!: OutboundStatus;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class MessageView {
  @ApiProperty() id!: number;
  @ApiProperty() ticketId!: number;
  @ApiProperty() internal!: boolean;
  @ApiProperty({ enum: MESSAGE_VISIBILITIES, enumName: 'MessageVisibility' }) visibility!: MessageVisibility;
  @ApiProperty({ enum: MESSAGE_CHANNELS, enumName: 'MessageChannel' }) channel!: MessageChannel;
  @ApiProperty({ type: () => AuthorView }) author!: AuthorView;
  @ApiProperty({ description: 'What was written, without quoted history' }) bodyText!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Sanitised HTML of a mail' }) bodyHtml!: string | null;
  @ApiProperty({
    description:
      'Remote images in bodyHtml, blocked: each is an img with data-remote-src and no src; GET …/messages/{id}/remote-images/{n} (n from 0, document order) fetches one through the api',
  })
  remoteImages!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The whole text including quoted history, for mail; null when it equals bodyText',
  })
  fullText!: string | null;
  @ApiProperty({ type: () => MailHeadersView, nullable: true }) mail!: MailHeadersView | null;
  @ApiProperty({ type: () => [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({
    type: () => DeliveryView,
    nullable: true,
    description: 'The email of a public reply; null when not emailed',
  })
  delivery!: DeliveryView | null;
  @ApiProperty({
    type: [String],
    description: 'Who was copied (RFC 5322 §3.6.3 Cc): of a mail received, of a reply or forward we sent',
  })
  cc!: string[];
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'A forward to a third party: whom it was mailed to (an internal message); null for other messages',
  })
  forwardedTo!: string[] | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class FollowerUserView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class FollowerCustomerView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Empty when unknown' }) name!: string;
  @ApiProperty() email!: string;
}

/** Who follows a ticket: agents (told of customer replies), and customers CC'd on its public replies. */
export class FollowersView {
  @ApiProperty({ type: () => [FollowerUserView] }) users!: FollowerUserView[];
  @ApiProperty({ type: () => [FollowerCustomerView] }) customers!: FollowerCustomerView[];
}

export class LinkedTicketView {
  @ApiProperty() id!: number;
  @ApiProperty() number!: number;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status!: TicketStatus;
}

/** A link as this ticket sees it. */
export class TicketLinkView {
  @ApiProperty({ enum: TICKET_LINK_KINDS, enumName: 'TicketLinkKind' }) kind!: TicketLinkKind;
  @ApiProperty({
    enum: LINK_DIRECTIONS,
    enumName: 'TicketLinkDirection',
    description:
      '`outgoing`: this ticket holds the link (it is the follow-up, the duplicate, the one merged); `incoming`: the other one does',
  })
  direction!: (typeof LINK_DIRECTIONS)[number];
  @ApiProperty({ type: () => LinkedTicketView }) ticket!: LinkedTicketView;
}

export class TicketDetailView extends TicketView {
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the agent asking last opened it (before now)' })
  readAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Custom field values by key (a multiselect: a list; a date: YYYY-MM-DD); fields without a value are absent',
  })
  fields!: FieldValues;
  @ApiProperty({ type: () => FollowersView }) followers!: FollowersView;
  @ApiProperty({
    type: [String],
    description: 'Who its public replies are copied to (Cc): the customers following it, by address',
  })
  cc!: string[];
  @ApiProperty({ type: () => [TicketLinkView] }) links!: TicketLinkView[];
  @ApiProperty({ type: () => [MessageView], description: 'The conversation, oldest first' }) messages!: MessageView[];
}

export class PostedMessageView extends MessageView {
  @ApiProperty({ type: () => TicketView, description: 'The ticket after the message (status changes included)' })
  ticket!: TicketView;
}

export class ActorView {
  @ApiProperty({ enum: AUTHOR_TYPES, enumName: 'AuthorType' }) type!: (typeof AUTHOR_TYPES)[number];
  @ApiProperty({ type: Number, nullable: true }) id!: number | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

const jsonValue = {
  nullable: true,
  description: 'The JSON value (string, number, array, …)',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object' },
  ],
};

export class RuleRefView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['trigger', 'automation'], nullable: true }) kind!: 'trigger' | 'automation' | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null once the rule was deleted' }) title!: string | null;
}

export class TicketEventView {
  @ApiProperty() id!: number;
  @ApiProperty() ticketId!: number;
  @ApiProperty({ description: 'created, updated, message_added, …' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) field!: string | null;
  @ApiProperty(jsonValue) before!: unknown;
  @ApiProperty(jsonValue) after!: unknown;
  @ApiProperty({ type: () => ActorView }) actor!: ActorView;
  @ApiProperty({
    type: () => RuleRefView,
    nullable: true,
    description: 'The trigger or automation that made the change ("applied by rule"); null for people',
  })
  rule!: RuleRefView | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class TicketCountsByStatusView {
  @ApiProperty() new!: number;
  @ApiProperty() open!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() on_hold!: number;
  @ApiProperty() solved!: number;
  @ApiProperty() closed!: number;
}

export class TicketCountsView {
  @ApiProperty({ description: 'Unsolved and assigned to me' }) myOpen!: number;
  @ApiProperty({ description: 'Unsolved, assigned to nobody, not automatic mail' }) unassigned!: number;
  @ApiProperty({ description: 'Unsolved (new, open, pending, on hold), not automatic mail' }) allOpen!: number;
  @ApiProperty({ description: 'Unsolved automatic mail (the built-in view "Automatic mail")' }) automatic!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() solved!: number;
  @ApiProperty({ type: () => TicketCountsByStatusView }) byStatus!: TicketCountsByStatusView;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => d && d.toISOString();

/** A ticket row as the API shows it (snake_case row in, camelCase JSON out). */
export function toTicketView(r: TicketWithRequesterRow): TicketView {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: priorityName(r.priority),
    requesterId: r.requester_id,
    requester: { id: r.requester_id, email: r.requester_email, name: r.requester_name },
    assigneeId: r.assignee_id,
    groupId: r.group_id,
    mailboxId: r.mailbox_id,
    tags: r.tags,
    organizationId: r.organization_id,
    formId: r.form_id,
    mergedIntoId: r.merged_into_id,
    channel: r.channel,
    messageCount: r.message_count,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    firstResponseAt: isoOrNull(r.first_response_at),
    solvedAt: isoOrNull(r.solved_at),
    closedAt: isoOrNull(r.closed_at),
    preview: r.preview,
    lastActor: r.last_actor,
    lastMessageAt: isoOrNull(r.last_message_at),
    unread: r.unread,
    hasDraft: r.has_draft,
    automatic: r.automatic,
    spam: r.spam_at !== null,
  };
}

/** A deleted ticket row as the trash lists it; `purgeDays` after deletion it is purged. */
export function toDeletedTicketView(r: DeletedTicketRow, purgeDays: number): DeletedTicketView {
  return {
    ...toTicketView(r),
    deletedAt: iso(r.deleted_at),
    deletedBy: r.deleted_by,
    deletedByName: r.deleted_by_name,
    purgeAt: iso(new Date(r.deleted_at.getTime() + purgeDays * 86_400_000)),
  };
}

export const toLinkView = (l: LinkRow): TicketLinkView => ({
  kind: l.kind,
  direction: l.direction,
  ticket: { id: l.ticket_id, number: l.number, subject: l.subject, status: l.status },
});

export function toMessageView(r: MessageRow): MessageView {
  const author = r.author_user_id
    ? { type: 'user' as const, id: r.author_user_id, name: r.user_name, email: r.user_email }
    : r.author_customer_id
      ? { type: 'customer' as const, id: r.author_customer_id, name: r.customer_name, email: r.customer_email }
      : { type: 'system' as const, id: null, name: 'System', email: null };
  return {
    id: r.id,
    ticketId: r.ticket_id,
    internal: r.visibility === 'internal',
    visibility: r.visibility,
    channel: r.channel,
    author,
    bodyText: r.body_text,
    bodyHtml: r.body_html,
    remoteImages: remoteImageUrls(r.body_html).length,
    fullText: r.full_text,
    mail: r.mail_message_id
      ? {
          messageId: r.mail_message_id,
          from: r.from_address!,
          to: r.to_addresses,
          cc: r.cc_addresses,
          flags: r.mail_flags,
        }
      : null,
    attachments: r.attachments,
    delivery: r.outbound_id
      ? {
          outboundId: r.outbound_id,
          status: r.outbound_status!,
          reason: r.outbound_reason,
          attempts: r.outbound_attempts!,
          updatedAt: iso(r.outbound_updated_at!),
        }
      : null,
    cc: r.cc_addresses,
    forwardedTo: r.forwarded_to,
    createdAt: iso(r.created_at),
  };
}

export function toEventView(r: TicketEventRow): TicketEventView {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    action: r.action,
    field: r.field,
    before: r.before,
    after: r.after,
    actor: r.actor_user_id
      ? { type: 'user' as const, id: r.actor_user_id, name: r.user_name }
      : r.actor_customer_id
        ? { type: 'customer' as const, id: r.actor_customer_id, name: r.customer_name }
        : { type: 'system' as const, id: null, name: 'System' },
    rule: r.actor_rule_id ? { id: r.actor_rule_id, kind: r.rule_kind, title: r.rule_title } : null,
    createdAt: iso(r.created_at),
  };
}
