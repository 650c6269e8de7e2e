import type { Sql } from '../db/db.ts';
import { resolvePrices } from '../catalog/price-lists.ts';
import { productsByIds, productsBySkus, type Product } from '../catalog/products.ts';
import type { Customer } from '../customers/customers.ts';
import { tenantById } from '../identity/tenants.ts';
import { assert, invalid } from '../shared/failure.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { memoized, today } from '../shared/scope.ts';
import { isTaxCategory } from '../tax/categories.ts';
import { taxTreatment, type Treatment } from '../tax/determine.ts';
import { loadRates, parseRate } from '../tax/rates.ts';
import { documentTotals, type DocumentTotals } from '../tax/totals.ts';
import { priceCharges, type OrderChargeInput, type PricedCharge } from './charges.ts';
import type { OrderFlag, ShipTo } from './model.ts';

export interface OrderLineInput {
  product_id?: string;
  sku?: string;
  quantity: string | number;
  /** A negotiated price overriding the price list, in major units. */
  unit_price?: string;
  /** The price the buyer expects (from its purchase order): the price list still applies, a difference is flagged. */
  expected_unit_price?: string;
  /** Line discount in percent, e.g. "5" or "2.5". */
  discount_percent?: string;
}

export interface PricedLine {
  lineNo: number;
  product: Product;
  quantity: bigint;
  listPrice: bigint;
  unitPrice: bigint;
  priceSource: string;
  discountPpm: number;
  tax: Treatment;
  expected: bigint | null;
}

export interface PricedOrder {
  lines: PricedLine[];
  charges: PricedCharge[];
  /** The customer's prices include tax: unit prices and charges are gross, the totals convert them to net. */
  pricesIncludeTax: boolean;
  discountPpm: number;
  totals: DocumentTotals;
  flags: OrderFlag[];
}

const MAX_QUANTITY = 1_000_000_000n;

/** Products by sku, remembered in the scope's memo (a bulk import reads each product once). */
async function productsBySkusMemo(tx: Sql, s: Scope, skus: string[]): Promise<Map<string, Product>> {
  if (!s.memo) return productsBySkus(tx, s.tenantId, skus);
  const known = (await memoized(s, 'products-by-sku', async () => new Map<string, Product>()));
  const missing = [...new Set(skus.filter((k) => !known.has(k)))];
  if (missing.length) for (const [k, p] of await productsBySkus(tx, s.tenantId, missing)) known.set(k, p);
  return new Map(skus.flatMap((k) => (known.has(k) ? [[k, known.get(k)!] as const] : [])));
}

function parseQuantity(q: string | number, field: string): bigint {
  const text = String(q).trim();
  if (!/^\d{1,10}$/.test(text)) throw invalid(field, `quantity "${q}" must be a whole number`);
  const n = BigInt(text);
  if (n <= 0n || n > MAX_QUANTITY) throw invalid(field, `quantity ${text} must be between 1 and ${MAX_QUANTITY}`);
  return n;
}

function parsePercent(text: string | undefined, field: string): number {
  if (text === undefined || text === null || String(text).trim() === '') return 0;
  const ppm = parseRate(String(text));
  if (ppm === null) throw invalid(field, `discount "${text}" must be a percentage between 0 and 100 with at most 4 decimals`);
  return ppm;
}

/**
 * Prices an order the way its invoice will: price list (customer group, currency, quantity breaks) or a
 * negotiated price, line and order discounts, document charges, and the tax of each line and charge for this
 * buyer and destination. For a customer whose prices include tax, its list and negotiated prices and its charges
 * are gross (see documentTotals for how they become net). Shared by capture, amendment and the live quote of the
 * order-entry screen, so all three agree.
 */
export async function priceOrder(
  tx: Sql, s: Scope, customer: Customer, shipTo: ShipTo, inputLines: OrderLineInput[], orderDiscount?: string, inputCharges?: OrderChargeInput[],
): Promise<PricedOrder> {
  if (!Array.isArray(inputLines) || inputLines.length === 0) throw invalid('lines', 'an order needs at least one line');
  if (inputLines.length > 1000) throw invalid('lines', 'an order holds at most 1000 lines');
  const byId = await productsByIds(tx, s.tenantId, inputLines.flatMap((l) => (l.product_id ? [l.product_id] : [])));
  const bySku = await productsBySkusMemo(tx, s, inputLines.flatMap((l) => (!l.product_id && l.sku ? [l.sku] : [])));
  const staged = inputLines.map((l, i) => {
    const field = `lines[${i}]`;
    if (!l.product_id && !l.sku) throw invalid(`${field}.product_id`, 'each line needs a product_id or a sku');
    const p = l.product_id ? byId.get(l.product_id) : bySku.get(l.sku!);
    if (!p) throw invalid(`${field}.${l.product_id ? 'product_id' : 'sku'}`, `product ${l.product_id ?? l.sku} not found`);
    return { field, input: l, product: p, quantity: parseQuantity(l.quantity, `${field}.quantity`) };
  });
  const prices = await resolvePrices(tx, s, { currency: customer.currency, customerGroup: customer.customer_group, date: today(s) }, staged);
  const tenant = await memoized(s, 'tenant', () => tenantById(tx, s.tenantId));
  assert(tenant, 'tenant exists');
  const rates = await memoized(s, 'tax-rates', () => loadRates(tx, s.tenantId));
  const money = (text: string, field: string) => {
    const v = parseAmount(String(text), customer.currency);
    if (v === null || v < 0n) throw invalid(field, `"${text}" is not an amount in ${customer.currency}`);
    return v;
  };
  const lines: PricedLine[] = staged.map((st, i) => {
    const resolved = prices[i];
    if (!resolved) throw invalid(`${st.field}.product_id`, `${st.product.sku} has no price in ${customer.currency} (catalogue price is in ${st.product.currency}; add a ${customer.currency} price list)`);
    const given = st.input.unit_price !== undefined && st.input.unit_price !== null && String(st.input.unit_price) !== '';
    const unitPrice = given ? money(st.input.unit_price!, `${st.field}.unit_price`) : resolved.unitPrice;
    const hasExpected = st.input.expected_unit_price !== undefined && st.input.expected_unit_price !== null && String(st.input.expected_unit_price) !== '';
    const expected = hasExpected ? money(st.input.expected_unit_price!, `${st.field}.expected_unit_price`) : null;
    assert(isTaxCategory(st.product.tax_category), 'stored product tax class is known');
    const tax = taxTreatment(st.product.tax_category, { sellerCountry: tenant.country, buyerVatNumber: customer.vat_number, shipTo }, rates);
    if ('error' in tax) throw invalid(`${st.field}.product_id`, `${st.product.sku}: ${tax.error}`);
    return {
      lineNo: i + 1, product: st.product, quantity: st.quantity, listPrice: resolved.unitPrice, unitPrice,
      priceSource: given ? 'negotiated price' : resolved.source, discountPpm: parsePercent(st.input.discount_percent, `${st.field}.discount_percent`), tax, expected,
    };
  });
  const discountPpm = parsePercent(orderDiscount, 'discount_percent');
  const charges = priceCharges(inputCharges, customer.currency,
    (c) => taxTreatment(c, { sellerCountry: tenant.country, buyerVatNumber: customer.vat_number, shipTo }, rates));
  const pricesIncludeTax = customer.prices_include_tax;
  const totals = documentTotals(
    lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discountPpm: l.discountPpm, taxCategory: l.tax.treatment, ratePpm: l.tax.ratePpm })),
    { discountPpm, pricesIncludeTax, charges: charges.map((c) => ({ amount: c.amount, taxCategory: c.tax.treatment, ratePpm: c.tax.ratePpm })) },
  );
  const flags: OrderFlag[] = lines
    .filter((l) => l.expected !== null && l.expected !== l.unitPrice)
    .map((l) => ({
      code: 'price_differs' as const, line_no: l.lineNo,
      message: `line ${l.lineNo} ${l.product.sku}: buyer expects ${formatAmount(l.expected!, customer.currency)}, price list says ${formatAmount(l.unitPrice, customer.currency)} ${customer.currency}`,
    }));
  return { lines, charges, pricesIncludeTax, discountPpm, totals, flags };
}
