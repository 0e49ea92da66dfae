import { Injectable } from '@nestjs/common';
import { AttachmentsRepository, IncomingAttachment } from '../attachments/attachments.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { ALL_TICKETS, TicketScope } from '../common/ticket-scope';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { FieldDefinition, FieldValues } from '../custom-fields/field-types';
import {
  applyFieldChanges,
  fieldChanges,
  FieldValueChange,
  missingToSolve,
  requiredToSolveError,
} from '../custom-fields/field-values';
import { TicketFormsService } from '../custom-fields/ticket-forms.service';
import { CustomersRepository } from '../customers/customers.repository';
import { Transactions, Tx } from '../database/transactions';
import { GroupsRepository } from '../groups/groups.repository';
import { isForCustomers } from '../mail/mail-flags';
import { referencedImageIds, sanitizeAgentHtml } from '../mail/agent-html';
import { sanitizeMailHtml } from '../mail/sanitize-mail-html';
import { UsersRepository } from '../users/users.repository';
import { TicketEventBus } from './ticket-event-bus';
import { actorOf, Cause, FieldChange, MessageMail, MessageSnapshot, TicketSnapshot } from './ticket-events';
import { LockedTicket } from './ticket-lookup.repository';
import {
  assertNotClosed,
  assertStatusMove,
  replyOutcome,
  statusAfterAgentMessage,
  statusTimestamps,
} from './ticket-rules';
import { TicketFieldValuesRepository } from './ticket-field-values.repository';
import { LinkRow, TicketRelationsRepository } from './ticket-relations.repository';
import {
  EDITABLE_LINK_KINDS,
  EditableLinkKind,
  FirstMessageKind,
  priorityName,
  priorityRank,
  TicketLinkKind,
  TicketPriority,
  TicketStatus,
  TRASH_DAYS,
} from './ticket.constants';
import { TicketRow } from './ticket.rows';
import { NewMessageRow, NewTicketRow, TicketColumns, TicketsRepository } from './tickets.repository';

export interface NewTicketInput {
  subject: string;
  /** The first message: by default the requester's words (a phone call typed in, a script). */
  body: string;
  /**
   * Whose the first message is: the requester's (default); the creating agent's internal
   * note; or the agent's public reply, emailed to the requester (an outbound ticket).
   */
  firstMessage?: FirstMessageKind;
  requester: { email: string; name?: string };
  priority?: TicketPriority;
  groupId?: number;
  assigneeId?: number;
  tags?: string[];
  formId?: number;
  /** Custom field values `{<key>: value}`, checked by type. */
  fields?: Record<string, unknown>;
}

/**
 * Fields to set; absent fields stay as they are, null clears assignee, group, form or
 * organization. `fields` sets custom field values by key (null clears one), each checked
 * by its field's type: the same check for the API, bulk changes and business rules.
 */
export interface TicketChanges {
  subject?: string;
  /** Another customer as the requester (by id, or by address: created if new); the organization follows. */
  requesterId?: number;
  requester?: { email: string; name?: string };
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
  organizationId?: number | null;
  formId?: number | null;
  fields?: Record<string, unknown>;
  /** Flag it as spam (a rule's spam action, which also closes it and tags it `spam`); once flagged, nothing. */
  spam?: true;
}

export interface BulkChanges extends Omit<TicketChanges, 'subject' | 'tags' | 'requesterId' | 'requester' | 'spam'> {
  addTags?: string[];
  removeTags?: string[];
  /** Mark each ticket as spam (markSpam), alone: nothing else may change with it. */
  spam?: true;
}

export interface AgentMessageInput {
  body: string;
  /** The same message as HTML (rich text), untrusted: sanitised here; `body` is its text alternative. */
  bodyHtml?: string;
  /** An internal note instead of a public reply. */
  internal?: boolean;
  /** The status to set with it ("send and set status"). */
  status?: TicketStatus;
  /** The agent's own uploads, not yet attached to anything. */
  attachmentIds?: number[];
  /** Active agents to tell about it. */
  mentions?: number[];
  /**
   * A public reply's Cc (addresses): the ticket's CC from now on. Each becomes a customer
   * follower; customer followers left out stop following. Absent: the followers as they are.
   */
  cc?: string[];
}

/** A forward of the conversation to a third party (a vendor), mailed from the ticket's mailbox. */
export interface ForwardInput {
  to: string[];
  cc?: string[];
  /** The agent's words above the quoted messages. */
  body: string;
  /** Messages of this ticket quoted below, with their files attached. */
  messageIds?: number[];
  /** The agent's own uploads, sent with it. */
  attachmentIds?: number[];
}

export interface ContactFormInput {
  email: string;
  name?: string;
  subject: string;
  message: string;
  /** Where the ticket belongs: a mailbox (replies go out from it) and its default group. */
  mailboxId: number | null;
  groupId: number | null;
  /** A form offered to customers, and values of its customer-visible fields. */
  formId?: number;
  fields?: Record<string, unknown>;
}

/** Someone who follows a ticket: an agent, or a customer (by id, or by address: created if new). */
export type FollowerRef = { userId: number } | { customerId: number } | { email: string; name?: string };

/** What a ticket's followers are, as audit rows and events record them. */
interface FollowerIds {
  users: number[];
  customers: number[];
}

/** A mail from the spool, threaded by mail-in (DESIGN.md 2.5). */
export interface InboundMessageInput {
  inboundId: number;
  /** The ticket the mail answers, locked in the same transaction; null: a new ticket. */
  thread: LockedTicket | null;
  /** For a new ticket: the ticket whose [#number] the mail names, to link as `mentioned`. */
  mentions: number | null;
  /** Who sent it (the From address, else the envelope sender). */
  from: { address: string; name?: string };
  /** The active agent whose address that is: the message is theirs, not a customer's. */
  agentId: number | null;
  mailboxId: number;
  /** The group of a new ticket: the mailbox's default group. */
  groupId: number | null;
  subject: string;
  visibility: 'public' | 'internal';
  /** The visible reply, and the whole text when quoted history was split off. */
  bodyText: string;
  fullText: string | null;
  /** Raw mail HTML: sanitised here, its cid: images pointed at the stored attachments. */
  html: string | null;
  attachments: IncomingAttachment[];
  mail: MessageMail;
  /** Addresses CC'd or addressed besides us: followers, if they are not agents. */
  followers: string[];
}

const changed = (before: unknown, after: unknown) => JSON.stringify(before) !== JSON.stringify(after);

/** Ticket fields as a change finds and leaves them. */
interface FieldState {
  defs: FieldDefinition[];
  current: FieldValues;
  changes: FieldValueChange[];
}

const fieldWrite = (c: FieldValueChange) => ({ fieldId: c.def.id, type: c.def.type, value: c.after });

/**
 * Whether a move from `from` to `to` solves the ticket: to solved, or to closed from a
 * status that was not solved (closing a solved ticket asks nothing more of it).
 */
const solving = (from: TicketStatus, to: TicketStatus) =>
  from !== to && (to === 'solved' || (to === 'closed' && from !== 'solved'));

/**
 * The one writer of tickets and their messages (docs/architecture.md, "Layers"): REST,
 * bulk, the portal, the contact form and mail-in all change tickets through these
 * intent-named methods, and later rules and timers will too. Each applies the ticket
 * rules (`ticket-rules.ts`), writes the audit trail, and records one domain event per
 * change (`ticket-events.ts`), which the TicketEventBus stores and hands to subscribers
 * (realtime, the outbox) when the transaction commits. Errors are DomainErrors.
 */
@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly customers: CustomersRepository,
    private readonly users: UsersRepository,
    private readonly groups: GroupsRepository,
    private readonly attachments: AttachmentsRepository,
    private readonly transactions: Transactions,
    private readonly bus: TicketEventBus,
    private readonly values: TicketFieldValuesRepository,
    private readonly relations: TicketRelationsRepository,
    private readonly customFields: CustomFieldsService,
    private readonly forms: TicketFormsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Agent `userId` has seen the ticket as it is now (their read marker; not a change of
   * the ticket: no audit row, no event). Throws not_found for a missing ticket.
   */
  async markRead(id: number, userId: number, scope: TicketScope): Promise<void> {
    if (!(await this.tickets.markRead(id, userId, scope))) throw new DomainError('not_found', `Ticket ${id} not found`);
  }

  /** Forgets agent `userId`'s read marker: the ticket is unread for them again. Throws not_found. */
  async markUnread(id: number, userId: number, scope: TicketScope): Promise<void> {
    if (!(await this.tickets.exists(id, scope))) throw new DomainError('not_found', `Ticket ${id} not found`);
    await this.tickets.markUnread(id, userId);
  }

  /**
   * A ticket written in by an agent (or a script). Its first message is the requester's
   * words, or the agent's internal note, or the agent's public reply: that one opens the
   * ticket, stamps the first response and is emailed to the requester by the outbox
   * subscriber, as any reply is. Returns its id.
   */
  async create(input: NewTicketInput, cause: Cause): Promise<number> {
    const first = input.firstMessage ?? 'requester';
    const agentId = cause.kind === 'agent' ? cause.userId : undefined;
    if (first !== 'requester' && agentId === undefined)
      throw DomainError.invalid('firstMessage', 'only an agent writes the first message as their own');
    return this.transactions.run(
      async (tx) => {
        if (input.groupId !== undefined) await this.assertGroup(tx, input.groupId);
        if (input.assigneeId !== undefined) await this.assertAssignee(tx, input.assigneeId);
        if (input.formId !== undefined) await this.assertForm(tx, input.formId);
        const fields = input.fields ? fieldChanges(await this.fieldDefs(tx), input.fields, {}) : [];
        const requester = await this.customers.findOrCreate(tx, input.requester.email, input.requester.name);
        const ticket = await this.insertTicket(
          tx,
          {
            subject: input.subject,
            requesterId: requester.id,
            priority: priorityRank(input.priority ?? 'normal'),
            assigneeId: input.assigneeId ?? null,
            groupId: input.groupId ?? null,
            tags: input.tags ?? [],
            mailboxId: null,
            organizationId: requester.organization_id,
            formId: input.formId ?? null,
            channel: 'api',
          },
          null,
          cause,
          fields,
        );
        const about = { ticketCreated: true, assigneeId: input.assigneeId ?? null };
        if (first === 'requester') {
          await this.insertMessage(
            tx,
            this.webMessage(ticket.id, { customerId: requester.id }, input.body),
            cause,
            about,
          );
          return ticket.id;
        }
        const internal = first === 'note';
        await this.insertMessage(
          tx,
          {
            ...this.webMessage(ticket.id, { userId: agentId }, input.body),
            visibility: internal ? 'internal' : 'public',
            channel: internal ? 'note' : 'web',
          },
          cause,
          about,
        );
        const status = statusAfterAgentMessage('new', { internal });
        if (status) {
          const now = this.clock.now();
          await this.apply(
            tx,
            ticket,
            { status, ...statusTimestamps(status, now), first_response_at: now },
            [{ field: 'status', before: 'new', after: status }],
            cause,
          );
        }
        return ticket.id;
      },
      { attempts: 3 },
    );
  }

  /**
   * Changes fields of a ticket (none changed: nothing written). Returns what changed.
   * `scope`: the tickets the caller reaches (ALL_TICKETS for the system); one out of it is not found.
   */
  async update(id: number, input: TicketChanges, cause: Cause, scope: TicketScope): Promise<FieldChange[]> {
    return this.transactions.run((tx) => this.change(tx, id, input, cause, scope), { attempts: 3 });
  }

  /**
   * Changes fields in the caller's transaction, as `update` does: a rule's changes in a
   * trigger pass or an automation, a macro's with the rest of its actions. Returns what changed.
   */
  updateIn(tx: Tx, id: number, input: TicketChanges, cause: Cause): Promise<FieldChange[]> {
    // Rules act for the system; a macro's caller was checked against their scope when it locked the ticket.
    return this.change(tx, id, input, cause, ALL_TICKETS);
  }

  /**
   * An internal note in the caller's transaction: written by the agent the cause names
   * (a macro they applied) or by the system on a rule's behalf (the audit trail names the rule).
   * Returns the message's id.
   */
  async addNoteIn(tx: Tx, id: number, body: string, cause: Cause): Promise<number> {
    const t = await this.lock(tx, id, ALL_TICKETS);
    const author = cause.kind === 'agent' ? { userId: cause.userId } : {};
    const messageId = await this.insertMessage(
      tx,
      { ...this.webMessage(id, author, body), visibility: 'internal', channel: 'note' },
      cause,
      { assigneeId: t.assignee_id },
    );
    await this.apply(tx, t, {}, [], cause);
    return messageId;
  }

  /** People (email addresses) who get copies of public replies, in the caller's transaction; agents' addresses are skipped. */
  async addFollowersIn(tx: Tx, id: number, addresses: string[]): Promise<void> {
    await this.addFollowers(tx, id, addresses);
  }

  /**
   * Records in the audit trail what a rule did beyond changing fields (an email queued, a
   * webhook called, rules paused by the loop cap), in the caller's transaction.
   */
  async recordIn(tx: Tx, id: number, action: string, details: object, cause: Cause): Promise<void> {
    await this.tickets.audit(tx, id, action, details, actorOf(cause));
  }

  /**
   * The same change to many tickets, one transaction each, so a ticket that cannot
   * change (closed, missing, out of `scope`) fails alone. Tags to add and remove apply to
   * each ticket's tags as read just before its update; `spam` marks each as spam (alone).
   * Returns the tickets changed and the DomainError of each that failed; throws invalid when
   * there is nothing to change.
   */
  async bulkUpdate(ids: number[], input: BulkChanges, cause: Cause, scope: TicketScope) {
    const { addTags, removeTags, spam, ...fields } = input;
    const given = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (!given.length && !addTags?.length && !removeTags?.length && !spam)
      throw DomainError.invalid('changes', 'nothing to change');
    if (spam && (given.length || addTags?.length || removeTags?.length))
      throw DomainError.invalid('changes', 'spam closes the tickets: change nothing else with it');
    const result = { updated: [] as number[], failed: [] as { id: number; error: DomainError }[] };
    for (const id of ids) {
      try {
        if (spam) {
          await this.markSpam(id, cause, scope);
          result.updated.push(id);
          continue;
        }
        const changes: TicketChanges = Object.fromEntries(given);
        if (addTags?.length || removeTags?.length) {
          const row = await this.tickets.tags(id, scope);
          // A missing ticket keeps `tags` unset, and update() answers 404 for it.
          if (row)
            changes.tags = [...new Set([...row.tags, ...(addTags ?? [])])].filter((t) => !removeTags?.includes(t));
        }
        await this.update(id, changes, cause, scope);
        result.updated.push(id);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        result.failed.push({ id, error: e });
      }
    }
    return result;
  }

  /**
   * An agent's public reply or internal note. A public reply on a `new` ticket opens it
   * (unless the agent sends a status with it) and stamps the first response; its email
   * is written to the outbox by the outbox's subscriber, in the same transaction.
   * Returns the message's id. A ticket out of `scope` is not found.
   */
  async addAgentMessage(
    id: number,
    input: AgentMessageInput,
    cause: Cause & { kind: 'agent' },
    scope: TicketScope,
  ): Promise<number> {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id, scope);
        assertNotClosed(t, 'open a new ticket instead');
        const internal = input.internal ?? false;
        if (internal && input.cc?.length)
          throw DomainError.invalid('cc', 'an internal note is not mailed to anyone: it cannot have a Cc');
        const status = statusAfterAgentMessage(t.status, { internal, requested: input.status });
        if (status && solving(t.status, status)) await this.assertSolvable(tx, t.id, t.form_id);
        const changes: FieldChange[] = [];
        if (!internal && input.cc) {
          const before = await this.followerIds(tx, t.id);
          await this.setCc(tx, t, await this.mailAddresses(tx, 'cc', input.cc));
          const after = await this.followerIds(tx, t.id);
          if (changed(before, after)) changes.push({ field: 'followers', before, after });
        }
        const messageId = await this.insertMessage(
          tx,
          {
            ...this.webMessage(id, { userId: cause.userId }, input.body),
            visibility: internal ? 'internal' : 'public',
            channel: internal ? 'note' : 'web',
          },
          cause,
          { assigneeId: t.assignee_id, mentions: () => this.activeMentions(tx, id, input.mentions ?? []) },
          async (messageId) => {
            // What was sent is no longer a draft; a failed post rolls this back and keeps it.
            await this.tickets.deleteDraft(tx, id, cause.userId);
            const images = input.bodyHtml
              ? await this.linkInlineImages(tx, messageId, input.bodyHtml, cause.userId)
              : [];
            const files = (input.attachmentIds ?? []).filter((a) => !images.includes(a));
            if (files.length) await this.linkUploads(tx, messageId, files, cause.userId);
            const html = input.bodyHtml ? sanitizeAgentHtml(input.bodyHtml, new Set(images)) : null;
            if (html) await this.tickets.setBodyHtml(tx, messageId, html);
          },
        );
        const set: TicketColumns = status ? { status, ...statusTimestamps(status, this.clock.now()) } : {};
        if (!internal && t.first_response_at === null) set.first_response_at = this.clock.now();
        if (status) changes.push({ field: 'status', before: t.status, after: status });
        await this.apply(tx, t, set, changes, cause);
        return messageId;
      },
      { attempts: 3 },
    );
  }

  /**
   * Forwards messages of the ticket to a third party (a vendor): recorded as the agent's
   * internal message with `forwarded_to` (never on the portal, never the agent's public reply
   * nor first response), mailed by the outbox (`message.created` with `forward`) to `to`/`cc`
   * with the messages quoted and their files attached. Returns the message id. Throws
   * not_found (missing, deleted, out of `scope`), conflict (closed), invalid (an address that
   * is malformed or ours, a message of another ticket, an upload not the agent's).
   */
  async forward(id: number, input: ForwardInput, cause: Cause & { kind: 'agent' }, scope: TicketScope) {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id, scope);
        assertNotClosed(t, 'open a new ticket instead');
        const to = await this.mailAddresses(tx, 'to', input.to);
        if (!to.length) throw DomainError.invalid('to', 'forward to at least one address');
        const cc = (await this.mailAddresses(tx, 'cc', input.cc ?? [])).filter((a) => !to.includes(a));
        const messageIds = [...new Set(input.messageIds ?? [])];
        const found = await this.tickets.messagesOn(tx, t.id, messageIds);
        const foreign = messageIds.filter((m) => !found.includes(m));
        if (foreign.length)
          throw DomainError.invalid('messageIds', `message ${foreign.join(', ')} is not on ticket #${t.number}`);
        const messageId = await this.insertMessage(
          tx,
          {
            ...this.webMessage(id, { userId: cause.userId }, input.body),
            visibility: 'internal',
            channel: 'note',
            forwardedTo: to,
            cc,
          },
          cause,
          { assigneeId: t.assignee_id, forward: { to, cc, messageIds } },
          async (messageId) => {
            if (input.attachmentIds?.length) await this.linkUploads(tx, messageId, input.attachmentIds, cause.userId);
          },
        );
        await this.apply(tx, t, {}, [], cause);
        return messageId;
      },
      { attempts: 3 },
    );
  }

  /**
   * Addresses for a mail we send (`field` names them in errors), lower-cased and
   * deduplicated. Throws invalid for one of our own mailboxes' addresses: the mail
   * would come back to us (a loop).
   */
  private async mailAddresses(tx: Tx, field: string, addresses: string[]): Promise<string[]> {
    const unique = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
    const own = await this.tickets.ownAddresses(tx, unique);
    if (own.length)
      throw DomainError.invalid(field, `${own.join(', ')} is an address of this help desk: mail to it would loop`);
    return unique;
  }

  /**
   * The ticket's CC becomes `addresses`: each is a customer follower (found or created; the
   * requester is left out, they get every reply), other customer followers stop following.
   * An agent's address is refused: agents follow the ticket instead.
   */
  private async setCc(tx: Tx, t: TicketRow, addresses: string[]) {
    const keep = new Set<number>();
    for (const address of addresses) {
      if (await this.users.isUserAddress(address, tx))
        throw DomainError.invalid('cc', `${address} is an agent's address: agents follow the ticket instead`);
      const c = await this.customers.findOrCreate(tx, address);
      if (c.id === t.requester_id) continue;
      await this.tickets.addFollower(tx, t.id, c.id);
      keep.add(c.id);
    }
    for (const f of await this.tickets.customerFollowers(tx, t.id))
      if (!keep.has(f.id)) await this.tickets.removeFollower(tx, t.id, f.id);
  }

  /**
   * A customer's reply on the portal: the customer-reply rule (`replyOutcome`) as for
   * mail: it reopens a ticket waiting on them; on a closed ticket it starts a follow-up
   * linked to it. Returns the message, and the follow-up when one was started.
   */
  async addCustomerMessage(ticketId: number, customerId: number, body: string) {
    const cause: Cause = { kind: 'customer', customerId };
    return this.transactions.run(
      async (tx) => {
        // The customer holds the ticket's own link: no agent's scope applies.
        const t = await this.lock(tx, ticketId, ALL_TICKETS);
        const outcome = replyOutcome(t.status, { byCustomer: true, automatic: false });
        const target =
          outcome === 'follow_up'
            ? await this.insertTicket(
                tx,
                {
                  subject: t.subject,
                  requesterId: t.requester_id,
                  priority: priorityRank('normal'),
                  assigneeId: null,
                  groupId: t.group_id,
                  tags: [],
                  mailboxId: t.mailbox_id,
                  organizationId: t.organization_id,
                  formId: null,
                  channel: 'portal',
                },
                { ticketId: t.id, kind: 'follow_up' },
                cause,
              )
            : t;
        const messageId = await this.insertMessage(tx, this.webMessage(target.id, { customerId }, body), cause, {
          ticketCreated: target !== t,
          assigneeId: target === t ? t.assignee_id : null,
        });
        if (outcome !== 'follow_up') await this.afterReply(tx, t, outcome, cause, true);
        return {
          ticketId: target.id,
          messageId,
          followUp: target === t ? null : { ticketId: target.id, number: target.number },
        };
      },
      { attempts: 3 },
    );
  }

  /**
   * The contact form: a new ticket, as if the customer had mailed the given mailbox. A
   * form offered to customers may come with values of its customer-visible fields (any
   * other field is unknown here).
   */
  async createFromContactForm(input: ContactFormInput) {
    return this.transactions.run(
      async (tx) => {
        let fields: FieldValueChange[] = [];
        if (input.formId !== undefined) {
          const form = await this.forms.find(input.formId, tx);
          if (!form || !form.active || !form.visible_to_customers)
            throw DomainError.invalid('formId', `no form ${input.formId} is offered`);
          const offered = (await this.fieldDefs(tx)).filter(
            (d) => d.active && d.visibleToCustomers && form.field_ids.includes(d.id),
          );
          fields = fieldChanges(offered, input.fields ?? {}, {});
        } else if (input.fields && Object.keys(input.fields).length) {
          throw DomainError.invalid('fields', 'fields come with the form (formId) they belong to');
        }
        const customer = await this.customers.findOrCreate(tx, input.email, input.name);
        const cause: Cause = { kind: 'customer', customerId: customer.id };
        const ticket = await this.insertTicket(
          tx,
          {
            subject: input.subject,
            requesterId: customer.id,
            priority: priorityRank('normal'),
            assigneeId: null,
            groupId: input.groupId,
            tags: [],
            mailboxId: input.mailboxId,
            organizationId: customer.organization_id,
            formId: input.formId ?? null,
            channel: 'web_form',
          },
          null,
          cause,
          fields,
        );
        await this.insertMessage(tx, this.webMessage(ticket.id, { customerId: customer.id }, input.message), cause, {
          ticketCreated: true,
          assigneeId: null,
        });
        return { ticketId: ticket.id, number: ticket.number, customerId: customer.id };
      },
      { attempts: 3 },
    );
  }

  /**
   * A mail, on the ticket it threads to or as a new ticket, in the caller's transaction
   * (mail-in marks its spool row in the same one). A mail on a closed ticket starts a
   * follow-up linked to it; a customer's reply (not automatic mail) reopens a pending or
   * solved ticket; people CC'd become followers. Returns the ticket and message ids.
   */
  async addInboundMessage(tx: Tx, mail: InboundMessageInput): Promise<{ ticketId: number; messageId: number }> {
    const { agentId, from } = mail;
    const customer = agentId ? null : await this.customers.findOrCreate(tx, from.address, from.name);
    const cause: Cause = agentId
      ? { kind: 'mail', inboundId: mail.inboundId, userId: agentId }
      : { kind: 'mail', inboundId: mail.inboundId, customerId: customer!.id };
    const automatic = mail.mail.flags.length > 0;
    const outcome = mail.thread ? replyOutcome(mail.thread.status, { byCustomer: !agentId, automatic }) : 'new';
    let ticketId = mail.thread?.id;
    if (outcome === 'follow_up' || outcome === 'new') {
      // An agent's mail that starts a ticket has them as the requester, as a customer.
      const requester = customer ?? (await this.customers.findOrCreate(tx, from.address, from.name));
      const link =
        outcome === 'follow_up'
          ? { ticketId: mail.thread!.id, kind: 'follow_up' as const }
          : mail.mentions
            ? { ticketId: mail.mentions, kind: 'mentioned' as const }
            : null;
      ticketId = (
        await this.insertTicket(
          tx,
          {
            subject: (mail.subject || '(no subject)').slice(0, 500),
            requesterId: requester.id,
            priority: priorityRank('normal'),
            assigneeId: null,
            groupId: mail.groupId,
            tags: [],
            mailboxId: mail.mailboxId,
            organizationId: requester.organization_id,
            formId: null,
            channel: 'email',
            // Its first message is this mail: an auto-reply, a bounce or list mail makes it automatic.
            automatic: !isForCustomers(mail.mail.flags),
          },
          link,
          cause,
        )
      ).id;
    }
    const inline = mail.attachments.some((a) => a.contentId);
    const messageId = await this.insertMessage(
      tx,
      {
        ticketId: ticketId!,
        authorUserId: agentId,
        authorCustomerId: customer?.id ?? null,
        visibility: mail.visibility,
        channel: 'email',
        bodyText: mail.bodyText,
        fullText: mail.fullText,
        // Without inline images the HTML needs no attachment ids: stored with the message, one statement less.
        bodyHtml: mail.html && !inline ? sanitizeMailHtml(mail.html, new Map()) : null,
        mail: { ...mail.mail, mailboxId: mail.mailboxId, inboundMessageId: mail.inboundId },
      },
      cause,
      {
        ticketCreated: ticketId !== mail.thread?.id,
        assigneeId: mail.thread && ticketId === mail.thread.id ? mail.thread.assigneeId : null,
      },
      async (messageId) => {
        const cidUrls = new Map<string, string>();
        for (const a of mail.attachments) {
          const id = await this.attachments.insertForMessage(tx, messageId, a);
          if (a.contentId) cidUrls.set(a.contentId, `/api/v1/attachments/${id}`);
        }
        if (mail.html && inline) await this.tickets.setBodyHtml(tx, messageId, sanitizeMailHtml(mail.html, cidUrls));
      },
    );
    if (outcome === 'reopen' || outcome === 'keep') {
      const t = { id: mail.thread!.id, status: mail.thread!.status };
      await this.afterReply(tx, t, outcome, cause, !!customer && !automatic);
    }
    if (customer && !automatic) await this.addFollowers(tx, ticketId!, mail.followers);
    return { ticketId: ticketId!, messageId };
  }

  /**
   * Marks the ticket as spam: closed without a reply (the required-to-solve fields are not
   * asked for), tagged `spam`, flagged (`spam`, `spam_at`). Its events silence it
   * (`silencesTicket`): the outbox cancels its automatic mail not sent yet and queues
   * nothing, triggers do not run. Marking a spam ticket again changes nothing. Returns what
   * changed. Throws not_found (missing, deleted, out of `scope`), conflict (already closed:
   * a closed ticket is final).
   */
  async markSpam(id: number, cause: Cause, scope: TicketScope): Promise<FieldChange[]> {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id, scope);
        if (t.spam_at) return [];
        assertNotClosed(t, 'it cannot be marked as spam');
        const now = this.clock.now();
        const tags = [...new Set([...t.tags, 'spam'])].sort();
        const changes: FieldChange[] = [];
        if (changed(t.tags, tags)) changes.push({ field: 'tags', before: t.tags, after: tags });
        changes.push({ field: 'spam', before: false, after: true });
        changes.push({ field: 'status', before: t.status, after: 'closed' });
        await this.apply(
          tx,
          t,
          { tags, spam_at: now, status: 'closed', ...statusTimestamps('closed', now) },
          changes,
          cause,
        );
        return changes;
      },
      { attempts: 3 },
    );
  }

  /**
   * Undoes markSpam (the one way out of `closed`): the ticket opens again (`open`), loses the
   * `spam` tag and flag. Mail cancelled when it was marked stays cancelled. Not spam: nothing
   * changes. Returns what changed. Throws not_found (missing, deleted, out of `scope`).
   */
  async unmarkSpam(id: number, cause: Cause, scope: TicketScope): Promise<FieldChange[]> {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id, scope);
        if (!t.spam_at) return [];
        const tags = t.tags.filter((x) => x !== 'spam');
        const changes: FieldChange[] = [];
        if (changed(t.tags, tags)) changes.push({ field: 'tags', before: t.tags, after: tags });
        changes.push({ field: 'spam', before: true, after: false });
        const set: TicketColumns = { tags, spam_at: null };
        if (t.status === 'closed') {
          changes.push({ field: 'status', before: 'closed', after: 'open' });
          Object.assign(set, { status: 'open', closed_at: null, ...statusTimestamps('open', this.clock.now()) });
        }
        await this.apply(tx, t, set, changes, cause);
        return changes;
      },
      { attempts: 3 },
    );
  }

  /**
   * Moves the ticket to the trash: from then on it is in no list, count or search, every
   * route answers 404 for it, mail that would thread to it starts a new ticket, and it
   * silences itself (no mail, no triggers). Admins restore it within TRASH_DAYS; then the
   * worker purges it (`purgeDeleted`). Audit row `deleted`. Throws not_found (missing,
   * already deleted, out of `scope`).
   */
  async delete(id: number, cause: Cause & { kind: 'agent' }, scope: TicketScope): Promise<void> {
    await this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id, scope);
        const now = this.clock.now();
        await this.apply(
          tx,
          t,
          { deleted_at: now, deleted_by: cause.userId },
          [{ field: 'deleted', before: null, after: now.toISOString() }],
          cause,
        );
      },
      { attempts: 3 },
    );
  }

  /**
   * Takes a deleted ticket out of the trash, as it was (admins; the caller checks). Throws
   * not_found (no such deleted ticket: never deleted, restored, or purged), conflict
   * (deleted over TRASH_DAYS ago: it is due to be purged).
   */
  async restore(id: number, cause: Cause): Promise<void> {
    await this.transactions.run(
      async (tx) => {
        const t = await this.tickets.lockDeleted(tx, id);
        if (!t) throw new DomainError('not_found', `Ticket ${id} not found among deleted tickets`);
        if (t.deleted_at.getTime() < this.purgeCutoff().getTime())
          throw new DomainError('conflict', `Ticket ${t.number} was deleted over ${TRASH_DAYS} days ago`);
        await this.apply(
          tx,
          t,
          { deleted_at: null, deleted_by: null },
          [{ field: 'deleted', before: t.deleted_at.toISOString(), after: null }],
          cause,
        );
      },
      { attempts: 3 },
    );
  }

  /**
   * Deletes for good the tickets deleted over TRASH_DAYS ago, in batches of 100 per
   * transaction (replicas skip each other's batches): messages, files (in the database or
   * the bucket), audit trail, read markers, field values, links, followers, outbox rows and
   * domain events. Not a change of a conversation: no event. Returns how many were purged.
   */
  async purgeDeleted(): Promise<number> {
    let purged = 0;
    for (;;) {
      const n = await this.transactions.run(async (tx) => {
        const ids = await this.tickets.purgeable(tx, this.purgeCutoff(), 100);
        if (ids.length) {
          await this.attachments.deleteOfTickets(tx, ids);
          await this.tickets.purge(tx, ids);
        }
        return ids.length;
      });
      purged += n;
      if (n < 100) return purged;
    }
  }

  /** Tickets deleted before this are past restoring. */
  private purgeCutoff(): Date {
    return new Date(this.clock.now().getTime() - TRASH_DAYS * 86_400_000);
  }

  /**
   * Merges tickets into `targetId` (Zendesk's merge): each source's messages (with their
   * files and mentions), followers and tags move to the target, its requester follows
   * the target; the source closes with an internal note naming the target and points at
   * it (`merged_into_id`, a `merged_into` link), so mail threaded to the source lands on
   * the target. The target gets a note naming the sources. Closed tickets cannot be
   * merged, nor merged into. Tickets are locked in id order (two merges cannot deadlock).
   */
  async merge(targetId: number, sourceIds: number[], cause: Cause, scope: TicketScope): Promise<void> {
    const ids = [...new Set(sourceIds)];
    if (!ids.length) throw DomainError.invalid('sourceIds', 'name at least one ticket to merge');
    if (ids.includes(targetId)) throw DomainError.invalid('sourceIds', 'a ticket cannot be merged into itself');
    await this.transactions.run(
      async (tx) => {
        const locked = new Map<number, TicketRow>();
        for (const id of [targetId, ...ids].sort((a, b) => a - b)) locked.set(id, await this.lock(tx, id, scope));
        const target = locked.get(targetId)!;
        assertNotClosed(target, 'merge into an open ticket');
        const sources = ids.map((id) => locked.get(id)!);
        for (const s of sources) assertNotClosed(s, 'closed tickets cannot be merged');
        const followersBefore = await this.followerIds(tx, target.id);
        const mergedBefore = await this.relations.mergedInto(target.id, tx);
        let tags = target.tags;
        for (const s of sources) {
          await this.relations.moveConversation(tx, s.id, target.id);
          await this.relations.moveFollowers(tx, s.id, target.id);
          tags = [...new Set([...tags, ...s.tags])].sort();
          await this.tickets.link(tx, s.id, target.id, 'merged_into');
          await this.note(tx, s, `Merged into #${target.number}: ${target.subject}`, cause);
          await this.apply(
            tx,
            s,
            { status: 'closed', ...statusTimestamps('closed', this.clock.now()), merged_into_id: target.id },
            [
              { field: 'status', before: s.status, after: 'closed' },
              { field: 'mergedIntoId', before: null, after: target.id },
            ],
            cause,
          );
        }
        await this.note(tx, target, `Merged into this ticket: ${sources.map((s) => `#${s.number}`).join(', ')}`, cause);
        const changes: FieldChange[] = [];
        if (changed(target.tags, tags)) changes.push({ field: 'tags', before: target.tags, after: tags });
        const followersAfter = await this.followerIds(tx, target.id);
        if (changed(followersBefore, followersAfter))
          changes.push({ field: 'followers', before: followersBefore, after: followersAfter });
        changes.push({
          field: 'mergedTicketIds',
          before: mergedBefore,
          after: [...mergedBefore, ...ids].sort((a, b) => a - b),
        });
        await this.apply(tx, target, changed(target.tags, tags) ? { tags } : {}, changes, cause);
      },
      { attempts: 3 },
    );
  }

  /**
   * Splits a message off its ticket into a new ticket linked to it (`related`): the new
   * ticket's requester is the message's author when a customer wrote it (else the
   * ticket's), with the ticket's group, assignee, mailbox and priority; the message moves
   * with its files, so a reply to it by mail threads to the new ticket. The only message
   * of a ticket cannot be split off. Returns the new ticket.
   */
  async split(
    ticketId: number,
    messageId: number,
    input: { subject?: string },
    cause: Cause,
    scope: TicketScope,
  ): Promise<{ ticketId: number; number: number }> {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, ticketId, scope);
        assertNotClosed(t, 'closed tickets cannot change');
        const m = await this.relations.message(tx, ticketId, messageId);
        if (!m) throw new DomainError('not_found', `Ticket ${t.number} has no message ${messageId}`);
        if (t.message_count <= 1)
          throw new DomainError('conflict', `Message ${messageId} is the only message of ticket ${t.number}`);
        const requester = m.author_customer_id ? ((await this.customers.find(m.author_customer_id, tx)) ?? null) : null;
        const linksBefore = await this.linkList(tx, t.id);
        const created = await this.insertTicket(
          tx,
          {
            subject: input.subject ?? t.subject,
            requesterId: requester?.id ?? t.requester_id,
            priority: t.priority,
            assigneeId: t.assignee_id,
            groupId: t.group_id,
            tags: [],
            mailboxId: t.mailbox_id,
            organizationId: requester ? requester.organization_id : t.organization_id,
            formId: null,
            channel: t.channel,
          },
          { ticketId: t.id, kind: 'related' },
          cause,
        );
        await this.relations.moveMessage(tx, messageId, t.id, created.id);
        await this.note(tx, t, `Message split off into #${created.number}`, cause);
        await this.apply(
          tx,
          t,
          {},
          [{ field: 'links', before: linksBefore, after: await this.linkList(tx, t.id) }],
          cause,
        );
        return { ticketId: created.id, number: created.number };
      },
      { attempts: 3 },
    );
  }

  /**
   * Links two tickets (`related`, `duplicate_of`: this ticket duplicates the other,
   * `follow_up`: this ticket follows up the other); both record the change of their
   * links. Closed tickets may be linked (a link changes nothing of their content). Two
   * tickets have one link at most: another kind between them is a conflict.
   */
  async link(
    ticketId: number,
    otherId: number,
    kind: EditableLinkKind,
    cause: Cause,
    scope: TicketScope,
  ): Promise<void> {
    if (ticketId === otherId) throw DomainError.invalid('ticketId', 'a ticket cannot be linked to itself');
    await this.transactions.run(
      async (tx) => {
        const [a, b] = await this.lockPair(tx, ticketId, otherId, scope);
        const existing = (await this.relations.links(a.id, tx)).find((l) => l.ticket_id === b.id);
        if (existing?.kind === kind && existing.direction === 'outgoing') return;
        if (existing)
          throw new DomainError(
            'conflict',
            `Tickets ${a.number} and ${b.number} are linked already (${existing.kind}); remove that link first`,
          );
        await this.changeLinks(tx, [a, b], cause, () => this.tickets.link(tx, a.id, b.id, kind));
      },
      { attempts: 3 },
    );
  }

  /** Removes the link between two tickets; a merge's link stays (a merge is not undone). */
  async unlink(ticketId: number, otherId: number, cause: Cause, scope: TicketScope): Promise<void> {
    await this.transactions.run(
      async (tx) => {
        const [a, b] = await this.lockPair(tx, ticketId, otherId, scope);
        const existing = (await this.relations.links(a.id, tx)).filter((l) => l.ticket_id === b.id);
        if (!existing.length) throw new DomainError('not_found', `Tickets ${a.number} and ${b.number} are not linked`);
        if (!existing.some((l) => (EDITABLE_LINK_KINDS as readonly string[]).includes(l.kind)))
          throw new DomainError('conflict', `Tickets ${a.number} and ${b.number} are linked by a ${existing[0].kind}`);
        await this.changeLinks(tx, [a, b], cause, async () => {
          await this.relations.unlink(tx, a.id, b.id, EDITABLE_LINK_KINDS);
        });
      },
      { attempts: 3 },
    );
  }

  /**
   * Someone follows the ticket: an active agent (told of customer replies by mail and in
   * the UI), or a customer (CC'd on public replies; found or created by address). The
   * requester gets every reply already and an agent's address is not a customer's.
   */
  async follow(ticketId: number, who: FollowerRef, cause: Cause, scope: TicketScope): Promise<void> {
    await this.changeFollowers(ticketId, cause, scope, async (tx, t) => {
      if ('userId' in who) {
        await this.assertAssignee(tx, who.userId, 'userId');
        if (!(await this.users.reaching(t.id, [who.userId], tx)).length)
          throw DomainError.invalid('userId', `user ${who.userId} cannot see this ticket (their ticket scope)`);
        await this.relations.addUserFollower(tx, t.id, who.userId);
        return;
      }
      let customerId: number;
      if ('customerId' in who) {
        if (!(await this.customers.find(who.customerId, tx)))
          throw DomainError.invalid('customerId', `no customer ${who.customerId}`);
        customerId = who.customerId;
      } else {
        if (await this.users.isUserAddress(who.email, tx))
          throw DomainError.invalid('email', `${who.email} is an agent's address; agents follow by userId`);
        customerId = (await this.customers.findOrCreate(tx, who.email, who.name)).id;
      }
      if (customerId === t.requester_id)
        throw DomainError.invalid('customerId', 'the requester receives every reply already');
      await this.tickets.addFollower(tx, t.id, customerId);
    });
  }

  /** Someone stops following the ticket (nothing changes if they did not follow it). */
  async unfollow(
    ticketId: number,
    who: { userId: number } | { customerId: number },
    cause: Cause,
    scope: TicketScope,
  ): Promise<void> {
    await this.changeFollowers(ticketId, cause, scope, async (tx, t) => {
      if ('userId' in who) await this.relations.removeUserFollower(tx, t.id, who.userId);
      else await this.relations.removeCustomerFollower(tx, t.id, who.customerId);
    });
  }

  /** Runs `work` on the locked, open ticket and records how its followers changed, if they did. */
  private async changeFollowers(
    ticketId: number,
    cause: Cause,
    scope: TicketScope,
    work: (tx: Tx, t: TicketRow) => Promise<void>,
  ) {
    await this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, ticketId, scope);
        assertNotClosed(t, 'closed tickets cannot change');
        const before = await this.followerIds(tx, t.id);
        await work(tx, t);
        const after = await this.followerIds(tx, t.id);
        if (changed(before, after)) await this.apply(tx, t, {}, [{ field: 'followers', before, after }], cause);
      },
      { attempts: 3 },
    );
  }

  private async followerIds(tx: Tx, ticketId: number): Promise<FollowerIds> {
    const f = await this.relations.followers(ticketId, tx);
    return {
      users: f.users.map((u) => u.id).sort((a, b) => a - b),
      customers: f.customers.map((c) => c.id).sort((a, b) => a - b),
    };
  }

  /** A ticket's links as audit rows and events record them. */
  private async linkList(tx: Tx, ticketId: number) {
    return (await this.relations.links(ticketId, tx)).map((l: LinkRow) => ({
      ticketId: l.ticket_id,
      kind: l.kind,
      direction: l.direction,
    }));
  }

  /** Runs `work` and records on each ticket how its links changed. */
  private async changeLinks(tx: Tx, tickets: TicketRow[], cause: Cause, work: () => Promise<void>) {
    const before = await Promise.all(tickets.map((t) => this.linkList(tx, t.id)));
    await work();
    for (const [i, t] of tickets.entries())
      await this.apply(tx, t, {}, [{ field: 'links', before: before[i], after: await this.linkList(tx, t.id) }], cause);
  }

  /**
   * Two tickets locked in id order (two links made at once cannot deadlock), returned in
   * the order asked; either out of `scope` is not found.
   */
  private async lockPair(tx: Tx, a: number, b: number, scope: TicketScope): Promise<[TicketRow, TicketRow]> {
    const first = await this.lock(tx, Math.min(a, b), scope);
    const second = await this.lock(tx, Math.max(a, b), scope);
    return a < b ? [first, second] : [second, first];
  }

  /** An internal note by the agent the cause names (else the system), e.g. what a merge did. */
  private async note(tx: Tx, t: TicketRow, text: string, cause: Cause): Promise<void> {
    const author = cause.kind === 'agent' ? { userId: cause.userId } : {};
    await this.insertMessage(
      tx,
      { ...this.webMessage(t.id, author, text), visibility: 'internal', channel: author.userId ? 'note' : 'system' },
      cause,
      { assigneeId: t.assignee_id },
    );
  }

  /**
   * A reply on an existing ticket: reopens it (the customer-reply rule), or only bumps
   * updated_at; a person's reply from outside is the customer's last reply (automations measure from it).
   */
  private async afterReply(
    tx: Tx,
    t: { id: number; status: TicketStatus },
    outcome: 'reopen' | 'keep',
    cause: Cause,
    customerReplied: boolean,
  ): Promise<void> {
    const replied: TicketColumns = customerReplied ? { customer_replied_at: this.clock.now() } : {};
    if (outcome === 'reopen') {
      await this.apply(
        tx,
        t,
        { status: 'open', ...statusTimestamps('open', this.clock.now()), ...replied },
        [{ field: 'status', before: t.status, after: 'open' }],
        cause,
      );
    } else {
      await this.apply(tx, t, replied, [], cause);
    }
  }

  private async change(
    tx: Tx,
    id: number,
    input: TicketChanges,
    cause: Cause,
    scope: TicketScope,
  ): Promise<FieldChange[]> {
    const t = await this.lock(tx, id, scope);
    assertNotClosed(t, 'closed tickets cannot change');
    const changes: FieldChange[] = [];
    const set: TicketColumns = {};
    const change = <K extends keyof TicketColumns>(
      field: FieldChange['field'],
      column: K,
      before: unknown,
      after: unknown,
      stored: TicketColumns[K],
    ) => {
      if (!changed(before, after)) return;
      changes.push({ field, before, after });
      set[column] = stored;
    };
    if (input.subject !== undefined) change('subject', 'subject', t.subject, input.subject, input.subject);
    if (input.priority !== undefined)
      change('priority', 'priority', priorityName(t.priority), input.priority, priorityRank(input.priority));
    if (input.assigneeId !== undefined) {
      if (input.assigneeId !== null && input.assigneeId !== t.assignee_id)
        await this.assertAssignee(tx, input.assigneeId);
      change('assigneeId', 'assignee_id', t.assignee_id, input.assigneeId, input.assigneeId);
    }
    if (input.groupId !== undefined) {
      if (input.groupId !== null && input.groupId !== t.group_id) await this.assertGroup(tx, input.groupId);
      change('groupId', 'group_id', t.group_id, input.groupId, input.groupId);
    }
    if (input.tags !== undefined) {
      const tags = [...input.tags].sort();
      change('tags', 'tags', t.tags, tags, tags);
    }
    const requester = await this.requesterOf(tx, input);
    if (requester && requester.id !== t.requester_id) {
      change('requesterId', 'requester_id', t.requester_id, requester.id, requester.id);
      if (input.organizationId === undefined)
        change(
          'organizationId',
          'organization_id',
          t.organization_id,
          requester.organization_id,
          requester.organization_id,
        );
    }
    if (input.organizationId !== undefined) {
      if (input.organizationId !== null && input.organizationId !== t.organization_id)
        await this.assertOrganization(tx, input.organizationId);
      change('organizationId', 'organization_id', t.organization_id, input.organizationId, input.organizationId);
    }
    if (input.formId !== undefined) {
      if (input.formId !== null && input.formId !== t.form_id) await this.assertForm(tx, input.formId);
      change('formId', 'form_id', t.form_id, input.formId, input.formId);
    }
    const fields = input.fields ? await this.fieldChangesOf(tx, t.id, input.fields) : null;
    for (const c of fields?.changes ?? [])
      changes.push({ field: `field.${c.def.key}`, before: c.before, after: c.after });
    if (input.spam && !t.spam_at) {
      changes.push({ field: 'spam', before: false, after: true });
      set.spam_at = this.clock.now();
    }
    if (input.status !== undefined && input.status !== t.status) {
      assertStatusMove(t.status, input.status);
      change('status', 'status', t.status, input.status, input.status);
      Object.assign(set, statusTimestamps(input.status, this.clock.now()));
    }
    const status = set.status ?? t.status;
    if (solving(t.status, status) || (status === 'solved' && (fields?.changes.length || set.form_id !== undefined)))
      await this.assertSolvable(tx, t.id, set.form_id !== undefined ? set.form_id : t.form_id, fields);
    if (fields?.changes.length) await this.values.write(tx, t.id, fields.changes.map(fieldWrite));
    if (changes.length) await this.apply(tx, t, set, changes, cause);
    return changes;
  }

  /** The customer a change names as the requester (by id, or by address: found or created); undefined: none named. */
  private async requesterOf(tx: Tx, input: TicketChanges) {
    if (input.requesterId !== undefined && input.requester !== undefined)
      throw DomainError.invalid('requester', 'name the requester by requesterId or by address, not both');
    if (input.requester) return this.customers.findOrCreate(tx, input.requester.email, input.requester.name);
    if (input.requesterId === undefined) return undefined;
    const c = await this.customers.find(input.requesterId, tx);
    if (!c) throw DomainError.invalid('requesterId', `no customer ${input.requesterId}`);
    return c;
  }

  /** The ticket fields (definitions), read in the transaction that writes values. */
  private fieldDefs(tx: Tx): Promise<FieldDefinition[]> {
    return this.customFields.definitions('ticket', tx);
  }

  /** What writing `input` would change of the ticket's custom field values, every value checked by type. */
  private async fieldChangesOf(tx: Tx, ticketId: number, input: Record<string, unknown>): Promise<FieldState> {
    const [defs, current] = await Promise.all([this.fieldDefs(tx), this.values.of(ticketId, tx)]);
    return { defs, current, changes: fieldChanges(defs, input, current) };
  }

  /**
   * A ticket may be solved only with a value in each field required to solve (active, and
   * on its form when it has one). `known`: the fields as a change is about to leave them.
   */
  private async assertSolvable(tx: Tx, ticketId: number, formId: number | null, known?: FieldState | null) {
    const defs = known?.defs ?? (await this.fieldDefs(tx));
    if (!defs.some((d) => d.active && d.requiredToSolve)) return;
    const values = known ? applyFieldChanges(known.current, known.changes) : await this.values.of(ticketId, tx);
    const form = formId === null ? null : await this.forms.find(formId, tx);
    const missing = missingToSolve(defs, values, form?.field_ids ?? null);
    if (missing.length) throw requiredToSolveError(missing);
  }

  /** Writes a ticket's columns and audit rows, and records `ticket.updated` when a field changed. */
  private async apply(tx: Tx, t: { id: number }, set: TicketColumns, changes: FieldChange[], cause: Cause) {
    await this.tickets.update(tx, t.id, set, changes, actorOf(cause));
    if (changes.length) this.bus.record(tx, { type: 'ticket.updated', ticketId: t.id, changes, cause });
  }

  /** Inserts a ticket with its first custom field values (already checked) and link; records `ticket.created`. */
  private async insertTicket(
    tx: Tx,
    row: NewTicketRow,
    link: { ticketId: number; kind: TicketLinkKind } | null,
    cause: Cause,
    fields: FieldValueChange[] = [],
  ): Promise<{ id: number; number: number }> {
    const values = applyFieldChanges({}, fields);
    const inserted = await this.tickets.insertTicket(tx, row, actorOf(cause), values);
    // Before the first message, so the search vector reads subject, fields, messages (as the benchmark seeds it).
    await this.values.write(tx, inserted.id, fields.map(fieldWrite), true);
    if (link) await this.tickets.link(tx, inserted.id, link.ticketId, link.kind);
    const ticket: TicketSnapshot = {
      ...inserted,
      subject: row.subject,
      status: 'new',
      priority: priorityName(row.priority),
      requesterId: row.requesterId,
      assigneeId: row.assigneeId,
      groupId: row.groupId,
      mailboxId: row.mailboxId,
      tags: row.tags,
      organizationId: row.organizationId,
      formId: row.formId,
      fields: values,
    };
    this.bus.record(tx, { type: 'ticket.created', ticketId: inserted.id, ticket, link, cause });
    return inserted;
  }

  /**
   * Inserts a message, runs `then` with its id (its files), and records `message.created`.
   * `mentions` validates the agents named before the event names them.
   */
  private async insertMessage(
    tx: Tx,
    row: NewMessageRow,
    cause: Cause,
    about: {
      assigneeId: number | null;
      ticketCreated?: boolean;
      mentions?: () => Promise<number[]>;
      forward?: MessageSnapshot['forward'];
    },
    then?: (messageId: number) => Promise<void>,
  ): Promise<number> {
    const id = await this.tickets.insertMessage(tx, row, actorOf(cause));
    if (then) await then(id);
    const message: MessageSnapshot = {
      id,
      author: row.authorUserId
        ? { kind: 'agent', id: row.authorUserId }
        : row.authorCustomerId
          ? { kind: 'customer', id: row.authorCustomerId }
          : { kind: 'system', id: null },
      visibility: row.visibility,
      channel: row.channel,
      mail: row.mail && {
        messageId: row.mail.messageId,
        inReplyTo: row.mail.inReplyTo,
        references: row.mail.references,
        from: row.mail.from,
        to: row.mail.to,
        cc: row.mail.cc,
        flags: row.mail.flags,
      },
      mentions: about.mentions ? await about.mentions() : [],
      ticketCreated: about.ticketCreated ?? false,
      ...(about.forward ? { forward: about.forward } : {}),
    };
    if (message.mentions.length) await this.relations.insertMentions(tx, id, message.mentions);
    this.bus.record(tx, {
      type: 'message.created',
      ticketId: row.ticketId,
      message,
      assigneeId: about.assigneeId,
      cause,
    });
    return id;
  }

  /** A public message typed on the web (the UI, the portal, the contact form, the API's first message). */
  private webMessage(ticketId: number, author: { userId?: number; customerId?: number }, body: string): NewMessageRow {
    return {
      ticketId,
      authorUserId: author.userId ?? null,
      authorCustomerId: author.customerId ?? null,
      visibility: 'public',
      channel: 'web',
      bodyText: body,
      bodyHtml: null,
      fullText: null,
      mail: null,
    };
  }

  /** The ticket, locked; not_found when missing or out of `scope` (the same answer: nothing hints it exists). */
  private async lock(tx: Tx, id: number, scope: TicketScope): Promise<TicketRow> {
    const t = await this.tickets.lock(tx, id, scope);
    if (!t) throw new DomainError('not_found', `Ticket ${id} not found`);
    return t;
  }

  /** Uploads by this agent not yet attached to anything become the message's attachments. */
  private async linkUploads(tx: Tx, messageId: number, ids: number[], userId: number) {
    const unique = [...new Set(ids)];
    const linked = await this.attachments.linkUploads(tx, messageId, unique, userId);
    const missing = unique.filter((id) => !linked.includes(id));
    if (missing.length)
      throw DomainError.invalid('attachmentIds', `no unattached upload of yours with id ${missing.join(', ')}`);
  }

  /**
   * The agent's inline uploads that their HTML shows become the message's inline images;
   * returns their ids. Images of anything else (someone else's upload, a sent file) are not
   * linked, and the sanitiser drops them.
   */
  private async linkInlineImages(tx: Tx, messageId: number, html: string, userId: number): Promise<number[]> {
    const ids = referencedImageIds(html);
    return ids.length ? this.attachments.linkInlineUploads(tx, messageId, ids, userId) : [];
  }

  /**
   * The active users mentioned; an unknown or deactivated one is a mistake worth saying, and
   * so is one whose ticket scope does not reach the ticket (they would be told what they
   * may not read).
   */
  private async activeMentions(tx: Tx, ticketId: number, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    const active = await this.users.active(unique, tx);
    const missing = unique.filter((id) => !active.includes(id));
    if (missing.length) throw DomainError.invalid('mentions', `no active user with id ${missing.join(', ')}`);
    const reaching = await this.users.reaching(ticketId, unique, tx);
    const outside = unique.filter((id) => !reaching.includes(id));
    if (outside.length)
      throw DomainError.invalid('mentions', `user ${outside.join(', ')} cannot see this ticket (their ticket scope)`);
    return unique;
  }

  /** CC'd people who are not agents follow the ticket (the requester never follows their own). */
  private async addFollowers(tx: Tx, ticketId: number, addresses: string[]) {
    for (const address of addresses) {
      if (await this.users.isUserAddress(address, tx)) continue;
      const c = await this.customers.findOrCreate(tx, address);
      await this.tickets.addFollower(tx, ticketId, c.id);
    }
  }

  private async assertAssignee(tx: Tx, userId: number, field = 'assigneeId') {
    const u = await this.users.find(userId, tx);
    if (!u) throw DomainError.invalid(field, `no user ${userId}`);
    if (!u.active) throw DomainError.invalid(field, `user ${userId} is deactivated`);
  }

  private async assertOrganization(tx: Tx, id: number) {
    if (!(await this.relations.organizationExists(id, tx)))
      throw DomainError.invalid('organizationId', `no organization ${id}`);
  }

  /** A form may be given to a ticket while it is active. */
  private async assertForm(tx: Tx, id: number) {
    const form = await this.forms.find(id, tx);
    if (!form) throw DomainError.invalid('formId', `no ticket form ${id}`);
    if (!form.active) throw DomainError.invalid('formId', `ticket form ${id} is deactivated`);
  }

  private async assertGroup(tx: Tx, groupId: number) {
    if (!(await this.groups.exists(groupId, tx))) throw DomainError.invalid('groupId', `no group ${groupId}`);
  }
}
