import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { returning } from '../common/returning';
import { transaction } from '../common/transactions';
import { CustomersService } from '../customers/customers.service';
import { OutboxService } from '../mail-out/outbox/outbox.service';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { nextCursorFor, queryTicketPage, TICKET_COLUMNS, TICKET_COUNTS_SQL } from './ticket-list.query';
import {
  PostedMessageView,
  TicketCountsView,
  TicketDetailView,
  toEventView,
  toMessageView,
  toTicketView,
} from './ticket.view';
import { AddMessageDto, CreateTicketDto, ListTicketsQuery, UpdateTicketDto } from './tickets.dto';
import { priorityName, priorityRank, TicketPriority, TicketStatus, UNSOLVED_STATUSES } from './ticket.entity';

/** Who caused a change: an agent, a customer, or the system itself. */
export interface Actor {
  userId?: number;
  customerId?: number;
}

export interface NewTicket {
  subject: string;
  requesterId: number;
  priority?: TicketPriority;
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
  mailboxId?: number | null;
}

/** Mail headers kept with a message that came in (or went out) by email. */
export interface MailFields {
  mailboxId: number | null;
  inboundMessageId?: number;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  from?: string;
  to?: string[];
  cc?: string[];
  /** auto_reply, bounce, list: never answered automatically. */
  flags?: string[];
}

export interface NewMessage {
  ticketId: number;
  authorUserId?: number | null;
  authorCustomerId?: number | null;
  visibility: 'public' | 'internal';
  channel: 'email' | 'web' | 'note' | 'system';
  bodyText: string;
  bodyHtml?: string | null;
  fullText?: string | null;
  mail?: MailFields;
}

export interface FieldChange {
  /** Null for events about the ticket as a whole (created, message added). */
  field: string | null;
  before: unknown;
  after: unknown;
}

const fail = (field: string, problem: string) =>
  new BadRequestException({ message: `${field}: ${problem}`, fields: { [field]: [problem] } });

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: CustomersService,
    private readonly realtime: RealtimePublisher,
    private readonly outbox: OutboxService,
  ) {}

  async create(dto: CreateTicketDto, actor: Actor) {
    const { ticketId, mail } = await transaction(this.db, async (tx) => {
      if (dto.groupId !== undefined) await this.assertGroup(tx, dto.groupId);
      if (dto.assigneeId !== undefined) await this.assertAssignee(tx, dto.assigneeId);
      const requester = await this.customers.findOrCreate(tx, dto.requester.email, dto.requester.name);
      const id = await this.insertTicket(tx, { ...dto, requesterId: requester.id }, actor);
      // The first message is the requester's words, even when an agent types them in (a phone call, a script).
      await this.insertMessage(tx, actor, {
        ticketId: id,
        authorCustomerId: requester.id,
        visibility: 'public',
        channel: 'web',
        bodyText: dto.body,
      });
      return { ticketId: id, mail: await this.notifyAssignee(tx, id, dto.assigneeId, actor) };
    });
    await this.outbox.dispatch(mail);
    await this.realtime.publish({ type: 'ticket.created', ticketId });
    return this.get(ticketId);
  }

  /** Inserts a `new` ticket and its `created` audit event (one statement) inside the caller's transaction. */
  async insertTicket(tx: EntityManager, t: NewTicket, actor: Actor): Promise<number> {
    const [ticket] = await tx.query(
      `WITH t AS (
         INSERT INTO tickets (subject, status, priority, requester_id, assignee_id, group_id, tags, mailbox_id)
         VALUES ($1, 'new', $2, $3, $4, $5, $6, $7) RETURNING id
       ), e AS (
         INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, action, after)
         SELECT id, $8, $9, 'created', jsonb_build_object('subject', $1::text) FROM t
       )
       SELECT id FROM t`,
      [
        t.subject,
        priorityRank(t.priority ?? 'normal'),
        t.requesterId,
        t.assigneeId ?? null,
        t.groupId ?? null,
        t.tags ?? [],
        t.mailboxId ?? null,
        actor.userId ?? null,
        actor.customerId ?? null,
      ],
    );
    return ticket.id as number;
  }

  /**
   * Inserts a message and its `message_added` audit event (one statement) inside the
   * caller's transaction; triggers index it for search and count it.
   */
  async insertMessage(tx: EntityManager, actor: Actor, m: NewMessage): Promise<number> {
    const [row] = await tx.query(
      `WITH m AS (
         INSERT INTO messages (ticket_id, author_user_id, author_customer_id, visibility, channel, body_text, body_html, full_text,
           mailbox_id, inbound_message_id, mail_message_id, in_reply_to, mail_references, from_address, to_addresses, cc_addresses, mail_flags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id, ticket_id, visibility
       ), e AS (
         INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, action, after)
         SELECT ticket_id, $18, $19, 'message_added', jsonb_build_object('messageId', id, 'internal', visibility = 'internal') FROM m
       )
       SELECT id FROM m`,
      [
        m.ticketId,
        m.authorUserId ?? null,
        m.authorCustomerId ?? null,
        m.visibility,
        m.channel,
        m.bodyText,
        m.bodyHtml ?? null,
        m.fullText ?? null,
        m.mail?.mailboxId ?? null,
        m.mail?.inboundMessageId ?? null,
        m.mail?.messageId ?? null,
        m.mail?.inReplyTo ?? null,
        m.mail?.references ?? [],
        m.mail?.from ?? null,
        m.mail?.to ?? [],
        m.mail?.cc ?? [],
        m.mail?.flags ?? [],
        actor.userId ?? null,
        actor.customerId ?? null,
      ],
    );
    return row.id as number;
  }

  /** Sets columns on a ticket (bumping updated_at) and writes one audit event per changed field. */
  async applyChanges(
    tx: EntityManager,
    id: number,
    set: Record<string, unknown>,
    changes: FieldChange[],
    actor: Actor,
  ) {
    await this.applyUpdate(tx, id, set);
    if (changes.length) await this.recordEvents(tx, id, actor, 'updated', changes);
  }

  async list(q: ListTicketsQuery, me: number) {
    const page = await queryTicketPage((text, values) => this.db.query(text, values), q, me);
    return {
      items: page.rows.slice(0, page.limit).map(toTicketView),
      nextCursor: nextCursorFor(page.rows, page.limit, page.sortKeys),
    };
  }

  /** The inbox sidebar's numbers, from the counter table the tickets trigger keeps. */
  async counts(me: number): Promise<TicketCountsView> {
    const rows: { status: TicketStatus; total: number; mine: number; unassigned: number }[] = await this.db.query(
      TICKET_COUNTS_SQL,
      [me],
    );
    const byStatus = Object.fromEntries(
      ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'].map((s) => [s, 0]),
    ) as Record<TicketStatus, number>;
    let myOpen = 0;
    let unassigned = 0;
    for (const r of rows) {
      byStatus[r.status] = r.total;
      if (UNSOLVED_STATUSES.includes(r.status)) {
        myOpen += r.mine;
        unassigned += r.unassigned;
      }
    }
    const allOpen = UNSOLVED_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
    return { myOpen, unassigned, allOpen, pending: byStatus.pending, solved: byStatus.solved, byStatus };
  }

  /** The ticket and its conversation from one snapshot: never a message without the status change it made. */
  async get(id: number): Promise<TicketDetailView> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const ticket = await this.findRow(tx, id);
      const messages = await tx.query(
        `SELECT m.*, u.name AS user_name, u.email AS user_email, c.name AS customer_name, c.email AS customer_email,
                o.id AS outbound_id, o.status AS outbound_status, o.reason AS outbound_reason, o.attempts AS outbound_attempts,
                o.updated_at AS outbound_updated_at,
                (SELECT coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
                          'size', a.size, 'inline', a.inline, 'url', '/api/v1/attachments/' || a.id) ORDER BY a.id), '[]'::json)
                   FROM attachments a WHERE a.message_id = m.id) AS attachments
           FROM messages m
           LEFT JOIN users u ON u.id = m.author_user_id
           LEFT JOIN customers c ON c.id = m.author_customer_id
           LEFT JOIN outbound_messages o ON o.message_id = m.id
          WHERE m.ticket_id = $1 ORDER BY m.created_at, m.id`,
        [id],
      );
      return { ...toTicketView(ticket), messages: messages.map(toMessageView) };
    });
  }

  async update(id: number, dto: UpdateTicketDto, actor: Actor) {
    const { changes, mail } = await transaction(this.db, async (tx) => {
      const t = await this.lockRow(tx, id);
      const changes: FieldChange[] = [];
      const set: Record<string, unknown> = {};
      const change = (field: string, column: string, before: unknown, after: unknown, stored: unknown = after) => {
        if (JSON.stringify(before) === JSON.stringify(after)) return;
        changes.push({ field, before, after });
        set[column] = stored;
      };

      if (t.status === 'closed')
        throw new ConflictException(`Ticket ${t.number} is closed; closed tickets cannot change`);
      if (dto.subject !== undefined) change('subject', 'subject', t.subject, dto.subject);
      if (dto.priority !== undefined)
        change('priority', 'priority', priorityName(t.priority), dto.priority, priorityRank(dto.priority));
      if (dto.assigneeId !== undefined) {
        if (dto.assigneeId !== null && dto.assigneeId !== t.assignee_id) await this.assertAssignee(tx, dto.assigneeId);
        change('assigneeId', 'assignee_id', t.assignee_id, dto.assigneeId);
      }
      if (dto.groupId !== undefined) {
        if (dto.groupId !== null && dto.groupId !== t.group_id) await this.assertGroup(tx, dto.groupId);
        change('groupId', 'group_id', t.group_id, dto.groupId);
      }
      if (dto.tags !== undefined) change('tags', 'tags', t.tags, [...dto.tags].sort(), [...dto.tags].sort());
      if (dto.status !== undefined && dto.status !== t.status) {
        if (dto.status === 'new') throw fail('status', 'a ticket cannot go back to new');
        change('status', 'status', t.status, dto.status);
        Object.assign(set, this.statusTimestamps(dto.status));
      }
      if (changes.length) await this.applyChanges(tx, id, set, changes, actor);
      const assigned = changes.some((c) => c.field === 'assigneeId') ? dto.assigneeId : undefined;
      return { changes, mail: await this.notifyAssignee(tx, id, assigned, actor) };
    });
    await this.outbox.dispatch(mail);
    if (changes.length)
      await this.realtime.publish({ type: 'ticket.updated', ticketId: id, fields: changes.map((c) => c.field!) });
    return this.get(id);
  }

  /**
   * Adds a public reply or an internal note by an agent. A public reply on a new
   * ticket opens it (or sets the status the agent chose) and stamps the first response.
   */
  async addMessage(id: number, dto: AddMessageDto, actor: Actor & { userId: number }): Promise<PostedMessageView> {
    const { messageId, statusChange, mail } = await transaction(this.db, async (tx) => {
      const t = await this.lockRow(tx, id);
      if (t.status === 'closed') throw new ConflictException(`Ticket ${t.number} is closed; open a new ticket instead`);
      const internal = dto.internal ?? false;
      const messageId = await this.insertMessage(tx, actor, {
        ticketId: id,
        authorUserId: actor.userId,
        visibility: internal ? 'internal' : 'public',
        channel: internal ? 'note' : 'web',
        bodyText: dto.body,
      });
      if (dto.attachmentIds?.length) await this.linkAttachments(tx, messageId, dto.attachmentIds, actor.userId);
      // The outbox row commits with the reply: the reply exists exactly when its mail does.
      const mail = internal ? [] : [await this.outbox.queueReply(tx, id, messageId)];
      for (const userId of await this.mentionedUsers(tx, dto.mentions ?? [])) {
        if (userId === actor.userId) continue;
        const queued = await this.outbox.notifyAgent(tx, 'agent_mentioned', id, userId, {
          actorUserId: actor.userId,
          messageText: dto.body,
        });
        if (queued) mail.push(queued);
      }
      let status: TicketStatus | undefined = dto.status;
      if (status === undefined && !internal && t.status === 'new') status = 'open';
      if (status === 'new' && t.status !== 'new') throw fail('status', 'a ticket cannot go back to new');
      const set: Record<string, unknown> = {};
      if (status !== undefined && status !== t.status) Object.assign(set, { status }, this.statusTimestamps(status));
      if (!internal && t.first_response_at === null) set.first_response_at = new Date();
      const changes: FieldChange[] = set.status ? [{ field: 'status', before: t.status, after: set.status }] : [];
      await this.applyChanges(tx, id, set, changes, actor);
      return { messageId, statusChange: changes.length > 0, mail };
    });
    await this.outbox.dispatch(mail);
    await this.realtime.publish({ type: 'message.created', ticketId: id, messageId, internal: dto.internal ?? false });
    if (statusChange) await this.realtime.publish({ type: 'ticket.updated', ticketId: id, fields: ['status'] });
    const { messages, ...ticket } = await this.get(id);
    return { ...messages.find((m) => m.id === messageId)!, ticket };
  }

  async events(id: number, q: PageQuery) {
    await this.findRow(this.db.manager, id);
    const { limit, afterId } = idPageBounds(q);
    const rows = await this.db.query(
      `SELECT e.*, u.name AS user_name, c.name AS customer_name
         FROM ticket_events e
         LEFT JOIN users u ON u.id = e.actor_user_id
         LEFT JOIN customers c ON c.id = e.actor_customer_id
        WHERE e.ticket_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      [id, afterId, limit + 1],
    );
    const page = idPage(rows as { id: number }[], limit);
    return { items: page.items.map(toEventView), nextCursor: page.nextCursor };
  }

  /** Mail to a newly set assignee, unless they assigned the ticket to themselves. */
  private async notifyAssignee(
    tx: EntityManager,
    ticketId: number,
    assigneeId: number | null | undefined,
    actor: Actor,
  ): Promise<number[]> {
    if (!assigneeId || assigneeId === actor.userId) return [];
    const queued = await this.outbox.notifyAgent(tx, 'agent_assigned', ticketId, assigneeId, {
      actorUserId: actor.userId,
    });
    return queued ? [queued] : [];
  }

  /** Uploads by this agent not yet attached to anything become the message's attachments. */
  private async linkAttachments(tx: EntityManager, messageId: number, ids: number[], userId: number) {
    const unique = [...new Set(ids)];
    const linked = await returning<{ id: number }>(
      tx,
      `UPDATE attachments SET message_id = $1 WHERE id = ANY($2::bigint[]) AND message_id IS NULL AND uploaded_by_user_id = $3 RETURNING id`,
      [messageId, unique, userId],
    );
    const missing = unique.filter((id) => !linked.some((r) => r.id === id));
    if (missing.length) throw fail('attachmentIds', `no unattached upload of yours with id ${missing.join(', ')}`);
  }

  /** The active users mentioned; an unknown or deactivated one is a mistake worth saying. */
  private async mentionedUsers(tx: EntityManager, ids: number[]): Promise<number[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    const rows: { id: number }[] = await tx.query(`SELECT id FROM users WHERE id = ANY($1::bigint[]) AND active`, [
      unique,
    ]);
    const missing = unique.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw fail('mentions', `no active user with id ${missing.join(', ')}`);
    return unique;
  }

  statusTimestamps(status: TicketStatus): Record<string, unknown> {
    if (status === 'solved') return { solved_at: new Date() };
    if (status === 'closed') return { closed_at: new Date() };
    return { solved_at: null };
  }

  private async applyUpdate(tx: EntityManager, id: number, set: Record<string, unknown>) {
    const cols = Object.keys(set);
    await tx.query(
      `UPDATE tickets SET ${[...cols.map((c, i) => `${c} = $${i + 2}`), 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...cols.map((c) => set[c])],
    );
  }

  private async recordEvents(
    tx: EntityManager,
    ticketId: number,
    actor: Actor,
    action: string,
    changes: FieldChange[],
  ) {
    for (const c of changes) {
      await tx.query(
        `INSERT INTO ticket_events (ticket_id, actor_user_id, actor_customer_id, action, field, before, after)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
        [
          ticketId,
          actor.userId ?? null,
          actor.customerId ?? null,
          action,
          c.field,
          JSON.stringify(c.before),
          JSON.stringify(c.after),
        ],
      );
    }
  }

  private async findRow(tx: EntityManager, id: number) {
    const [row] = await tx.query(
      `SELECT ${TICKET_COLUMNS}, c.email AS requester_email, c.name AS requester_name
         FROM tickets t JOIN customers c ON c.id = t.requester_id WHERE t.id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`Ticket ${id} not found`);
    return row;
  }

  async lockRow(tx: EntityManager, id: number) {
    const [row] = await tx.query(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = $1 FOR UPDATE`, [id]);
    if (!row) throw new NotFoundException(`Ticket ${id} not found`);
    return row;
  }

  private async assertAssignee(tx: EntityManager, userId: number) {
    const [u] = await tx.query(`SELECT active FROM users WHERE id = $1`, [userId]);
    if (!u) throw fail('assigneeId', `no user ${userId}`);
    if (!u.active) throw fail('assigneeId', `user ${userId} is deactivated`);
  }

  private async assertGroup(tx: EntityManager, groupId: number) {
    const [g] = await tx.query(`SELECT 1 FROM groups WHERE id = $1`, [groupId]);
    if (!g) throw fail('groupId', `no group ${groupId}`);
  }
}
