import type { Db, Sql } from '../db/db.ts';
import { tenantById } from '../identity/tenants.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { uuidv7 } from '../shared/ids.ts';
import { getProduct } from '../catalog/products.ts';
import { assert, Failure, invalid } from '../shared/failure.ts';
import { divRoundHalfUp, formatAmount, parseAmount } from '../shared/money.ts';
import { memoized, type Scope } from '../shared/scope.ts';

// Valuation: moving average. stock_levels.value is the value of what is on hand, in the tenant's base
// currency; a shipment takes value × shipped / on_hand (rounded half up), and the last unit takes all that
// is left, so the inventory account always equals the sum of stock values.

export async function installWarehouse(tx: Sql, tenantId: string): Promise<void> {
  await tx.query(
    `INSERT INTO warehouses (tenant_id, id, code, name) VALUES ($1, $2, 'MAIN', 'Main warehouse') ON CONFLICT DO NOTHING`,
    [tenantId, uuidv7()],
  );
}

async function defaultWarehouse(tx: Sql, s: Scope): Promise<string> {
  return memoized(s, 'warehouse', async () => {
    const [w] = await tx.query<{ id: string }>(
      `SELECT id FROM warehouses WHERE tenant_id = $1 ORDER BY code = 'MAIN' DESC, code LIMIT 1`, [s.tenantId]);
    assert(w, 'every tenant has a warehouse');
    return w.id;
  });
}

interface Move { productId: string; warehouseId: string; kind: string; quantity: bigint; value: bigint; reference: string }

async function move(tx: Sql, s: Scope, m: Move) {
  await moves(tx, s, [m]);
}

async function moves(tx: Sql, s: Scope, ms: Move[]) {
  await tx.query(
    `INSERT INTO stock_moves (tenant_id, id, product_id, warehouse_id, kind, quantity, value, reference, occurred_at, actor_name)
     SELECT $1, v.id, v.pid, v.wid, v.kind, v.q, v.val, v.ref, $2, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::bigint[], $9::bigint[], $10::text[]) AS v(id, pid, wid, kind, q, val, ref)`,
    [s.tenantId, s.now, s.actor.name, ms.map(() => uuidv7()), ms.map((m) => m.productId), ms.map((m) => m.warehouseId), ms.map((m) => m.kind),
      ms.map((m) => m.quantity), ms.map((m) => m.value), ms.map((m) => m.reference)],
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
  const warehouseId = await defaultWarehouse(tx, s);
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
  /** How many more units the line wants reserved. */
  quantity: bigint;
}

/**
 * Reserves what the stock allows, line by line in order: every line gets min(wanted, still available), so an
 * order is allocated fully, partly, or not at all, and the rest waits for stock (a backorder). Returns the
 * units reserved now per line. One statement: the stock rows are locked (in product order, so that two orders
 * sharing products queue instead of deadlocking) before available = on_hand − reserved is read, so two orders
 * can never reserve the same unit (and a CHECK constraint says reserved never exceeds on hand); then the stock
 * levels, one reservation row per line (a new one, a released or shipped one taken up again, or an active one
 * grown: a backorder topped up) and the stock moves are written.
 */
export async function reserve(tx: Sql, s: Scope, orderId: string, lines: ReservationLine[]): Promise<Map<number, bigint>> {
  const got = new Map<number, bigint>();
  if (!lines.length) return got;
  for (const l of lines) assert(l.quantity > 0n, 'reservation quantity positive');
  const warehouseId = await defaultWarehouse(tx, s);
  const rows = await tx.query<{ line_no: number; q: bigint; placed: bigint }>(
    `WITH want AS (
       SELECT * FROM unnest($4::int[], $5::uuid[], $6::bigint[], $7::uuid[], $8::uuid[]) AS w(line_no, pid, q, rid, mid)),
     locked AS (
       SELECT sl.product_id, sl.on_hand - sl.reserved AS available
         FROM (SELECT DISTINCT pid FROM want) w
         JOIN stock_levels sl ON sl.tenant_id = $1 AND sl.product_id = w.pid AND sl.warehouse_id = $3
        ORDER BY sl.product_id FOR UPDATE OF sl),
     placed AS (
       SELECT w.line_no, w.pid, w.rid, w.mid,
              GREATEST(0, LEAST(w.q, COALESCE(l.available, 0) - (SUM(w.q) OVER (PARTITION BY w.pid ORDER BY w.line_no) - w.q)))::bigint AS q
         FROM want w LEFT JOIN locked l ON l.product_id = w.pid),
     u AS (
       UPDATE stock_levels sl SET reserved = sl.reserved + p.q
         FROM (SELECT pid, SUM(q) AS q FROM placed GROUP BY pid HAVING SUM(q) > 0) p
        WHERE sl.tenant_id = $1 AND sl.product_id = p.pid AND sl.warehouse_id = $3),
     r AS (
       INSERT INTO reservations (tenant_id, id, order_id, line_no, product_id, warehouse_id, quantity, status)
       SELECT $1, rid, $2, line_no, pid, $3, q, 'active' FROM placed WHERE q > 0
       ON CONFLICT (tenant_id, order_id, line_no) DO UPDATE
         SET product_id = EXCLUDED.product_id, warehouse_id = EXCLUDED.warehouse_id, status = 'active',
             quantity = CASE WHEN reservations.status = 'active' THEN reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END
       RETURNING line_no),
     m AS (
       INSERT INTO stock_moves (tenant_id, id, product_id, warehouse_id, kind, quantity, value, reference, occurred_at, actor_name)
       SELECT $1, mid, pid, $3, 'reservation', q, 0, $9, $10, $11 FROM placed WHERE q > 0)
     SELECT line_no, q, (SELECT COUNT(*) FROM r)::bigint AS placed FROM placed`,
    [s.tenantId, orderId, warehouseId, lines.map((l) => l.lineNo), lines.map((l) => l.productId), lines.map((l) => l.quantity),
      lines.map(() => uuidv7()), lines.map(() => uuidv7()), `order:${orderId}`, s.now, s.actor.name]);
  for (const r of rows) got.set(r.line_no, r.q);
  const placed = rows.filter((r) => r.q > 0n).length;
  assert(rows.length === lines.length && (placed === 0 || rows[0].placed === BigInt(placed)), `order ${orderId}: every reserved line has its one reservation`);
  return got;
}

/** Units reserved for each line of an order now. */
export async function reservedFor(tx: Sql, s: Scope, orderId: string): Promise<Map<number, bigint>> {
  const rows = await tx.query<{ line_no: number; quantity: bigint }>(
    `SELECT line_no, quantity FROM reservations WHERE tenant_id = $1 AND order_id = $2 AND status = 'active'`, [s.tenantId, orderId]);
  return new Map(rows.map((r) => [r.line_no, r.quantity]));
}

export async function releaseReservations(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const rows = (await tx.query<{ id: string; product_id: string; warehouse_id: string; quantity: bigint }>(
    `UPDATE reservations SET status = 'released' WHERE tenant_id = $1 AND order_id = $2 AND status = 'active'
     RETURNING id, product_id, warehouse_id, quantity`, [s.tenantId, orderId])).sort((a, b) => (a.product_id < b.product_id ? -1 : 1));
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
export async function shipReserved(tx: Sql, s: Scope, orderId: string, shipmentId: string): Promise<Map<number, { quantity: bigint; cost: bigint }>> {
  const tenant = await tenantById(tx, s.tenantId);
  assert(tenant, 'tenant exists');
  const rows = await tx.query<{ id: string; line_no: number; product_id: string; warehouse_id: string; quantity: bigint }>(
    `SELECT id, line_no, product_id, warehouse_id, quantity FROM reservations
      WHERE tenant_id = $1 AND order_id = $2 AND status = 'active' ORDER BY product_id, line_no FOR UPDATE`, [s.tenantId, orderId]);
  if (!rows.length) throw new Failure('invalid_state', 'the order has no reserved stock to ship');
  const shipped = new Map<number, { quantity: bigint; cost: bigint }>();
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
    shipped.set(r.line_no, { quantity: r.quantity, cost });
  }
  const total = [...shipped.values()].reduce((a, b) => a + b.cost, 0n);
  await post(tx, s, {
    sourceKey: `shipment:${shipmentId}:cogs`,
    description: `Cost of goods shipped for order ${orderId}`,
    currency: tenant.base_currency,
    lines: [
      { account: ACCOUNTS.cogs, debit: total },
      { account: ACCOUNTS.inventory, credit: total },
    ],
  });
  return shipped;
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
