import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client';
import { keys } from '../api/keys';
import type { LoginDto, LoginTotpDto, LoginView, PublicSsoProviderView } from '../api/openapi.gen';
import type { User } from '../api/types';
import { notifyError } from '../ui/notify';

/**
 * The session: who is signed in, sign-in (password, second factor, single sign-on) and
 * sign-out; and one's own account security (two-factor, sessions). Each call that opens a
 * session keeps the CSRF token the API hands out with it (echoed by the client on unsafe
 * methods) up to date.
 */

/** The signed-in user; `mustEnrolTotp`: the admins require two-factor and this user must set it up first. */
export type SessionUser = User & { mustEnrolTotp?: boolean };

/** GET /auth/me: the signed-in user, or null without a session (401). */
export async function fetchMe(): Promise<SessionUser | null> {
  try {
    const me = await api.GET('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return { ...me.user, mustEnrolTotp: me.mustEnrolTotp };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The session's user, asked once: a 401 from any later call ends the session instead (RequireSession). */
export const meQuery = queryOptions({ queryKey: keys.me, queryFn: fetchMe, staleTime: Infinity });

/** A signed-in user, or the challenge to answer with a second-factor code (no session yet). */
export type SignInResult = { user: SessionUser } | { challenge: string };

/** Stores a session the API just opened: its CSRF token, and its user as the session's. */
function useStartSession() {
  const qc = useQueryClient();
  return useCallback(
    (login: LoginView): SessionUser => {
      setCsrfToken(login.csrfToken);
      const user = { ...login.user, mustEnrolTotp: login.mustEnrolTotp };
      qc.setQueryData(keys.me, user);
      return user;
    },
    [qc],
  );
}

/**
 * POST /auth/login. Resolves to the user, who becomes the session's, or (two-factor on) to the
 * challenge for `useSignInWithCode`. A wrong password is an ApiError 401; an agent whose
 * provider is enforced gets 403.
 */
export function useSignIn() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: async (credentials: LoginDto): Promise<SignInResult> => {
      const res = await api.POST('/api/v1/auth/login', { body: credentials });
      return 'twoFactorRequired' in res ? { challenge: res.challenge } : { user: startSession(res) };
    },
  });
}

/**
 * POST /auth/login/totp: the second step, the challenge and a code from the authenticator app
 * (or a recovery code); resolves to the session's user. A wrong code is an ApiError 401, as is
 * a challenge that expired (its message says so: sign in with the password again).
 */
export function useSignInWithCode() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: async (answer: LoginTotpDto) =>
      startSession(await api.POST('/api/v1/auth/login/totp', { body: answer })),
  });
}

/** GET /auth/providers/public: the single sign-on providers the sign-in page offers (none when it fails). */
export const usePublicSsoProviders = () =>
  useQuery({
    queryKey: keys.ssoPublic,
    queryFn: async () => (await api.GET('/api/v1/auth/providers/public')).items,
    retry: false,
  });

/** Where "Sign in with <name>" goes: the provider's start route, which redirects to it; back to `returnTo` after. */
export const ssoStartHref = (provider: PublicSsoProviderView, returnTo: string) =>
  `${provider.startUrl}?${new URLSearchParams({ returnTo })}`;

/** POST /auth/logout, then forgets the token and every cached answer, whether or not the API was reached. */
export function useSignOut() {
  const qc = useQueryClient();
  return useCallback(async () => {
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    qc.clear();
  }, [qc]);
}

// One's own two-factor sign-in (TOTP, RFC 6238). The screens show these errors themselves.

/** GET /auth/me/totp: on or off, since when, recovery codes left, whether the admins require it. */
export const useTotpStatus = () => useQuery({ queryKey: keys.totp, queryFn: () => api.GET('/api/v1/auth/me/totp') });

/** POST /auth/me/totp: a new key to scan (`otpauthUrl`) or type (`secret`); nothing changes until confirmed. */
export const useBeginTotp = () => useMutation({ mutationFn: () => api.POST('/api/v1/auth/me/totp') });

/**
 * POST /auth/me/totp/confirm: turns two-factor on with a code from the app; resolves to the ten
 * recovery codes. Refreshes nothing: the screen shows the codes first, and refreshes the status
 * (or the session) once they are put away.
 */
export const useConfirmTotp = () =>
  useMutation({
    mutationFn: async (code: string) =>
      (await api.POST('/api/v1/auth/me/totp/confirm', { body: { code } })).recoveryCodes,
  });

/** DELETE /auth/me/totp: turns two-factor off; needs the password and a code (wrong ones: ApiError 401). */
export function useDisableTotp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (proof: { password: string; code: string }) => api.DELETE('/api/v1/auth/me/totp', { body: proof }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.totp }),
  });
}

// One's own browser sessions.

/** GET /auth/me/sessions: where one is signed in, newest first, this browser's marked `current`. */
export const useMySessions = () =>
  useQuery({ queryKey: keys.mySessions, queryFn: async () => (await api.GET('/api/v1/auth/me/sessions')).items });

/** DELETE /auth/me/sessions/:id: signs that browser out. */
export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.DELETE('/api/v1/auth/me/sessions/{id}', { params: { path: { id } } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mySessions }),
    onError: notifyError,
  });
}

/** PATCH /auth/me with one's name, job title and signature (what replies are signed with). */
export function useUpdateProfile(onDone: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (profile: { name: string; title: string; signature: string }) =>
      api.PATCH('/api/v1/auth/me', { body: profile }),
    onSuccess: (me) => {
      qc.setQueryData<SessionUser | null>(keys.me, (old) => (old ? { ...old, ...me } : old));
      // The composers' signature previews show the new one; the agent lists (assignee pickers) the new name.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey.at(-1) === 'reply-signature' });
      void qc.invalidateQueries({ queryKey: keys.users });
      onDone();
    },
    onError: notifyError,
  });
}

/** POST /auth/password-reset: "forgot password"; the answer is the same whether the address has an account or not. */
export const useRequestPasswordReset = () =>
  useMutation({ mutationFn: (email: string) => api.POST('/api/v1/auth/password-reset', { body: { email } }) });

/**
 * POST /auth/password-reset/confirm: sets the password with the token of a mailed link (a
 * reset or an invitation). An expired, used or replaced link is an ApiError 400 whose
 * message says which.
 */
export const useSetPasswordWithLink = () =>
  useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      api.POST('/api/v1/auth/password-reset/confirm', { body }),
  });

/** PATCH /auth/me with the current and a new password; the other sessions end. A wrong current one is a 401 with `fields.currentPassword`. */
export const useChangePassword = (onDone: () => void) =>
  useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.PATCH('/api/v1/auth/me', { body }),
    onSuccess: onDone,
  });
