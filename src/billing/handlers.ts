import type { Handler } from '../events/dispatcher.ts';
import { getCustomer } from '../customers/customers.ts';
import { getOrder } from '../orders/queries.ts';
import { itemsOfSource } from '../receivables/items.ts';
import { invoiceOrder, invoiceShipment, prepaymentInvoiceOf } from './issue.ts';
import { recognizePrepaidShipment } from './recognize.ts';

export const billingHandlers: Handler[] = [
  {
    // A shipment is invoiced now (per_shipment), recognised against its order's prepayment (on_order), or left
    // for the period's consolidated invoice (weekly, monthly).
    name: 'billing.invoice-on-shipment',
    eventType: 'shipment.shipped',
    async handle(tx, s, e) {
      const shipmentId = e.data.shipment_id as string;
      const prepaid = await prepaymentInvoiceOf(tx, s.tenantId, e.data.order_id as string);
      if (prepaid) return recognizePrepaidShipment(tx, s, prepaid, shipmentId);
      const { order } = await getOrder(tx, s.tenantId, e.data.order_id as string);
      const { invoicing_policy } = await getCustomer(tx, s.tenantId, order.customer_id);
      if (invoicing_policy === 'weekly' || invoicing_policy === 'monthly') return;
      await invoiceShipment(tx, s, shipmentId);
    },
  },
  {
    name: 'billing.invoice-on-order',
    eventType: 'order.confirmed',
    async handle(tx, s, e) {
      const { order } = await getOrder(tx, s.tenantId, e.subjects.order as string);
      if (order.prepayment) await invoiceOrder(tx, s, order.id);
    },
  },
  {
    // Paid once every part (instalment) is settled; a credited invoice stays credited.
    name: 'billing.mark-paid',
    eventType: 'receivable.settled',
    wants: `payload->'data'->>'kind' = 'invoice'`,
    async handle(tx, s, e) {
      if (e.data.kind !== 'invoice') return;
      const items = await itemsOfSource(tx, s.tenantId, e.data.source_id as string);
      if (items.some((i) => i.open_amount > 0n)) return;
      await tx.query(`UPDATE invoices SET status = 'paid' WHERE tenant_id = $1 AND id = $2 AND status = 'issued'`, [s.tenantId, e.data.source_id]);
    },
  },
  {
    name: 'billing.mark-unpaid',
    eventType: 'receivable.reopened',
    wants: `payload->'data'->>'kind' = 'invoice'`,
    async handle(tx, s, e) {
      if (e.data.kind === 'invoice') {
        await tx.query(`UPDATE invoices SET status = 'issued' WHERE tenant_id = $1 AND id = $2 AND status = 'paid'`, [s.tenantId, e.data.source_id]);
      }
    },
  },
];
