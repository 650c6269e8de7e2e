import { convert, parseRate } from '../fx/rate.ts';
import { Failure } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { EInvoice } from './model.ts';

/**
 * The terms as written, then the early-payment discount for people, then for a German buyer the same discount
 * in the XRechnung form German systems read ("#SKONTO#TAGE=10#PROZENT=2.00#", a line of its own ending in a
 * line break, DE-R-018). Instalments: one line per part with its share, due date and amount, since EN 16931 has
 * a single due date (the first part's) and Peppol allows one payment terms element.
 */
export function paymentTermsNote(doc: EInvoice): string {
  const terms = doc.paymentTerms!;
  if (terms.instalments) {
    return [terms.text, ...terms.instalments.map((p, i) =>
      `Instalment ${i + 1}: ${p.percent} % due ${p.dueDate}: ${formatAmount(p.amount, doc.currency)} ${doc.currency}${p.open === 0n ? ' (paid)' : ''}`)].join('\n');
  }
  const e = terms.earlyPayment;
  if (!e) return terms.text;
  const lines = [terms.text, `${e.percent} % if paid by ${e.date}: ${formatAmount(e.amount, doc.currency)} ${doc.currency}`];
  if (doc.buyer.address.country !== 'DE') return lines.join('\n');
  const [whole, frac = ''] = e.percent.split('.');
  return `${lines.join('\n')}\n#SKONTO#TAGE=${e.days}#PROZENT=${whole}.${frac.padEnd(2, '0')}#\n`;
}

/** The VAT in the seller's accounting currency (BT-111), at the invoice's rate, rounded as the ledger rounds. */
export function inAccountingCurrency(amount: bigint, from: string, acc: { code: string; rate: string }): bigint {
  const rate = parseRate(acc.rate);
  if (!rate) throw new Failure('invalid_input', `exchange rate "${acc.rate}" is not a positive decimal`, 'exchange_rate');
  return convert(amount, rate, from, acc.code);
}
