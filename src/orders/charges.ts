import type { Db, Sql } from '../db/db.ts';
import { invalid } from '../shared/failure.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { isTaxCategory, type TaxCategory } from '../tax/categories.ts';
import type { Treatment } from '../tax/determine.ts';
import { formatRate } from '../tax/rates.ts';

// Document-level charges of an order (freight, handling, packing…): each an amount with its reason and the tax
// class it is taxed as; the tax engine decides its category and rate for this buyer and destination like a line's
// (freight to an intra-Community buyer is K like the goods). The order's first invoice bills them.

export interface OrderChargeInput {
  reason: string;
  /** In major units: net, or tax-inclusive when the customer's prices include tax. */
  amount: string;
  /** The tax class: standard (default), reduced, zero or exempt. */
  tax_category?: string;
  /** UNCL 7161 charge reason code, e.g. FC (freight service), PC (packing), SH (special handling). */
  reason_code?: string | null;
}

export interface PricedCharge {
  chargeNo: number;
  reason: string;
  reasonCode: string | null;
  taxClass: TaxCategory;
  amount: bigint;
  tax: Treatment;
}

export interface OrderCharge {
  charge_no: number;
  reason: string;
  reason_code: string | null;
  tax_class: string;
  /** As given: net, or tax-inclusive on an order whose prices include tax. */
  amount: bigint;
  net_amount: bigint;
  tax_category: string;
  tax_rate_ppm: number;
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
}

/** UNCL 7161 D.16B, the charge reasons EN 16931 accepts (BR-CL-20). */
const UNCL7161 = new Set(`AA AAA AAC AAD AAE AAF AAH AAI AAS AAT AAV AAY AAZ ABA ABB ABC ABD ABF ABK ABL ABN ABR ABS ABT ABU ACF ACG ACH ACI
  ACJ ACK ACL ACM ACS ADC ADE ADJ ADK ADL ADM ADN ADO ADP ADQ ADR ADT ADW ADY ADZ AEA AEB AEC AED AEF AEH AEI AEJ AEK AEL AEM AEN AEO AEP AES
  AET AEU AEV AEW AEX AEY AEZ AJ AU CA CAB CAD CAE CAF CAI CAJ CAK CAL CAM CAN CAO CAP CAQ CAR CAS CAT CAU CAV CAW CAX CAY CAZ CD CG CS CT DAB
  DAC DAD DAF DAG DAH DAI DAJ DAK DAL DAM DAN DAO DAP DAQ DL EG EP ER FAA FAB FAC FC FH FI GAA HAA HD HH IAA IAB ID IF IR IS KO L1 LA LAA LAB LF
  MAE MI ML NAA OA PA PAA PC PL PRV RAB RAC RAD RAF RE RF RH RV SA SAA SAD SAE SAI SG SH SM SU TAB TAC TT TV V1 V2 WH XAA YY ZZZ`.split(/\s+/));

/** Checks the charges asked for and has the tax engine decide each one's tax (taxOf gives the treatment of a class). */
export function priceCharges(inputs: OrderChargeInput[] | undefined, currency: string, taxOf: (c: TaxCategory) => Treatment | { error: string }): PricedCharge[] {
  if (inputs === undefined || inputs === null) return [];
  if (!Array.isArray(inputs)) throw invalid('charges', 'charges is a list');
  if (inputs.length > 20) throw invalid('charges', 'an order carries at most 20 charges');
  return inputs.map((c, i) => {
    const field = `charges[${i}]`;
    const reason = String(c?.reason ?? '').trim();
    if (!reason || reason.length > 100) throw invalid(`${field}.reason`, 'a charge says what it is for (at most 100 characters), e.g. "Freight"');
    const amount = parseAmount(String(c.amount ?? ''), currency);
    if (amount === null || amount <= 0n) throw invalid(`${field}.amount`, `"${c.amount}" is not a positive amount in ${currency}`);
    const taxClass = String(c.tax_category ?? 'standard');
    if (!isTaxCategory(taxClass) || taxClass === 'reverse_charge') throw invalid(`${field}.tax_category`, 'a charge is taxed as standard, reduced, zero or exempt');
    const reasonCode = c.reason_code?.trim().toUpperCase() || null;
    if (reasonCode && !UNCL7161.has(reasonCode)) throw invalid(`${field}.reason_code`, `"${c.reason_code}" is no UNCL 7161 charge reason (e.g. FC freight, PC packing, SH special handling)`);
    const tax = taxOf(taxClass);
    if ('error' in tax) throw invalid(`${field}.tax_category`, tax.error);
    return { chargeNo: i + 1, reason, reasonCode, taxClass, amount, tax };
  });
}

/** The charges as an order input again (amend keeps them, copy takes them over). */
export function chargeInputs(charges: OrderCharge[], currency: string): OrderChargeInput[] {
  return charges.map((c) => ({ reason: c.reason, reason_code: c.reason_code, tax_category: c.tax_class, amount: formatAmount(c.amount, currency) }));
}

/** Writes an order's priced charges; `nets` are their net amounts as the totals computed them. */
export async function insertCharges(tx: Sql, s: Scope, orderId: string, charges: PricedCharge[], nets: bigint[]): Promise<void> {
  if (!charges.length) return;
  const col = <T>(f: (c: PricedCharge, i: number) => T) => charges.map(f);
  await tx.query(
    `INSERT INTO order_charges (tenant_id, order_id, charge_no, reason, reason_code, tax_class, amount, net_amount, tax_category, tax_rate_ppm, tax_code,
       tax_exemption_code, tax_exemption_reason)
     SELECT $1, $2, v.* FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[], $10::int[], $11::text[],
       $12::text[], $13::text[]) AS v`,
    [s.tenantId, orderId, col((c) => c.chargeNo), col((c) => c.reason), col((c) => c.reasonCode), col((c) => c.taxClass), col((c) => c.amount),
      col((_, i) => nets[i]), col((c) => c.tax.treatment), col((c) => c.tax.ratePpm), col((c) => c.tax.code), col((c) => c.tax.exemption?.code ?? null),
      col((c) => c.tax.exemption?.reason ?? null)]);
}

export async function orderCharges(db: Db | Sql, tenantId: string, orderId: string): Promise<OrderCharge[]> {
  return db.query<OrderCharge>(
    `SELECT charge_no, reason, reason_code, tax_class, amount, net_amount, tax_category, tax_rate_ppm, tax_code, tax_exemption_code, tax_exemption_reason
       FROM order_charges WHERE tenant_id = $1 AND order_id = $2 ORDER BY charge_no`, [tenantId, orderId]);
}

export function chargeJson(c: OrderCharge, currency: string) {
  return { ...c, amount: formatAmount(c.amount, currency), net_amount: formatAmount(c.net_amount, currency), tax_rate: formatRate(c.tax_rate_ppm) };
}
