import type { Handler } from '../events/dispatcher.ts';
import { deliverCreditNote, deliverInvoice, issuedKey } from './delivery.ts';

/**
 * An issued invoice or credit note goes to its customer by the customer's channel (Peppol, else email, else portal
 * only), once: a replayed event finds its delivery and does nothing.
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
  {
    name: 'einvoice.deliver-credit-note',
    eventType: 'credit_note.issued',
    async handle(tx, s, e) {
      const creditNoteId = e.data.credit_note_id as string;
      await deliverCreditNote(tx, s, creditNoteId, { dedupeKey: issuedKey(creditNoteId) });
    },
  },
];
