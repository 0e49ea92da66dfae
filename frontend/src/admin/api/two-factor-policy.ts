import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/keys';
import { useAdminMutation } from './admin-mutation';

const KEY = keys.admin('two-factor-policy');

/** GET /settings/two-factor: whether every password sign-in needs a second factor. */
export const useTwoFactorPolicy = () =>
  useQuery({ queryKey: KEY, queryFn: () => api.GET('/api/v1/settings/two-factor') });

/**
 * PUT /settings/two-factor. Sessions open now stay; from their next password sign-in, people
 * without two-factor must set it up before anything else. Single sign-on relies on the provider's MFA.
 */
export const useSetTwoFactorPolicy = (onDone: () => void) =>
  useAdminMutation((required: boolean) => api.PUT('/api/v1/settings/two-factor', { body: { required } }), KEY, onDone);
