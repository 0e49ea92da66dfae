import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TicketPlace, TicketScope } from '../common/ticket-scope';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { idPage, idPageBounds, Page, PageQuery } from '../common/pagination';
import type { FieldValues } from '../custom-fields/field-types';
import { Transactions, Tx } from '../database/transactions';
import { TicketCountsRepository } from './ticket-counts.repository';
import { TICKET_STATUSES, TicketStatus, TRASH_DAYS, UNSOLVED_STATUSES } from './ticket.constants';
import { TicketFieldValuesRepository } from './ticket-field-values.repository';
import { TicketListFilterResolver } from './ticket-list-filters';
import { TicketRelationsRepository } from './ticket-relations.repository';
import {
  DeletedTicketView,
  FollowersView,
  TicketCountsView,
  TicketDetailView,
  TicketLinkView,
  toDeletedTicketView,
  toEventView,
  toLinkView,
  toMessageView,
  toTicketView,
} from './ticket.view';
import { ListTicketsQuery } from './tickets.dto';
import { TicketsRepository } from './tickets.repository';

/**
 * Reading tickets as agents see them: the inbox list, its counts, a ticket and its audit
 * trail, each within the caller's scope (a ticket out of it is not found, as if missing).
 */
@Injectable()
export class TicketQueries {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly counters: TicketCountsRepository,
    private readonly transactions: Transactions,
    private readonly values: TicketFieldValuesRepository,
    private readonly relations: TicketRelationsRepository,
    private readonly filters: TicketListFilterResolver,
  ) {}

  /**
   * Custom field values of tickets, `{<key>: value}` per ticket id as the API spells them
   * (tickets with none are absent), read in the caller's transaction when given: what
   * business rules see of a ticket's fields. No scope: rules act for the system.
   */
  fieldValues(ticketIds: number[], tx?: Tx): Promise<Map<number, FieldValues>> {
    return ticketIds.length ? this.values.ofMany(ticketIds, tx) : Promise.resolve(new Map());
  }

  async list(q: ListTicketsQuery, me: number, scope: TicketScope) {
    const page = await this.tickets.page(await this.filters.resolve(q), me, scope);
    return { items: page.rows.map(toTicketView), nextCursor: page.nextCursor };
  }

  /**
   * The inbox sidebar's numbers within `scope`, from the counter table the tickets trigger keeps:
   * Unassigned and All open leave automatic mail out (it has its own view), My open, Pending,
   * Solved and the per-status numbers count every ticket; deleted tickets count nowhere.
   */
  async counts(me: number, scope: TicketScope): Promise<TicketCountsView> {
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
    let myOpen = 0;
    let unassigned = 0;
    let allOpen = 0;
    let automatic = 0;
    for (const r of await this.counters.byStatus(me, scope)) {
      byStatus[r.status] = r.total;
      if (UNSOLVED_STATUSES.includes(r.status)) {
        myOpen += r.mine;
        unassigned += r.unassigned;
        allOpen += r.human;
        automatic += r.automatic;
      }
    }
    return { myOpen, unassigned, allOpen, automatic, pending: byStatus.pending, solved: byStatus.solved, byStatus };
  }

  /**
   * The ticket with its field values, followers, links and conversation, from one
   * snapshot: never a message without the status change it made. Links to tickets out of
   * `scope` are left out (their subjects are not the caller's to read). `unread` and
   * `readAt` are agent `me`'s.
   */
  async get(id: number, me: number, scope: TicketScope): Promise<TicketDetailView> {
    return this.transactions.run(
      async (tx) => {
        const ticket = await this.tickets.find(tx, id, me, scope);
        if (!ticket) throw new DomainError('not_found', `Ticket ${id} not found`);
        const followers = await this.relations.followers(id, tx);
        return {
          ...toTicketView(ticket),
          readAt: ticket.read_at && ticket.read_at.toISOString(),
          fields: await this.values.of(id, tx),
          followers,
          // The customer followers are who its replies are copied to.
          cc: followers.customers.map((c) => c.email).sort(),
          links: (await this.relations.links(id, tx, scope)).map(toLinkView),
          messages: (await this.tickets.messages(tx, id)).map(toMessageView),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /**
   * The trash for admins (agent `me` reads it: `unread` is theirs), newest first by ticket id,
   * each with when it is purged. A page of `q.limit` (default 50); throws 400 on a bad cursor.
   */
  async deleted(q: PageQuery, me: number): Promise<Page<DeletedTicketView>> {
    const limit = q.limit ?? 50;
    const before = q.cursor ? Number(decodeCursor(q.cursor, 1)[0]) : null;
    const rows = await this.tickets.deleted(me, before, limit);
    const items = rows.slice(0, limit).map((r) => toDeletedTicketView(r, TRASH_DAYS));
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
  }

  /** Whether the ticket exists within `scope` (realtime presence asks before a tab joins a ticket). */
  reaches(id: number, scope: TicketScope): Promise<boolean> {
    return this.tickets.exists(id, scope);
  }

  /** Where this ticket sits now, for deciding which scoped agents hear of its change; null when it is gone. */
  async place(id: number): Promise<TicketPlace | null> {
    const [row] = await this.tickets.places([id]);
    return row ? { groupId: row.group_id, assigneeId: row.assignee_id } : null;
  }

  async followers(id: number, scope: TicketScope): Promise<FollowersView> {
    await this.assertReaches(id, scope);
    return this.relations.followers(id);
  }

  /** The ticket's links, to tickets within `scope` only. */
  async links(id: number, scope: TicketScope): Promise<TicketLinkView[]> {
    await this.assertReaches(id, scope);
    return (await this.relations.links(id, undefined, scope)).map(toLinkView);
  }

  private async assertReaches(id: number, scope: TicketScope) {
    if (!(await this.tickets.exists(id, scope))) throw new DomainError('not_found', `Ticket ${id} not found`);
  }

  async events(id: number, q: PageQuery, scope: TicketScope) {
    await this.assertReaches(id, scope);
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.tickets.auditTrail(id, afterId, limit + 1), limit);
    return { items: page.items.map(toEventView), nextCursor: page.nextCursor };
  }
}
