import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus } from './capture.ts';
import { ORDER_COLUMNS, type Order } from './model.ts';
import { lockOrder } from './queries.ts';

/** Writes the order's new status (and its hold round and flags, which the caller may have changed in memory). */
export async function setStatus(tx: Sql, s: Scope, order: Order, status: Order['status'], holdReason: string | null = null): Promise<Order> {
  const [row] = await tx.query<Order>(
    `UPDATE orders SET status = $3, hold_reason = $4, updated_at = $5, hold_round = $6, flags = $7::jsonb
      WHERE tenant_id = $1 AND id = $2 RETURNING ${ORDER_COLUMNS}`,
    [s.tenantId, order.id, status, holdReason, s.now, order.hold_round, JSON.stringify(order.flags)],
  );
  return row;
}

/** Called by fulfillment in its shipping transaction. */
export async function markShipped(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['allocated'], 'ship');
  return setStatus(tx, s, order, 'shipped');
}

/** Called by billing in its invoicing transaction. */
export async function markInvoiced(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['shipped'], 'invoice');
  return setStatus(tx, s, order, 'invoiced');
}

/** The order's invoice is paid in full: nothing is left to do, the order closes. */
export async function closeOrder(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const { order } = await lockOrder(tx, s, orderId);
  if (order.status !== 'invoiced') return;
  await setStatus(tx, s, order, 'closed');
  await emit(tx, s, { type: 'order.closed', summary: `Order ${order.order_number} closed: invoice paid in full`, subjects: { order: order.id }, data: {} });
}

/** A paid invoice opened again (payment unapplied): the order goes back to invoiced. */
export async function reopenPaidOrder(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const { order } = await lockOrder(tx, s, orderId);
  if (order.status !== 'closed') return;
  await setStatus(tx, s, order, 'invoiced');
}
