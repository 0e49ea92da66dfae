import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, get, post, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { User } from '../api/types';

interface SessionValue {
  user: User;
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

export async function fetchMe(): Promise<User | null> {
  try {
    const me = await get<{ user: User; csrfToken: string | null }>('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return me.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signIn(email: string, password: string): Promise<User> {
  const res = await post<{ user: User; csrfToken: string }>('/api/v1/auth/login', { email, password });
  setCsrfToken(res.csrfToken);
  return res.user;
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
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
