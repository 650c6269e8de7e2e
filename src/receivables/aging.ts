import type { Db, Sql } from '../db/db.ts';

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

/**
 * Open receivables by customer and days past due (as-of date − due date) as of a date. Amounts are what was
 * open at the end of that day: items issued later are left out. Computed in one grouped query so it scales
 * with the database, not with the application.
 */
export async function aging(db: Db | Sql, tenantId: string, asOf: string, bounds: number[] = DEFAULT_BUCKETS): Promise<AgingRow[]> {
  const cases = bounds.map((b, i) => {
    const lo = i === 0 ? 1 : bounds[i - 1] + 1;
    return `COALESCE(SUM(open_amount) FILTER (WHERE $2::date - due_date BETWEEN ${lo} AND ${b}), 0)::bigint AS b${i}`;
  });
  const last = bounds[bounds.length - 1];
  const rows = await db.query<Record<string, any>>(
    `SELECT customer_id, currency,
            COALESCE(SUM(open_amount) FILTER (WHERE $2::date - due_date <= 0), 0)::bigint AS current,
            ${cases.join(',\n            ')},
            COALESCE(SUM(open_amount) FILTER (WHERE $2::date - due_date > ${last}), 0)::bigint AS b${bounds.length},
            COALESCE(SUM(open_amount), 0)::bigint AS total
       FROM ar_items
      WHERE tenant_id = $1 AND open_amount > 0 AND issue_date <= $2::date
      GROUP BY customer_id, currency`,
    [tenantId, asOf],
  );
  return rows.map((r) => ({
    customer_id: r.customer_id,
    currency: r.currency,
    current: r.current,
    buckets: Array.from({ length: bounds.length + 1 }, (_, i) => r[`b${i}`] as bigint),
    total: r.total,
  }));
}
