import { UNSOLVED_STATUSES, type Counts, type SortOrder, type TicketSort, type ViewFilters } from '../api/types';
import { en } from '../i18n/en';

/**
 * The built-in views: each is a filter combination of GET /api/v1/tickets and a counter of /tickets/counts.
 * Unassigned and All open are people's tickets: automatic mail (auto-replies, bounces, list mail) has a view
 * of its own. My open keeps what the agent took, automatic or not.
 */
export const BUILTIN_VIEWS: { key: keyof Omit<Counts, 'byStatus'>; label: string; filters: ViewFilters }[] = [
  { key: 'myOpen', label: en.views.myOpen, filters: { status: UNSOLVED_STATUSES.join(','), assigneeId: 'me' } },
  {
    key: 'unassigned',
    label: en.views.unassigned,
    filters: { status: UNSOLVED_STATUSES.join(','), assigneeId: 'none', automatic: 'false' },
  },
  { key: 'allOpen', label: en.views.allOpen, filters: { status: UNSOLVED_STATUSES.join(','), automatic: 'false' } },
  { key: 'automatic', label: en.views.automatic, filters: { status: UNSOLVED_STATUSES.join(','), automatic: 'true' } },
  { key: 'pending', label: en.views.pending, filters: { status: 'pending' } },
  { key: 'solved', label: en.views.solved, filters: { status: 'solved' } },
];

/** Query parameters that choose tickets (as opposed to how they are ordered). */
export const FILTER_PARAMS = [
  'status',
  'priority',
  'assigneeId',
  'groupId',
  'requesterId',
  'organizationId',
  'tag',
  'automatic',
  'q',
] as const;

/** A custom field filter's query parameter (`field.<key>`, as GET /tickets and saved views take it). */
export const fieldFilterParam = (key: string) => `field.${key}`;
const isFilterParam = (k: string) => (FILTER_PARAMS as readonly string[]).includes(k) || k.startsWith('field.');

/** The custom field filters of a list, as `[key, raw value]` pairs in the order given. */
export const fieldFilterEntries = (f: ViewFilters): [string, string][] =>
  Object.entries(f)
    .filter(([k, v]) => k.startsWith('field.') && v)
    .map(([k, v]) => [k.slice('field.'.length), v]);

export function filtersFromSearch(params: URLSearchParams): ViewFilters {
  const out: ViewFilters = {};
  for (const [k, v] of params) if (v && isFilterParam(k)) out[k] = v;
  return out;
}

/** Same tickets chosen? Order of keys and of comma-separated values does not matter. */
export function sameFilters(a: ViewFilters, b: ViewFilters): boolean {
  const norm = (f: ViewFilters) =>
    JSON.stringify(
      Object.keys(f)
        .filter((k) => isFilterParam(k) && f[k])
        .sort()
        .map((k) => [k, f[k].split(',').sort().join(',')]),
    );
  return norm(a) === norm(b);
}

export const viewHref = (filters: ViewFilters) => `/?${new URLSearchParams(filters)}`;

/** The sort of a URL, as the inbox and its route loader read it (the API refuses any other value with 400). */
export const sortFromSearch = (params: URLSearchParams) => ({
  sort: (params.get('sort') ?? 'updatedAt') as TicketSort,
  order: (params.get('order') ?? 'desc') as SortOrder,
});
