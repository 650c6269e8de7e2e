import type { Sql } from '../db/db.ts';
import { getProduct } from '../catalog/products.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { changeBin, writeMoves } from './moves.ts';
import { rearmReorderAlert } from './reorder.ts';
import { baseCurrency, changeLevel } from './stock.ts';
import { createLocation, defaultWarehouse, findWarehouse, listLocations, type Location } from './warehouses.ts';

export type Disposition = 'restock' | 'scrap';

export interface ReturnedStock {
  productId: string;
  /** Warehouse id or code; the first by priority when omitted. */
  warehouse?: string | null;
  quantity: bigint;
  /**
   * What these units cost when they left, in the base currency: a total, since a moving average need not be a
   * whole number of minor units per unit.
   */
  cost: bigint;
  disposition: Disposition;
  /** What a person reads on the stock move, e.g. "RMA-000003 line 1". */
  reference: string;
}

/**
 * Goods a customer sent back. Restocked units go into the warehouse's returns location at the cost they left
 * at (Dr Inventory / Cr Cost of goods sold: the sale's cost is undone) and are announced as stock.received,
 * so waiting orders get them. Scrapped units are recorded as a move that changes nothing on hand: their cost
 * stays in cost of goods sold.
 */
export async function receiveReturnedStock(tx: Sql, s: Scope, r: ReturnedStock): Promise<{ location: string | null }> {
  assert(r.quantity > 0n && r.cost >= 0n, 'returned units are positive and cost nothing negative');
  const product = await getProduct(tx, s.tenantId, r.productId);
  const warehouseId = r.warehouse ? (await findWarehouse(tx, s.tenantId, r.warehouse)).id : await defaultWarehouse(tx, s);
  if (r.disposition === 'scrap') {
    await writeMoves(tx, s, [{ kind: 'return', productId: product.id, warehouseId, quantity: r.quantity, reference: `${r.reference}: scrapped` }]);
    return { location: null };
  }
  const location = await returnsLocation(tx, s, warehouseId);
  const level = await changeLevel(tx, s, product.id, warehouseId, { onHand: r.quantity, value: r.cost });
  await changeBin(tx, s, location.id, product.id, r.quantity);
  await writeMoves(tx, s, [{ kind: 'return', productId: product.id, warehouseId, locationId: location.id, quantity: r.quantity, onHand: r.quantity, value: r.cost, reference: r.reference }]);
  await rearmReorderAlert(tx, s, product.id, warehouseId, level.on_hand - level.reserved);
  await post(tx, s, {
    sourceKey: `return:${uuidv7()}`,
    description: `Returned to stock: ${r.quantity} × ${product.sku} (${r.reference})`,
    currency: await baseCurrency(tx, s),
    lines: [{ account: ACCOUNTS.inventory, debit: r.cost }, { account: ACCOUNTS.cogs, credit: r.cost }],
  });
  await emit(tx, s, {
    type: 'stock.received',
    summary: `${r.quantity} × ${product.sku} returned into ${location.code} (${r.reference})`,
    subjects: { product: product.id },
    data: { product_id: product.id, warehouse_id: warehouseId, location_id: location.id, quantity: r.quantity, reference: r.reference },
  });
  return { location: location.code };
}

async function returnsLocation(tx: Sql, s: Scope, warehouseId: string): Promise<Location> {
  const found = (await listLocations(tx, s.tenantId, warehouseId)).find((l) => l.kind === 'returns');
  return found ?? createLocation(tx, s, warehouseId, { code: 'RETURNS', kind: 'returns' });
}
