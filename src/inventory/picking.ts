import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { changeBin, writeMoves, type Move } from './moves.ts';
import { averageCost, baseCurrency } from './stock.ts';

// Picking moves reserved units from their bins to the packing table: on hand does not change (the goods are
// still in the building), the bin goes down and the reservation counts them as picked. So for a warehouse:
// on hand = Σ bins + Σ picked of its active reservations (checkStockLedger verifies it).

export interface Pickable {
  order_id: string;
  line_no: number;
  product_id: string;
  /** Reserved and not yet picked. */
  quantity: bigint;
}

/** Reserved units of a warehouse not picked yet, oldest order first (optionally for some orders only). */
export async function pickableReservations(db: Db | Sql, tenantId: string, warehouseId: string, orderIds?: string[]): Promise<Pickable[]> {
  return db.query<Pickable>(
    `SELECT order_id, line_no, product_id, quantity - picked AS quantity FROM reservations
      WHERE tenant_id = $1 AND warehouse_id = $2 AND status = 'active' AND quantity > picked
        AND ($3::uuid[] IS NULL OR order_id = ANY($3::uuid[]))
      ORDER BY order_id, line_no`, [tenantId, warehouseId, orderIds ?? null]);
}

export interface BinStock {
  location_id: string;
  code: string;
  product_id: string;
  quantity: bigint;
}

/** Storage bins of a warehouse holding the products, in walking order (location code). */
export async function binsOf(db: Db | Sql, tenantId: string, warehouseId: string, productIds: string[]): Promise<BinStock[]> {
  return db.query<BinStock>(
    `SELECT b.location_id, l.code, b.product_id, b.quantity FROM bin_stock b JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
      WHERE b.tenant_id = $1 AND l.warehouse_id = $2 AND b.product_id = ANY($3::uuid[]) AND b.quantity > 0 AND l.kind = 'storage'
      ORDER BY l.code, b.product_id`, [tenantId, warehouseId, productIds]);
}

export interface PickInput {
  orderId: string;
  lineNo: number;
  warehouseId: string;
  locationId: string;
  /** Units taken from the bin. */
  picked: bigint;
  /** Units the picker did not find in the bin. */
  short: bigint;
  reference: string;
}

/**
 * A confirmed pick. Found units leave the bin for the packing table. Units not found were never there: they
 * leave the books at moving average (Dr Inventory shrinkage / Cr Inventory) and the reservation gives them
 * up, so the order line waits for stock again (the order desk reallocates it). Returns units picked and short.
 */
export async function confirmPick(tx: Sql, s: Scope, p: PickInput): Promise<void> {
  assert(p.picked >= 0n && p.short >= 0n && p.picked + p.short > 0n, 'a pick confirms some units');
  const [r] = await tx.query<{ id: string; product_id: string; quantity: bigint; picked: bigint }>(
    `SELECT id, product_id, quantity, picked FROM reservations
      WHERE tenant_id = $1 AND order_id = $2 AND line_no = $3 AND warehouse_id = $4 AND status = 'active' FOR UPDATE`,
    [s.tenantId, p.orderId, p.lineNo, p.warehouseId]);
  if (!r || r.quantity - r.picked < p.picked + p.short) {
    throw new Failure('invalid_state', `order line ${p.lineNo}: ${p.picked + p.short} to pick but ${r ? r.quantity - r.picked : 0n} reserved and unpicked`, 'picked');
  }
  const [bin] = await tx.query<{ quantity: bigint }>('SELECT quantity FROM bin_stock WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 FOR UPDATE',
    [s.tenantId, p.locationId, r.product_id]);
  if ((bin?.quantity ?? 0n) < p.picked + p.short) {
    throw new Failure('invalid_state', `the bin holds ${bin?.quantity ?? 0n} on the books, ${p.picked + p.short} confirmed`, 'picked');
  }
  await changeBin(tx, s, p.locationId, r.product_id, -(p.picked + p.short));
  const left = r.quantity - p.short;
  await tx.query(
    `UPDATE reservations SET picked = picked + $3, quantity = CASE WHEN $4::bigint > 0 THEN $4::bigint ELSE quantity END,
            status = CASE WHEN $4::bigint > 0 THEN 'active' ELSE 'released' END WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, r.id, p.picked, left]);
  const moves: Move[] = [];
  if (p.picked > 0n) moves.push({ kind: 'pick', productId: r.product_id, warehouseId: p.warehouseId, locationId: p.locationId, quantity: p.picked, reference: p.reference });
  if (p.short > 0n) {
    const [level] = await tx.query<{ on_hand: bigint; reserved: bigint; value: bigint }>(
      'SELECT on_hand, reserved, value FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 FOR UPDATE',
      [s.tenantId, r.product_id, p.warehouseId]);
    assert(level && level.on_hand >= p.short && level.reserved >= p.short, 'short units were on hand and reserved');
    const value = averageCost(level, p.short);
    await tx.query('UPDATE stock_levels SET on_hand = on_hand - $4, reserved = reserved - $4, value = value - $5 WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3',
      [s.tenantId, r.product_id, p.warehouseId, p.short, value]);
    moves.push({ kind: 'short_pick', productId: r.product_id, warehouseId: p.warehouseId, locationId: p.locationId, quantity: -p.short, onHand: -p.short, reserved: -p.short, value: -value, reference: p.reference });
    await post(tx, s, {
      sourceKey: `${p.reference}:short:${p.orderId}:${p.lineNo}:${p.locationId}`,
      description: `Short pick: ${p.short} units not found (${p.reference})`,
      currency: await baseCurrency(tx, s),
      lines: [{ account: ACCOUNTS.inventoryShrinkage, debit: value }, { account: ACCOUNTS.inventory, credit: value }],
    });
    await emit(tx, s, {
      type: 'stock.short_picked', summary: `${p.short} units not found at the pick (${p.reference})`, subjects: { product: r.product_id, order: p.orderId },
      data: { product_id: r.product_id, order_id: p.orderId, line_no: p.lineNo, warehouse_id: p.warehouseId, short: p.short },
    });
  }
  await writeMoves(tx, s, moves);
}

/**
 * The stock ledger's invariants for a tenant, as a list of what does not hold (empty when all is well):
 * balances equal the sums of their moves, on hand = bins + picked, reserved = active reservations.
 */
export async function checkStockLedger(db: Db | Sql, tenantId: string): Promise<string[]> {
  const rows = await db.query<{ product_id: string; warehouse_id: string; on_hand: bigint; reserved: bigint; moved_on_hand: bigint; moved_reserved: bigint; bins: bigint; picked: bigint; reservations: bigint }>(
    `SELECT sl.product_id, sl.warehouse_id, sl.on_hand, sl.reserved,
            COALESCE((SELECT SUM(on_hand_change) FROM stock_moves m WHERE m.tenant_id = sl.tenant_id AND m.product_id = sl.product_id AND m.warehouse_id = sl.warehouse_id), 0)::bigint AS moved_on_hand,
            COALESCE((SELECT SUM(reserved_change) FROM stock_moves m WHERE m.tenant_id = sl.tenant_id AND m.product_id = sl.product_id AND m.warehouse_id = sl.warehouse_id), 0)::bigint AS moved_reserved,
            COALESCE((SELECT SUM(b.quantity) FROM bin_stock b JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
                       WHERE b.tenant_id = sl.tenant_id AND b.product_id = sl.product_id AND l.warehouse_id = sl.warehouse_id), 0)::bigint AS bins,
            COALESCE((SELECT SUM(picked) FROM reservations r WHERE r.tenant_id = sl.tenant_id AND r.product_id = sl.product_id AND r.warehouse_id = sl.warehouse_id AND r.status = 'active'), 0)::bigint AS picked,
            COALESCE((SELECT SUM(quantity) FROM reservations r WHERE r.tenant_id = sl.tenant_id AND r.product_id = sl.product_id AND r.warehouse_id = sl.warehouse_id AND r.status = 'active'), 0)::bigint AS reservations
       FROM stock_levels sl WHERE sl.tenant_id = $1`, [tenantId]);
  const problems: string[] = [];
  for (const r of rows) {
    const at = `product ${r.product_id} in warehouse ${r.warehouse_id}`;
    if (r.on_hand !== r.moved_on_hand) problems.push(`${at}: on hand ${r.on_hand}, moves say ${r.moved_on_hand}`);
    if (r.reserved !== r.moved_reserved) problems.push(`${at}: reserved ${r.reserved}, moves say ${r.moved_reserved}`);
    if (r.on_hand !== r.bins + r.picked) problems.push(`${at}: on hand ${r.on_hand}, bins ${r.bins} + picked ${r.picked}`);
    if (r.reserved !== r.reservations) problems.push(`${at}: reserved ${r.reserved}, active reservations ${r.reservations}`);
  }
  return problems;
}
