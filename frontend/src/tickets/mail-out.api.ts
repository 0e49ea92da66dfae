import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/keys';

/** Whether replies can be emailed now, why not, and what waits (every agent; checked every 30 s). */
export const useMailOutStatus = () =>
  useQuery({
    queryKey: keys.mailOut,
    queryFn: () => api.GET('/api/v1/setup/mail-out'),
    refetchInterval: 30_000,
    retry: false,
  });
