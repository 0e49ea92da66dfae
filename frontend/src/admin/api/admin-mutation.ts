import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { en } from '../../i18n/en';
import { notifyError } from '../../ui/notify';

/**
 * The admin area's mutations: each says "Saved" or what went wrong, and refreshes the list under
 * `invalidate` on success; once that refetch is in, `onDone` gets the API's answer.
 */
export function useAdminMutation<TVars, TResult = unknown>(
  fn: (v: TVars) => Promise<TResult>,
  invalidate: QueryKey,
  onDone?: (r: TResult) => void,
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Done once the list shows the change: a dialog closed earlier would reveal the old state
    // (a switch flicking back) until the refetch lands.
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: invalidate });
      notifications.show({ message: en.admin.saved });
      onDone?.(r);
    },
    onError: notifyError,
  });
}
