import type { Handler } from '../events/dispatcher.ts';
import { deliverInvoice, issuedKey } from './delivery.ts';

/**
 * An issued invoice goes to its customer by the customer's channel (Peppol, else email, else portal only), once:
 * a replayed invoice.issued finds its delivery and does nothing.
 */
export const deliveryHandlers: Handler[] = [
  {
    name: 'einvoice.deliver-invoice',
    eventType: 'invoice.issued',
    async handle(tx, s, e) {
      const invoiceId = e.data.invoice_id as string;
      await deliverInvoice(tx, s, invoiceId, { dedupeKey: issuedKey(invoiceId) });
    },
  },
];
