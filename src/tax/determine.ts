import type { TaxCategory, TaxTreatment } from './categories.ts';
import { UNCL5305 } from './categories.ts';
import type { RateTable } from './rates.ts';

export const EU = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

export interface TaxContext {
  sellerCountry: string;
  /** The buyer's VAT identification number when it has one (B2B). */
  buyerVatNumber: string | null;
  shipTo: { country: string; region?: string | null; postalCode?: string | null };
}

export interface Treatment {
  treatment: TaxTreatment;
  code: string; // UNCL 5305
  ratePpm: number;
  /** Why no tax is charged, printed on the invoice (with its VATEX code for e-invoices). */
  exemption: { code: string; reason: string } | null;
}

/**
 * Decides the tax of one line, in this order:
 *  1. exempt products: no tax (E);
 *  2. US seller shipping inside the US: sales tax of the ship-to state plus any local rate whose postal
 *     prefix matches (US-NY 4 % + US-NY-100 4.5 %); no rate for a state means it charges none;
 *  3. goods leaving the seller's customs territory (outside the EU for an EU seller, abroad otherwise): export (G);
 *  4. EU seller, buyer with a VAT number in another member state: intra-Community supply (K), or reverse
 *     charge (AE) for products sold under reverse charge;
 *  5. zero-rated products: Z; otherwise the seller country's rate for the product's class.
 * Distance sales to consumers in other member states (OSS) still use the seller's rates: o2c does not
 * register for OSS yet.
 */
export function taxTreatment(product: TaxCategory, ctx: TaxContext, rates: RateTable): Treatment | { error: string } {
  const t = (treatment: TaxTreatment, ratePpm: number, exemption: Treatment['exemption'] = null): Treatment =>
    ({ treatment, code: UNCL5305[treatment], ratePpm, exemption });
  const seller = ctx.sellerCountry;
  const dest = ctx.shipTo.country;
  if (product === 'exempt') return t('exempt', 0, { code: 'VATEX-EU-132', reason: 'Exempt from VAT' });

  if (seller === 'US' && dest === 'US') {
    if (product === 'zero') return t('zero', 0);
    const state = (ctx.shipTo.region ?? '').toUpperCase();
    if (!state) return { error: 'a US ship-to address needs a state for sales tax' };
    const zip = (ctx.shipTo.postalCode ?? '').replace(/\D/g, '');
    let ppm = rates.get(`US-${state}`)?.get(product) ?? rates.get(`US-${state}`)?.get('standard') ?? 0;
    let best = '';
    for (const j of rates.keys()) {
      const prefix = j.startsWith(`US-${state}-`) ? j.slice(`US-${state}-`.length) : null;
      if (prefix && zip.startsWith(prefix) && prefix.length > best.length) best = prefix;
    }
    if (best) ppm += rates.get(`US-${state}-${best}`)?.get(product) ?? rates.get(`US-${state}-${best}`)?.get('standard') ?? 0;
    return t('sales_tax', ppm);
  }

  const sellerEu = EU.has(seller);
  const leavesTerritory = sellerEu ? !EU.has(dest) : dest !== seller;
  if (leavesTerritory) return t('export', 0, { code: 'VATEX-EU-G', reason: 'Export outside the EU' });
  if (sellerEu && dest !== seller && ctx.buyerVatNumber) {
    if (product === 'reverse_charge') return t('reverse_charge', 0, { code: 'VATEX-EU-AE', reason: 'Reverse charge' });
    return t('intra_community', 0, { code: 'VATEX-EU-IC', reason: 'Intra-Community supply' });
  }
  if (product === 'reverse_charge' && ctx.buyerVatNumber) return t('reverse_charge', 0, { code: 'VATEX-EU-AE', reason: 'Reverse charge' });
  if (product === 'zero') return t('zero', 0);
  const home = rates.get(seller);
  const rate = home?.get(product === 'reverse_charge' ? 'standard' : product);
  if (rate === undefined) return { error: `no ${product} tax rate for ${seller}` };
  return t(product === 'reverse_charge' ? 'standard' : product, rate);
}
