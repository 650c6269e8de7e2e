import type { Db, Sql } from '../db/db.ts';
import { tenantById } from '../identity/tenants.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { uuidv7 } from '../shared/ids.ts';
import { getProduct } from '../catalog/products.ts';
import { assert, Failure, invalid } from '../shared/failure.ts';
import { divRoundHalfUp, formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';

// Valuation: moving average. stock_levels.value is the value of what is on hand, in the tenant's base
// currency; a shipment takes value × shipped / on_hand (rounded half up), and the last unit takes all that
// is left, so the inventory account always equals the sum of stock values.

export async function installWarehouse(tx: Sql, tenantId: string): Promise<void> {
  await tx.query(
    `INSERT INTO warehouses (tenant_id, id, code, name) VALUES ($1, $2, 'MAIN', 'Main warehouse') ON CONFLICT DO NOTHING`,
    [tenantId, uuidv7()],
  );
}

async function defaultWarehouse(tx: Sql, tenantId: string): Promise<string> {
  const [w] = await tx.query<{ id: string }>(
    `SELECT id FROM warehouses WHERE tenant_id = $1 ORDER BY code = 'MAIN' DESC, code LIMIT 1`, [tenantId]);
  assert(w, 'every tenant has a warehouse');
  return w.id;
}

async function move(
  tx: Sql, s: Scope, m: { productId: string; warehouseId: string; kind: string; quantity: bigint; value: bigint; reference: string },
) {
  await tx.query(
    `INSERT INTO stock_moves (tenant_id, id, product_id, warehouse_id, kind, quantity, value, reference, occurred_at, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [s.tenantId, uuidv7(), m.productId, m.warehouseId, m.kind, m.quantity, m.value, m.reference, s.now, s.actor.name],
  );
}

/** Goods in: Dr Inventory / Cr Goods received not invoiced, at quantity × unit cost. */
export async function receiveStock(
  tx: Sql, s: Scope, input: { productId: string; quantity: bigint; unitCost: string; reference?: string },
): Promise<{ on_hand: bigint; value: bigint }> {
  if (input.quantity <= 0n) throw invalid('quantity', 'quantity must be a positive whole number');
  const tenant = await tenantById(tx, s.tenantId);
  assert(tenant, 'tenant exists');
  const unitCost = parseAmount(input.unitCost, tenant.base_currency);
  if (unitCost === null || unitCost < 0n) throw invalid('unit_cost', `unit cost "${input.unitCost}" is not an amount in ${tenant.base_currency}`);
  await getProduct(tx, s.tenantId, input.productId);
  const warehouseId = await defaultWarehouse(tx, s.tenantId);
  const value = unitCost * input.quantity;
  const [level] = await tx.query<{ on_hand: bigint; value: bigint }>(
    `INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, value) VALUES ($1, $2, $3, $4, 0, $5)
     ON CONFLICT (tenant_id, product_id, warehouse_id)
     DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, value = stock_levels.value + EXCLUDED.value
     RETURNING on_hand, value`,
    [s.tenantId, input.productId, warehouseId, input.quantity, value],
  );
  const receiptId = uuidv7();
  await move(tx, s, { productId: input.productId, warehouseId, kind: 'receipt', quantity: input.quantity, value, reference: input.reference ?? `receipt:${receiptId}` });
  await post(tx, s, {
    sourceKey: `receipt:${receiptId}`,
    description: `Stock received ${input.quantity} × ${formatAmount(unitCost, tenant.base_currency)}`,
    currency: tenant.base_currency,
    lines: [
      { account: ACCOUNTS.inventory, debit: value },
      { account: ACCOUNTS.goodsReceived, credit: value },
    ],
  });
  return level;
}

export interface ReservationLine {
  lineNo: number;
  productId: string;
  sku: string;
  quantity: bigint;
}

/**
 * Reserves every line or none. The conditional UPDATE is the oversell guard: it only succeeds while
 * on_hand − reserved covers the quantity, and the row lock makes concurrent reservations queue.
 */
export async function reserve(tx: Sql, s: Scope, orderId: string, lines: ReservationLine[]): Promise<void> {
  const warehouseId = await defaultWarehouse(tx, s.tenantId);
  for (const l of lines) {
    assert(l.quantity > 0n, 'reservation quantity positive');
    const ok = await tx.query(
      `UPDATE stock_levels SET reserved = reserved + $4
        WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 AND on_hand - reserved >= $4 RETURNING 1`,
      [s.tenantId, l.productId, warehouseId, l.quantity],
    );
    if (!ok.length) {
      const [lvl] = await tx.query<{ available: bigint }>(
        `SELECT on_hand - reserved AS available FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3`,
        [s.tenantId, l.productId, warehouseId]);
      throw new Failure('insufficient_stock', `not enough stock of ${l.sku}: ${l.quantity} wanted, ${lvl?.available ?? 0n} available`,
        `lines[${l.lineNo - 1}].quantity`, { sku: l.sku, wanted: l.quantity.toString(), available: (lvl?.available ?? 0n).toString() });
    }
    // A line reserved before and released (amendment, cancellation) is reserved again in its row.
    const placed = await tx.query(
      `INSERT INTO reservations (tenant_id, id, order_id, line_no, product_id, warehouse_id, quantity, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active')
       ON CONFLICT (tenant_id, order_id, line_no) DO UPDATE
         SET product_id = EXCLUDED.product_id, warehouse_id = EXCLUDED.warehouse_id, quantity = EXCLUDED.quantity, status = 'active'
         WHERE reservations.status = 'released'
       RETURNING 1`,
      [s.tenantId, uuidv7(), orderId, l.lineNo, l.productId, warehouseId, l.quantity],
    );
    assert(placed.length === 1, `order ${orderId} line ${l.lineNo} is reserved once`);
    await move(tx, s, { productId: l.productId, warehouseId, kind: 'reservation', quantity: l.quantity, value: 0n, reference: `order:${orderId}` });
  }
}

export async function releaseReservations(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const rows = await tx.query<{ id: string; product_id: string; warehouse_id: string; quantity: bigint }>(
    `UPDATE reservations SET status = 'released' WHERE tenant_id = $1 AND order_id = $2 AND status = 'active'
     RETURNING id, product_id, warehouse_id, quantity`, [s.tenantId, orderId]);
  for (const r of rows) {
    await tx.query(
      `UPDATE stock_levels SET reserved = reserved - $4 WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3`,
      [s.tenantId, r.product_id, r.warehouse_id, r.quantity]);
    await move(tx, s, { productId: r.product_id, warehouseId: r.warehouse_id, kind: 'release', quantity: -r.quantity, value: 0n, reference: `order:${orderId}` });
  }
}

/**
 * Ships what the order reserved: stock leaves at moving-average cost and the cost is posted
 * Dr Cost of goods sold / Cr Inventory. Returns the cost per order line.
 */
export async function shipReserved(tx: Sql, s: Scope, orderId: string, shipmentId: string): Promise<Map<number, bigint>> {
  const tenant = await tenantById(tx, s.tenantId);
  assert(tenant, 'tenant exists');
  const rows = await tx.query<{ id: string; line_no: number; product_id: string; warehouse_id: string; quantity: bigint }>(
    `SELECT id, line_no, product_id, warehouse_id, quantity FROM reservations
      WHERE tenant_id = $1 AND order_id = $2 AND status = 'active' ORDER BY line_no FOR UPDATE`, [s.tenantId, orderId]);
  if (!rows.length) throw new Failure('invalid_state', 'the order has no reserved stock to ship');
  const costs = new Map<number, bigint>();
  for (const r of rows) {
    const [lvl] = await tx.query<{ on_hand: bigint; reserved: bigint; value: bigint }>(
      `SELECT on_hand, reserved, value FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 FOR UPDATE`,
      [s.tenantId, r.product_id, r.warehouse_id]);
    assert(lvl && lvl.reserved >= r.quantity && lvl.on_hand >= r.quantity, 'a reservation is covered by stock');
    const cost = r.quantity === lvl.on_hand ? lvl.value : divRoundHalfUp(lvl.value * r.quantity, lvl.on_hand);
    await tx.query(
      `UPDATE stock_levels SET on_hand = on_hand - $4, reserved = reserved - $4, value = value - $5
        WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3`,
      [s.tenantId, r.product_id, r.warehouse_id, r.quantity, cost]);
    await tx.query(`UPDATE reservations SET status = 'consumed' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, r.id]);
    await move(tx, s, { productId: r.product_id, warehouseId: r.warehouse_id, kind: 'shipment', quantity: -r.quantity, value: -cost, reference: `shipment:${shipmentId}` });
    costs.set(r.line_no, cost);
  }
  const total = [...costs.values()].reduce((a, b) => a + b, 0n);
  await post(tx, s, {
    sourceKey: `shipment:${shipmentId}:cogs`,
    description: `Cost of goods shipped for order ${orderId}`,
    currency: tenant.base_currency,
    lines: [
      { account: ACCOUNTS.cogs, debit: total },
      { account: ACCOUNTS.inventory, credit: total },
    ],
  });
  return costs;
}

export interface StockRow {
  product_id: string;
  on_hand: bigint;
  reserved: bigint;
  available: bigint;
  value: bigint;
}

export async function stockLevels(db: Db | Sql, tenantId: string): Promise<StockRow[]> {
  return db.query<StockRow>(
    `SELECT product_id, SUM(on_hand)::bigint AS on_hand, SUM(reserved)::bigint AS reserved,
            SUM(on_hand - reserved)::bigint AS available, SUM(value)::bigint AS value
       FROM stock_levels WHERE tenant_id = $1 GROUP BY product_id`,
    [tenantId],
  );
}

export async function stockMoves(db: Db | Sql, tenantId: string, productId: string) {
  return db.query(
    `SELECT id, kind, quantity, value, reference, occurred_at, actor_name FROM stock_moves
      WHERE tenant_id = $1 AND product_id = $2 ORDER BY id DESC LIMIT 200`, [tenantId, productId]);
}
