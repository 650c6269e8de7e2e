import type { Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { releaseReservations } from '../inventory/stock.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { formatRate } from '../tax/rates.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { assertStatus, captureOrder, insertLines, resolveShipTo } from './capture.ts';
import { confirmOrder } from './confirm.ts';
import { supersedeHolds } from './holds.ts';
import { chargeInputs, insertCharges, orderCharges, type OrderChargeInput } from './charges.ts';
import { OPEN_BEFORE_SHIPMENT, ORDER_COLUMNS, type Order, type ShipTo } from './model.ts';
import { priceOrder, type OrderLineInput } from './pricing.ts';
import { lockOrder } from './queries.ts';

export interface AmendInput {
  lines?: OrderLineInput[];
  ship_to?: ShipTo | null;
  po_number?: string | null;
  discount_percent?: string;
  /** The order's charges anew ([] removes them); left out, they stay (and are priced again). */
  charges?: OrderChargeInput[];
}

/**
 * Changes an order before it ships: lines, quantities, ship-to, PO number, discount. Pricing runs again,
 * and an order that was past draft goes through confirmation again — verification, credit and stock
 * reservation — so an amendment can never slip past the checks a new order gets.
 */
export async function amendOrder(tx: Sql, s: Scope, orderId: string, input: AmendInput): Promise<Order> {
  const { order, lines } = await lockOrder(tx, s, orderId);
  assertStatus(order, OPEN_BEFORE_SHIPMENT, 'amend');
  if (order.invoiced_total > 0n) throw new Failure('invalid_state', `order ${order.order_number} is invoiced (prepayment): credit the invoice before changing the order`, 'status');
  const customer = await getCustomer(tx, s.tenantId, order.customer_id);
  const newLines: OrderLineInput[] = input.lines ?? lines.map((l) => ({
    product_id: l.product_id, quantity: l.quantity.toString(),
    unit_price: l.price_source === 'negotiated price' ? formatAmount(l.unit_price, order.currency) : undefined,
    discount_percent: l.discount_ppm ? formatRate(l.discount_ppm) : undefined,
  }));
  const shipTo = input.ship_to === undefined ? (order.ship_to ?? resolveShipTo(customer, null)) : resolveShipTo(customer, input.ship_to);
  const discount = input.discount_percent ?? (order.discount_ppm ? formatRate(order.discount_ppm) : undefined);
  const charges = input.charges ?? chargeInputs(await orderCharges(tx, s.tenantId, order.id), order.currency);
  const priced = await priceOrder(tx, s, customer, shipTo, newLines, discount, charges);
  const po = input.po_number === undefined ? order.po_number : input.po_number?.trim() || null;
  const wasPastDraft = order.status !== 'draft';
  await releaseReservations(tx, s, order.id);
  await supersedeHolds(tx, s, order.id);
  await tx.query('DELETE FROM order_lines WHERE tenant_id = $1 AND order_id = $2', [s.tenantId, order.id]);
  await insertLines(tx, s, order.id, priced);
  await tx.query('DELETE FROM order_charges WHERE tenant_id = $1 AND order_id = $2', [s.tenantId, order.id]);
  await insertCharges(tx, s, order.id, priced.charges, priced.totals.chargeNets);
  const t = priced.totals;
  const keptFlags = order.flags.filter((f) => f.code !== 'price_differs');
  await tx.query(
    `UPDATE orders SET status = 'draft', hold_reason = NULL, po_number = $3, ship_to = $4::jsonb, discount_ppm = $5, allowance_total = $6,
       net_total = $7, tax_total = $8, total = $9, flags = $10::jsonb, updated_at = $11, prices_include_tax = $12 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, order.id, po, JSON.stringify(shipTo), priced.discountPpm, t.allowances, t.taxExclusive, t.tax, t.total,
      JSON.stringify([...keptFlags, ...priced.flags]), s.now, priced.pricesIncludeTax],
  );
  await emit(tx, s, {
    type: 'order.amended',
    summary: `Order ${order.order_number} amended: total ${formatAmount(order.total, order.currency)} → ${formatAmount(t.total, order.currency)} ${order.currency}, ${priced.lines.length} line${priced.lines.length > 1 ? 's' : ''}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { previous_total: order.total, total: t.total, previous_status: order.status },
  });
  if (wasPastDraft) return confirmOrder(tx, s, order.id);
  const [row] = await tx.query<Order>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2`, [s.tenantId, order.id]);
  return row;
}

/** A cancelled order back to draft; confirming it again runs every check anew. */
export async function reopenOrder(tx: Sql, s: Scope, orderId: string, reason: string): Promise<Order> {
  if (!reason?.trim()) throw invalid('reason', 'reopening needs a reason');
  const { order } = await lockOrder(tx, s, orderId);
  assertStatus(order, ['cancelled'], 'reopen');
  const [row] = await tx.query<Order>(
    `UPDATE orders SET status = 'draft', hold_reason = NULL, updated_at = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${ORDER_COLUMNS}`,
    [s.tenantId, order.id, s.now]);
  await emit(tx, s, {
    type: 'order.reopened', summary: `Order ${order.order_number} reopened as draft: ${reason.trim()}`,
    subjects: { order: order.id, customer: order.customer_id }, data: { reason: reason.trim() },
  });
  return row;
}

/** A new order with the same customer, ship-to and lines at today's prices; it goes through capture like any other. */
export async function copyOrder(tx: Sql, s: Scope, orderId: string, opts: { confirm?: boolean; po_number?: string | null } = {}): Promise<Order> {
  const { order, lines } = await lockOrder(tx, s, orderId);
  const copy = await captureOrder(tx, s, {
    customer_id: order.customer_id, po_number: opts.po_number ?? null, channel: order.channel, ship_to: order.ship_to,
    discount_percent: order.discount_ppm ? formatRate(order.discount_ppm) : undefined,
    lines: lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity.toString(), discount_percent: l.discount_ppm ? formatRate(l.discount_ppm) : undefined })),
    charges: chargeInputs(await orderCharges(tx, s.tenantId, order.id), order.currency),
    confirm: opts.confirm,
  });
  await emit(tx, s, {
    type: 'order.copied', summary: `Order ${copy.order_number} copied from ${order.order_number}`,
    subjects: { order: copy.id }, data: { from: order.id, from_number: order.order_number },
  });
  return copy;
}
