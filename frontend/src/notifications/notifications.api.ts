import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/keys';
import { notifyError } from '../ui/notify';

/** The bell shows this many of the newest notifications. */
export const BELL_LIMIT = 20;

/** The agent's newest notifications and unread count. Live events refresh it (useLiveUpdates). */
export const notificationsQuery = queryOptions({
  queryKey: [...keys.notifications, 'latest'],
  queryFn: () => api.GET('/api/v1/notifications', { params: { query: { limit: BELL_LIMIT } } }),
});

/** POST /notifications/read: these notifications, or all of them. */
export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: number[] } | { all: true }) => api.POST('/api/v1/notifications/read', { body: which }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.notifications }),
    onError: notifyError,
  });
}
