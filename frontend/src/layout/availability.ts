import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { notifyError } from '../ui/notify';

const key = ['availability'] as const;

/**
 * Whether the signed-in agent is away (round-robin skips away agents): undefined while
 * loading or when round-robin does not list them. `setAway` saves it for them.
 */
export function useAway(userId: number) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: key, queryFn: () => api.GET('/api/v1/availability'), staleTime: 60_000 });
  const save = useMutation({
    mutationFn: (away: boolean) =>
      api.PUT('/api/v1/availability/{userId}', { params: { path: { userId } }, body: { away } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
    onError: notifyError,
  });
  return { away: list.data?.find((a) => a.userId === userId)?.away, setAway: save.mutate, saving: save.isPending };
}
