import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { en } from '../../i18n/en';
import { notifyError } from '../../ui/notify';

/**
 * The admin area's mutations: each says "Saved" or what went wrong, and refreshes the list under
 * `invalidate` on success; `onDone` then gets the API's answer.
 */
export function useAdminMutation<TVars, TResult = unknown>(
  fn: (v: TVars) => Promise<TResult>,
  invalidate: QueryKey,
  onDone?: (r: TResult) => void,
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: invalidate });
      notifications.show({ message: en.admin.saved });
      onDone?.(r);
    },
    onError: notifyError,
  });
}
