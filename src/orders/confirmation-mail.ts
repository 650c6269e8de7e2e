import type { Handler } from '../events/dispatcher.ts';
import { getCustomer } from '../customers/customers.ts';
import { tenantById } from '../identity/tenants.ts';
import { enqueueMessage } from '../notifications/queue.ts';
import { orderConfirmationEmail } from '../notifications/templates/order-confirmation.ts';
import { formatAmount } from '../shared/money.ts';
import { getOrder } from './queries.ts';

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
    });
    await enqueueMessage(tx, s, { dedupeKey: `order-confirmation:${order.id}`, kind: 'order_confirmation', subject: { type: 'order', id: order.id }, to: customer.email, mail });
  },
};
