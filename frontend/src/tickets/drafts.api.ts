import { type InfiniteData, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, ApiError, linkTo } from '../api/client';
import { keys } from '../api/keys';
import type { DraftView, SaveDraftDto } from '../api/openapi.gen';
import type { Page, Ticket, TicketDetail } from '../api/types';
import type { Uploaded } from './AttachmentChips';

/**
 * The signed-in agent's draft per ticket (GET|PUT|DELETE /tickets/{id}/draft): what the
 * composer had not sent, kept on the server so it follows the agent to another device.
 */
export type Draft = DraftView;
export type DraftContent = SaveDraftDto;

/** Not below `keys.ticket(id)`: a live change of the ticket must not fetch the draft again. */
export const draftKey = (ticketId: number) => ['draft', ticketId] as const;

/** The agent's draft on the ticket, or null when there is none (the API's 404). */
export const draftQuery = (ticketId: number) =>
  queryOptions({
    queryKey: draftKey(ticketId),
    queryFn: async (): Promise<Draft | null> => {
      try {
        return await api.GET('/api/v1/tickets/{id}/draft', { params: { path: { id: ticketId } } });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    // The composer owns it once loaded: it writes every save into the cache.
    staleTime: Infinity,
    retry: false,
  });

/**
 * PUT the draft; `keepalive` lets it finish while the page goes away (reload, closed tab),
 * with the session's CSRF header as every call of the api client. Resolves to it as stored.
 */
export const saveDraft = (ticketId: number, body: DraftContent, keepalive = false) =>
  api.PUT('/api/v1/tickets/{id}/draft', { params: { path: { id: ticketId } }, body, keepalive });

/** DELETE the draft (none is fine); `keepalive` as for `saveDraft`. */
export const deleteDraft = (ticketId: number, keepalive = false) =>
  api.DELETE('/api/v1/tickets/{id}/draft', { params: { path: { id: ticketId } }, keepalive });

/**
 * What the screens show of a draft, set without asking the server: the draft itself, and
 * `hasDraft` on the ticket and its rows in the cached lists ("Draft" in the inbox).
 */
export function showDraft(qc: QueryClient, ticketId: number, draft: Draft | null) {
  qc.setQueryData(draftKey(ticketId), draft);
  const hasDraft = draft !== null;
  const mark = <T extends { id: number; hasDraft: boolean }>(t: T): T =>
    t.id === ticketId && t.hasDraft !== hasDraft ? { ...t, hasDraft } : t;
  qc.setQueryData<TicketDetail>(keys.ticket(ticketId), (d) => d && mark(d));
  qc.setQueriesData<InfiniteData<Page<Ticket>>>({ queryKey: keys.ticketLists }, (d) =>
    d?.pages ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map(mark) })) } : d,
  );
}

/**
 * The chips of a draft's files: their names and sizes from the download's headers (HEAD, no
 * body). A file that is gone is left out.
 */
export async function draftFiles(ids: readonly number[]): Promise<Uploaded[]> {
  const files = await Promise.all(
    ids.map(async (id): Promise<Uploaded | null> => {
      const res = await fetch(linkTo('/api/v1/attachments/{id}', { id }), { method: 'HEAD' }).catch(() => null);
      if (!res?.ok) return null;
      const disposition = res.headers.get('content-disposition') ?? '';
      const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
      return {
        id,
        filename: name ? decodeURIComponent(name) : `#${id}`,
        size: Number(res.headers.get('content-length')),
      };
    }),
  );
  return files.filter((f): f is Uploaded => f !== null);
}
