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
}

export const systemActor: Actor = { type: 'system', id: null, name: 'system', roles: ['admin'] };

export function today(s: Scope): string {
  return s.now.toISOString().slice(0, 10);
}
