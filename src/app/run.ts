import type { Db, Sql } from '../db/db.ts';
import type { Actor, Scope } from '../shared/scope.ts';

/** Runs a use case in its own transaction with a fresh scope (the clock is read per attempt). */
export function inTx<T>(db: Db, who: { tenantId: string; actor: Actor; now?: Date }, fn: (tx: Sql, s: Scope) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx, { tenantId: who.tenantId, actor: who.actor, now: who.now ?? new Date() }));
}
