import type { Db, Sql } from '../db/db.ts';
import { assert } from '../shared/failure.ts';
import { divRoundHalfUp } from '../shared/money.ts';

export interface ShippedLine {
  shipmentId: string;
  warehouseId: string | null;
  orderLineNo: number;
  productId: string;
  sku: string;
  quantity: bigint;
  /** What the units cost when they left (moving average), in the base currency. */
  cost: bigint;
}

/** Every shipment line of an order, in the order the shipments left. */
export async function shipmentLinesOfOrder(db: Db | Sql, tenantId: string, orderId: string): Promise<ShippedLine[]> {
  const rows = await db.query<{ shipment_id: string; warehouse_id: string | null; order_line_no: number; product_id: string; sku: string; quantity: bigint; cost: bigint }>(
    `SELECT l.shipment_id, s.warehouse_id, l.order_line_no, l.product_id, l.sku, l.quantity, l.cost
       FROM shipments s JOIN shipment_lines l ON l.tenant_id = s.tenant_id AND l.shipment_id = s.id
      WHERE s.tenant_id = $1 AND s.order_id = $2 ORDER BY s.id, l.line_no`, [tenantId, orderId]);
  return rows.map((r) => ({ shipmentId: r.shipment_id, warehouseId: r.warehouse_id, orderLineNo: r.order_line_no, productId: r.product_id, sku: r.sku, quantity: r.quantity, cost: r.cost }));
}

export interface ReturnedUnits {
  shipmentId: string;
  warehouseId: string | null;
  productId: string;
  quantity: bigint;
  cost: bigint;
}

/**
 * The cost at which units of an order line left, for the `units` that come back after `returnedBefore` others:
 * returns are matched to shipments first in, first out. A shipment line's cost is spread over its units
 * cumulatively (the first k units cost round(cost × k / quantity)), so whatever the returns' sizes, all its
 * units together come back at exactly the cost they left at.
 */
export function costOfReturnedUnits(shipped: ShippedLine[], orderLineNo: number, returnedBefore: bigint, units: bigint): ReturnedUnits[] {
  const out: ReturnedUnits[] = [];
  let skip = returnedBefore;
  let left = units;
  for (const l of shipped) {
    if (l.orderLineNo !== orderLineNo || left === 0n) continue;
    if (skip >= l.quantity) {
      skip -= l.quantity;
      continue;
    }
    const take = l.quantity - skip < left ? l.quantity - skip : left;
    const costUpTo = (k: bigint) => divRoundHalfUp(l.cost * k, l.quantity);
    out.push({ shipmentId: l.shipmentId, warehouseId: l.warehouseId, productId: l.productId, quantity: take, cost: costUpTo(skip + take) - costUpTo(skip) });
    left -= take;
    skip = 0n;
  }
  assert(left === 0n, `order line ${orderLineNo}: the ${units} units returned after ${returnedBefore} others were shipped`);
  return out;
}
