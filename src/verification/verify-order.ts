import type { Sql } from '../db/db.ts';
import { memoized, type Scope } from '../shared/scope.ts';
import { formatAmount } from '../shared/money.ts';
import { checkPostalCode, checkVatNumber, fraudScore, isKnownCountry, type FraudScore } from './rules/index.ts';
import { restrictionsFor, verificationSettings } from './settings.ts';

export interface VerificationInput {
  customer: { name: string; country: string; postal_code: string | null; email: string | null; vat_number: string | null };
  shipTo: { name?: string | null; address_line?: string | null; city?: string | null; postal_code?: string | null; country: string };
  currency: string;
  total: bigint;
  lines: { lineNo: number; productId: string; sku: string; quantity: bigint; unitPrice: bigint; listPrice: bigint | null }[];
  history: { orders: number; averageTotal: bigint | null; maxTotal: bigint | null; ordersLastHour: number; ordersLast24h: number };
}

export interface RuleFailure {
  rule: 'required_data' | 'address' | 'vat_number' | 'embargo' | 'restricted_product' | 'quantity' | 'price';
  reason: string;
  line_no?: number;
}

export interface VerificationResult {
  failures: RuleFailure[];
  /** Gaps worth a look that do not hold the order (an incomplete address when addresses are not required). */
  warnings: string[];
  fraud: FraudScore;
  fraudHold: boolean;
}

/**
 * The checks every new or changed order passes before anything ships, each failure with a reason a person
 * can act on: data complete, ship-to address plausible, VAT number valid, nothing to an embargoed country
 * or a product to a country it may not go to, quantities and prices within sane bounds; and a fraud score
 * with the signals behind it.
 */
export async function verifyOrder(tx: Sql, s: Scope, o: VerificationInput): Promise<VerificationResult> {
  const tenantId = s.tenantId;
  const settings = await memoized(s, 'verification-settings', () => verificationSettings(tx, tenantId));
  const failures: RuleFailure[] = [];
  const fail = (rule: RuleFailure['rule'], reason: string, line_no?: number) => failures.push({ rule, reason, ...(line_no && { line_no }) });
  const dest = o.shipTo.country;

  const warnings: string[] = [];
  const missing = [!o.shipTo.address_line && 'street line', !o.shipTo.city && 'city'].filter(Boolean);
  if (missing.length) {
    const reason = `the ship-to address has no ${missing.join(' and no ')}`;
    if (settings.require_ship_to_address) fail('required_data', reason);
    else warnings.push(reason);
  }
  if (!isKnownCountry(dest)) fail('address', `ship-to country ${dest} is not an ISO 3166 country`);
  else if (o.shipTo.postal_code || settings.require_ship_to_address) {
    const pc = checkPostalCode(dest, o.shipTo.postal_code ?? '');
    if (!pc.ok) fail('address', `ship-to postal code: ${pc.reason}`);
  }
  if (o.customer.vat_number) {
    const vat = checkVatNumber(o.customer.vat_number);
    if (!vat.ok) fail('vat_number', vat.reason);
  }
  if (settings.embargoed_countries.includes(dest)) fail('embargo', `${dest} is on the embargo list: nothing ships there`);
  const restricted = await memoized(s, `restrictions:${dest}`, () => restrictionsFor(tx, tenantId, dest));
  for (const r of restricted.filter((x) => o.lines.some((l) => l.productId === x.product_id))) {
    const line = o.lines.find((l) => l.productId === r.product_id)!;
    fail('restricted_product', `${line.sku} may not be shipped to ${dest}: ${r.reason}`, line.lineNo);
  }
  for (const l of o.lines) {
    if (l.quantity > settings.max_line_quantity) fail('quantity', `line ${l.lineNo} ${l.sku}: quantity ${l.quantity} is above the plausible maximum ${settings.max_line_quantity}`, l.lineNo);
    if (l.listPrice !== null && l.listPrice > 0n && l.unitPrice * 1_000_000n < l.listPrice * BigInt(settings.min_price_ppm_of_list)) {
      fail('price', `line ${l.lineNo} ${l.sku}: price ${formatAmount(l.unitPrice, o.currency)} is below ${settings.min_price_ppm_of_list / 10000} % of the list price ${formatAmount(l.listPrice, o.currency)} ${o.currency}`, l.lineNo);
    }
  }

  const fraud = fraudScore({
    isNewCustomer: o.history.orders === 0,
    orderTotal: o.total,
    currency: o.currency,
    customerHistory: { orders: o.history.orders, averageTotal: o.history.averageTotal, maxTotal: o.history.maxTotal },
    billingCountry: o.customer.country,
    shippingCountry: dest,
    billingPostalCode: o.customer.postal_code ?? undefined,
    shippingPostalCode: o.shipTo.postal_code ?? undefined,
    ordersLast24h: o.history.ordersLast24h,
    ordersLastHour: o.history.ordersLastHour,
    email: o.customer.email,
    isB2B: Boolean(o.customer.vat_number),
    largeFirstOrderThreshold: settings.large_first_order,
  });
  return { failures, warnings, fraud, fraudHold: fraud.score >= settings.fraud_hold_score };
}
