import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import type { Scope } from '../shared/scope.ts';

export const RESOLUTIONS = ['credit_note', 'write_off', 'rebill', 'deduction_accepted', 'rejected'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/**
 * Marks a dispute resolved and takes the item out of dispute once no other dispute on it is open (dunning may
 * take it up again). Shared by resolving a dispute and by posting the write-off that resolves one; `amount` is
 * what the resolution took off the item itself (an accepted deduction), if anything.
 */
export async function closeDispute(
  tx: Sql, s: Scope, disputeId: string,
  r: { resolution: Resolution; ref: string | null; note: string | null; summary: string; amount?: bigint },
): Promise<void> {
  const [d] = await tx.query<{ item_id: string; customer_id: string }>(
    `UPDATE ar_disputes SET status = 'resolved', resolution = $3, resolution_ref = $4, resolution_note = $5, resolved_at = $6, resolved_by = $7,
       resolved_amount = $8
      WHERE tenant_id = $1 AND id = $2 AND status = 'open' RETURNING item_id, customer_id`,
    [s.tenantId, disputeId, r.resolution, r.ref, r.note, s.now, s.actor.name, r.amount ?? null]);
  if (!d) return;
  await tx.query(
    `UPDATE ar_items SET in_dispute = EXISTS (SELECT 1 FROM ar_disputes WHERE tenant_id = $1 AND item_id = $2 AND status = 'open')
      WHERE tenant_id = $1 AND id = $2`, [s.tenantId, d.item_id]);
  await emit(tx, s, {
    type: 'receivable.dispute_resolved',
    summary: r.summary,
    subjects: { customer: d.customer_id },
    data: { dispute_id: disputeId, item_id: d.item_id, resolution: r.resolution, ref: r.ref },
  });
}
