import type { Sql } from '../db/db.ts';
import { checkCredit, recordRelease } from '../credit/check.ts';
import { lockCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { releaseReservations, reserve } from '../inventory/stock.ts';
import { invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus } from './capture.ts';
import { ORDER_COLUMNS, type Order, type OrderLine } from './model.ts';
import { getOrder, lockOrder, unbilledTotal } from './queries.ts';

async function setStatus(tx: Sql, s: Scope, order: Order, status: Order['status'], holdReason: string | null = null) {
  const [row] = await tx.query<Order>(
    `UPDATE orders SET status = $3, hold_reason = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2
     RETURNING ${ORDER_COLUMNS}`,
    [s.tenantId, order.id, status, holdReason, s.now],
  );
  return row;
}

async function reserveLines(tx: Sql, s: Scope, order: Order, lines: OrderLine[]) {
  await reserve(tx, s, order.id, lines.map((l) => ({ lineNo: l.line_no, productId: l.product_id, sku: l.sku, quantity: l.quantity })));
}

/**
 * Confirms a draft: credit check (customer row locked, so concurrent orders of one customer cannot
 * overdraw together), then stock reservation. Over the limit → on_hold with reason "credit".
 */
export async function confirmOrder(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order: peek } = await getOrder(tx, s.tenantId, orderId);
  const customer = await lockCustomer(tx, s, peek.customer_id);
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['draft'], 'confirm');
  const unbilled = await unbilledTotal(tx, s.tenantId, customer.id, order.currency, order.id);
  const decision = await checkCredit(tx, s, { customer, orderId: order.id, amount: order.total, unbilledOrders: unbilled });
  if (!decision.approved) {
    const held = await setStatus(tx, s, order, 'on_hold', 'credit');
    await emit(tx, s, {
      type: 'order.held',
      summary: `Order ${order.order_number} on credit hold: ${decision.reason}`,
      subjects: { order: order.id, customer: customer.id },
      data: { hold: 'credit', reason: decision.reason, exposure: decision.exposure, limit: decision.limit },
    });
    return held;
  }
  await reserveLines(tx, s, order, lines);
  const confirmed = await setStatus(tx, s, order, 'confirmed');
  await emit(tx, s, {
    type: 'order.confirmed',
    summary: `Order ${order.order_number} confirmed (${decision.reason}), stock reserved`,
    subjects: { order: order.id, customer: customer.id },
    data: { credit: decision.reason },
  });
  return confirmed;
}

/** Releases a hold (credit role): the stock is reserved now; the release is recorded with who and why. */
export async function releaseOrder(tx: Sql, s: Scope, orderId: string, reason: string): Promise<Order> {
  if (!reason?.trim()) throw invalid('reason', 'a release needs a reason');
  const { order: peek } = await getOrder(tx, s.tenantId, orderId);
  const customer = await lockCustomer(tx, s, peek.customer_id);
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['on_hold'], 'release');
  const unbilled = await unbilledTotal(tx, s.tenantId, customer.id, order.currency, order.id);
  await recordRelease(tx, s, { customer, orderId: order.id, amount: order.total, unbilledOrders: unbilled, reason: reason.trim() });
  await reserveLines(tx, s, order, lines);
  const confirmed = await setStatus(tx, s, order, 'confirmed');
  await emit(tx, s, {
    type: 'order.released',
    summary: `Order ${order.order_number} released from ${order.hold_reason} hold by ${s.actor.name}: ${reason.trim()}`,
    subjects: { order: order.id, customer: customer.id },
    data: { hold: order.hold_reason, reason: reason.trim() },
  });
  return confirmed;
}

export async function cancelOrder(tx: Sql, s: Scope, orderId: string, reason: string): Promise<Order> {
  if (!reason?.trim()) throw invalid('reason', 'a cancellation needs a reason');
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['draft', 'on_hold', 'confirmed'], 'cancel');
  await releaseReservations(tx, s, order.id);
  const cancelled = await setStatus(tx, s, order, 'cancelled');
  await emit(tx, s, {
    type: 'order.cancelled',
    summary: `Order ${order.order_number} cancelled: ${reason.trim()}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { reason: reason.trim() },
  });
  return cancelled;
}

/** Called by fulfillment in its shipping transaction. */
export async function markShipped(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['confirmed'], 'ship');
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
  await emit(tx, s, {
    type: 'order.closed',
    summary: `Order ${order.order_number} closed: invoice paid in full`,
    subjects: { order: order.id },
    data: {},
  });
}

/** A paid invoice opened again (payment unapplied): the order goes back to invoiced. */
export async function reopenOrder(tx: Sql, s: Scope, orderId: string): Promise<void> {
  const { order } = await lockOrder(tx, s, orderId);
  if (order.status !== 'closed') return;
  await setStatus(tx, s, order, 'invoiced');
}
