import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { scopeKey, TicketScope } from '../common/ticket-scope';
import { TicketCountsRepository } from '../tickets/ticket-counts.repository';
import { TicketListFilterResolver } from '../tickets/ticket-list-filters';
import { ListTicketsQuery } from '../tickets/tickets.dto';

/** Beyond this a view's count reads "1000+": nobody triages by the exact size of a huge list. */
export const VIEW_COUNT_CAP = 1000;
/** Sidebars refetch on every realtime event; agents looking at the same shared view share one count for this long. */
const CACHE_MS = 2000;
const CACHE_ENTRIES = 5000;

/** Filters the counters are kept by (status, assignee, group, automatic): such a view is counted exactly from them. */
const COUNTER_KEYS = new Set(['status', 'assigneeId', 'groupId', 'automatic', 'sort', 'order']);

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

  constructor(
    private readonly counts: TicketCountsRepository,
    private readonly filters: TicketListFilterResolver,
  ) {}

  /** The view's tickets within `scope` (a scoped agent's counts never reveal tickets they cannot open). */
  async count(filters: ListTicketsQuery, me: number, scope: TicketScope): Promise<ViewCount> {
    // Class instances carry every declared field, set or not.
    const given = Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    // "me" may also be in the search text (`assignee:me`): such counts are the caller's own.
    const key = JSON.stringify([
      filters.assigneeId === 'me' || filters.followedBy === 'me' || filters.q ? me : null,
      scopeKey(scope),
      given,
    ]);
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = given.every(([k]) => COUNTER_KEYS.has(k))
      ? await this.fromCounters(filters, me, scope)
      : await this.capped(filters, me, scope);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  private async fromCounters(f: ListTicketsQuery, me: number, scope: TicketScope): Promise<ViewCount> {
    return { count: await this.counts.fromCounters(f, me, scope), countCapped: false };
  }

  private async capped(f: ListTicketsQuery, me: number, scope: TicketScope): Promise<ViewCount> {
    let n: number;
    try {
      n = await this.counts.upTo(VIEW_COUNT_CAP, await this.filters.resolve(f), me, scope);
    } catch (e) {
      // A view saved with a search the list refuses (`status:typo`) matches nothing; its list says why.
      if (e instanceof DomainError && e.code === 'invalid') return { count: 0, countCapped: false };
      throw e;
    }
    return { count: Math.min(n, VIEW_COUNT_CAP), countCapped: n > VIEW_COUNT_CAP };
  }
}
