import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { invalidateTickets, keys } from '../api/keys';
import type { AddFollowerDto, EditableLinkKind } from '../api/openapi.gen';
import type { FieldValue, TicketDetail } from '../api/types';
import { notifyError } from '../ui/notify';

/**
 * The ticket model's reads and changes (issue 15): field and form definitions, and a
 * ticket's followers, links, merge and split. Every change refreshes what it made stale
 * through `invalidateTickets`, and reports a failure in a notification.
 */

/** Every custom field of an entity, active or not (a minute's cache: admins change them rarely). */
export const fieldsQuery = (entity: 'ticket' | 'customer' | 'organization') =>
  queryOptions({
    queryKey: keys.fields(entity),
    queryFn: async () =>
      (
        await (entity === 'ticket'
          ? api.GET('/api/v1/ticket-fields')
          : entity === 'customer'
            ? api.GET('/api/v1/customer-fields')
            : api.GET('/api/v1/organization-fields'))
      ).items,
    staleTime: 60_000,
  });
export const useFields = (entity: 'ticket' | 'customer' | 'organization') => useQuery(fieldsQuery(entity));

export const ticketFormsQuery = queryOptions({
  queryKey: keys.ticketForms,
  queryFn: async () => (await api.GET('/api/v1/ticket-forms')).items,
  staleTime: 60_000,
});
export const useTicketForms = () => useQuery(ticketFormsQuery);

/** PATCH /tickets/:id with `fields`: sets custom field values (null clears one). */
export function useSetFields(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fields: Record<string, FieldValue | null>) =>
      api.PATCH('/api/v1/tickets/{id}', { params: { path: { id } }, body: { fields } }),
    onSuccess: (ticket) => void invalidateTickets(qc, [id], ticket),
    onError: notifyError,
  });
}

/** POST/DELETE /tickets/:id/followers: follow or stop following (no one named: yourself), add or drop a CC. */
export function useFollowers(id: number) {
  const qc = useQueryClient();
  const done = () => void invalidateTickets(qc, [id]);
  return {
    add: useMutation({
      mutationFn: (who: AddFollowerDto) =>
        api.POST('/api/v1/tickets/{id}/followers', { params: { path: { id } }, body: who }),
      onSuccess: done,
      onError: notifyError,
    }),
    remove: useMutation({
      mutationFn: (who: { userId?: number; customerId?: number }) =>
        api.DELETE('/api/v1/tickets/{id}/followers', { params: { path: { id }, query: who } }),
      onSuccess: done,
      onError: notifyError,
    }),
  };
}

/** POST/DELETE /tickets/:id/links: both tickets change. */
export function useLinks(id: number) {
  const qc = useQueryClient();
  return {
    add: useMutation({
      mutationFn: (link: { ticketId: number; kind: EditableLinkKind }) =>
        api.POST('/api/v1/tickets/{id}/links', { params: { path: { id } }, body: link }),
      onSuccess: (_r, link) => void invalidateTickets(qc, [id, link.ticketId]),
      onError: notifyError,
    }),
    remove: useMutation({
      mutationFn: (otherId: number) =>
        api.DELETE('/api/v1/tickets/{id}/links/{otherId}', { params: { path: { id, otherId } } }),
      onSuccess: (_r, otherId) => void invalidateTickets(qc, [id, otherId]),
      onError: notifyError,
    }),
  };
}

/** POST /tickets/:target/merge: the sources close into the target; resolves to the target. */
export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, sourceIds }: { targetId: number; sourceIds: number[] }) =>
      api.POST('/api/v1/tickets/{id}/merge', { params: { path: { id: targetId } }, body: { sourceIds } }),
    onSuccess: (target: TicketDetail, v) => void invalidateTickets(qc, [v.targetId, ...v.sourceIds], target),
    onError: notifyError,
  });
}

/** POST /tickets/:id/messages/:messageId/split: resolves to the new ticket. */
export function useSplit(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, subject }: { messageId: number; subject?: string }) =>
      api.POST('/api/v1/tickets/{id}/messages/{messageId}/split', {
        params: { path: { id, messageId } },
        body: subject ? { subject } : {},
      }),
    onSuccess: (created) => void invalidateTickets(qc, [id, created.id], created),
    onError: notifyError,
  });
}

/** Tickets matching a search or a number, for the merge and link dialogs (10 at most). */
export const useTicketSearch = (text: string) => {
  const q = text.trim().replace(/^#/, '');
  return useQuery({
    queryKey: [...keys.ticketLists, { pick: q }],
    enabled: q.length > 0,
    queryFn: async () => {
      // A number names its ticket; words search subject, messages and text fields.
      const query = /^\d{1,12}$/.test(q) ? { number: Number(q) } : { q, limit: 10 };
      return (await api.GET('/api/v1/tickets', { params: { query } })).items;
    },
  });
};
