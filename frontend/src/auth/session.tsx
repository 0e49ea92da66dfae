import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, lazy, ReactNode, Suspense, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, get, post, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Login, TwoFactorChallenge, User } from '../api/types';

// Only someone the admins make enrol needs it before the app: loaded on demand.
const EnrolTwoFactor = lazy(() => import('../account/TwoFactorSection').then((m) => ({ default: m.EnrolTwoFactor })));

/** The signed-in user; `mustEnrolTotp`: the admins require two-factor and this user must set it up first. */
export type SessionUser = User & { mustEnrolTotp?: boolean };

interface SessionValue {
  user: SessionUser;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in agent. Only valid below <RequireSession>. */
export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <RequireSession>');
  return s;
}

export const ME_KEY = ['auth', 'me'] as const;

export async function fetchMe(): Promise<SessionUser | null> {
  try {
    const me = await get<{ user: User; csrfToken: string | null; mustEnrolTotp: boolean }>('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return { ...me.user, mustEnrolTotp: me.mustEnrolTotp };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** A signed-in user, or the challenge to answer with a second-factor code (no session yet). */
export type SignInResult = { user: SessionUser } | { challenge: string };

const signedIn = (res: Login): SignInResult => {
  setCsrfToken(res.csrfToken);
  return { user: { ...res.user, mustEnrolTotp: res.mustEnrolTotp } };
};

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const res = await post<Login | TwoFactorChallenge>('/api/v1/auth/login', { email, password });
  return 'twoFactorRequired' in res ? { challenge: res.challenge } : signedIn(res);
}

/** The second step: the challenge and a code from the authenticator app (or a recovery code). */
export async function signInWithCode(challenge: string, code: string): Promise<SessionUser> {
  const res = signedIn(await post<Login>('/api/v1/auth/login/totp', { challenge, code }));
  return (res as { user: SessionUser }).user;
}

/** Where sign-in sends you back to: the page you were on when the session ended. */
export const signInPath = (from: string, expired = false) =>
  `/login?${new URLSearchParams({ from, ...(expired ? { expired: '1' } : {}) })}`;

/**
 * Renders its children only with a session; without one (or when any API call answers
 * 401 later) goes to sign-in, remembering the page to come back to.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const here = location.pathname + location.search;
  const hereRef = useRef(here);
  hereRef.current = here;
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity });

  useEffect(() => {
    setUnauthorizedHandler(() => {
      // Only a session that existed can end; a first visit goes to sign-in through `me` below.
      if (!qc.getQueryData(ME_KEY)) return;
      setCsrfToken(null);
      qc.clear();
      navigate(signInPath(hereRef.current, true), { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, navigate]);

  useEffect(() => {
    if (me.data === null) navigate(signInPath(here), { replace: true });
  }, [me.data, here, navigate]);

  const signOut = useCallback(async () => {
    await post('/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    qc.clear();
    navigate('/login', { replace: true });
  }, [qc, navigate]);

  const value = useMemo(() => (me.data ? { user: me.data, signOut } : null), [me.data, signOut]);
  if (!value) return null;
  // Nothing else answers until two-factor is set up (the API refuses with 403 meanwhile).
  if (value.user.mustEnrolTotp)
    return (
      <Suspense fallback={null}>
        <EnrolTwoFactor
          required
          onDone={() => void qc.invalidateQueries({ queryKey: ME_KEY })}
          onSignOut={() => void signOut()}
        />
      </Suspense>
    );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
