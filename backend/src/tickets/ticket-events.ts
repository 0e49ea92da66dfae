import type { Tx } from '../database/transactions';
import type { MailFlag } from '../mail/mail-flags';
import type { MessageChannel, MessageVisibility, TicketLinkKind } from './ticket.constants';
import type { FieldValues } from '../custom-fields/field-types';
import type { TicketView } from './ticket.view';

/**
 * Who or what caused a change. Every domain event carries it, so a subscriber can tell
 * its own changes (and a rule's) from a person's and avoid loops.
 * - `agent`: a signed-in agent or an API token (REST, bulk);
 * - `customer`: the customer, on the portal or the contact form;
 * - `mail`: a mail from the spool (`inboundId`), written by the agent (`userId`) or the
 *   customer (`customerId`) who sent it;
 * - `rule`: a business rule (trigger, automation) changing a ticket: its id;
 * - `system`: the help desk itself (a timer, an upkeep job).
 */
export type Cause =
  | { kind: 'agent'; userId: number }
  | { kind: 'customer'; customerId: number }
  | { kind: 'mail'; inboundId: number; userId?: number; customerId?: number }
  | { kind: 'rule'; ruleId: number }
  | { kind: 'system' };

/** Who a cause names, as the audit trail records the actor (all null: the system). */
export function actorOf(cause: Cause): { userId: number | null; customerId: number | null; ruleId: number | null } {
  switch (cause.kind) {
    case 'agent':
      return { userId: cause.userId, customerId: null, ruleId: null };
    case 'customer':
      return { userId: null, customerId: cause.customerId, ruleId: null };
    case 'mail':
      return { userId: cause.userId ?? null, customerId: cause.customerId ?? null, ruleId: null };
    case 'rule':
      return { userId: null, customerId: null, ruleId: cause.ruleId };
    default:
      return { userId: null, customerId: null, ruleId: null };
  }
}

/**
 * One field of a ticket as it was and as it is (values as the API spells them: priority
 * by name). Custom fields are `field.<key>` (values as in `fields`); `followers`,
 * `links` and `mergedTicketIds` are lists (see TicketsService: follow, link, merge);
 * `spam` is a boolean (markSpam), `deleted` the time of deletion or null (delete, restore).
 */
export interface FieldChange {
  field:
    | 'subject'
    | 'requesterId'
    | 'status'
    | 'priority'
    | 'assigneeId'
    | 'groupId'
    | 'tags'
    | 'organizationId'
    | 'formId'
    | 'mergedIntoId'
    | 'mergedTicketIds'
    | 'followers'
    | 'links'
    | 'spam'
    | 'deleted'
    | `field.${string}`;
  before: unknown;
  after: unknown;
}

/** A ticket as it was created, its fields as the API names them (custom field values in `fields`). */
export type TicketSnapshot = Pick<
  TicketView,
  | 'id'
  | 'number'
  | 'subject'
  | 'status'
  | 'priority'
  | 'requesterId'
  | 'assigneeId'
  | 'groupId'
  | 'mailboxId'
  | 'tags'
  | 'organizationId'
  | 'formId'
> & { fields: FieldValues };

/** The mail headers of a message that came in by mail (the body stays in `messages`). */
export interface MessageMail {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: string;
  to: string[];
  cc: string[];
  /** Automatic mail (auto-reply, bounce, list): never answered, never reopens. */
  flags: MailFlag[];
  /** Content identity of received mail (mail-in/processing/duplicate.ts): only a redelivery of the same content folds. */
  fingerprint?: string | null;
}

/** A message as it was added (its text is in `messages`, by `id`). */
export interface MessageSnapshot {
  id: number;
  author: { kind: 'agent' | 'customer' | 'system'; id: number | null };
  visibility: MessageVisibility;
  channel: MessageChannel;
  mail: MessageMail | null;
  /** Agents named to be told (a reply's or a note's `mentions`). */
  mentions: number[];
  /** The first message of a ticket created by the same change. */
  ticketCreated: boolean;
  /** A forward to a third party: mailed to `to`/`cc` with the messages `messageIds` quoted. */
  forward?: { to: string[]; cc: string[]; messageIds: number[] };
}

export interface TicketCreated {
  type: 'ticket.created';
  ticketId: number;
  ticket: TicketSnapshot;
  /** A follow-up of a closed ticket, or a ticket that mentions another's [#number]. */
  link: { ticketId: number; kind: TicketLinkKind } | null;
  cause: Cause;
}

export interface TicketUpdated {
  type: 'ticket.updated';
  ticketId: number;
  /**
   * Only fields whose value changed, in a fixed order (subject, priority, assigneeId,
   * groupId, tags, organizationId, formId, field.<key>…, status).
   */
  changes: FieldChange[];
  cause: Cause;
}

export interface MessageCreated {
  type: 'message.created';
  ticketId: number;
  message: MessageSnapshot;
  /** The ticket's assignee when the message was added. */
  assigneeId: number | null;
  cause: Cause;
}

/** What the ticket domain service announces: one event per change, in the order they happened. */
export type TicketEvent = TicketCreated | TicketUpdated | MessageCreated;

/**
 * Whether the event marks its ticket as spam or deletes it: such a change sends nobody
 * anything and runs no triggers (a rule must not answer spam or act on a ticket in the trash).
 */
export const silencesTicket = (e: TicketEvent) =>
  e.type === 'ticket.updated' &&
  e.changes.some((c) => (c.field === 'spam' && c.after === true) || (c.field === 'deleted' && c.after !== null));

/** An event as stored in `domain_events` (in the transaction of its change). */
export type StoredEvent = TicketEvent & { id: number; createdAt: Date };

/**
 * A subscriber to ticket events. It receives the events of one transaction together, in
 * order. Mark the provider `@SubscribesToTicketEvents()` (ticket-event-bus.ts) and the
 * bus subscribes it at start-up.
 *
 * - `beforeCommit` runs inside the transaction of the change, after the events are
 *   stored and before COMMIT: write here what must exist exactly when the change does
 *   (an outbox row, a timer), through repositories, on `tx`. A throw rolls the whole
 *   change back. Its result is handed to `afterCommit`.
 * - `afterCommit` runs once the change is committed, outside any transaction: tell
 *   other processes (Redis, queues). A throw is logged and lost; durable consumers read
 *   `domain_events` instead (rows by id, per ticket).
 *
 * A subscriber that changes a ticket in turn calls the domain service with a `rule` (or
 * `system`) cause, which its events carry: that is how it recognises its own changes.
 */
export interface TicketEventSubscriber<S = void> {
  /** For logs and for the test that every role has the subscribers it needs. */
  readonly name: string;
  /**
   * Where it runs among the subscribers of each round, lowest first (default 0; equal
   * orders run in the order they subscribed). Business rules run last (100), so they act
   * on what the change and the other subscribers wrote: a spam trigger cancels the
   * acknowledgement the outbox subscriber queued in the same round.
   */
  readonly order?: number;
  beforeCommit?(events: readonly StoredEvent[], tx: Tx): Promise<S>;
  afterCommit?(events: readonly StoredEvent[], state: S): Promise<void>;
}
