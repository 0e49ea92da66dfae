import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('licence');

/** Licence status and seats (absent on a server without licensing: 404). */
export const useLicence = () => useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/licence'), retry: false });

/** PUT /licence: installs a licence key. */
export const useInstallLicence = (onDone: () => void) =>
  useAdminMutation((key: string) => api.PUT('/api/v1/licence', { body: { key } }), KEY, onDone);

/** DELETE /licence: removes the installed key (one set by the environment stays). */
export const useRemoveLicence = () => useAdminMutation(() => api.DELETE('/api/v1/licence'), KEY);
