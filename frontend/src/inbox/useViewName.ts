import { useQuery } from '@tanstack/react-query';
import type { ViewFilters } from '../api/types';
import { en } from '../i18n/en';
import { countsQuery } from '../tickets/tickets.api';
import { savedViewsQuery } from './saved-views.api';
import { BUILTIN_VIEWS, sameFilters } from './views';

/**
 * What the inbox is showing, for its heading and the browser tab: a built-in view or a saved
 * view (by name, with the count the sidebar shows: "1000+" where a saved view stops counting), a
 * search, or just filters. Reads the queries the sidebar already keeps fresh.
 */
export function useViewName(filters: ViewFilters, savedViewId: string | null): { name: string; count?: string } {
  const counts = useQuery(countsQuery);
  const views = useQuery({ ...savedViewsQuery, retry: false });
  if (filters.q !== undefined) return { name: en.views.search };
  const builtin = BUILTIN_VIEWS.find((v) => sameFilters(v.filters, filters));
  if (builtin) {
    const n = counts.data?.[builtin.key];
    return { name: builtin.label, count: n === undefined ? undefined : String(n) };
  }
  const matching = (views.data ?? []).filter((v) => sameFilters(v.filters, filters));
  const saved = matching.find((v) => String(v.id) === savedViewId) ?? matching[0];
  if (saved) return { name: saved.name, count: `${saved.count}${saved.countCapped ? '+' : ''}` };
  return { name: en.nav.inbox };
}
