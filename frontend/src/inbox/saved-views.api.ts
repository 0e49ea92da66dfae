import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/keys';
import type { CreateSavedViewDto } from '../api/openapi.gen';
import { notifyError } from '../ui/notify';

/** Saved views: named filter sets of the inbox, the agent's own and the shared ones, with their counts. */
export const savedViewsQuery = queryOptions({ queryKey: keys.views, queryFn: () => api.GET('/api/v1/views') });

/** POST /views; resolves to the view as saved. */
export function useCreateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (view: CreateSavedViewDto) => api.POST('/api/v1/views', { body: view }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.views }),
    onError: notifyError,
  });
}

/** DELETE /views/:id. */
export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.DELETE('/api/v1/views/{id}', { params: { path: { id } } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.views }),
    onError: notifyError,
  });
}
