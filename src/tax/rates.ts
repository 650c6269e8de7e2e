import type { Db, Sql } from '../db/db.ts';
import { invalid } from '../shared/failure.ts';
import { isTaxCategory, TAX_CATEGORIES, type TaxCategory } from './categories.ts';

// Rates are parts per million (19 % = 190000, 8.875 % = 88750): exact integers, no floats.
const VAT: Record<string, [number, number]> = {
  AT: [200000, 100000], BE: [210000, 60000], BG: [200000, 90000], CY: [190000, 50000], CZ: [210000, 120000],
  DE: [190000, 70000], DK: [250000, 250000], EE: [240000, 90000], EL: [240000, 130000], GR: [240000, 130000],
  ES: [210000, 100000], FI: [255000, 140000], FR: [200000, 55000], HR: [250000, 130000], HU: [270000, 180000],
  IE: [230000, 135000], IT: [220000, 100000], LT: [210000, 90000], LU: [170000, 80000], LV: [210000, 120000],
  MT: [180000, 70000], NL: [210000, 90000], PL: [230000, 80000], PT: [230000, 130000], RO: [210000, 110000],
  SE: [250000, 120000], SI: [220000, 95000], SK: [230000, 190000],
  GB: [200000, 50000], CH: [81000, 26000], NO: [250000, 150000],
};

/** The tenant's home rates for its country; a US tenant starts with none and adds states (set-rate). */
export async function installTaxRates(tx: Sql, tenantId: string, country: string): Promise<void> {
  if (country === 'US') return;
  const [standard, reduced] = VAT[country] ?? [200000, 100000];
  const rates: Record<TaxCategory, number> = { standard, reduced, zero: 0, exempt: 0, reverse_charge: 0 };
  for (const [category, ppm] of Object.entries(rates)) await setTaxRate(tx, tenantId, country, category, ppm);
}

export async function setTaxRate(tx: Sql, tenantId: string, jurisdiction: string, category: string, ratePpm: number): Promise<void> {
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,3}(-[0-9A-Z]{1,10})?)?$/.test(jurisdiction)) {
    throw invalid('jurisdiction', `jurisdiction "${jurisdiction}" must be a country (DE), a region (US-NY) or a region and postal prefix (US-NY-100)`);
  }
  if (!isTaxCategory(category)) throw invalid('category', `tax category must be one of ${TAX_CATEGORIES.join(', ')}`);
  if (!Number.isInteger(ratePpm) || ratePpm < 0 || ratePpm > 1_000_000) throw invalid('rate', 'the rate must be between 0 and 100 %');
  await tx.query(
    `INSERT INTO tax_rates (tenant_id, jurisdiction, category, rate_ppm) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, jurisdiction, category) DO UPDATE SET rate_ppm = EXCLUDED.rate_ppm`,
    [tenantId, jurisdiction, category, ratePpm],
  );
}

/** Rates by jurisdiction then category. */
export type RateTable = Map<string, Map<string, number>>;

export async function loadRates(db: Db | Sql, tenantId: string): Promise<RateTable> {
  const rows = await db.query<{ jurisdiction: string; category: string; rate_ppm: number }>(
    'SELECT jurisdiction, category, rate_ppm FROM tax_rates WHERE tenant_id = $1', [tenantId]);
  const table: RateTable = new Map();
  for (const r of rows) {
    const m = table.get(r.jurisdiction) ?? new Map<string, number>();
    m.set(r.category, r.rate_ppm);
    table.set(r.jurisdiction, m);
  }
  return table;
}

export async function listRates(db: Db | Sql, tenantId: string) {
  return db.query<{ jurisdiction: string; category: string; rate_ppm: number }>(
    'SELECT jurisdiction, category, rate_ppm FROM tax_rates WHERE tenant_id = $1 ORDER BY jurisdiction, category', [tenantId]);
}

/** "8.875" → 88750 ppm; null when it is not a percentage with at most 4 decimals. */
export function parseRate(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) return null;
  const ppm = Number(m[1]) * 10000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= 1_000_000 ? ppm : null;
}

export function formatRate(ppm: number): string {
  const whole = Math.floor(ppm / 10000);
  const frac = (ppm % 10000).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
