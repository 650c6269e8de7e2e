import type { CreditNoteData } from '../credit-note-data.ts';
import { company, footer, itemsAndVat, money, netTotals, parties, type DocumentPdfOptions } from './invoice.ts';
import { dejaVuSans, renderPdf, type Section } from './layout.ts';

/**
 * A credit note for people: the invoice it corrects (number and date, VAT directive art. 219), why, the credited
 * lines with their VAT, the totals, and what became of the credit: taken off the invoice, and any excess held
 * for the customer.
 */
export function creditNotePdf(data: CreditNoteData, opts: DocumentPdfOptions): Promise<Uint8Array> {
  const { doc } = data;
  const cur = doc.currency;
  const invoice = doc.precedingInvoice;
  const header: [string, string | null | undefined][] = [
    ['Credit note number', doc.number],
    ['Issue date', doc.issueDate],
    ['Credits invoice', invoice && (invoice.issueDate ? `${invoice.number} of ${invoice.issueDate}` : invoice.number)],
    ['Reason', data.reason],
    ['Delivery date', doc.delivery?.date],
    ['Your order', doc.orderReference?.purchaseOrder],
    ['Our order', doc.orderReference?.salesOrder],
  ];
  const settlement = [
    ...(data.appliedToInvoice > 0n ? [`Taken off invoice ${invoice?.number}: ${money(data.appliedToInvoice, cur)}`] : []),
    ...(data.customerCredit > 0n ? [`Held as a credit on your account, to be refunded or set against another invoice: ${money(data.customerCredit, cur)}`] : []),
  ];
  const sections: Section[] = [
    ...itemsAndVat(doc),
    { kind: 'totals', rows: [
      ...netTotals(doc),
      ...(doc.totals.rounding !== 0n ? [{ label: 'Rounding', value: money(doc.totals.rounding, cur) }] : []),
      { label: 'Total credited', value: money(doc.totals.taxInclusive + doc.totals.rounding, cur), strong: true },
    ] },
    ...(settlement.length ? [{ kind: 'heading', text: 'Settlement' } as const, { kind: 'paragraph', text: settlement.join('\n') } as const] : []),
    ...footer(opts),
  ];
  return renderPdf({
    company: company(doc.seller, opts.logo),
    title: 'Credit note',
    number: doc.number,
    date: new Date(`${doc.issueDate}T00:00:00Z`),
    header: header.filter((h): h is [string, string] => !!h[1]),
    addresses: parties(doc),
    sections,
  }, { fonts: dejaVuSans() });
}
