import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { invalidateTicketLists, keys } from '../../api/keys';
import { en } from '../../i18n/en';
import { notifyError } from '../../ui/notify';

const KEY = keys.admin('deleted-tickets');

/** The trash: the newest 200 deleted tickets, each with when it is deleted for good. */
export const useDeletedTickets = () =>
  useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/tickets/deleted', { params: { query: { limit: 200 } } }) });

/** POST /tickets/:id/restore: the ticket is back in lists, views and search. */
export function useRestoreTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.POST('/api/v1/tickets/{id}/restore', { params: { path: { id } } }),
    onSuccess: (ticket) => {
      notifications.show({ message: en.admin.trash.restored(ticket.number) });
      void qc.invalidateQueries({ queryKey: KEY });
      void invalidateTicketLists(qc);
    },
    onError: notifyError,
  });
}
