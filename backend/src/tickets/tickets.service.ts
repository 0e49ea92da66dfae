import { Injectable } from '@nestjs/common';
import { AttachmentsRepository, IncomingAttachment } from '../attachments/attachments.repository';
import { DomainError } from '../common/domain-error';
import { CustomersRepository } from '../customers/customers.repository';
import { Transactions, Tx } from '../database/transactions';
import { GroupsRepository } from '../groups/groups.repository';
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
import { priorityName, priorityRank, TicketLinkKind, TicketPriority, TicketStatus } from './ticket.constants';
import { TicketRow } from './ticket.rows';
import { NewMessageRow, NewTicketRow, TicketColumns, TicketsRepository } from './tickets.repository';

export interface NewTicketInput {
  subject: string;
  /** The requester's words (a phone call typed in, a script): the first message is theirs. */
  body: string;
  requester: { email: string; name?: string };
  priority?: TicketPriority;
  groupId?: number;
  assigneeId?: number;
  tags?: string[];
}

/** Fields to set; absent fields stay as they are, null clears assignee or group. */
export interface TicketChanges {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
}

export interface BulkChanges extends Omit<TicketChanges, 'subject' | 'tags'> {
  addTags?: string[];
  removeTags?: string[];
}

export interface AgentMessageInput {
  body: string;
  /** An internal note instead of a public reply. */
  internal?: boolean;
  /** The status to set with it ("send and set status"). */
  status?: TicketStatus;
  /** The agent's own uploads, not yet attached to anything. */
  attachmentIds?: number[];
  /** Active agents to tell about it. */
  mentions?: number[];
}

export interface ContactFormInput {
  email: string;
  name?: string;
  subject: string;
  message: string;
  /** Where the ticket belongs: a mailbox (replies go out from it) and its default group. */
  mailboxId: number | null;
  groupId: number | null;
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
  ) {}

  /** A ticket written in by an agent (or a script); the body is the requester's first message. Returns its id. */
  async create(input: NewTicketInput, cause: Cause): Promise<number> {
    return this.transactions.run(
      async (tx) => {
        if (input.groupId !== undefined) await this.assertGroup(tx, input.groupId);
        if (input.assigneeId !== undefined) await this.assertAssignee(tx, input.assigneeId);
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
          },
          null,
          cause,
        );
        await this.insertMessage(tx, this.webMessage(ticket.id, { customerId: requester.id }, input.body), cause, {
          ticketCreated: true,
          assigneeId: input.assigneeId ?? null,
        });
        return ticket.id;
      },
      { attempts: 3 },
    );
  }

  /** Changes fields of a ticket (none changed: nothing written). Returns what changed. */
  async update(id: number, input: TicketChanges, cause: Cause): Promise<FieldChange[]> {
    return this.transactions.run((tx) => this.change(tx, id, input, cause), { attempts: 3 });
  }

  /**
   * The same change to many tickets, one transaction each, so a ticket that cannot
   * change (closed, missing) fails alone. Tags to add and remove apply to each ticket's
   * tags as read just before its update.
   */
  async bulkUpdate(ids: number[], input: BulkChanges, cause: Cause) {
    const { addTags, removeTags, ...fields } = input;
    const given = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (!given.length && !addTags?.length && !removeTags?.length)
      throw DomainError.invalid('changes', 'nothing to change');
    const result = { updated: [] as number[], failed: [] as { id: number; error: DomainError }[] };
    for (const id of ids) {
      try {
        const changes: TicketChanges = Object.fromEntries(given);
        if (addTags?.length || removeTags?.length) {
          const row = await this.tickets.tags(id);
          // A missing ticket keeps `tags` unset, and update() answers 404 for it.
          if (row)
            changes.tags = [...new Set([...row.tags, ...(addTags ?? [])])].filter((t) => !removeTags?.includes(t));
        }
        await this.update(id, changes, cause);
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
   * Returns the message's id.
   */
  async addAgentMessage(id: number, input: AgentMessageInput, cause: Cause & { kind: 'agent' }): Promise<number> {
    return this.transactions.run(
      async (tx) => {
        const t = await this.lock(tx, id);
        assertNotClosed(t, 'open a new ticket instead');
        const internal = input.internal ?? false;
        const messageId = await this.insertMessage(
          tx,
          {
            ...this.webMessage(id, { userId: cause.userId }, input.body),
            visibility: internal ? 'internal' : 'public',
            channel: internal ? 'note' : 'web',
          },
          cause,
          { assigneeId: t.assignee_id, mentions: () => this.activeMentions(tx, input.mentions ?? []) },
          async (messageId) => {
            if (input.attachmentIds?.length) await this.linkUploads(tx, messageId, input.attachmentIds, cause.userId);
          },
        );
        const status = statusAfterAgentMessage(t.status, { internal, requested: input.status });
        const set: TicketColumns = status ? { status, ...statusTimestamps(status) } : {};
        if (!internal && t.first_response_at === null) set.first_response_at = new Date();
        await this.apply(tx, t, set, status ? [{ field: 'status', before: t.status, after: status }] : [], cause);
        return messageId;
      },
      { attempts: 3 },
    );
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
        const t = await this.lock(tx, ticketId);
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
                },
                { ticketId: t.id, kind: 'follow_up' },
                cause,
              )
            : t;
        const messageId = await this.insertMessage(tx, this.webMessage(target.id, { customerId }, body), cause, {
          ticketCreated: target !== t,
          assigneeId: target === t ? t.assignee_id : null,
        });
        if (outcome !== 'follow_up') await this.afterReply(tx, t, outcome, cause);
        return {
          ticketId: target.id,
          messageId,
          followUp: target === t ? null : { ticketId: target.id, number: target.number },
        };
      },
      { attempts: 3 },
    );
  }

  /** The contact form: a new ticket, as if the customer had mailed the given mailbox. */
  async createFromContactForm(input: ContactFormInput) {
    return this.transactions.run(
      async (tx) => {
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
          },
          null,
          cause,
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
      const requesterId = customer?.id ?? (await this.customers.findOrCreate(tx, from.address, from.name)).id;
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
            requesterId,
            priority: priorityRank('normal'),
            assigneeId: null,
            groupId: mail.groupId,
            tags: [],
            mailboxId: mail.mailboxId,
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
      await this.afterReply(tx, t, outcome, cause);
    }
    if (customer && !automatic) await this.addFollowers(tx, ticketId!, mail.followers);
    return { ticketId: ticketId!, messageId };
  }

  /** A reply on an existing ticket: reopens it (the customer-reply rule), or only bumps updated_at. */
  private async afterReply(
    tx: Tx,
    t: { id: number; status: TicketStatus },
    outcome: 'reopen' | 'keep',
    cause: Cause,
  ): Promise<void> {
    if (outcome === 'reopen') {
      await this.apply(
        tx,
        t,
        { status: 'open', ...statusTimestamps('open') },
        [{ field: 'status', before: t.status, after: 'open' }],
        cause,
      );
    } else {
      await this.apply(tx, t, {}, [], cause);
    }
  }

  private async change(tx: Tx, id: number, input: TicketChanges, cause: Cause): Promise<FieldChange[]> {
    const t = await this.lock(tx, id);
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
    if (input.status !== undefined && input.status !== t.status) {
      assertStatusMove(t.status, input.status);
      change('status', 'status', t.status, input.status, input.status);
      Object.assign(set, statusTimestamps(input.status));
    }
    if (changes.length) await this.apply(tx, t, set, changes, cause);
    return changes;
  }

  /** Writes a ticket's columns and audit rows, and records `ticket.updated` when a field changed. */
  private async apply(tx: Tx, t: { id: number }, set: TicketColumns, changes: FieldChange[], cause: Cause) {
    await this.tickets.update(tx, t.id, set, changes, actorOf(cause));
    if (changes.length) this.bus.record(tx, { type: 'ticket.updated', ticketId: t.id, changes, cause });
  }

  private async insertTicket(
    tx: Tx,
    row: NewTicketRow,
    link: { ticketId: number; kind: TicketLinkKind } | null,
    cause: Cause,
  ): Promise<{ id: number; number: number }> {
    const inserted = await this.tickets.insertTicket(tx, row, actorOf(cause));
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
    about: { assigneeId: number | null; ticketCreated?: boolean; mentions?: () => Promise<number[]> },
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
    };
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

  private async lock(tx: Tx, id: number): Promise<TicketRow> {
    const t = await this.tickets.lock(tx, id);
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

  /** The active users mentioned; an unknown or deactivated one is a mistake worth saying. */
  private async activeMentions(tx: Tx, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    const active = await this.users.active(unique, tx);
    const missing = unique.filter((id) => !active.includes(id));
    if (missing.length) throw DomainError.invalid('mentions', `no active user with id ${missing.join(', ')}`);
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

  private async assertAssignee(tx: Tx, userId: number) {
    const u = await this.users.find(userId, tx);
    if (!u) throw DomainError.invalid('assigneeId', `no user ${userId}`);
    if (!u.active) throw DomainError.invalid('assigneeId', `user ${userId} is deactivated`);
  }

  private async assertGroup(tx: Tx, groupId: number) {
    if (!(await this.groups.exists(groupId, tx))) throw DomainError.invalid('groupId', `no group ${groupId}`);
  }
}
