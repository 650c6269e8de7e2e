import type { Db, Sql } from '../db/db.ts';
import { invalid } from '../shared/failure.ts';
import { isKnownCountry } from './rules/index.ts';

export interface VerificationSettings {
  /** Countries nothing is shipped to (sanctions); every order to them is held. */
  embargoed_countries: string[];
  /** A line quantity above this is held as implausible. */
  max_line_quantity: bigint;
  /** A negotiated price below this share of the list price (ppm: 500000 = 50 %) is held. */
  min_price_ppm_of_list: number;
  /** Fraud score (0-100) from which an order is held for review. */
  fraud_hold_score: number;
  /** A new customer's first order above this amount (minor units of the order currency) is a fraud signal. */
  large_first_order: bigint;
  /**
   * Hold orders whose ship-to has no street or city. Off by default because customers loaded from the
   * migration CSV carry no address; the gap is then flagged on the order instead of holding it.
   */
  require_ship_to_address: boolean;
}

export const DEFAULT_SETTINGS: VerificationSettings = {
  embargoed_countries: ['CU', 'IR', 'KP', 'SY'],
  max_line_quantity: 100_000n,
  min_price_ppm_of_list: 500_000,
  fraud_hold_score: 50,
  large_first_order: 1_000_000n,
  require_ship_to_address: false,
};

export async function verificationSettings(db: Db | Sql, tenantId: string): Promise<VerificationSettings> {
  const [row] = await db.query<VerificationSettings>(
    'SELECT embargoed_countries, max_line_quantity, min_price_ppm_of_list, fraud_hold_score, large_first_order, require_ship_to_address FROM verification_settings WHERE tenant_id = $1',
    [tenantId]);
  return row ?? DEFAULT_SETTINGS;
}

export async function updateVerificationSettings(tx: Sql, tenantId: string, patch: Partial<VerificationSettings>): Promise<VerificationSettings> {
  const v = { ...(await verificationSettings(tx, tenantId)), ...patch };
  const bad = v.embargoed_countries.filter((c) => !isKnownCountry(c));
  if (bad.length) throw invalid('embargoed_countries', `not ISO 3166 country codes: ${bad.join(', ')}`);
  if (v.fraud_hold_score < 1 || v.fraud_hold_score > 100) throw invalid('fraud_hold_score', 'between 1 and 100');
  if (v.max_line_quantity < 1n) throw invalid('max_line_quantity', 'at least 1');
  await tx.query(
    `INSERT INTO verification_settings (tenant_id, embargoed_countries, max_line_quantity, min_price_ppm_of_list, fraud_hold_score, large_first_order, require_ship_to_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id) DO UPDATE SET embargoed_countries = EXCLUDED.embargoed_countries,
       max_line_quantity = EXCLUDED.max_line_quantity, min_price_ppm_of_list = EXCLUDED.min_price_ppm_of_list,
       fraud_hold_score = EXCLUDED.fraud_hold_score, large_first_order = EXCLUDED.large_first_order,
       require_ship_to_address = EXCLUDED.require_ship_to_address`,
    [tenantId, v.embargoed_countries, v.max_line_quantity, v.min_price_ppm_of_list, v.fraud_hold_score, v.large_first_order, v.require_ship_to_address]);
  return v;
}

export async function restrictProduct(tx: Sql, tenantId: string, productId: string, country: string, reason: string): Promise<void> {
  if (!isKnownCountry(country)) throw invalid('country', `"${country}" is not an ISO 3166 country code`);
  if (!reason.trim()) throw invalid('reason', 'say why the product may not go there');
  await tx.query(
    `INSERT INTO product_restrictions (tenant_id, product_id, country, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, product_id, country) DO UPDATE SET reason = EXCLUDED.reason`, [tenantId, productId, country, reason.trim()]);
}

/** The products that may not go to a country, with why. */
export async function restrictionsFor(db: Db | Sql, tenantId: string, country: string) {
  return db.query<{ product_id: string; reason: string }>(
    'SELECT product_id, reason FROM product_restrictions WHERE tenant_id = $1 AND country = $2', [tenantId, country]);
}
