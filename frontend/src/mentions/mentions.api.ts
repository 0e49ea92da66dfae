import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client';
import { keys } from '../api/keys';
import { pagedQuery } from '../api/paging';
import { notifyError } from '../ui/notify';

/** The agent's mentions inbox: where they were @-mentioned. Live events refresh it (useLiveUpdates). */

export const mentionsUnreadQuery = queryOptions({
  queryKey: [...keys.mentions, 'unread'],
  queryFn: () => api.GET('/api/v1/mentions/unread'),
});

export const useMentions = () =>
  useInfiniteQuery(
    pagedQuery([...keys.mentions, 'list'], (cursor) =>
      api.GET('/api/v1/mentions', { params: { query: { cursor, limit: 50 } } }),
    ),
  );

/** POST /mentions/read: these mentions, all on a ticket, or (neither) all. */
export function useMarkMentionsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids?: number[]; ticketId?: number }) => api.POST('/api/v1/mentions/read', { body: which }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mentions }),
    onError: notifyError,
  });
}

/**
 * Opening a ticket reads the agent's mentions on it (as opening the mention would): while
 * they have unread mentions at all, one POST /mentions/read for this ticket per visit.
 */
export function useReadMentionsOn(ticketId: number) {
  // Keyed on "any unread", not the count: the count falling afterwards is this call's own doing.
  const anyUnread = (useQuery(mentionsUnreadQuery).data?.unread ?? 0) > 0;
  const { mutate } = useMarkMentionsRead();
  useEffect(() => {
    if (anyUnread) mutate({ ticketId });
  }, [ticketId, anyUnread, mutate]);
}
