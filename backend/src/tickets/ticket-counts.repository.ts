import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import {
  filterConditions,
  SEARCH_WINDOW,
  TICKET_COUNTS_SQL,
  TicketListFilters,
  TSQUERY_SQL,
} from './ticket-list.query';
import { TicketStatus } from './ticket.constants';
import { ListTicketsQuery } from './tickets.dto';

/**
 * Ticket counts, never a count(*) over all tickets (docs/architecture.md, "Lists, counts
 * and search at scale"): the counters the tickets trigger keeps (`ticket_counts` plus the
 * deltas the worker has not folded in yet), or a count stopped at a cap.
 */
@Injectable()
export class TicketCountsRepository {
  constructor(private readonly sql: Sql) {}

  /** Per status: all, assigned to `me`, assigned to nobody. */
  byStatus(me: number): Promise<{ status: TicketStatus; total: number; mine: number; unassigned: number }[]> {
    return this.sql.rows(TICKET_COUNTS_SQL, [me]);
  }

  /** Tickets of the filters' status, assignee and group, from the counters (exact, any size). */
  async fromCounters(f: ListTicketsQuery, me: number): Promise<number> {
    const values: unknown[] = [];
    const where: string[] = [];
    if (f.status?.length) where.push(`status = ANY($${values.push(f.status)}::text[])`);
    if (f.assigneeId !== undefined)
      where.push(
        `assignee_key = $${values.push(f.assigneeId === 'me' ? me : f.assigneeId === 'none' ? 0 : Number(f.assigneeId))}`,
      );
    if (f.groupId !== undefined)
      where.push(`group_key = $${values.push(f.groupId === 'none' ? 0 : Number(f.groupId))}`);
    const row = await this.sql.row<{ n: number }>(
      `SELECT coalesce(sum(count), 0)::bigint AS n
         FROM (SELECT status, assignee_key, group_key, count FROM ticket_counts
               UNION ALL SELECT status, assignee_key, group_key, delta FROM ticket_count_deltas) c
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      values,
    );
    return row!.n;
  }

  /**
   * Tickets matching the list's own filters, counted up to `cap + 1`: unordered (a count
   * needs no order, so PostgreSQL may use any index, the GIN index for a rare tag or
   * term); a search first counts within the newest SEARCH_WINDOW tickets, as the list
   * does, so a common term reaches the cap without the GIN index.
   */
  async upTo(cap: number, f: TicketListFilters, me: number): Promise<number> {
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = filterConditions(f, me, param);
    if (f.status?.length) where.push(`t.status = ANY(${param(f.status)}::text[])`);
    const filtered = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    if (f.q) {
      const row = await this.sql.row<{ q: string | null }>(TSQUERY_SQL, [f.q]);
      if (!row?.q) return 0;
      const match = `t.search_vector @@ ${param(row.q)}::tsquery`;
      const windowed = await this.sql.row<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM (SELECT t.search_vector FROM tickets t${filtered} ORDER BY t.updated_at DESC LIMIT ${SEARCH_WINDOW}) t
          WHERE ${match} LIMIT ${cap + 1}) capped`,
        values,
      );
      if (windowed!.n > cap) return windowed!.n;
      where.push(match);
    }
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE ${where.join(' AND ') || 'true'} LIMIT ${cap + 1}) capped`,
      values,
    );
    return row!.n;
  }

  /** Folds the deltas into the counters (each delta row counted exactly once, whatever runs concurrently). */
  async compact(): Promise<number> {
    const row = await this.sql.row<{ n: number }>(`SELECT ticket_counts_compact() AS n`);
    return row!.n;
  }
}
