import type { Db, Sql } from '../db/db.ts';
import type { Customer } from '../customers/customers.ts';
import { openBalances, paymentBehaviour } from '../receivables/behaviour.ts';
import { addDays } from '../shared/dates.ts';
import { formatAmount } from '../shared/money.ts';

export interface ScoreFactor {
  factor: string;
  points: number; // negative lowers the score
  detail: string;
}

export interface CreditProfile {
  customer_id: string;
  currency: string;
  credit_limit: string | null;
  open_receivables: string;
  unbilled_orders: string;
  exposure: string;
  available: string | null;
  utilization_percent: number | null;
  score: number;
  rating: 'A' | 'B' | 'C' | 'D';
  factors: ScoreFactor[];
}

/**
 * A 0-100 score from how the customer pays, with the factors behind it. Starts at 80 and moves with:
 * paying late on average (−2 per day, at most −30), the share of items paid late (up to −20), what is
 * overdue now (−1 per day of the oldest item, at most −25), limit utilisation above 80 % (up to −10), and
 * a clean record of many paid items (+2 each beyond 5, at most +20). No history at all: 50.
 */
export async function creditProfile(db: Db | Sql, tenantId: string, c: Customer, unbilled: bigint, asOf: string): Promise<CreditProfile> {
  const b = await paymentBehaviour(db, tenantId, [c.id], addDays(asOf, -365), asOf);
  const ar = (await openBalances(db, tenantId, [c.id], c.currency)).get(c.id) ?? 0n;
  const exposure = ar + unbilled;
  const m = (v: bigint) => formatAmount(v, c.currency);
  const factors: ScoreFactor[] = [];
  let score: number;
  if (b.paidItems === 0 && b.openItems === 0) {
    score = 50;
    factors.push({ factor: 'no_history', points: 0, detail: 'no invoices yet: score 50 until there is payment history' });
  } else {
    score = 80;
    if (b.averageDaysLate > 0) factors.push({ factor: 'average_days_late', points: -Math.min(30, 2 * b.averageDaysLate), detail: `pays ${b.averageDaysLate} days late on average` });
    if (b.lateItems > 0) {
      const share = Math.round((100 * b.lateItems) / b.paidItems);
      factors.push({ factor: 'late_share', points: -Math.min(20, Math.round(share / 5)), detail: `${b.lateItems} of ${b.paidItems} items paid late (${share} %)` });
    }
    if (b.overdueAmount > 0n) factors.push({ factor: 'overdue_now', points: -Math.min(25, b.maxDaysOverdue), detail: `${m(b.overdueAmount)} ${c.currency} overdue, oldest ${b.maxDaysOverdue} days` });
    if (b.lateItems === 0 && b.paidItems > 5) factors.push({ factor: 'clean_record', points: Math.min(20, 2 * (b.paidItems - 5)), detail: `${b.paidItems} items paid, none late` });
  }
  let utilization: number | null = null;
  if (c.credit_limit !== null && c.credit_limit > 0n) {
    utilization = Number((exposure * 100n) / c.credit_limit);
    if (utilization > 80) factors.push({ factor: 'utilization', points: -Math.min(10, Math.round((utilization - 80) / 2)), detail: `uses ${utilization} % of its limit` });
  }
  score = Math.max(0, Math.min(100, score + factors.reduce((t, f) => t + f.points, 0)));
  return {
    customer_id: c.id, currency: c.currency,
    credit_limit: c.credit_limit === null ? null : m(c.credit_limit),
    open_receivables: m(ar), unbilled_orders: m(unbilled), exposure: m(exposure),
    available: c.credit_limit === null ? null : m(c.credit_limit - exposure),
    utilization_percent: utilization,
    score, rating: score >= 75 ? 'A' : score >= 55 ? 'B' : score >= 35 ? 'C' : 'D',
    factors,
  };
}
