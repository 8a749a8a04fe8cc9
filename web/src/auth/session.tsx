import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: Me }
  | { status: 'unavailable'; error: ApiError };

interface SessionApi {
  session: SessionState;
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
  refresh: () => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api<Me>('/auth/me', { signal: controller.signal, quietUnauthorized: true }).then(
      (me) => setSession({ status: 'signed-in', me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setSession({ status: 'anonymous' });
        else setSession({ status: 'unavailable', error: error instanceof ApiError ? error : new ApiError(0, {}) });
      },
    );
    return () => controller.abort();
  }, [generation]);

  useEffect(() => onUnauthorized(() => setSession({ status: 'anonymous' })), []);

  const signedIn = useCallback((me: Me) => setSession({ status: 'signed-in', me }), []);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  const logout = useCallback(async () => {
    try {
      await api<void>('/auth/logout', { method: 'POST', quietUnauthorized: true });
    } finally {
      setSession({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo(() => ({ session, signedIn, logout, refresh }), [session, signedIn, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The portal home of a signed-in user, or null when the account's roles open no portal. */
export function portalHome(me: Me): string | null {
  return me.portal === null ? null : `/${me.portal}`;
}

/** The signed-in user; only for components rendered behind the portal guard. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return session.me;
}
