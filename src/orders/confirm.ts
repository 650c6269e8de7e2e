import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { releaseReservations } from '../inventory/stock.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus } from './capture.ts';
import { lockCreditGroup, runChecks, type CreditGroup } from './checks.ts';
import { placeHolds, releaseHold, reserveAndConfirm, supersedeHolds } from './holds.ts';
import { OPEN_BEFORE_SHIPMENT, type Order, type OrderLine } from './model.ts';
import { getOrder, lockOrder } from './queries.ts';
import { setStatus, type WriteStatus } from './status.ts';

/**
 * Submits a draft: verification, fraud score and credit check run; any that fails puts the order on a hold
 * of its kind for a person to review. Otherwise it is approved and gets what stock there is. The
 * customer's (and its head office's) row is locked first, so concurrent orders of one customer are checked
 * one after the other and can never overdraw the limit together.
 */
export async function confirmOrder(tx: Sql, s: Scope, orderId: string): Promise<Order> {
  const { order: peek } = await getOrder(tx, s.tenantId, orderId);
  const group = await lockCreditGroup(tx, s, peek.customer_id);
  const { order, lines } = await lockOrder(tx, s, orderId);
  return confirmLoaded(tx, s, order, lines, group);
}

/**
 * confirmOrder for an order the caller has locked, with its customer group locked, or has yet to write: then
 * `write` writes it with the status its submission decides.
 */
export async function confirmLoaded(tx: Sql, s: Scope, order: Order, lines: OrderLine[], group: CreditGroup, write?: WriteStatus): Promise<Order> {
  assertStatus(order, ['draft'], 'confirm');
  const current = { ...order, hold_round: order.hold_round + 1 };
  const outcome = await runChecks(tx, s, current, lines, group);
  if (outcome.holds.length) return placeHolds(tx, s, current, outcome.holds, write);
  return reserveAndConfirm(tx, s, current, lines, outcome.credit?.reason ?? 'checks passed', write);
}

/** Releases every open hold of the order (see releaseHold for one kind). */
export async function releaseOrder(tx: Sql, s: Scope, orderId: string, reason: string): Promise<Order> {
  return releaseHold(tx, s, orderId, 'all', reason);
}

export async function cancelOrder(tx: Sql, s: Scope, orderId: string, reason: string): Promise<Order> {
  if (!reason?.trim()) throw invalid('reason', 'a cancellation needs a reason');
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, OPEN_BEFORE_SHIPMENT, 'cancel');
  if (order.invoiced_total > 0n) throw new Failure('invalid_state', `order ${order.order_number} is invoiced (prepayment): credit the invoice before cancelling`, 'status');
  await releaseReservations(tx, s, order.id);
  await supersedeHolds(tx, s, order.id);
  const cancelled = await setStatus(tx, s, order, 'cancelled');
  await emit(tx, s, {
    type: 'order.cancelled',
    summary: `Order ${order.order_number} cancelled: ${reason.trim()}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { reason: reason.trim() },
  });
  return cancelled;
}
