import type { Db, Sql } from '../db/db.ts';
import { getProduct, productsByIds } from '../catalog/products.ts';
import { invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { defaultWarehouse, findWarehouse } from './warehouses.ts';

/**
 * Reorder point per product and warehouse: when available stock falls to it, stock.low is raised once
 * (reserve() flags the rule) and the product appears on the replenishment list until stock comes back above.
 */
export async function setReorderRule(
  tx: Sql, s: Scope, input: { productId: string; warehouse?: string | null; reorderPoint: bigint; reorderQuantity: bigint },
): Promise<void> {
  if (input.reorderPoint < 0n) throw invalid('reorder_point', 'reorder point is zero or more');
  if (input.reorderQuantity <= 0n) throw invalid('reorder_quantity', 'reorder quantity is a positive whole number');
  const product = await getProduct(tx, s.tenantId, input.productId);
  const warehouseId = input.warehouse ? (await findWarehouse(tx, s.tenantId, input.warehouse)).id : await defaultWarehouse(tx, s);
  await tx.query(
    `INSERT INTO reorder_rules (tenant_id, product_id, warehouse_id, reorder_point, reorder_quantity) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, product_id, warehouse_id) DO UPDATE SET reorder_point = EXCLUDED.reorder_point, reorder_quantity = EXCLUDED.reorder_quantity,
       alerted = false`,
    [s.tenantId, product.id, warehouseId, input.reorderPoint, input.reorderQuantity]);
}

export async function hasReorderRules(tx: Sql, tenantId: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM reorder_rules WHERE tenant_id = $1 LIMIT 1', [tenantId])).length > 0;
}

/** Stock came in: the next fall to the reorder point raises a new alert. */
export async function rearmReorderAlert(tx: Sql, s: Scope, productId: string, warehouseId: string, available: bigint): Promise<void> {
  await tx.query(
    `UPDATE reorder_rules SET alerted = false WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 AND alerted AND reorder_point < $4`,
    [s.tenantId, productId, warehouseId, available]);
}

export interface ReplenishmentLine {
  product_id: string;
  sku: string;
  name: string;
  warehouse_id: string;
  warehouse: string;
  available: bigint;
  incoming: bigint;
  reorder_point: bigint;
  reorder_quantity: bigint;
  /** Enough to bring available + incoming back above the reorder point, in multiples of the reorder quantity. */
  suggested: bigint;
}

/** Products whose available plus incoming stock is at or below their reorder point, with what to order. */
export async function replenishmentList(db: Db | Sql, tenantId: string): Promise<ReplenishmentLine[]> {
  const rows = await db.query<Omit<ReplenishmentLine, 'suggested' | 'sku' | 'name'>>(
    `SELECT r.product_id, r.warehouse_id, w.code AS warehouse, COALESCE(sl.on_hand - sl.reserved, 0)::bigint AS available,
            COALESCE((SELECT SUM(e.quantity - e.received) FROM expected_receipts e WHERE e.tenant_id = r.tenant_id AND e.product_id = r.product_id
                        AND e.warehouse_id = r.warehouse_id AND e.status = 'open'), 0)::bigint AS incoming,
            r.reorder_point, r.reorder_quantity
       FROM reorder_rules r
       JOIN warehouses w ON w.tenant_id = r.tenant_id AND w.id = r.warehouse_id
       LEFT JOIN stock_levels sl ON sl.tenant_id = r.tenant_id AND sl.product_id = r.product_id AND sl.warehouse_id = r.warehouse_id
      WHERE r.tenant_id = $1`, [tenantId]);
  const products = await productsByIds(db, tenantId, [...new Set(rows.map((r) => r.product_id))]);
  return rows.filter((r) => r.available + r.incoming <= r.reorder_point).map((r) => {
    const gap = r.reorder_point - (r.available + r.incoming) + 1n;
    const lots = (gap + r.reorder_quantity - 1n) / r.reorder_quantity;
    const p = products.get(r.product_id);
    return { ...r, sku: p?.sku ?? r.product_id, name: p?.name ?? '', suggested: lots * r.reorder_quantity };
  }).sort((a, b) => a.sku.localeCompare(b.sku) || a.warehouse.localeCompare(b.warehouse));
}
