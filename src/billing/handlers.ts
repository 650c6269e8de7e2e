import type { Handler } from '../events/dispatcher.ts';
import { invoiceShipment } from './issue.ts';

export const billingHandlers: Handler[] = [
  {
    name: 'billing.invoice-on-shipment',
    eventType: 'shipment.shipped',
    async handle(tx, s, e) {
      await invoiceShipment(tx, s, e.data.shipment_id as string);
    },
  },
  {
    name: 'billing.mark-paid',
    eventType: 'receivable.settled',
    async handle(tx, s, e) {
      if (e.data.kind === 'invoice') {
        await tx.query(`UPDATE invoices SET status = 'paid' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, e.data.source_id]);
      }
    },
  },
  {
    name: 'billing.mark-unpaid',
    eventType: 'receivable.reopened',
    async handle(tx, s, e) {
      if (e.data.kind === 'invoice') {
        await tx.query(`UPDATE invoices SET status = 'issued' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, e.data.source_id]);
      }
    },
  },
];
