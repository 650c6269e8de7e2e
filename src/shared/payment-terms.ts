import { addDays, endOfMonth } from './dates.ts';

/**
 * Payment terms as people write them: "net 30", "2/10 net 30" (2 % discount if paid within 10 days),
 * "eom 30" (end of the invoice month plus 30 days), "due on receipt", and instalments: "instalments 50% net 30,
 * 50% net 60" (2 to 12 parts, each a share of the total with its own net or eom term, the shares adding up to
 * 100 % and each part due after the one before). For instalments netDays/endOfMonth are the first part's, so
 * dueDate() is the first due date.
 */
export interface PaymentTerms {
  text: string;
  netDays: number;
  endOfMonth: boolean;
  discountPercent: string | null; // exact decimal text, e.g. "2" or "1.5"
  discountDays: number | null;
  instalments?: InstalmentTerm[];
}

export interface InstalmentTerm {
  /** Share of the total as exact decimal text, e.g. "50" or "33.33". */
  percent: string;
  netDays: number;
  endOfMonth: boolean;
}

const NET = /^net\s*(\d{1,3})$/i;
const DISCOUNT = /^(\d{1,2}(?:\.\d{1,2})?)\s*\/\s*(\d{1,3})\s*,?\s*net\s*(\d{1,3})$/i;
const EOM = /^(?:eom|end of month)\s*\+?\s*(\d{1,3})$/i;
const INSTALMENTS = /^instal?lments?\s*:?\s*(.+)$/i;
const PART = /^(\d{1,3}(?:\.\d{1,2})?)\s*%\s*(.+)$/;
const HUNDRED_PERCENT = 10000n; // in hundredths of a percent

export function parsePaymentTerms(input: string): PaymentTerms | null {
  const text = input.trim().replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = INSTALMENTS.exec(text))) return parseInstalments(m[1]);
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

function parseInstalments(list: string): PaymentTerms | null {
  const parts: InstalmentTerm[] = [];
  for (const piece of list.split(',')) {
    const m = PART.exec(piece.trim());
    const term = m && parsePaymentTerms(m[2]);
    if (!m || !term || term.discountPercent !== null || term.instalments) return null;
    parts.push({ percent: normalizePercent(m[1]), netDays: term.netDays, endOfMonth: term.endOfMonth });
  }
  if (parts.length < 2 || parts.length > 12) return null;
  const shares = parts.map((p) => hundredths(p.percent));
  if (shares.some((v) => v === 0n) || shares.reduce((a, b) => a + b, 0n) !== HUNDRED_PERCENT) return null;
  // Each part falls due after the one before whatever the issue date: more days than the part before, and a net
  // term after an end-of-month one more than 30 days more (the month's end is up to 30 days after the issue).
  if (parts.some((p, i) => i > 0 && p.netDays <= parts[i - 1].netDays + (parts[i - 1].endOfMonth && !p.endOfMonth ? 30 : 0))) return null;
  const text = `instalments ${parts.map((p) => `${p.percent}% ${p.endOfMonth ? 'eom' : 'net'} ${p.netDays}`).join(', ')}`;
  return { text, netDays: parts[0].netDays, endOfMonth: parts[0].endOfMonth, discountPercent: null, discountDays: null, instalments: parts };
}

function normalizePercent(text: string): string {
  const [whole, frac = ''] = text.split('.');
  const f = frac.replace(/0+$/, '');
  return `${BigInt(whole)}${f ? `.${f}` : ''}`;
}

function hundredths(percent: string): bigint {
  const [whole, frac = ''] = percent.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
}

export interface InstalmentDue {
  /** 1..n for a part of an instalment schedule; 0 for terms without instalments (one part: the whole total). */
  instalment: number;
  percent: string;
  dueDate: string;
  amount: bigint;
}

/**
 * When what is due: one part per instalment, or the whole total on the due date. The split: every part but the
 * last is the total × its share rounded down to the minor unit, and the last part takes what is left, so the
 * parts always add up to the total exactly and none is negative.
 */
export function instalmentSchedule(terms: PaymentTerms, issueDate: string, total: bigint): InstalmentDue[] {
  if (!terms.instalments) return [{ instalment: 0, percent: '100', dueDate: dueDate(terms, issueDate), amount: total }];
  let left = total;
  return terms.instalments.map((p, i, all) => {
    const amount = i === all.length - 1 ? left : (total * hundredths(p.percent)) / HUNDRED_PERCENT;
    left -= amount;
    return { instalment: i + 1, percent: p.percent, dueDate: dueDate(p, issueDate), amount };
  });
}

export function dueDate(terms: Pick<PaymentTerms, 'netDays' | 'endOfMonth'>, issueDate: string): string {
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
