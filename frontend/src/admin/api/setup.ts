import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { notifyError } from '../../ui/notify';

/** The setup checklist (admins): refreshed every minute while it shows. */
export const useSetupChecklist = () =>
  useQuery({ queryKey: keys.setup, queryFn: () => api.GET('/api/v1/setup'), refetchInterval: 60_000, retry: false });

/** POST /settings/relay/test: the relay's answer (or error) comes back as data; the checklist and banners refresh. */
export const useRelayTestMail = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (to: string) => api.POST('/api/v1/settings/relay/test', { body: { to } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.setup }),
    onError: notifyError,
  });
};
