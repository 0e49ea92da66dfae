import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('tokens');

/** The signed-in user's API tokens. */
export const useApiTokens = () => useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/tokens') });

/** POST /tokens; `onCreated` gets the secret, which the API shows this once. */
export const useCreateApiToken = (onCreated: (secret: string) => void) =>
  useAdminMutation(
    (name: string) => api.POST('/api/v1/tokens', { body: { name } }),
    KEY,
    (created) => onCreated(created.token),
  );

export const useRevokeApiToken = () =>
  useAdminMutation((id: number) => api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }), KEY);
