import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client';
import { keys } from '../api/keys';
import type { LoginDto } from '../api/openapi.gen';
import type { User } from '../api/types';

/**
 * The session: who is signed in, sign-in and sign-out. Each keeps the CSRF token the API hands
 * out with the session (echoed by the client on unsafe methods) up to date.
 */

/** GET /auth/me: the signed-in user, or null without a session (401). */
export async function fetchMe(): Promise<User | null> {
  try {
    const me = await api.GET('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return me.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The session's user, asked once: a 401 from any later call ends the session instead (RequireSession). */
export const meQuery = queryOptions({ queryKey: keys.me, queryFn: fetchMe, staleTime: Infinity });

/** POST /auth/login; resolves to the user, who becomes the session's. A wrong password is an ApiError 401. */
export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginDto) => api.POST('/api/v1/auth/login', { body: credentials }),
    onSuccess: ({ user, csrfToken }) => {
      setCsrfToken(csrfToken);
      qc.setQueryData(keys.me, user);
    },
  });
}

/** POST /auth/logout, then forgets the token and every cached answer, whether or not the API was reached. */
export function useSignOut() {
  const qc = useQueryClient();
  return useCallback(async () => {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    qc.clear();
  }, [qc]);
}
