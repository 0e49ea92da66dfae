import { Injectable } from '@nestjs/common';
import { scopeSql, TicketScope } from '../common/ticket-scope';
import { Sql } from '../database/sql';
import {
  COUNTERS_SQL,
  counterScopeSql,
  filterConditions,
  resolveSearch,
  SEARCH_WINDOW,
  ticketCountsQuery,
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

  /** Per status, within `scope`: all, assigned to `me`; not automatic mail, all and assigned to nobody; automatic mail. */
  byStatus(
    me: number,
    scope: TicketScope,
  ): Promise<
    { status: TicketStatus; total: number; mine: number; human: number; unassigned: number; automatic: number }[]
  > {
    const { text, values } = ticketCountsQuery(me, scope);
    return this.sql.rows(text, values, undefined, { perCall: true });
  }

  /** Tickets of the filters' status, assignee, group and `automatic` within `scope`, from the counters (exact, any size). */
  async fromCounters(f: ListTicketsQuery, me: number, scope: TicketScope): Promise<number> {
    const values: unknown[] = [];
    const where: string[] = [];
    const inScope = counterScopeSql(scope, (v) => `$${values.push(v)}`);
    if (inScope) where.push(inScope);
    if (f.status?.length) where.push(`status = ANY($${values.push(f.status)}::text[])`);
    if (f.assigneeId !== undefined)
      where.push(
        `assignee_key = $${values.push(f.assigneeId === 'me' ? me : f.assigneeId === 'none' ? 0 : Number(f.assigneeId))}`,
      );
    if (f.groupId !== undefined)
      where.push(`group_key = $${values.push(f.groupId === 'none' ? 0 : Number(f.groupId))}`);
    if (f.automatic !== undefined) where.push(f.automatic === 'true' ? 'automatic' : 'NOT automatic');
    const row = await this.sql.row<{ n: number }>(
      `SELECT coalesce(sum(count), 0)::bigint AS n FROM (${COUNTERS_SQL}) c
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      values,
      undefined,
      { perCall: true },
    );
    return row!.n;
  }

  /**
   * Tickets matching the list's own filters within `scope`, counted up to `cap + 1`: unordered (a count
   * needs no order, so PostgreSQL may use any index, the GIN index for a rare tag or
   * term); a search first counts within the newest SEARCH_WINDOW tickets, as the list
   * does, so a common term reaches the cap without the GIN index.
   */
  async upTo(cap: number, asked: TicketListFilters, me: number, scope: TicketScope): Promise<number> {
    const f = resolveSearch(asked);
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = filterConditions(f, me, param);
    const inScope = scopeSql(scope, 't', param);
    if (inScope) where.push(inScope);
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
        undefined,
        { perCall: true },
      );
      if (windowed!.n > cap) return windowed!.n;
      where.push(match);
    }
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE ${where.join(' AND ') || 'true'} LIMIT ${cap + 1}) capped`,
      values,
      undefined,
      { perCall: true },
    );
    return row!.n;
  }

  /** Folds the deltas into the counters (each delta row counted exactly once, whatever runs concurrently). */
  async compact(): Promise<number> {
    const row = await this.sql.row<{ n: number }>(`SELECT ticket_counts_compact() AS n`);
    return row!.n;
  }
}
