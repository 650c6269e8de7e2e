import type { Db, Sql } from '../db/db.ts';
import type { TaxCategory } from './categories.ts';

// Rates are stored in parts per million (19 % = 190000, 8.875 % = 88750): exact integers, no floats.
const DEFAULTS: Record<string, Partial<Record<TaxCategory, number>>> = {
  DE: { standard: 190000, reduced: 70000 },
  FR: { standard: 200000, reduced: 55000 },
  NL: { standard: 210000, reduced: 90000 },
  BE: { standard: 210000, reduced: 60000 },
  AT: { standard: 200000, reduced: 100000 },
  IT: { standard: 220000, reduced: 100000 },
  ES: { standard: 210000, reduced: 100000 },
  GB: { standard: 200000, reduced: 50000 },
  US: { standard: 0, reduced: 0 },
};

export async function installTaxRates(tx: Sql, tenantId: string, country: string): Promise<void> {
  const d = DEFAULTS[country] ?? { standard: 200000, reduced: 100000 };
  const rates: Record<TaxCategory, number> = {
    standard: d.standard ?? 0, reduced: d.reduced ?? 0, zero: 0, exempt: 0, reverse_charge: 0,
  };
  for (const [category, ppm] of Object.entries(rates)) {
    await tx.query('INSERT INTO tax_rates (tenant_id, category, rate_ppm) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      tenantId, category, ppm,
    ]);
  }
}

export async function taxRates(db: Db | Sql, tenantId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ category: string; rate_ppm: number }>(
    'SELECT category, rate_ppm FROM tax_rates WHERE tenant_id = $1', [tenantId]);
  return new Map(rows.map((r) => [r.category, r.rate_ppm]));
}

export function formatRate(ppm: number): string {
  const whole = Math.floor(ppm / 10000);
  const frac = (ppm % 10000).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
