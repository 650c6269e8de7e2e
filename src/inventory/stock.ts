import type { Db, Sql } from '../db/db.ts';
import { getProduct } from '../catalog/products.ts';
import { emit } from '../events/emit.ts';
import { tenantById } from '../identity/tenants.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure, invalid } from '../shared/failure.ts';
import { divRoundHalfUp, formatAmount, parseAmount } from '../shared/money.ts';
import { memoized, type Scope } from '../shared/scope.ts';
import { changeBin, writeMoves, type Move } from './moves.ts';
import { closeExpectedReceipt } from './incoming.ts';
import { hasReorderRules, rearmReorderAlert } from './reorder.ts';
import { defaultWarehouse, findWarehouse, resolveLocation } from './warehouses.ts';

// Valuation: moving average per product and warehouse. stock_levels.value is the value of what is on hand, in
// the tenant's base currency; units leave at value × units / on_hand (rounded half up), and the last unit
// takes all that is left, so the inventory account always equals the sum of stock values.

export async function baseCurrency(tx: Sql, s: Scope): Promise<string> {
  const tenant = await tenantById(tx, s.tenantId);
  assert(tenant, 'tenant exists');
  return tenant.base_currency;
}

interface Level { on_hand: bigint; reserved: bigint; value: bigint }

export async function lockLevel(tx: Sql, s: Scope, productId: string, warehouseId: string): Promise<Level | null> {
  const [lvl] = await tx.query<Level>(
    'SELECT on_hand, reserved, value FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 FOR UPDATE',
    [s.tenantId, productId, warehouseId]);
  return lvl ?? null;
}

/** The value of `units` leaving a stock level at its moving average. */
export function averageCost(level: Level, units: bigint): bigint {
  if (units === level.on_hand) return level.value;
  return divRoundHalfUp(level.value * units, level.on_hand);
}

export async function changeLevel(tx: Sql, s: Scope, productId: string, warehouseId: string, d: { onHand?: bigint; reserved?: bigint; value?: bigint }): Promise<Level> {
  if ((d.onHand ?? 0n) < 0n || (d.reserved ?? 0n) < 0n || (d.value ?? 0n) < 0n) {
    // Taking away: the level exists (an insert's CHECK would run before its conflict is seen).
    const [lvl] = await tx.query<Level>(
      `UPDATE stock_levels SET on_hand = on_hand + $4, reserved = reserved + $5, value = value + $6
        WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 RETURNING on_hand, reserved, value`,
      [s.tenantId, productId, warehouseId, d.onHand ?? 0n, d.reserved ?? 0n, d.value ?? 0n]);
    assert(lvl, `product ${productId} has stock in warehouse ${warehouseId}`);
    return lvl;
  }
  const [lvl] = await tx.query<Level>(
    `INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, value) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, product_id, warehouse_id) DO UPDATE
       SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, reserved = stock_levels.reserved + EXCLUDED.reserved,
           value = stock_levels.value + EXCLUDED.value
     RETURNING on_hand, reserved, value`,
    [s.tenantId, productId, warehouseId, d.onHand ?? 0n, d.reserved ?? 0n, d.value ?? 0n]);
  return lvl;
}

export interface ReceiveInput {
  productId: string;
  quantity: bigint;
  unitCost: string;
  /** Warehouse id or code; the first by priority when omitted. */
  warehouse?: string | null;
  /** Location id or code in that warehouse; its first storage bin when omitted. */
  location?: string | null;
  reference?: string;
  /** The expected receipt this delivery fulfils (its open quantity goes down). */
  expectedReceiptId?: string | null;
}

/**
 * Goods in: on hand and value up, into a bin; Dr Inventory / Cr Goods received not invoiced at quantity × unit
 * cost. stock.received tells the order desk, which hands the new stock to waiting orders (backorders).
 */
export async function receiveStock(tx: Sql, s: Scope, input: ReceiveInput): Promise<{ on_hand: bigint; value: bigint; warehouse_id: string; location: string }> {
  if (input.quantity <= 0n) throw invalid('quantity', 'quantity must be a positive whole number');
  const currency = await baseCurrency(tx, s);
  const unitCost = parseAmount(input.unitCost, currency);
  if (unitCost === null || unitCost < 0n) throw invalid('unit_cost', `unit cost "${input.unitCost}" is not an amount in ${currency}`);
  const product = await getProduct(tx, s.tenantId, input.productId);
  const warehouseId = input.warehouse ? (await findWarehouse(tx, s.tenantId, input.warehouse)).id : await defaultWarehouse(tx, s);
  const location = await resolveLocation(tx, s, warehouseId, input.location);
  const value = unitCost * input.quantity;
  const level = await changeLevel(tx, s, product.id, warehouseId, { onHand: input.quantity, value });
  await changeBin(tx, s, location.id, product.id, input.quantity);
  const receiptId = uuidv7();
  const reference = input.reference ?? `receipt:${receiptId}`;
  await writeMoves(tx, s, [{ kind: 'receipt', productId: product.id, warehouseId, locationId: location.id, quantity: input.quantity, onHand: input.quantity, value, reference }]);
  if (input.expectedReceiptId) await closeExpectedReceipt(tx, s, input.expectedReceiptId, product.id, warehouseId, input.quantity);
  await rearmReorderAlert(tx, s, product.id, warehouseId, level.on_hand - level.reserved);
  await post(tx, s, {
    sourceKey: `receipt:${receiptId}`,
    description: `Stock received: ${input.quantity} × ${product.sku} at ${formatAmount(unitCost, currency)}`,
    currency,
    lines: [{ account: ACCOUNTS.inventory, debit: value }, { account: ACCOUNTS.goodsReceived, credit: value }],
  });
  await emit(tx, s, {
    type: 'stock.received',
    summary: `${input.quantity} × ${product.sku} received into ${location.code}`,
    subjects: { product: product.id },
    data: { product_id: product.id, warehouse_id: warehouseId, location_id: location.id, quantity: input.quantity, reference },
  });
  return { on_hand: level.on_hand, value: level.value, warehouse_id: warehouseId, location: location.code };
}

const LOW_STOCK = `low AS (
       UPDATE reorder_rules rr SET alerted = true FROM per_level p
        WHERE rr.tenant_id = $1 AND rr.product_id = p.pid AND rr.warehouse_id = p.warehouse_id AND NOT rr.alerted
          AND p.available - p.q <= rr.reorder_point
       RETURNING rr.product_id)`;

export interface ReservationLine {
  lineNo: number;
  productId: string;
  sku: string;
  /** How many more units the line wants reserved. */
  quantity: bigint;
}

export interface Reservation {
  lineNo: number;
  productId: string;
  warehouseId: string;
  quantity: bigint;
  picked: bigint;
}

/**
 * Reserves what the stock allows, line by line in order, and returns the units reserved now per line. Each
 * line is reserved in one warehouse: the first by priority that has all of it, else the first that has any;
 * what is missing waits for stock (a backorder) and may later be reserved elsewhere. One statement: the stock
 * rows are locked in product order (two orders sharing products queue instead of deadlocking) before
 * available = on_hand − reserved is read, so two orders can never reserve the same unit (a CHECK says
 * reserved ≤ on hand too); then the levels, one reservation row per line and warehouse (new, taken up again,
 * or topped up), the stock moves, and the reorder alerts of products that fell to their reorder point.
 */
export async function reserve(tx: Sql, s: Scope, orderId: string, lines: ReservationLine[]): Promise<Map<number, bigint>> {
  const got = new Map<number, bigint>();
  if (!lines.length) return got;
  for (const l of lines) assert(l.quantity > 0n, 'reservation quantity positive');
  // Every planning of this statement costs (plans are made per execution): the reorder alert is left out for
  // tenants without reorder rules, most of a bulk import's orders.
  const watched = await memoized(s, 'reorder-rules', () => hasReorderRules(tx, s.tenantId));
  const rows = await tx.query<{ line_no: number; q: bigint; placed: bigint; low: string[] | null }>(
    `WITH want AS (
       SELECT * FROM unnest($3::int[], $4::uuid[], $5::bigint[], $6::uuid[], $7::uuid[]) AS w(line_no, pid, q, rid, mid)),
     locked AS (
       SELECT sl.product_id, sl.warehouse_id, sl.on_hand - sl.reserved AS available, wh.priority, wh.code
         FROM (SELECT DISTINCT pid FROM want) w
         JOIN stock_levels sl ON sl.tenant_id = $1 AND sl.product_id = w.pid
         JOIN warehouses wh ON wh.tenant_id = $1 AND wh.id = sl.warehouse_id
        ORDER BY sl.product_id, sl.warehouse_id FOR UPDATE OF sl),
     choice AS (
       SELECT DISTINCT ON (w.line_no) w.line_no, w.pid, w.q, w.rid, w.mid, l.warehouse_id, l.available
         FROM want w JOIN locked l ON l.product_id = w.pid
        ORDER BY w.line_no, l.available >= w.q DESC, l.available > 0 DESC, l.priority, l.code),
     placed AS (
       SELECT c.line_no, c.pid, c.rid, c.mid, c.warehouse_id, c.available,
              GREATEST(0, LEAST(c.q, c.available - (SUM(c.q) OVER (PARTITION BY c.pid, c.warehouse_id ORDER BY c.line_no) - c.q)))::bigint AS q
         FROM choice c),
     per_level AS (
       SELECT pid, warehouse_id, MIN(available) AS available, SUM(q)::bigint AS q FROM placed GROUP BY pid, warehouse_id HAVING SUM(q) > 0),
     u AS (
       UPDATE stock_levels sl SET reserved = sl.reserved + p.q FROM per_level p
        WHERE sl.tenant_id = $1 AND sl.product_id = p.pid AND sl.warehouse_id = p.warehouse_id),
     r AS (
       INSERT INTO reservations (tenant_id, id, order_id, line_no, product_id, warehouse_id, quantity, status)
       SELECT $1, rid, $2, line_no, pid, warehouse_id, q, 'active' FROM placed WHERE q > 0
       ON CONFLICT (tenant_id, order_id, line_no, warehouse_id) DO UPDATE
         SET product_id = EXCLUDED.product_id, status = 'active',
             quantity = CASE WHEN reservations.status = 'active' THEN reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,
             picked = CASE WHEN reservations.status = 'active' THEN reservations.picked ELSE 0 END
       RETURNING line_no),
     m AS (
       INSERT INTO stock_moves (tenant_id, id, product_id, warehouse_id, kind, quantity, on_hand_change, reserved_change, value, reference,
         occurred_at, actor_name)
       SELECT $1, mid, pid, warehouse_id, 'reservation', q, 0, q, 0, $8, $9, $10 FROM placed WHERE q > 0),
     ${watched ? LOW_STOCK : 'low AS (SELECT NULL::uuid AS product_id WHERE false)'}
     SELECT line_no, q, (SELECT COUNT(*) FROM r)::bigint AS placed, (SELECT array_agg(product_id::text) FROM low) AS low FROM placed`,
    [s.tenantId, orderId, lines.map((l) => l.lineNo), lines.map((l) => l.productId), lines.map((l) => l.quantity),
      lines.map(() => uuidv7()), lines.map(() => uuidv7()), `order:${orderId}`, s.now, s.actor.name]);
  for (const r of rows) got.set(r.line_no, r.q);
  const placed = rows.filter((r) => r.q > 0n).length;
  assert(placed === 0 || rows[0].placed === BigInt(placed), `order ${orderId}: every reserved line has its one reservation`);
  for (const productId of rows[0]?.low ?? []) {
    const sku = lines.find((l) => l.productId === productId)?.sku ?? productId;
    await emit(tx, s, {
      type: 'stock.low', summary: `${sku} is at or below its reorder point`, subjects: { product: productId }, data: { product_id: productId },
    });
  }
  return got;
}

/** Units reserved for each line of an order now, over every warehouse. */
export async function reservedFor(tx: Sql, s: Pick<Scope, 'tenantId'>, orderId: string): Promise<Map<number, bigint>> {
  const got = new Map<number, bigint>();
  for (const r of await reservationsOf(tx, s, orderId)) got.set(r.lineNo, (got.get(r.lineNo) ?? 0n) + r.quantity);
  return got;
}

/** The order's active reservations per line and warehouse, with what has been picked of them. */
export async function reservationsOf(db: Db | Sql, s: Pick<Scope, 'tenantId'>, orderId: string): Promise<Reservation[]> {
  const rows = await db.query<{ line_no: number; product_id: string; warehouse_id: string; quantity: bigint; picked: bigint }>(
    `SELECT line_no, product_id, warehouse_id, quantity, picked FROM reservations
      WHERE tenant_id = $1 AND order_id = $2 AND status = 'active' ORDER BY line_no, warehouse_id`, [s.tenantId, orderId]);
  return rows.map((r) => ({ lineNo: r.line_no, productId: r.product_id, warehouseId: r.warehouse_id, quantity: r.quantity, picked: r.picked }));
}

/**
 * Gives back everything the order has reserved (cancellation, amendment). Units already picked go back to
 * the warehouse's first storage bin: they stood on the packing table.
 */
export async function releaseReservations(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const rows = (await tx.query<{ product_id: string; warehouse_id: string; quantity: bigint; picked: bigint }>(
    `UPDATE reservations SET status = 'released' WHERE tenant_id = $1 AND order_id = $2 AND status = 'active'
     RETURNING product_id, warehouse_id, quantity, picked`, [s.tenantId, orderId]))
    .sort((a, b) => (a.product_id + a.warehouse_id < b.product_id + b.warehouse_id ? -1 : 1));
  for (const r of rows) {
    await changeLevel(tx, s, r.product_id, r.warehouse_id, { reserved: -r.quantity });
    const moves: Move[] = [{ kind: 'release', productId: r.product_id, warehouseId: r.warehouse_id, quantity: -r.quantity, reserved: -r.quantity, reference: `order:${orderId}` }];
    if (r.picked > 0n) {
      const bin = await resolveLocation(tx, s, r.warehouse_id);
      await changeBin(tx, s, bin.id, r.product_id, r.picked);
      moves.push({ kind: 'release', productId: r.product_id, warehouseId: r.warehouse_id, locationId: bin.id, quantity: r.picked, reference: `order:${orderId}:put-away` });
    }
    await writeMoves(tx, s, moves);
  }
}

/**
 * Ships units of an order's lines from one warehouse: what was picked leaves first, the rest is taken from
 * the bins in walking order (shipping without a pick list). On hand, reserved and value go down at moving
 * average; Dr Cost of goods sold / Cr Inventory. Returns units and cost per order line.
 */
export async function shipFromWarehouse(
  tx: Sql, s: Scope, orderId: string, warehouseId: string, want: Map<number, bigint> | 'all', shipmentId: string,
): Promise<Map<number, { quantity: bigint; cost: bigint; productId: string }>> {
  const rows = await tx.query<{ id: string; line_no: number; product_id: string; quantity: bigint; picked: bigint }>(
    `SELECT id, line_no, product_id, quantity, picked FROM reservations
      WHERE tenant_id = $1 AND order_id = $2 AND warehouse_id = $3 AND status = 'active' ORDER BY product_id, line_no FOR UPDATE`,
    [s.tenantId, orderId, warehouseId]);
  const shipped = new Map<number, { quantity: bigint; cost: bigint; productId: string }>();
  const moves: Move[] = [];
  for (const r of rows) {
    const q = want === 'all' ? r.quantity : (want.get(r.line_no) ?? 0n);
    if (q <= 0n) continue;
    if (q > r.quantity) throw new Failure('invalid_state', `line ${r.line_no}: ${q} to ship but only ${r.quantity} reserved in this warehouse`, 'quantity');
    const fromBins = q > r.picked ? q - r.picked : 0n;
    if (fromBins > 0n) moves.push(...await takeFromBins(tx, s, warehouseId, r.product_id, fromBins, `shipment:${shipmentId}`));
    const level = await lockLevel(tx, s, r.product_id, warehouseId);
    assert(level && level.reserved >= q && level.on_hand >= q, 'a reservation is covered by stock');
    const cost = averageCost(level, q);
    await changeLevel(tx, s, r.product_id, warehouseId, { onHand: -q, reserved: -q, value: -cost });
    const left = r.quantity - q;
    await tx.query(
      `UPDATE reservations SET quantity = CASE WHEN $3::bigint = 0 THEN quantity ELSE $3::bigint END, picked = $4,
              status = CASE WHEN $3::bigint = 0 THEN 'consumed' ELSE 'active' END
        WHERE tenant_id = $1 AND id = $2`,
      [s.tenantId, r.id, left, r.picked > q ? r.picked - q : 0n]);
    moves.push({ kind: 'shipment', productId: r.product_id, warehouseId, quantity: -q, onHand: -q, reserved: -q, value: -cost, reference: `shipment:${shipmentId}` });
    const before = shipped.get(r.line_no);
    shipped.set(r.line_no, { quantity: (before?.quantity ?? 0n) + q, cost: (before?.cost ?? 0n) + cost, productId: r.product_id });
  }
  if (!shipped.size) throw new Failure('invalid_state', 'nothing reserved in this warehouse to ship');
  await writeMoves(tx, s, moves);
  const total = [...shipped.values()].reduce((a, b) => a + b.cost, 0n);
  await post(tx, s, {
    sourceKey: `shipment:${shipmentId}:cogs`,
    description: `Cost of goods shipped for order ${orderId}`,
    currency: await baseCurrency(tx, s),
    lines: [{ account: ACCOUNTS.cogs, debit: total }, { account: ACCOUNTS.inventory, credit: total }],
  });
  return shipped;
}

/** Takes units of a product from a warehouse's storage bins, lowest location code first (the pick walk). */
async function takeFromBins(tx: Sql, s: Scope, warehouseId: string, productId: string, units: bigint, reference: string) {
  const bins = await tx.query<{ location_id: string; quantity: bigint }>(
    `SELECT b.location_id, b.quantity FROM bin_stock b JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
      WHERE b.tenant_id = $1 AND b.product_id = $2 AND l.warehouse_id = $3 AND b.quantity > 0 ORDER BY l.kind <> 'storage', l.code FOR UPDATE OF b`,
    [s.tenantId, productId, warehouseId]);
  const moves: Move[] = [];
  let left = units;
  for (const b of bins) {
    if (left === 0n) break;
    const q = b.quantity < left ? b.quantity : left;
    await changeBin(tx, s, b.location_id, productId, -q);
    moves.push({ kind: 'pick', productId, warehouseId, locationId: b.location_id, quantity: q, reference });
    left -= q;
  }
  assert(left === 0n, `the bins of the warehouse hold the ${units} units on hand of product ${productId}`);
  return moves;
}

export interface AdjustInput {
  productId: string;
  warehouse?: string | null;
  location?: string | null;
  /** Units found (positive) or missing (negative) at a count. */
  quantity: bigint;
  reason: string;
  /** Cost of units found; the moving average when omitted. */
  unitCost?: string;
}

/**
 * A stock count's correction. Missing units leave at moving average (Dr Inventory shrinkage / Cr Inventory);
 * found units come in at the given cost or the average (Dr Inventory / Cr Inventory shrinkage). Reserved
 * units cannot be counted away: the order holding them must give them up first.
 */
export async function adjustStock(tx: Sql, s: Scope, input: AdjustInput): Promise<Level> {
  if (input.quantity === 0n) throw invalid('quantity', 'an adjustment changes the quantity');
  if (!input.reason?.trim()) throw invalid('reason', 'an adjustment needs a reason');
  const product = await getProduct(tx, s.tenantId, input.productId);
  const warehouseId = input.warehouse ? (await findWarehouse(tx, s.tenantId, input.warehouse)).id : await defaultWarehouse(tx, s);
  const location = await resolveLocation(tx, s, warehouseId, input.location);
  const currency = await baseCurrency(tx, s);
  const level = await lockLevel(tx, s, product.id, warehouseId) ?? { on_hand: 0n, reserved: 0n, value: 0n };
  let value: bigint;
  if (input.quantity < 0n) {
    const units = -input.quantity;
    if (level.on_hand - level.reserved < units) throw invalid('quantity', `only ${level.on_hand - level.reserved} of ${product.sku} are unreserved in this warehouse`);
    const [bin] = await tx.query<{ quantity: bigint }>('SELECT quantity FROM bin_stock WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3',
      [s.tenantId, location.id, product.id]);
    if ((bin?.quantity ?? 0n) < units) throw invalid('quantity', `location ${location.code} holds ${bin?.quantity ?? 0n} of ${product.sku}`);
    value = -averageCost(level, units);
  } else {
    const unit = input.unitCost !== undefined ? parseAmount(input.unitCost, currency) : (level.on_hand > 0n ? divRoundHalfUp(level.value, level.on_hand) : null);
    if (unit === null || unit < 0n) throw invalid('unit_cost', `units found need a unit cost in ${currency} (there is no average to take)`);
    value = unit * input.quantity;
  }
  const after = await changeLevel(tx, s, product.id, warehouseId, { onHand: input.quantity, value });
  await changeBin(tx, s, location.id, product.id, input.quantity);
  const id = uuidv7();
  await writeMoves(tx, s, [{ kind: 'adjustment', productId: product.id, warehouseId, locationId: location.id, quantity: input.quantity, onHand: input.quantity, value, reference: `adjustment:${id}: ${input.reason.trim()}` }]);
  const lines = value < 0n
    ? [{ account: ACCOUNTS.inventoryShrinkage, debit: -value }, { account: ACCOUNTS.inventory, credit: -value }]
    : [{ account: ACCOUNTS.inventory, debit: value }, { account: ACCOUNTS.inventoryShrinkage, credit: value }];
  await post(tx, s, { sourceKey: `adjustment:${id}`, description: `Stock adjustment ${input.quantity} × ${product.sku}: ${input.reason.trim()}`, currency, lines });
  if (input.quantity > 0n) {
    await emit(tx, s, {
      type: 'stock.received', summary: `${input.quantity} × ${product.sku} found at ${location.code}: ${input.reason.trim()}`, subjects: { product: product.id },
      data: { product_id: product.id, warehouse_id: warehouseId, location_id: location.id, quantity: input.quantity, reference: `adjustment:${id}` },
    });
  }
  return after;
}

/**
 * Moves unreserved units between warehouses (or bins of one): value travels at the source's moving average,
 * so the inventory account does not change and no entry is posted.
 */
export async function transferStock(
  tx: Sql, s: Scope, input: { productId: string; from: string; to: string; fromLocation?: string | null; toLocation?: string | null; quantity: bigint },
): Promise<void> {
  if (input.quantity <= 0n) throw invalid('quantity', 'quantity must be a positive whole number');
  const product = await getProduct(tx, s.tenantId, input.productId);
  const from = await findWarehouse(tx, s.tenantId, input.from);
  const to = await findWarehouse(tx, s.tenantId, input.to);
  const fromBin = await resolveLocation(tx, s, from.id, input.fromLocation);
  const toBin = await resolveLocation(tx, s, to.id, input.toLocation);
  if (fromBin.id === toBin.id) throw invalid('to', 'source and destination are the same location');
  // Both levels locked in product-then-warehouse order, as reserve() does.
  const [first, second] = from.id < to.id ? [from.id, to.id] : [to.id, from.id];
  const locked = new Map([[first, await lockLevel(tx, s, product.id, first)], [second, await lockLevel(tx, s, product.id, second)]]);
  const level = locked.get(from.id);
  if (!level || level.on_hand - level.reserved < input.quantity) throw invalid('quantity', `only ${level ? level.on_hand - level.reserved : 0n} of ${product.sku} are unreserved in ${from.code}`);
  const value = averageCost(level, input.quantity);
  await changeBin(tx, s, fromBin.id, product.id, -input.quantity);
  await changeBin(tx, s, toBin.id, product.id, input.quantity);
  if (from.id !== to.id) {
    await changeLevel(tx, s, product.id, from.id, { onHand: -input.quantity, value: -value });
    await changeLevel(tx, s, product.id, to.id, { onHand: input.quantity, value });
  }
  const reference = `transfer:${uuidv7()}`;
  const moved = from.id === to.id ? 0n : input.quantity;
  await writeMoves(tx, s, [
    { kind: 'transfer_out', productId: product.id, warehouseId: from.id, locationId: fromBin.id, quantity: -input.quantity, onHand: -moved, value: from.id === to.id ? 0n : -value, reference },
    { kind: 'transfer_in', productId: product.id, warehouseId: to.id, locationId: toBin.id, quantity: input.quantity, onHand: moved, value: from.id === to.id ? 0n : value, reference },
  ]);
  if (from.id !== to.id) {
    await emit(tx, s, {
      type: 'stock.received', summary: `${input.quantity} × ${product.sku} transferred from ${from.code} to ${to.code}`, subjects: { product: product.id },
      data: { product_id: product.id, warehouse_id: to.id, location_id: toBin.id, quantity: input.quantity, reference },
    });
  }
}

export interface StockRow {
  product_id: string;
  on_hand: bigint;
  reserved: bigint;
  available: bigint;
  value: bigint;
}

/** Per product over all warehouses. */
export async function stockLevels(db: Db | Sql, tenantId: string): Promise<StockRow[]> {
  return db.query<StockRow>(
    `SELECT product_id, SUM(on_hand)::bigint AS on_hand, SUM(reserved)::bigint AS reserved,
            SUM(on_hand - reserved)::bigint AS available, SUM(value)::bigint AS value
       FROM stock_levels WHERE tenant_id = $1 GROUP BY product_id`,
    [tenantId],
  );
}

/** Per product and warehouse. */
export async function stockByWarehouse(db: Db | Sql, tenantId: string) {
  return db.query<{ product_id: string; warehouse_id: string; on_hand: bigint; reserved: bigint; value: bigint }>(
    'SELECT product_id, warehouse_id, on_hand, reserved, value FROM stock_levels WHERE tenant_id = $1', [tenantId]);
}

export async function stockMoves(db: Db | Sql, tenantId: string, productId: string) {
  return db.query(
    `SELECT m.id, m.kind, m.warehouse_id, w.code AS warehouse, l.code AS location, m.quantity, m.on_hand_change, m.reserved_change, m.value,
            m.reference, m.occurred_at, m.actor_name
       FROM stock_moves m
       JOIN warehouses w ON w.tenant_id = m.tenant_id AND w.id = m.warehouse_id
       LEFT JOIN locations l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
      WHERE m.tenant_id = $1 AND m.product_id = $2 ORDER BY m.id DESC LIMIT 200`, [tenantId, productId]);
}
