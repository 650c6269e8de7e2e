import type { Sql } from '../db/db.ts';
import { creditNotesBySource } from '../billing/credit-notes.ts';
import { captureOrder } from '../orders/capture.ts';
import type { Order, OrderLine } from '../orders/model.ts';
import { applyPayment, getPayment } from '../payments/payments.ts';
import { itemsOfSource } from '../receivables/items.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { formatRate } from '../tax/rates.ts';
import type { Rma } from './model.ts';

export const creditSource = (rmaId: string, resolution: 'credit' | 'replacement') => `rma:${rmaId}:${resolution}`;

/**
 * The replacement is an order like any other (priced, verified, credit-checked, reserved, shipped, invoiced)
 * at the prices and discounts the returned units were sold at, so its invoice comes to what their credit
 * note gave back.
 */
export async function orderReplacement(tx: Sql, s: Scope, rma: Rma, order: Order, lines: { line: OrderLine; quantity: bigint }[]): Promise<Order> {
  return captureOrder(tx, s, {
    customer_id: order.customer_id,
    po_number: rma.rma_number,
    ship_to: order.ship_to,
    discount_percent: formatRate(order.discount_ppm),
    lines: lines.map(({ line, quantity }) => ({
      product_id: line.product_id, quantity: quantity.toString(), unit_price: formatAmount(line.unit_price, order.currency), discount_percent: formatRate(line.discount_ppm),
    })),
    source_ref: `${rma.rma_number}: replacement for order ${order.order_number}`,
    confirm: true,
  });
}

/**
 * A replacement's invoice is paid with the credit its returned units left the customer (when their invoice
 * had been paid, the credit note's amount is held for the customer as unapplied cash).
 */
export async function payReplacementWithCredit(tx: Sql, s: Scope, rmaId: string, invoiceId: string): Promise<void> {
  for (const note of await creditNotesBySource(tx, s.tenantId, [creditSource(rmaId, 'replacement')])) {
    if (!note.credit_payment_id) continue;
    const open = (await itemsOfSource(tx, s.tenantId, invoiceId)).reduce((a, i) => a + i.open_amount, 0n);
    if (open === 0n) return;
    const { payment } = await getPayment(tx, s.tenantId, note.credit_payment_id);
    const amount = payment.unapplied < open ? payment.unapplied : open;
    if (amount > 0n) await applyPayment(tx, s, payment.id, [{ invoice_id: invoiceId, amount: formatAmount(amount, payment.currency) }]);
  }
}
