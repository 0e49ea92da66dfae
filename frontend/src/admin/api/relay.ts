import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('relay');

/** The outbound SMTP relay and where it is set (the environment wins over the settings). */
export const useRelaySetting = () =>
  useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/settings/relay'), retry: false });

/** PUT /settings/relay; null removes the relay (mail then waits in the outbox). */
export const useSaveRelaySetting = () => {
  const qc = useQueryClient();
  // The setup checklist and the "can replies go out" banner change with the relay.
  return useAdminMutation(
    (url: string | null) => api.PUT('/api/v1/settings/relay', { body: { url } }),
    KEY,
    () => void qc.invalidateQueries({ queryKey: keys.setup }),
  );
};
