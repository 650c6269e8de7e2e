import type { Db, Sql } from '../db/db.ts';
import { openPromises } from './contacts.ts';

/**
 * The items dunning leaves alone as of a date, with the reason a collector reads: those covered by a promise to
 * pay whose date has not passed. (A disputed item is left out by its own flag on the open item.) A promise that
 * is broken — its date passed and the items still open — holds nothing any more, so the next run duns them.
 */
export async function heldItems(db: Db | Sql, tenantId: string, customerIds: string[], asOf: string): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for (const p of await openPromises(db, tenantId, customerIds, asOf)) {
    for (const item of p.item_ids) if (!held.has(item)) held.set(item, `promise to pay by ${p.promised_date}`);
  }
  return held;
}
