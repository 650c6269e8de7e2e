import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';
import type { PricedOrder } from './pricing.ts';

export function quoteJson(currency: string, q: PricedOrder) {
  const m = (v: bigint) => formatAmount(v, currency);
  const t = q.totals;
  return {
    currency,
    lines: q.lines.map((l, i) => ({
      line_no: l.lineNo, product_id: l.product.id, sku: l.product.sku, description: l.product.name, quantity: l.quantity.toString(),
      list_price: m(l.listPrice), unit_price: m(l.unitPrice), price_source: l.priceSource, discount_percent: formatRate(l.discountPpm),
      discount_amount: m(t.lineDiscounts[i]), net_amount: m(t.lineNets[i]), tax_category: l.tax.treatment, tax_code: l.tax.code,
      tax_rate: formatRate(l.tax.ratePpm), tax_exemption_reason: l.tax.exemption?.reason ?? null,
    })),
    charges: q.charges.map((c, i) => ({
      reason: c.reason, reason_code: c.reasonCode, amount: m(c.amount), net_amount: m(t.chargeNets[i]), tax_category: c.tax.treatment, tax_code: c.tax.code,
      tax_rate: formatRate(c.tax.ratePpm),
    })),
    prices_include_tax: q.pricesIncludeTax,
    tax_totals: t.categories.map((c) => ({ category: c.category, rate: formatRate(c.ratePpm), allowance: m(c.allowance), charges: m(c.charges), taxable: m(c.taxable), tax: m(c.tax) })),
    line_total: m(t.net), allowance_total: m(t.allowances), charge_total: m(t.charges), net_total: m(t.taxExclusive), tax_total: m(t.tax),
    rounding: m(t.rounding), total: m(t.total),
    flags: q.flags,
  };
}
