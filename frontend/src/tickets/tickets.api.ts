import {
  type InfiniteData,
  InfiniteQueryObserver,
  type QueryClient,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client';
import { invalidateTickets, keys } from '../api/keys';
import type {
  AddMessageDto,
  BulkChangesDto,
  BulkResultView,
  CreateTicketDto,
  ForwardDto,
  UpdateTicketDto,
} from '../api/openapi.gen';
import { pagedQuery } from '../api/paging';
import { fieldFilterEntries, fieldFilterParam, filtersFromSearch, sortFromSearch } from '../inbox/views';
import type { Message, Page, SortOrder, Ticket, TicketDetail, TicketSort, ViewFilters } from '../api/types';
import { notifyError } from '../ui/notify';
import { answeredMeanwhile } from './collision';

/**
 * Tickets: the queries the inbox and the ticket page read (shared with the route loaders, which
 * start them early), and one hook per change. Every change refreshes what it made stale through
 * `invalidateTickets` (api/keys.ts), the same rule the live updates follow, and reports a failure
 * in a notification unless the screen shows it itself.
 */
export const INBOX_PAGE_SIZE = 50;

/** GET /tickets parameters from a view's filters, which hold every value as a string (`status: 'new,open'`). */
const listParams = (f: ViewFilters) => ({
  status: f.status?.split(','),
  priority: f.priority?.split(','),
  assigneeId: f.assigneeId,
  groupId: f.groupId,
  requesterId: f.requesterId ? Number(f.requesterId) : undefined,
  organizationId: f.organizationId ? Number(f.organizationId) : undefined,
  tag: f.tag,
  automatic: f.automatic as 'true' | 'false' | undefined,
  q: f.q,
  // `field.<key>` filters go as they are: the query string serialiser writes keys verbatim.
  ...Object.fromEntries(fieldFilterEntries(f).map(([k, v]) => [fieldFilterParam(k), v])),
});

export const ticketListQuery = (filters: ViewFilters, sort: TicketSort, order: SortOrder) =>
  pagedQuery(keys.ticketList({ ...filters, sort, order }), (cursor) =>
    api.GET('/api/v1/tickets', {
      params: { query: { ...listParams(filters), sort, order, limit: INBOX_PAGE_SIZE, cursor } },
    }),
  );

/** The inbox list of a URL's query string (`?status=…&sort=…`), as the inbox itself loads and caches it. */
export const ticketListQueryOfSearch = (search: string) => {
  const params = new URLSearchParams(search);
  const { sort, order } = sortFromSearch(params);
  return ticketListQuery(filtersFromSearch(params), sort, order);
};

/** An inbox list as cached: its ticket ids in order, and whether it has pages not loaded yet (undefined: not cached). */
export function cachedList(qc: QueryClient, search: string): { ids: number[]; hasMore: boolean } | undefined {
  const data = qc.getQueryData(ticketListQueryOfSearch(search).queryKey);
  if (!data) return undefined;
  return { ids: data.pages.flatMap((p) => p.items.map((t) => t.id)), hasMore: !!data.pages.at(-1)?.nextCursor };
}

/**
 * Loads the next page of an inbox list into the cache (its first page when none is cached), for
 * moving past the last ticket the inbox had loaded. Resolves to all ids now cached, or undefined
 * when the list has no more.
 */
export async function fetchMoreOfList(qc: QueryClient, search: string): Promise<number[] | undefined> {
  const options = ticketListQueryOfSearch(search);
  const cached = qc.getQueryData(options.queryKey);
  if (cached && !cached.pages.at(-1)?.nextCursor) return undefined;
  const result = await new InfiniteQueryObserver(qc, options).fetchNextPage();
  return result.data?.pages.flatMap((p) => p.items.map((t) => t.id));
}

/** The ticket a search for `155` or `#155` names (the API's search rule), or undefined when there is none. */
export async function findTicketByNumber(q: string) {
  const found = await api.GET('/api/v1/tickets', { params: { query: { q, limit: 1 } } });
  return found.items[0];
}

export const ticketQuery = (id: number) =>
  queryOptions({
    queryKey: keys.ticket(id),
    queryFn: () => api.GET('/api/v1/tickets/{id}', { params: { path: { id } } }),
  });

export const countsQuery = queryOptions({ queryKey: keys.counts, queryFn: () => api.GET('/api/v1/tickets/counts') });

/** Up to 11 tickets of a requester, newest first (the side panel shows 10 besides the open one). */
export const useRequesterTickets = (requesterId: number) =>
  useQuery({
    queryKey: [...keys.ticketLists, { requesterId, limit: 10 }],
    queryFn: () => api.GET('/api/v1/tickets', { params: { query: { requesterId, limit: 11 } } }),
  });

/** The signature the signed-in agent's emailed reply on the ticket will carry (text and HTML; null: none). */
export const useReplySignature = (id: number) =>
  useQuery({
    queryKey: [...keys.ticket(id), 'reply-signature'],
    queryFn: () => api.GET('/api/v1/tickets/{id}/reply-signature', { params: { path: { id } } }),
  });

/** The ticket's audit events, 50 a page. */
export const useTicketEvents = (id: number) =>
  useInfiniteQuery(
    pagedQuery(keys.ticketEvents(id), (cursor) =>
      api.GET('/api/v1/tickets/{id}/events', { params: { path: { id }, query: { limit: 50, cursor } } }),
    ),
  );

/**
 * PUT /tickets/:id/read whenever the open ticket shows as unread (on opening it, and when
 * someone else's change arrives while it is open); then the cached lists and the ticket show it
 * read without asking the server again. A failure only leaves the ticket bold in the list.
 */
export function useMarkRead(ticket: { id: number; unread: boolean }) {
  const qc = useQueryClient();
  const { id, unread } = ticket;
  useEffect(() => {
    if (!unread) return;
    let cancelled = false;
    void api.PUT('/api/v1/tickets/{id}/read', { params: { path: { id } } }).then(
      () => {
        if (cancelled) return;
        const read = <T extends { id: number; unread: boolean }>(t: T): T =>
          t.id === id ? { ...t, unread: false } : t;
        qc.setQueryData<TicketDetail>(keys.ticket(id), (d) => d && read(d));
        qc.setQueriesData<InfiniteData<Page<Ticket>>>({ queryKey: keys.ticketLists }, (d) =>
          d?.pages ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map(read) })) } : d,
        );
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [qc, id, unread]);
}

/** PATCH /tickets/:id: changes fields of one ticket; resolves to the ticket as saved. */
export function useUpdateTicket(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateTicketDto) =>
      api.PATCH('/api/v1/tickets/{id}', { params: { path: { id } }, body: changes }),
    onSuccess: (ticket) => void invalidateTickets(qc, [id], ticket),
    onError: notifyError,
  });
}

/** POST /tickets: a ticket the agent writes in (a phone call, a note, an email to a customer); resolves to it. */
export function useCreateTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTicketDto) => api.POST('/api/v1/tickets', { body }),
    onSuccess: (ticket) => void invalidateTickets(qc, [ticket.id], ticket),
    onError: notifyError,
  });
}

/** POST|DELETE /tickets/:id/spam: marks the ticket as spam (closed, nothing sent) or undoes it. */
export function useSpam(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (spam: boolean) =>
      spam
        ? api.POST('/api/v1/tickets/{id}/spam', { params: { path: { id } } })
        : api.DELETE('/api/v1/tickets/{id}/spam', { params: { path: { id } } }),
    onSuccess: (ticket) => void invalidateTickets(qc, [id], ticket),
    onError: notifyError,
  });
}

/** DELETE /tickets/:id: moves the ticket to the trash (admins restore it within 30 days). */
export function useDeleteTicket(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.DELETE('/api/v1/tickets/{id}', { params: { path: { id } } }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.ticket(id) });
      void invalidateTickets(qc, []);
    },
    onError: notifyError,
  });
}

/** BulkUpdateDto.ids has `maxItems: 200` in the API's document: larger selections go in several requests. */
export const BULK_MAX_TICKETS = 200;

/**
 * POST /tickets/bulk: the same change to many tickets. Resolves to which were changed and which
 * failed and why; a request that fails as a whole counts each of its tickets as failed with its message.
 */
export function useBulkUpdate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, changes }: { ids: number[]; changes: BulkChangesDto }): Promise<BulkResultView> => {
      const result: BulkResultView = { updated: [], failed: [] };
      for (let i = 0; i < ids.length; i += BULK_MAX_TICKETS) {
        const batch = ids.slice(i, i + BULK_MAX_TICKETS);
        try {
          const r = await api.POST('/api/v1/tickets/bulk', { body: { ids: batch, changes } });
          result.updated.push(...r.updated);
          result.failed.push(...r.failed);
        } catch (e) {
          const statusCode = (e as { status?: number }).status ?? 0;
          result.failed.push(...batch.map((id) => ({ id, statusCode, message: (e as Error).message })));
        }
      }
      return result;
    },
    onSuccess: (r) => void invalidateTickets(qc, r.updated),
  });
}

/** What the composer's send came to: sent, or held back because someone else answered meanwhile. */
export type SendOutcome = { sent: true } | { sent: false; meanwhile: Message[] };

/**
 * POST /tickets/:id/messages, the composer's send. Unless `force`, first fetches the ticket afresh
 * and sends nothing when someone other than `myId` added a message after `seenId`, the newest the
 * agent had seen (collision.ts). Once sent, resolves after the ticket has been fetched again.
 */
export function useSendMessage(ticketId: number, myId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { message: AddMessageDto; seenId: number; force: boolean }): Promise<SendOutcome> => {
      if (!v.force) {
        const latest = await qc.fetchQuery({ ...ticketQuery(ticketId), staleTime: 0 });
        const meanwhile = answeredMeanwhile(latest.messages, v.seenId, myId);
        if (meanwhile.length) return { sent: false, meanwhile };
      }
      await api.POST('/api/v1/tickets/{id}/messages', { params: { path: { id: ticketId } }, body: v.message });
      return { sent: true };
    },
    onSuccess: (outcome) => (outcome.sent ? invalidateTickets(qc, [ticketId]) : undefined),
    onError: notifyError,
  });
}

/** GET /tickets/:id/portal-link, copied to the clipboard where the browser allows; resolves to the link. */
export const useCopyPortalLink = (id: number) =>
  useMutation({
    mutationFn: async () => {
      const { url } = await api.GET('/api/v1/tickets/{id}/portal-link', { params: { path: { id } } });
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      return url;
    },
    onError: notifyError,
  });

/** POST /attachments with inline=true: an image pasted or dropped into the reply; resolves to its id and url. */
export const useUploadInlineImage = () =>
  useMutation({
    mutationFn: (file: File) =>
      api.POST('/api/v1/attachments', {
        body: { inline: true, file },
        bodySerializer: (body) => {
          const form = new FormData();
          // Before the file: the api reads the fields that come first.
          form.append('inline', 'true');
          form.append('file', body.file);
          return form;
        },
      }),
  });

/** POST /attachments: uploads one file for the next reply; resolves to its id, name and size. */
export const useUploadAttachment = () =>
  useMutation({
    mutationFn: (file: File) =>
      api.POST('/api/v1/attachments', {
        body: { file },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append('file', body.file);
          return form;
        },
      }),
  });

/** POST /tickets/:id/forward: messages of the ticket mailed to a third party (recorded as an internal message). */
export function useForward(ticketId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ForwardDto) =>
      api.POST('/api/v1/tickets/{id}/forward', { params: { path: { id: ticketId } }, body }),
    onSuccess: () => invalidateTickets(qc, [ticketId]),
    onError: notifyError,
  });
}
