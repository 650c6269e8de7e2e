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
