import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { get, queryString } from './client';
import { keys } from './keys';
import type { Counts, Page, Ticket, TicketDetail, ViewFilters } from './types';

/**
 * Query definitions shared by the screens and the route loaders, so that a loader can
 * start a screen's requests while its code and the session check are still loading.
 */
export const INBOX_PAGE_SIZE = 50;

export const ticketListQuery = (filters: ViewFilters, sort: string, order: string) =>
  infiniteQueryOptions({
    queryKey: keys.ticketList({ ...filters, sort, order }),
    queryFn: ({ pageParam }) =>
      get<Page<Ticket>>(
        `/api/v1/tickets${queryString({ ...filters, sort, order, limit: INBOX_PAGE_SIZE, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const ticketQuery = (id: number) =>
  queryOptions({ queryKey: keys.ticket(id), queryFn: () => get<TicketDetail>(`/api/v1/tickets/${id}`) });

export const countsQuery = queryOptions({
  queryKey: keys.counts,
  queryFn: () => get<Counts>('/api/v1/tickets/counts'),
});
