import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { TicketCountsRepository } from './ticket-counts.repository';
import { TICKET_STATUSES, TicketStatus, UNSOLVED_STATUSES } from './ticket.constants';
import { TicketFieldValuesRepository } from './ticket-field-values.repository';
import { TicketListFilterResolver } from './ticket-list-filters';
import { TicketRelationsRepository } from './ticket-relations.repository';
import {
  FollowersView,
  TicketCountsView,
  TicketDetailView,
  TicketLinkView,
  toEventView,
  toLinkView,
  toMessageView,
  toTicketView,
} from './ticket.view';
import { ListTicketsQuery } from './tickets.dto';
import { TicketsRepository } from './tickets.repository';

/** Reading tickets as agents see them: the inbox list, its counts, a ticket and its audit trail. */
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

  async list(q: ListTicketsQuery, me: number) {
    const page = await this.tickets.page(await this.filters.resolve(q), me);
    return { items: page.rows.map(toTicketView), nextCursor: page.nextCursor };
  }

  /** The inbox sidebar's numbers, from the counter table the tickets trigger keeps. */
  async counts(me: number): Promise<TicketCountsView> {
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
    let myOpen = 0;
    let unassigned = 0;
    for (const r of await this.counters.byStatus(me)) {
      byStatus[r.status] = r.total;
      if (UNSOLVED_STATUSES.includes(r.status)) {
        myOpen += r.mine;
        unassigned += r.unassigned;
      }
    }
    const allOpen = UNSOLVED_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
    return { myOpen, unassigned, allOpen, pending: byStatus.pending, solved: byStatus.solved, byStatus };
  }

  /**
   * The ticket with its field values, followers, links and conversation, from one
   * snapshot: never a message without the status change it made.
   */
  async get(id: number): Promise<TicketDetailView> {
    return this.transactions.run(
      async (tx) => {
        const ticket = await this.tickets.find(tx, id);
        if (!ticket) throw new DomainError('not_found', `Ticket ${id} not found`);
        return {
          ...toTicketView(ticket),
          fields: await this.values.of(id, tx),
          followers: await this.relations.followers(id, tx),
          links: (await this.relations.links(id, tx)).map(toLinkView),
          messages: (await this.tickets.messages(tx, id)).map(toMessageView),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  async followers(id: number): Promise<FollowersView> {
    await this.assertExists(id);
    return this.relations.followers(id);
  }

  async links(id: number): Promise<TicketLinkView[]> {
    await this.assertExists(id);
    return (await this.relations.links(id)).map(toLinkView);
  }

  private async assertExists(id: number) {
    if (!(await this.tickets.exists(id))) throw new DomainError('not_found', `Ticket ${id} not found`);
  }

  async events(id: number, q: PageQuery) {
    await this.assertExists(id);
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.tickets.auditTrail(id, afterId, limit + 1), limit);
    return { items: page.items.map(toEventView), nextCursor: page.nextCursor };
  }
}
