import type { Sql } from '../db/db.ts';
import type { Handler } from '../events/dispatcher.ts';
import type { Scope } from '../shared/scope.ts';
import { allocateOrder } from './holds.ts';

/** Orders that wait for a product, in the order they are served: priority (1 first), then age. */
export async function ordersWaitingFor(tx: Sql, tenantId: string, productId: string, limit = 200): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT o.id FROM orders o
      WHERE o.tenant_id = $1 AND o.status IN ('approved', 'partially_allocated', 'partially_shipped')
        AND EXISTS (SELECT 1 FROM order_lines l WHERE l.tenant_id = o.tenant_id AND l.order_id = o.id AND l.product_id = $2 AND l.shipped_quantity < l.quantity)
      ORDER BY o.priority, o.id LIMIT $3`, [tenantId, productId, limit]);
  return rows.map((r) => r.id);
}

/** Stock arrived: the orders waiting for it get it, most urgent and then oldest first, until it runs out. */
export async function allocateBackorders(tx: Sql, s: Scope, productId: string): Promise<void> {
  for (const id of await ordersWaitingFor(tx, s.tenantId, productId)) await allocateOrder(tx, s, id);
}

export const backorderHandler: Handler = {
  name: 'orders.allocate-backorders',
  eventType: 'stock.received',
  async handle(tx, s, e) {
    await allocateBackorders(tx, s, e.data.product_id as string);
  },
};
