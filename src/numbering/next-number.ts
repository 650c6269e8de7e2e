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
 * Reserves `count` consecutive numbers of a series in one step, for a caller that runs it in a short
 * transaction of its own (a bulk import): the counter row is then not held for the whole work. For series
 * that may have gaps (orders): a number whose order fails is not given back. Never for invoices.
 */
export async function reserveNumbers(tx: Sql, tenantId: string, series: string, count: number, period = ''): Promise<bigint> {
  if (count <= 0) return 0n;
  const first = await nextNumber(tx, tenantId, series, period);
  if (count > 1) {
    await tx.query('UPDATE counters SET next_value = next_value + $4 WHERE tenant_id = $1 AND series = $2 AND period = $3', [tenantId, series, period, count - 1]);
  }
  return first;
}
