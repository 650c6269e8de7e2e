import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus } from './capture.ts';
import { ORDER_COLUMNS, SHIPPABLE, UNBILLED, type Order } from './model.ts';
import { openAmountOfOrder } from '../receivables/items.ts';
import { lockOrder } from './queries.ts';

/** Writes an order in a new status: setStatus, or for an order not written yet, its first write. */
export type WriteStatus = (order: Order, status: Order['status'], holdReason: string | null) => Promise<Order>;

/** Writes the order's new status (and its hold round and flags, which the caller may have changed in memory). */
export async function setStatus(tx: Sql, s: Scope, order: Order, status: Order['status'], holdReason: string | null = null): Promise<Order> {
  const [row] = await tx.query<Order>(
    `UPDATE orders SET status = $3, hold_reason = $4, updated_at = $5, hold_round = $6, flags = $7::jsonb
      WHERE tenant_id = $1 AND id = $2 RETURNING ${ORDER_COLUMNS}`,
    [s.tenantId, order.id, status, holdReason, s.now, order.hold_round, JSON.stringify(order.flags)],
  );
  return row;
}

/** Called by fulfillment in its shipping transaction: what each line shipped; shipped, or partially_shipped. */
export async function recordShipment(tx: Sql, s: Scope, orderId: string, shipped: Map<number, bigint>): Promise<Order> {
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, SHIPPABLE, 'ship');
  await tx.query(
    `UPDATE order_lines ol SET shipped_quantity = ol.shipped_quantity + v.q FROM unnest($3::int[], $4::bigint[]) AS v(line_no, q)
      WHERE ol.tenant_id = $1 AND ol.order_id = $2 AND ol.line_no = v.line_no`,
    [s.tenantId, orderId, [...shipped.keys()], [...shipped.values()]]);
  const all = lines.every((l) => l.shipped_quantity + (shipped.get(l.line_no) ?? 0n) === l.quantity);
  const after = await setStatus(tx, s, order, all ? 'shipped' : 'partially_shipped');
  // A prepaid order was invoiced before it shipped: with its last shipment it is invoiced (and closed if paid).
  if (!all || lines.some((l) => l.invoiced_quantity < l.quantity)) return after;
  await setStatus(tx, s, after, 'invoiced');
  await closeOrder(tx, s, orderId);
  return (await lockOrder(tx, s, orderId)).order;
}

/** What a prepayment order still owes before it may ship (its invoice not issued yet counts as all of it), or 0. */
export async function prepaymentDue(db: Db | Sql, tenantId: string, order: Order): Promise<bigint> {
  if (!order.prepayment) return 0n;
  if (order.invoiced_total === 0n) return order.total;
  return openAmountOfOrder(db, tenantId, order.id);
}

/** Called by billing in its invoicing transaction: a shipment's invoice of `amount` was issued. */
/**
 * An invoice of the order was issued for the units of these lines. The order is invoiced once it has shipped
 * in full and every unit is on an invoice: shipments may be invoiced in any order.
 */
export async function markInvoiced(tx: Sql, s: Scope, orderId: string, amount: bigint, units: Map<number, bigint>): Promise<Order> {
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, UNBILLED, 'invoice');
  const [left] = await tx.query<{ n: bigint }>(
    `WITH l AS (
       UPDATE order_lines ol SET invoiced_quantity = ol.invoiced_quantity + v.q FROM unnest($3::int[], $4::bigint[]) AS v(line_no, q)
        WHERE ol.tenant_id = $1 AND ol.order_id = $2 AND ol.line_no = v.line_no RETURNING ol.line_no, ol.quantity, ol.invoiced_quantity)
     SELECT COUNT(*)::bigint AS n FROM order_lines ol LEFT JOIN l ON l.line_no = ol.line_no
      WHERE ol.tenant_id = $1 AND ol.order_id = $2 AND COALESCE(l.invoiced_quantity, ol.invoiced_quantity) < ol.quantity`,
    [s.tenantId, orderId, [...units.keys()], [...units.values()]]);
  const [row] = await tx.query<Order>(
    `UPDATE orders SET invoiced_total = invoiced_total + $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${ORDER_COLUMNS}`, [s.tenantId, orderId, amount]);
  return order.status === 'shipped' && left.n === 0n ? setStatus(tx, s, row, 'invoiced') : row;
}

/** An invoice of the order is paid in full: when it was the last open one of a fully invoiced order, the order closes. */
export async function closeOrder(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const { order } = await lockOrder(tx, s, orderId);
  if (order.status !== 'invoiced') return;
  if (await openAmountOfOrder(tx, s.tenantId, orderId) > 0n) return;
  await setStatus(tx, s, order, 'closed');
  await emit(tx, s, { type: 'order.closed', summary: `Order ${order.order_number} closed: invoice paid in full`, subjects: { order: order.id }, data: {} });
}

/** A paid invoice opened again (payment unapplied): the order goes back to invoiced. */
export async function reopenPaidOrder(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const { order } = await lockOrder(tx, s, orderId);
  if (order.status !== 'closed') return;
  await setStatus(tx, s, order, 'invoiced');
}
