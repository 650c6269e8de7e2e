import type { Sql } from '../db/db.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { recordOpenChange } from './changes.ts';
import type { ArItem } from './items.ts';

const COLUMNS = `i.id, i.customer_id, i.kind, i.source_id, i.instalment, i.document_number, i.order_id, i.currency, i.amount, i.open_amount,
  i.issue_date, i.due_date, i.settled_at, i.in_dispute, i.discount_amount, i.discount_until`;

/**
 * Takes amounts off many items in one statement (reduceItem for bulk work). Every item must have at least what is
 * taken open, or nothing is taken and the call fails: a receivable is never reduced below zero, and two runs can
 * never together take more than is open (the UPDATE locks each row and re-checks it). As with reduceItem, the
 * caller records why and then calls settledIfClosed for each item returned.
 */
export async function reduceItems(tx: Sql, s: Scope, reductions: { itemId: string; amount: bigint }[]): Promise<ArItem[]> {
  if (!reductions.length) return [];
  const total = new Map<string, bigint>();
  for (const r of reductions) {
    assert(r.amount > 0n, 'a reduction is positive');
    total.set(r.itemId, (total.get(r.itemId) ?? 0n) + r.amount);
  }
  const ids = [...total.keys()];
  const rows = await tx.query<ArItem>(
    `UPDATE ar_items i SET open_amount = i.open_amount - v.amount, settled_at = CASE WHEN i.open_amount = v.amount THEN $2::timestamptz END
       FROM unnest($3::uuid[], $4::bigint[]) AS v(id, amount)
      WHERE i.tenant_id = $1 AND i.id = v.id AND i.open_amount >= v.amount
      RETURNING ${COLUMNS}`,
    [s.tenantId, s.now, ids, ids.map((id) => total.get(id)!)]);
  if (rows.length !== ids.length) {
    throw new Failure('conflict', `${ids.length - rows.length} of ${ids.length} items have less open than is applied to them (paid meanwhile?)`, 'amount');
  }
  for (const r of rows) recordOpenChange(tx, s, r, -total.get(r.id)!);
  return rows;
}
