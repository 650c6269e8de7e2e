export const ROLES = ['admin', 'sales', 'credit', 'warehouse', 'billing', 'collector', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'cli';
  id: string | null;
  name: string;
  roles: readonly Role[];
}

/** Who acts, for which tenant, and at what moment; every use case runs inside one. */
export interface Scope {
  tenantId: string;
  actor: Actor;
  now: Date;
  /**
   * Tenant configuration read once per request or bulk run (tenant, tax rates, settings, warehouse): the
   * caller shares it over work during which configuration does not change.
   */
  memo?: Map<string, Promise<unknown>>;
}

/** Reads a piece of configuration once per scope's memo (every time when the scope has none). */
export function memoized<T>(s: Scope, key: string, load: () => Promise<T>): Promise<T> {
  if (!s.memo) return load();
  let p = s.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    s.memo.set(key, p);
    p.catch(() => s.memo?.delete(key));
  }
  return p;
}

export const systemActor: Actor = { type: 'system', id: null, name: 'system', roles: ['admin'] };

export function today(s: Scope): string {
  return s.now.toISOString().slice(0, 10);
}
