import { getCreditNote } from '../billing/credit-notes.ts';
import type { Db, Sql } from '../db/db.ts';
import { assert } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import { creditorReference } from './creditor-reference.ts';
import { documentCharges, documentLines, eInvoiceOf, orderDiscounts, subtotals } from './from-invoice.ts';
import type { EInvoice } from './model.ts';

/**
 * An issued credit note as an EN 16931 document (UBL CreditNote, type 381). The parties, the buyer's reference,
 * the order reference and the delivery are the credited invoice's (so an intra-Community credit note names the
 * delivery country and date as its invoice did); lines, allowances, VAT breakdown and totals are the credit
 * note's own as billing issued them, all positive. The invoice it corrects is the preceding invoice reference
 * (BG-3). Nothing is recomputed.
 *
 * A credit note is not paid by the buyer: its payment means are clearing between partners (97), nothing counts as prepaid, and the amount
 * "due" (BT-115) is the whole credit; the payment terms (BT-20, which EN 16931 wants when BT-115 is positive,
 * BR-CO-25) say where the credit went: off the invoice's open amount, and what exceeded it held for the customer.
 */
export async function eCreditNoteOf(db: Db | Sql, tenantId: string, creditNoteId: string): Promise<EInvoice> {
  const { note, lines, taxes, charges } = await getCreditNote(db, tenantId, creditNoteId);
  // The invoice as an e-invoice gives the parties and references exactly as they were invoiced.
  const invoiceDoc = await eInvoiceOf(db as Db, tenantId, note.invoice_id);
  const cur = note.currency;
  const lineExtension = lines.reduce((a, l) => a + l.net_amount, 0n);
  assert(lineExtension === note.net_total + note.allowance_total - note.charge_total, `credit note ${note.credit_note_number}: line nets add up to its totals`);
  const m = (v: bigint) => `${formatAmount(v, cur)} ${cur}`;
  const where = note.customer_credit === 0n
    ? `Credited against invoice ${note.invoice_number}: ${m(note.applied_to_invoice)} taken off the amount open on it.`
    : note.applied_to_invoice === 0n
      ? `Nothing was open on invoice ${note.invoice_number}: ${m(note.customer_credit)} held as a credit on your account, to be refunded or set against another invoice.`
      : `Credited against invoice ${note.invoice_number}: ${m(note.applied_to_invoice)} taken off the amount open on it; ${m(note.customer_credit)} held as a credit on your account.`;

  return {
    ...invoiceDoc,
    kind: 'credit_note',
    precedingInvoice: { number: note.invoice_number, issueDate: invoiceDoc.issueDate },
    number: note.credit_note_number,
    issueDate: note.issue_date,
    dueDate: null,
    currency: cur,
    // Peppol allows one note (PEPPOL-EN16931-R002): the reason first, then the company's footer.
    note: [`Reason: ${note.reason}`, invoiceDoc.note].filter(Boolean).join('\n'),
    // Nothing is paid by bank: the credit is cleared against what the buyer owes, or held for it (German buyers'
    // rules want payment instructions all the same, DE-R-001).
    paymentMeans: { code: '97', accountId: '', accountName: null, bic: null, remittance: creditorReference(note.credit_note_number) },
    paymentTerms: { text: where, earlyPayment: null, instalments: null },
    lines: documentLines(lines),
    allowanceCharges: [...orderDiscounts(taxes, note.discount_ppm), ...documentCharges(charges)],
    taxSubtotals: subtotals(taxes),
    totals: {
      lineExtension,
      allowances: note.allowance_total,
      charges: note.charge_total,
      taxExclusive: note.net_total,
      tax: note.tax_total,
      taxInclusive: note.total - note.rounding_amount,
      prepaid: 0n,
      rounding: note.rounding_amount,
      payable: note.total,
    },
  };
}

