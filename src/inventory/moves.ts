import type { Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { assert } from '../shared/failure.ts';

/**
 * One line of the stock ledger. on_hand_change and reserved_change are what the move does to the warehouse's
 * balances (stock_levels holds their running sums, checked by checkStockLedger); quantity is the units moved
 * (a pick moves units from a bin to the packing table without changing on hand); value is the inventory
 * value it moves, in the tenant's base currency.
 */
export interface Move {
  kind: 'receipt' | 'reservation' | 'release' | 'pick' | 'short_pick' | 'shipment' | 'return' | 'adjustment' | 'transfer_out' | 'transfer_in';
  productId: string;
  warehouseId: string;
  locationId?: string | null;
  quantity: bigint;
  onHand?: bigint;
  reserved?: bigint;
  value?: bigint;
  reference: string;
}

export async function writeMoves(tx: Sql, s: Scope, ms: Move[]): Promise<void> {
  if (!ms.length) return;
  await tx.query(
    `INSERT INTO stock_moves (tenant_id, id, product_id, warehouse_id, location_id, kind, quantity, on_hand_change, reserved_change, value,
       reference, occurred_at, actor_name)
     SELECT $1, v.id, v.pid, v.wid, v.lid, v.kind, v.q, v.oh, v.rs, v.val, v.ref, $2, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[])
         AS v(id, pid, wid, lid, kind, q, oh, rs, val, ref)`,
    [s.tenantId, s.now, s.actor.name, ms.map(() => uuidv7()), ms.map((m) => m.productId), ms.map((m) => m.warehouseId),
      ms.map((m) => m.locationId ?? null), ms.map((m) => m.kind), ms.map((m) => m.quantity), ms.map((m) => m.onHand ?? 0n),
      ms.map((m) => m.reserved ?? 0n), ms.map((m) => m.value ?? 0n), ms.map((m) => m.reference)],
  );
}

/** Adds to (or takes from) a bin; the CHECK on bin_stock refuses to take more than the bin holds. */
export async function changeBin(tx: Sql, s: Scope, locationId: string, productId: string, delta: bigint): Promise<void> {
  if (delta < 0n) {
    // An insert's CHECK runs before its conflict is seen, so units are taken by an update of the bin's row.
    const rows = await tx.query('UPDATE bin_stock SET quantity = quantity + $4 WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 RETURNING 1',
      [s.tenantId, locationId, productId, delta]);
    assert(rows.length === 1, `location ${locationId} holds product ${productId}`);
    return;
  }
  await tx.query(
    `INSERT INTO bin_stock (tenant_id, location_id, product_id, quantity) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, location_id, product_id) DO UPDATE SET quantity = bin_stock.quantity + EXCLUDED.quantity`,
    [s.tenantId, locationId, productId, delta]);
}
