import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, lazy, ReactNode, Suspense, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { setCsrfToken, setUnauthorizedHandler } from '../api/client';
import { keys } from '../api/keys';
import { meQuery, type SessionUser, useSignOut } from './auth.api';

// Only someone the admins make enrol needs it before the app: loaded on demand.
const EnrolTwoFactor = lazy(() => import('../account/TwoFactorSection').then((m) => ({ default: m.EnrolTwoFactor })));

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
  const me = useQuery(meQuery);
  const endSession = useSignOut();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      // Only a session that existed can end; a first visit goes to sign-in through `me` below.
      if (!qc.getQueryData(keys.me)) return;
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
    await endSession();
    navigate('/login', { replace: true });
  }, [endSession, navigate]);

  const value = useMemo(() => (me.data ? { user: me.data, signOut } : null), [me.data, signOut]);
  if (!value) return null;
  // Nothing else answers until two-factor is set up (the API refuses with 403 meanwhile).
  if (value.user.mustEnrolTotp)
    return (
      <Suspense fallback={null}>
        <EnrolTwoFactor
          required
          onDone={() => void qc.invalidateQueries({ queryKey: keys.me })}
          onSignOut={() => void signOut()}
        />
      </Suspense>
    );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
