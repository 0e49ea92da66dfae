import { useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router';
import { getListContext, neighbours, orderFor, rememberList, subscribeListContext } from '../inbox/list-context';
import { cachedList, fetchMoreOfList } from './tickets.api';

/**
 * The ticket page's place in the list the agent came from (inbox/list-context.ts): where "back"
 * goes, "3 of 50", and moving to the previous or next ticket of that list in its order, loading
 * the list's next page when the agent moves past what the inbox had loaded.
 */
export function useViewNavigation(id: number) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const ctx = useSyncExternalStore(subscribeListContext, getListContext);
  const cached = ctx ? cachedList(qc, ctx.search) : undefined;
  const order = ctx ? orderFor(id, cached?.ids, ctx.ids) : [];
  const { index, prev, next } = neighbours(order, id);
  // Past the last loaded ticket there may be more: the list's next page (or, after a reload, its cache is gone).
  const mayHaveMore = index >= 0 && next === undefined && (cached === undefined || cached.hasMore);

  /** Opens the neighbour in `dir`; resolves to false when there is none (first or last of the list). */
  const go = async (dir: 1 | -1): Promise<boolean> => {
    if (!ctx || index < 0) return false;
    let ids = order;
    let target = dir > 0 ? next : prev;
    if (target === undefined && dir > 0 && mayHaveMore) {
      const more = await fetchMoreOfList(qc, ctx.search).catch(() => undefined);
      if (more) {
        ids = orderFor(id, more, ids);
        target = neighbours(ids, id).next;
      }
    }
    if (target === undefined) return false;
    rememberList({ search: ctx.search, ids });
    navigate(`/tickets/${target}`);
    return true;
  };

  return {
    /** The list's URL, or the default inbox when the ticket was not opened from a list. */
    backHref: ctx ? `/${ctx.search}` : '/',
    /** 1-based position and length of the list, when the ticket is in it. */
    position: index >= 0 ? { index: index + 1, total: order.length } : null,
    hasPrev: prev !== undefined,
    hasNext: next !== undefined || mayHaveMore,
    goPrev: () => go(-1),
    goNext: () => go(1),
  };
}
