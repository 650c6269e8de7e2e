import type { Db, Sql } from '../db/db.ts';
import { invalid } from '../shared/failure.ts';

/**
 * Automatic approval of an order over the limit for a returning customer that pays well: at least
 * min_paid_items items paid in the last history_months months, none more than max_days_late days late,
 * nothing overdue now, and the exposure at most overrun_ppm over the limit (100000 = 10 %). Everything
 * else over the limit waits in the credit review queue.
 */
export interface CreditSettings {
  auto_approve: boolean;
  history_months: number;
  max_days_late: number;
  min_paid_items: number;
  overrun_ppm: number;
}

export const DEFAULT_CREDIT_SETTINGS: CreditSettings = { auto_approve: true, history_months: 12, max_days_late: 5, min_paid_items: 3, overrun_ppm: 100_000 };

export async function creditSettings(db: Db | Sql, tenantId: string): Promise<CreditSettings> {
  const [row] = await db.query<CreditSettings>(
    'SELECT auto_approve, history_months, max_days_late, min_paid_items, overrun_ppm FROM credit_settings WHERE tenant_id = $1', [tenantId]);
  return row ?? DEFAULT_CREDIT_SETTINGS;
}

export async function updateCreditSettings(tx: Sql, tenantId: string, patch: Partial<CreditSettings>): Promise<CreditSettings> {
  const v = { ...(await creditSettings(tx, tenantId)), ...patch };
  for (const k of ['history_months', 'max_days_late', 'min_paid_items', 'overrun_ppm'] as const) {
    if (!Number.isInteger(v[k]) || v[k] < 0) throw invalid(k, `${k} must be a whole number ≥ 0`);
  }
  await tx.query(
    `INSERT INTO credit_settings (tenant_id, auto_approve, history_months, max_days_late, min_paid_items, overrun_ppm) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id) DO UPDATE SET auto_approve = EXCLUDED.auto_approve, history_months = EXCLUDED.history_months,
       max_days_late = EXCLUDED.max_days_late, min_paid_items = EXCLUDED.min_paid_items, overrun_ppm = EXCLUDED.overrun_ppm`,
    [tenantId, v.auto_approve, v.history_months, v.max_days_late, v.min_paid_items, v.overrun_ppm]);
  return v;
}
