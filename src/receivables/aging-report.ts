import type { Db } from '../db/db.ts';
import { customersByIds, getCustomer } from '../customers/customers.ts';
import { formatAmount } from '../shared/money.ts';
import { aging, agingItems, bucketLabels, DEFAULT_BUCKETS, type AgedItem } from './aging.ts';
import { itemJson } from './items.ts';

export interface AgingReportRow {
  customer_id: string;
  customer_number: string;
  name: string;
  currency: string;
  /** current, then one per bucket: as labels says. */
  amounts: bigint[];
  total: bigint;
}

export interface AgingReport {
  as_of: string;
  /** "current", "1-30", "31-60", "61-90", "90+" for the default buckets. */
  labels: string[];
  rows: AgingReportRow[];
  /** Per currency, the same columns summed. */
  totals: { currency: string; amounts: bigint[]; total: bigint }[];
}

/** The aging of every customer with something open as of the day, by customer number, with totals per currency. */
export async function agingReport(db: Db, tenantId: string, asOf: string, bounds: number[] = DEFAULT_BUCKETS): Promise<AgingReport> {
  const rows = await aging(db, tenantId, asOf, bounds);
  const customers = await customersByIds(db, tenantId, [...new Set(rows.map((r) => r.customer_id))]);
  const out = rows.map((r): AgingReportRow => {
    const c = customers.get(r.customer_id);
    return { customer_id: r.customer_id, customer_number: c?.customer_number ?? '', name: c?.name ?? '', currency: r.currency, amounts: [r.current, ...r.buckets], total: r.total };
  }).sort((a, b) => (a.customer_number < b.customer_number ? -1 : a.customer_number > b.customer_number ? 1 : a.currency < b.currency ? -1 : 1));
  const totals = new Map<string, { currency: string; amounts: bigint[]; total: bigint }>();
  for (const r of out) {
    const t = totals.get(r.currency) ?? { currency: r.currency, amounts: r.amounts.map(() => 0n), total: 0n };
    r.amounts.forEach((v, i) => (t.amounts[i] += v));
    t.total += r.total;
    totals.set(r.currency, t);
  }
  return { as_of: asOf, labels: ['current', ...bucketLabels(bounds)], rows: out, totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)) };
}

/** A row as the CSV and JSON outputs show it: one column per label, amounts in major units with a dot. */
export function agingRowJson(labels: string[], r: { currency: string; amounts: bigint[]; total: bigint }): Record<string, string> {
  return {
    ...Object.fromEntries(labels.map((l, i) => [l, formatAmount(r.amounts[i], r.currency)])),
    total: formatAmount(r.total, r.currency),
  };
}

export function agingReportJson(report: AgingReport) {
  return {
    as_of: report.as_of,
    buckets: report.labels,
    customers: report.rows.map((r) => ({
      customer_id: r.customer_id, customer_number: r.customer_number, name: r.name, currency: r.currency, ...agingRowJson(report.labels, r),
    })),
    totals: report.totals.map((t) => ({ currency: t.currency, ...agingRowJson(report.labels, t) })),
  };
}

/** One customer's aging with its items per bucket (the drill-down). */
export async function customerAging(db: Db, tenantId: string, customerId: string, asOf: string, bounds: number[] = DEFAULT_BUCKETS) {
  const customer = await getCustomer(db, tenantId, customerId);
  const items = await agingItems(db, tenantId, customer.id, asOf, bounds);
  const labels = ['current', ...bucketLabels(bounds)];
  const m = (v: bigint) => formatAmount(v, customer.currency);
  const itemOut = (i: AgedItem) => ({ ...itemJson(i), open_as_of: m(i.open_as_of), days_past_due: i.days_past_due });
  return {
    as_of: asOf,
    customer: { id: customer.id, customer_number: customer.customer_number, name: customer.name, currency: customer.currency },
    buckets: labels.map((label, b) => {
      const mine = items.filter((i) => i.bucket === b);
      return { label, amount: m(mine.reduce((a, i) => a + i.open_as_of, 0n)), items: mine.map(itemOut) };
    }),
    total: m(items.reduce((a, i) => a + i.open_as_of, 0n)),
  };
}
