import type { Sql } from '../db/db.ts';

/**
 * Takes the next number of a series from its counter row. The UPDATE locks the row until the calling
 * transaction ends, so numbers are gapless: a rolled-back transaction gives its number back, and concurrent
 * issuers queue on the row instead of racing a sequence (sequences leave gaps by design).
 */
export async function nextNumber(tx: Sql, tenantId: string, series: string, period = ''): Promise<bigint> {
  const rows = await tx.query<{ value: bigint }>(
    `UPDATE counters SET next_value = next_value + 1
      WHERE tenant_id = $1 AND series = $2 AND period = $3
      RETURNING next_value - 1 AS value`,
    [tenantId, series, period],
  );
  if (rows.length) return rows[0].value;
  await tx.query(
    `INSERT INTO counters (tenant_id, series, period, next_value) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, series, period) DO NOTHING`,
    [tenantId, series, period],
  );
  return nextNumber(tx, tenantId, series, period);
}

export function formatNumber(prefix: string, n: bigint, width = 6): string {
  return prefix + n.toString().padStart(width, '0');
}

/**
 * Numbers that may skip (orders, shipments, payments, customers) come from a per-tenant sequence instead:
 * nextval never waits for another transaction, so capturing orders side by side does not queue on a
 * counter row held until commit. A rolled-back order leaves a gap in order numbers — never in invoice
 * numbers, which stay on the gapless counter above.
 */
export const SEQUENCE_SERIES = ['order', 'shipment', 'payment', 'customer'] as const;
export type SequenceSeries = (typeof SEQUENCE_SERIES)[number];

export function sequenceName(tenantId: string, series: SequenceSeries): string {
  return `o2c_seq_${series}_${tenantId.replace(/-/g, '')}`;
}

/** Run when a tenant is created (and by the migration for tenants that existed before). */
export async function createSequences(tx: Sql, tenantId: string): Promise<void> {
  for (const series of SEQUENCE_SERIES) await tx.query(`CREATE SEQUENCE IF NOT EXISTS ${sequenceName(tenantId, series)}`);
}

export async function nextInSequence(tx: Sql, tenantId: string, series: SequenceSeries): Promise<bigint> {
  const [r] = await tx.query<{ n: bigint }>('SELECT nextval($1::regclass) AS n', [sequenceName(tenantId, series)]);
  return r.n;
}

/** `count` numbers of a sequence at once (a bulk import), in ascending order. */
export async function takeFromSequence(tx: Sql, tenantId: string, series: SequenceSeries, count: number): Promise<bigint[]> {
  if (count <= 0) return [];
  const rows = await tx.query<{ n: bigint }>('SELECT nextval($1::regclass) AS n FROM generate_series(1, $2::int)', [sequenceName(tenantId, series), count]);
  return rows.map((r) => r.n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
