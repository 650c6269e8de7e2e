import type { Db, Sql } from '../db/db.ts';
import { getProduct } from '../catalog/products.ts';
import { isIsoDate } from '../shared/dates.ts';
import { uuidv7 } from '../shared/ids.ts';
import { invalid, notFound } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { defaultWarehouse, findWarehouse } from './warehouses.ts';

/** Goods on their way (a purchase order, a transfer in): what is incoming, and when backordered lines can ship. */
export interface ExpectedReceipt {
  id: string;
  warehouse_id: string;
  product_id: string;
  quantity: bigint;
  received: bigint;
  expected_on: string;
  reference: string;
  status: 'open' | 'closed' | 'cancelled';
}

const COLUMNS = 'id, warehouse_id, product_id, quantity, received, expected_on::text AS expected_on, reference, status';

export async function expectReceipt(
  tx: Sql, s: Scope, input: { productId: string; quantity: bigint; expectedOn: string; warehouse?: string | null; reference: string },
): Promise<ExpectedReceipt> {
  if (input.quantity <= 0n) throw invalid('quantity', 'quantity must be a positive whole number');
  if (!isIsoDate(input.expectedOn)) throw invalid('expected_on', 'expected_on is a date (YYYY-MM-DD)');
  if (!input.reference?.trim()) throw invalid('reference', 'a reference (purchase order number) is required');
  const product = await getProduct(tx, s.tenantId, input.productId);
  const warehouseId = input.warehouse ? (await findWarehouse(tx, s.tenantId, input.warehouse)).id : await defaultWarehouse(tx, s);
  const [row] = await tx.query<ExpectedReceipt>(
    `INSERT INTO expected_receipts (tenant_id, id, warehouse_id, product_id, quantity, expected_on, reference, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING ${COLUMNS}`,
    [s.tenantId, uuidv7(), warehouseId, product.id, input.quantity, input.expectedOn, input.reference.trim(), s.now]);
  return row;
}

/** A delivery against an expected receipt: its open quantity goes down, and it closes when all has come. */
export async function closeExpectedReceipt(tx: Sql, s: Scope, id: string, productId: string, warehouseId: string, quantity: bigint): Promise<void> {
  const [row] = await tx.query(
    `UPDATE expected_receipts SET received = received + $5, status = CASE WHEN received + $5 >= quantity THEN 'closed' ELSE status END
      WHERE tenant_id = $1 AND id = $2 AND product_id = $3 AND warehouse_id = $4 AND status = 'open' RETURNING id`,
    [s.tenantId, id, productId, warehouseId, quantity]);
  if (!row) throw invalid('expected_receipt_id', `no open expected receipt ${id} for this product and warehouse`);
}

export async function cancelExpectedReceipt(tx: Sql, s: Scope, id: string): Promise<void> {
  const [row] = await tx.query(`UPDATE expected_receipts SET status = 'cancelled' WHERE tenant_id = $1 AND id = $2 AND status = 'open' RETURNING id`, [s.tenantId, id]);
  if (!row) throw notFound('open expected receipt', id);
}

export async function listExpectedReceipts(db: Db | Sql, tenantId: string, productId?: string): Promise<ExpectedReceipt[]> {
  return db.query<ExpectedReceipt>(
    `SELECT ${COLUMNS} FROM expected_receipts WHERE tenant_id = $1 AND status = 'open' AND ($2::uuid IS NULL OR product_id = $2::uuid)
      ORDER BY expected_on, id`, [tenantId, productId ?? null]);
}

/** Per product: units still expected and the first date some are due (what a customer waiting for it is told). */
export async function incomingByProduct(db: Db | Sql, tenantId: string, productIds?: string[]): Promise<Map<string, { incoming: bigint; next: string }>> {
  const rows = await db.query<{ product_id: string; incoming: bigint; next: string }>(
    `SELECT product_id, SUM(quantity - received)::bigint AS incoming, MIN(expected_on)::text AS next FROM expected_receipts
      WHERE tenant_id = $1 AND status = 'open' AND ($2::uuid[] IS NULL OR product_id = ANY($2::uuid[])) GROUP BY product_id`,
    [tenantId, productIds ?? null]);
  return new Map(rows.map((r) => [r.product_id, { incoming: r.incoming, next: r.next }]));
}
