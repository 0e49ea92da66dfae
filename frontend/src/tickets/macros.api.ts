import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { invalidateTickets } from '../api/keys';
import { notifyError } from '../ui/notify';

/** Macros an agent can apply (shared and their own), and applying one to a ticket. */
export const macroKeys = {
  all: ['macros'] as const,
  preview: (ticketId: number, macroId: number) => ['macros', 'preview', ticketId, macroId] as const,
};

export const useMacros = () =>
  useQuery({ queryKey: macroKeys.all, queryFn: () => api.GET('/api/v1/macros'), staleTime: 60_000 });

/** What a macro would do to the ticket now (nothing changes). */
export const useMacroPreview = (ticketId: number, macroId: number | null) =>
  useQuery({
    queryKey: macroKeys.preview(ticketId, macroId ?? 0),
    queryFn: () =>
      api.GET('/api/v1/tickets/{id}/macros/{macroId}/preview', {
        params: { path: { id: ticketId, macroId: macroId! } },
      }),
    enabled: macroId !== null,
  });

/** Applies a macro; resolves with its reply text (for the composer) once the ticket is refreshed. */
export function useApplyMacro(ticketId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (macroId: number) =>
      api.POST('/api/v1/tickets/{id}/macros/{macroId}', { params: { path: { id: ticketId, macroId } } }),
    onSuccess: () => invalidateTickets(qc, [ticketId]),
    onError: notifyError,
  });
}
