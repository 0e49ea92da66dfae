/**
 * The list an agent opened a ticket from: the inbox URL's query (view filters and sort) and the
 * order of its tickets as the agent saw them. The ticket page moves through it (j/k, "submit and
 * next") and goes back to it. Kept per browser tab (sessionStorage), so a reload keeps it.
 */
export interface ListContext {
  /** The inbox's query string, with its `?` (e.g. `?status=new,open&sort=updatedAt&order=desc`). */
  search: string;
  /** Ticket ids in the order the list showed them. */
  ids: number[];
}

const STORAGE_KEY = 'helpdesk.listContext';
const listeners = new Set<() => void>();
let current: ListContext | null = load();

function load(): ListContext | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as ListContext | null;
    return v && typeof v.search === 'string' && Array.isArray(v.ids) ? v : null;
  } catch {
    return null;
  }
}

/** Remembers the list the agent is leaving for one of its tickets. */
export function rememberList(ctx: { search: string; ids: readonly number[] }) {
  current = { search: ctx.search, ids: [...ctx.ids] };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Storage full or disabled: the context lives as long as the page.
  }
  listeners.forEach((l) => l());
}

export const getListContext = () => current;
export function subscribeListContext(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Where `id` stands in `ids` and its neighbours; index -1 (and no neighbours) when it is not there
 * (a ticket opened from elsewhere: a link, the requester's other tickets).
 */
export function neighbours(ids: readonly number[], id: number): { index: number; prev?: number; next?: number } {
  const index = ids.indexOf(id);
  if (index < 0) return { index };
  return { index, prev: ids[index - 1], next: ids[index + 1] };
}

/**
 * The order to move in: the list as now cached while it still holds the ticket (it may have
 * grown or been reordered since), else the order the agent saw (the ticket left the view, e.g.
 * it was just solved: "next" is still the one below it then).
 */
export const orderFor = (id: number, cached: readonly number[] | undefined, seen: readonly number[]) =>
  cached?.includes(id) ? cached : seen;
