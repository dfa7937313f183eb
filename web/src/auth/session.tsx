import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { connectApi } from '../api/client';

export type Role = 'officer' | 'supplier' | 'manager' | 'admin';

/** Who is signed in: the claims of the bearer token the API verifies (the console trusts the API, not itself). */
export interface Session {
  token: string;
  id: string;
  name: string;
  role: Role;
  org: string | null;
  businessId: string | null;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** How the token was obtained: an OIDC sign-out also ends the provider's session. */
  source: 'development' | 'oidc';
  /** OIDC: the ID token, for RP-initiated logout. */
  idToken?: string;
}

const STORAGE_KEY = 'ppe.session';

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** A session from a token; null when it is not a JWT with the claims the API needs, or has expired. */
export function sessionFromToken(token: string, source: Session['source'], idToken?: string): Session | null {
  try {
    const claims = decodeClaims(token);
    const role = claims.role as Role;
    if (typeof claims.sub !== 'string' || !['officer', 'supplier', 'manager', 'admin'].includes(role)) return null;
    const expiresAt = typeof claims.exp === 'number' ? claims.exp : 0;
    if (expiresAt * 1000 <= Date.now()) return null;
    return {
      token,
      id: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : claims.sub,
      role,
      org: typeof claims.org === 'string' ? claims.org : null,
      businessId: typeof claims.businessId === 'string' ? claims.businessId : null,
      expiresAt,
      source,
      idToken,
    };
  } catch {
    return null;
  }
}

function stored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt * 1000 > Date.now() ? session : null;
  } catch {
    return null;
  }
}

interface SessionContextValue {
  session: Session | null;
  /** True once a signed-in request was refused with 401: the page says so and offers sign-in. */
  expired: boolean;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Keeps the session in sessionStorage (one tab, gone when the browser closes) and hands the token to
 * the API client. A 401 ends the session.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const [expired, setExpired] = useState(false);
  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setExpired(false);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);
  // Before children render, so their first request already carries the token.
  connectApi({ token: session?.token ?? null });
  useEffect(() => {
    connectApi({
      onUnauthorised: () => {
        sessionStorage.removeItem(STORAGE_KEY);
        setExpired(true);
        setSession(null);
      },
    });
  }, []);
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => {
        setExpired(true);
        signOut();
      },
      Math.max(0, session.expiresAt * 1000 - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [session, signOut]);
  const value = useMemo(() => ({ session, expired, signIn, signOut }), [session, expired, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session; only for pages behind RequireSession. */
export function useCaller(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useCaller without a session');
  return session;
}

/** Each role's front page. */
export function homeOf(role: Role): string {
  return role === 'supplier' ? '/dialogues' : role === 'manager' || role === 'admin' ? '/portfolio' : '/plans';
}
