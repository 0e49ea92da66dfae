import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { filterConditions, SEARCH_WINDOW, TSQUERY_SQL } from '../tickets/ticket-list.query';
import { ListTicketsQuery } from '../tickets/tickets.dto';

/** Beyond this a view's count reads "1000+": nobody triages by the exact size of a huge list. */
export const VIEW_COUNT_CAP = 1000;
/** Sidebars refetch on every realtime event; agents looking at the same shared view share one count for this long. */
const CACHE_MS = 2000;
const CACHE_ENTRIES = 5000;

/** Filters the counters are kept by (status, assignee, group): such a view is counted exactly from them. */
const COUNTER_KEYS = new Set(['status', 'assigneeId', 'groupId', 'sort', 'order']);

export interface ViewCount {
  count: number;
  countCapped: boolean;
}

/**
 * Counts for saved views, cheap by design (never a count(*) over all tickets): a view
 * filtering only by status, assignee and group sums the same counters as the built-in
 * views; any other view runs the list's filters capped at VIEW_COUNT_CAP + 1 rows
 * and says whether it hit the cap.
 */
@Injectable()
export class ViewCounter {
  private readonly cache = new Map<string, { value: ViewCount; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(filters: ListTicketsQuery, me: number): Promise<ViewCount> {
    // Class instances carry every declared field, set or not.
    const given = Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify([filters.assigneeId === 'me' ? me : null, given]);
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = given.every(([k]) => COUNTER_KEYS.has(k))
      ? await this.fromCounters(filters, me)
      : await this.capped(filters, me);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  private async fromCounters(f: ListTicketsQuery, me: number): Promise<ViewCount> {
    const values: unknown[] = [];
    const where: string[] = [];
    if (f.status?.length) where.push(`status = ANY($${values.push(f.status)}::text[])`);
    if (f.assigneeId !== undefined)
      where.push(
        `assignee_key = $${values.push(f.assigneeId === 'me' ? me : f.assigneeId === 'none' ? 0 : Number(f.assigneeId))}`,
      );
    if (f.groupId !== undefined)
      where.push(`group_key = $${values.push(f.groupId === 'none' ? 0 : Number(f.groupId))}`);
    const [row] = await this.db.query(
      `SELECT coalesce(sum(count), 0)::bigint AS n
         FROM (SELECT status, assignee_key, group_key, count FROM ticket_counts
               UNION ALL SELECT status, assignee_key, group_key, delta FROM ticket_count_deltas) c
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      values,
    );
    return { count: row.n, countCapped: false };
  }

  /**
   * The list's own filters, unordered (a count needs no order, so PostgreSQL may use
   * any index: the GIN index for a rare tag or search term), stopped at the cap.
   */
  private async capped(f: ListTicketsQuery, me: number): Promise<ViewCount> {
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    const where = filterConditions(f, me, param);
    if (f.status?.length) where.push(`t.status = ANY(${param(f.status)}::text[])`);
    const filtered = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const capped = (n: number) => ({ count: Math.min(n, VIEW_COUNT_CAP), countCapped: n > VIEW_COUNT_CAP });
    if (f.q) {
      const [row] = await this.db.query(TSQUERY_SQL, [f.q]);
      if (!row?.q) return { count: 0, countCapped: false };
      const match = `t.search_vector @@ ${param(row.q)}::tsquery`;
      // As the list does: a common term fills the cap among the newest tickets; only a rarer one needs the GIN index.
      const [{ n }] = await this.db.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM (SELECT t.search_vector FROM tickets t${filtered} ORDER BY t.updated_at DESC LIMIT ${SEARCH_WINDOW}) t
          WHERE ${match} LIMIT ${VIEW_COUNT_CAP + 1}) capped`,
        values,
      );
      if (n > VIEW_COUNT_CAP) return capped(n);
      where.push(match);
    }
    const [{ n }] = await this.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE ${where.join(' AND ') || 'true'} LIMIT ${VIEW_COUNT_CAP + 1}) capped`,
      values,
    );
    return capped(n);
  }
}
