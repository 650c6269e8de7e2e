// The signed-in session lives in localStorage so a reload keeps the user signed in.
import type { Tenant, User } from './types.ts';

const TOKEN_KEY = 'o2c.token';
const SESSION_KEY = 'o2c.session';

export interface Session {
  user: User;
  tenant: Tenant;
}

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw && getToken() ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(token: string, session: Session): void {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(SESSION_KEY);
}

/** Admin may do everything; otherwise the user needs one of `roles`. */
export function hasRole(session: Session | null, ...roles: string[]): boolean {
  const mine = session?.user.roles ?? [];
  return mine.includes('admin') || roles.some((r) => mine.includes(r));
}
