import type { Db, Sql } from '../db/db.ts';
import { addDays, isIsoDate } from '../shared/dates.ts';
import { invalid } from '../shared/failure.ts';
import { type ArItem, ITEM_COLUMNS } from './items.ts';

/** Bucket upper bounds in days past due; the last bucket is open-ended. Current = not yet due (≤ 0 days). */
export const DEFAULT_BUCKETS = [30, 60, 90];

export interface AgingRow {
  customer_id: string;
  currency: string;
  current: bigint;
  buckets: bigint[]; // one per bound, then the open-ended one
  total: bigint;
}

export function bucketLabels(bounds: number[] = DEFAULT_BUCKETS): string[] {
  const labels: string[] = [];
  let lo = 1;
  for (const b of bounds) {
    labels.push(`${lo}-${b}`);
    lo = b + 1;
  }
  labels.push(`${lo - 1}+`);
  return labels;
}

/** "30,60,90" → [30, 60, 90]: rising whole numbers of days; the Failure names `field`. */
export function parseBuckets(text: string | undefined, field = 'buckets'): number[] {
  if (text === undefined || text.trim() === '') return DEFAULT_BUCKETS;
  const parts = text.split(',').map((p) => p.trim());
  const bounds = parts.map(Number);
  if (!parts.every((p) => /^\d{1,4}$/.test(p)) || bounds.some((b, i) => b < 1 || (i > 0 && b <= bounds[i - 1])) || bounds.length > 12) {
    throw invalid(field, `buckets "${text}" must be rising whole numbers of days past due, e.g. 30,60,90`);
  }
  return bounds;
}

export function parseAsOf(text: string | undefined, today: string, field = 'as_of'): string {
  if (text === undefined || text === '') return today;
  if (!isIsoDate(text)) throw invalid(field, `as-of date "${text}" is not a date (YYYY-MM-DD)`);
  return text;
}

/**
 * Which bucket `days` past due falls in: 0 current (not yet due), 1..bounds.length the bounded ones, then the
 * open-ended one. The same rule as the SQL of aging().
 */
export function bucketOf(days: number, bounds: number[] = DEFAULT_BUCKETS): number {
  if (days <= 0) return 0;
  const i = bounds.findIndex((b) => days <= b);
  return i < 0 ? bounds.length + 1 : i + 1;
}

// Changes of open amounts after the as-of day, per item of one customer ($3): what an item had open then = open
// now − these.
const LATER = `SELECT item_id, SUM(delta)::bigint AS delta FROM ar_item_changes WHERE tenant_id = $1 AND changed_on > $2::date AND customer_id = $3
  GROUP BY item_id`;

/**
 * The sums per bucket as FILTERed aggregates over due dates: the buckets' bounds become due-date limits here
 * ($3 the as-of day, $4 that day − the first bound, …), so the database compares dates and adds integers, row
 * by row, nothing more.
 */
function bucketSums(column: string, asOf: string, bounds: number[]): { select: string; params: string[] } {
  const limit = (days: number) => addDays(asOf, -days);
  const params = [asOf, ...bounds.map(limit)];
  const p = (i: number) => `$${i + 3}::date`;
  const select = [
    `SUM(${column}) FILTER (WHERE due_date >= ${p(0)})::bigint AS b0`,
    ...bounds.map((_, i) => `SUM(${column}) FILTER (WHERE due_date < ${p(i)} AND due_date >= ${p(i + 1)})::bigint AS b${i + 1}`),
    `SUM(${column}) FILTER (WHERE due_date < ${p(bounds.length)})::bigint AS b${bounds.length + 1}`,
  ].join(', ');
  return { select, params };
}

/**
 * Open receivables by customer and days past due (as-of date − due date) as of the end of a day: items issued
 * later are left out, and what was applied, credited or written off after that day is added back (an
 * application undone since is taken off again), from the dated history of open amounts (changes.ts).
 *
 * Two grouped queries, each reading a covering index only: the items open now, and the changes of open amounts
 * after the day, negated; since an item's bucket depends on its due date only, the two add up per bucket to
 * what stood open that day.
 */
export async function aging(db: Db | Sql, tenantId: string, asOf: string, bounds: number[] = DEFAULT_BUCKETS): Promise<AgingRow[]> {
  const now = bucketSums('open_amount', asOf, bounds);
  const back = bucketSums('-delta', asOf, bounds);
  const [open, changed] = await Promise.all([
    db.query<Record<string, any>>(
      `SELECT customer_id, currency, ${now.select} FROM ar_items
        WHERE tenant_id = $1 AND open_amount > 0 AND issue_date <= $2::date GROUP BY customer_id, currency`,
      [tenantId, asOf, ...now.params]),
    db.query<Record<string, any>>(
      `SELECT customer_id, currency, ${back.select} FROM ar_item_changes
        WHERE tenant_id = $1 AND changed_on > $2::date AND issue_date <= $2::date GROUP BY customer_id, currency`,
      [tenantId, asOf, ...back.params]),
  ]);
  const rows = new Map<string, AgingRow>();
  for (const r of [...open, ...changed]) {
    const key = `${r.customer_id}:${r.currency}`;
    const row = rows.get(key) ?? { customer_id: r.customer_id, currency: r.currency, current: 0n, buckets: bounds.map(() => 0n).concat(0n), total: 0n };
    row.current += r.b0 ?? 0n;
    row.buckets.forEach((_, i) => (row.buckets[i] += r[`b${i + 1}`] ?? 0n));
    row.total = row.current + row.buckets.reduce((a, v) => a + v, 0n);
    rows.set(key, row);
  }
  return [...rows.values()].filter((r) => r.total > 0n);
}

export interface AgedItem extends ArItem {
  /** What was open at the end of the as-of day. */
  open_as_of: bigint;
  days_past_due: number;
  /** 0 current, then one per bound, then the open-ended one (as bucketOf). */
  bucket: number;
}

/** The drill-down of one customer's aging: its items open at the end of the day, oldest due first. */
export async function agingItems(db: Db | Sql, tenantId: string, customerId: string, asOf: string, bounds: number[] = DEFAULT_BUCKETS): Promise<AgedItem[]> {
  const rows = await db.query<ArItem & { open_as_of: bigint; days_past_due: number }>(
    `WITH later AS (${LATER})
     SELECT ${ITEM_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')},
            (i.open_amount - COALESCE(l.delta, 0))::bigint AS open_as_of, ($2::date - i.due_date) AS days_past_due
       FROM ar_items i LEFT JOIN later l ON l.item_id = i.id
      WHERE i.tenant_id = $1 AND i.customer_id = $3 AND i.issue_date <= $2::date
        AND i.open_amount - COALESCE(l.delta, 0) > 0
      ORDER BY i.due_date, i.document_number, i.instalment`,
    [tenantId, asOf, customerId],
  );
  return rows.map((r) => ({ ...r, bucket: bucketOf(r.days_past_due, bounds) }));
}
