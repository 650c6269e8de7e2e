import type { Handler } from '../events/dispatcher.ts';
import { getCustomer } from '../customers/customers.ts';
import { tenantById } from '../identity/tenants.ts';
import { enqueueMessage } from '../notifications/queue.ts';
import { orderConfirmationEmail } from '../notifications/templates/order-confirmation.ts';
import { formatAmount } from '../shared/money.ts';
import { getOrder } from './queries.ts';
import type { Sql } from '../db/db.ts';
import { incomingByProduct } from '../inventory/incoming.ts';
import { reservedFor } from '../inventory/stock.ts';
import type { OrderLine } from './model.ts';

/** What of the order waits for stock and when it is expected, or null when everything is reserved. */
async function backorderNote(tx: Sql, tenantId: string, orderId: string, lines: OrderLine[]): Promise<string | null> {
  const reserved = await reservedFor(tx, { tenantId }, orderId);
  const waiting = lines.map((l) => ({ l, missing: l.quantity - l.shipped_quantity - (reserved.get(l.line_no) ?? 0n) })).filter((x) => x.missing > 0n);
  if (!waiting.length) return null;
  const expected = await incomingByProduct(tx, tenantId, waiting.map((x) => x.l.product_id));
  const items = waiting.map(({ l, missing }) => `${l.sku} × ${missing} (${expected.has(l.product_id) ? `expected ${expected.get(l.product_id)!.next}` : 'date to be confirmed'})`);
  return `Part of your order waits for stock: ${items.join(', ')}. What is in stock ships now; the rest follows as soon as it arrives.`;
}

/** When an order is confirmed, its confirmation goes to the customer's email address (queued, sent after commit). */
export const confirmationMailHandler: Handler = {
  name: 'orders.confirmation-mail',
  eventType: 'order.confirmed',
  async handle(tx, s, e) {
    const orderId = e.subjects.order;
    const customerId = e.subjects.customer;
    if (!orderId || !customerId) return;
    const customer = await getCustomer(tx, s.tenantId, customerId);
    if (!customer.email) return;
    const { order, lines } = await getOrder(tx, s.tenantId, orderId);
    const tenant = await tenantById(tx, s.tenantId);
    const m = (v: bigint) => formatAmount(v, order.currency);
    const mail = orderConfirmationEmail({
      companyName: tenant?.name ?? 'o2c', customerName: customer.name, orderNumber: order.order_number, poNumber: order.po_number,
      orderDate: order.created_at.toISOString().slice(0, 10), currency: order.currency,
      lines: lines.map((l) => ({ sku: l.sku, description: l.description, quantity: l.quantity.toString(), uom: l.uom, unitPrice: m(l.unit_price), net: m(l.net_amount) })),
      totals: { net: m(order.net_total), tax: m(order.tax_total), total: m(order.total) },
      nextStep: await backorderNote(tx, s.tenantId, orderId, lines),
    });
    await enqueueMessage(tx, s, { dedupeKey: `order-confirmation:${order.id}`, kind: 'order_confirmation', subject: { type: 'order', id: order.id }, to: customer.email, mail });
  },
};
