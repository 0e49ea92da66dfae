import type { QueryClient } from '@tanstack/react-query';
import { keys } from '../api/keys';
import type { SavedViewView } from '../api/openapi.gen';
import type { Ticket } from '../api/types';

/** The tickets in a cached answer, whatever its shape: a ticket, a page of tickets or an infinite list of pages. */
function ticketsIn(data: unknown): Pick<Ticket, 'tags'>[] {
  if (!data || typeof data !== 'object') return [];
  const d = data as { tags?: unknown; items?: unknown; pages?: unknown };
  if (Array.isArray(d.tags)) return [d as Pick<Ticket, 'tags'>];
  if (Array.isArray(d.items)) return d.items.filter((t) => Array.isArray((t as Ticket)?.tags));
  if (Array.isArray(d.pages)) return d.pages.flatMap(ticketsIn);
  return [];
}

/**
 * Tags already in use, as far as this browser has seen them: on every ticket and list it has
 * loaded and in the saved views' filters, most used first. Suggestions without asking the API
 * (a tag index of the whole help desk is for the API to offer).
 */
export function knownTags(qc: QueryClient): string[] {
  const uses = new Map<string, number>();
  const count = (tag: string) => uses.set(tag, (uses.get(tag) ?? 0) + 1);
  const seen = new Set<unknown>();
  for (const prefix of [keys.ticketLists, ['ticket']]) {
    for (const [, data] of qc.getQueriesData({ queryKey: prefix })) {
      if (seen.has(data)) continue;
      seen.add(data);
      for (const t of ticketsIn(data)) t.tags.forEach(count);
    }
  }
  const views = qc.getQueryData<SavedViewView[]>(keys.views) ?? [];
  for (const v of views) v.filters.tag?.split(',').forEach(count);
  return [...uses.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}
