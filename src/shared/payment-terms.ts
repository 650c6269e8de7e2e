import { addDays, endOfMonth } from './dates.ts';

/**
 * Payment terms as people write them: "net 30", "2/10 net 30" (2 % discount if paid within 10 days),
 * "eom 30" (end of the invoice month plus 30 days), "due on receipt".
 */
export interface PaymentTerms {
  text: string;
  netDays: number;
  endOfMonth: boolean;
  discountPercent: string | null; // exact decimal text, e.g. "2" or "1.5"
  discountDays: number | null;
}

const NET = /^net\s*(\d{1,3})$/i;
const DISCOUNT = /^(\d{1,2}(?:\.\d{1,2})?)\s*\/\s*(\d{1,3})\s*,?\s*net\s*(\d{1,3})$/i;
const EOM = /^(?:eom|end of month)\s*\+?\s*(\d{1,3})$/i;

export function parsePaymentTerms(input: string): PaymentTerms | null {
  const text = input.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if (/^(due on receipt|immediate)$/i.test(text)) {
    return { text: 'net 0', netDays: 0, endOfMonth: false, discountPercent: null, discountDays: null };
  }
  if ((m = NET.exec(text))) {
    return { text: `net ${+m[1]}`, netDays: +m[1], endOfMonth: false, discountPercent: null, discountDays: null };
  }
  if ((m = DISCOUNT.exec(text))) {
    const [pct, dd, net] = [m[1], +m[2], +m[3]];
    if (dd > net) return null;
    return { text: `${pct}/${dd} net ${net}`, netDays: net, endOfMonth: false, discountPercent: pct, discountDays: dd };
  }
  if ((m = EOM.exec(text))) {
    return { text: `eom ${+m[1]}`, netDays: +m[1], endOfMonth: true, discountPercent: null, discountDays: null };
  }
  return null;
}

export function dueDate(terms: PaymentTerms, issueDate: string): string {
  return addDays(terms.endOfMonth ? endOfMonth(issueDate) : issueDate, terms.netDays);
}

export function discountDate(terms: PaymentTerms, issueDate: string): string | null {
  return terms.discountDays === null ? null : addDays(issueDate, terms.discountDays);
}

/**
 * The early-payment discount the terms grant on `amount` (gross), rounded half up to the minor unit, and its last
 * day; null when the terms give none.
 */
export function earlyPaymentDiscount(terms: PaymentTerms, issueDate: string, amount: bigint): { amount: bigint; until: string } | null {
  const until = discountDate(terms, issueDate);
  if (until === null || terms.discountPercent === null) return null;
  const [whole, frac = ''] = terms.discountPercent.split('.');
  const scale = 10n ** BigInt(frac.length + 2);
  const n = amount * BigInt(whole + frac);
  return { amount: (2n * n + scale) / (2n * scale), until };
}
