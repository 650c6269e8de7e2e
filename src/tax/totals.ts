import { divRoundHalfUp } from '../shared/money.ts';

export interface TaxableLine {
  quantity: bigint;
  unitPrice: bigint; // minor units per one unit: net, or tax-inclusive when the document's prices include tax
  /** Line discount, parts per million of the line amount (5 % = 50000). */
  discountPpm?: number;
  taxCategory: string; // the treatment (standard, reduced, intra_community, …)
  ratePpm: number;
}

/** A document-level charge (freight, handling…) in its own tax category: net, or tax-inclusive like the prices. */
export interface TaxableCharge {
  amount: bigint;
  taxCategory: string;
  ratePpm: number;
}

export interface CategoryTotal {
  category: string;
  ratePpm: number;
  lineNets: bigint;
  allowance: bigint; // this category's share of the document discount
  charges: bigint; // the document charges in this category (net)
  taxable: bigint;
  tax: bigint;
}

export interface DocumentTotals {
  lineGross: bigint[]; // quantity × unit price
  lineDiscounts: bigint[];
  lineNets: bigint[]; // BT-131
  net: bigint; // BT-106, sum of line nets
  allowances: bigint; // BT-107, document-level discount
  chargeNets: bigint[]; // BT-99 of each charge
  charges: bigint; // BT-108
  taxExclusive: bigint; // BT-109
  tax: bigint; // BT-110
  taxInclusive: bigint; // BT-112
  rounding: bigint; // BT-114: only tax-inclusive prices have one
  total: bigint; // what the document charges: BT-112 + BT-114 (BT-115 before anything is paid)
  categories: CategoryTotal[];
}

const PPM = 1_000_000n;

/**
 * The one place order and invoice totals are computed, so an invoice always says what its order said.
 * Rounding rules (EN 16931), all half away from zero to the currency's minor unit:
 *  - line net = quantity × unit price − line discount, the discount rounded once per line;
 *  - a document discount is a percentage applied per tax category on that category's line nets (so each
 *    allowance carries its category, as EN 16931 requires), rounded once per category; document charges are
 *    added to their own category;
 *  - tax is computed once per (category, rate) on its taxable amount (line nets − allowance + charges) — never
 *    summed from per-line rounded taxes.
 *
 * Prices that include tax (B2C): the e-invoice carries net amounts, so each line's tax-inclusive amount (after its
 * discount) and each charge become net once, net = round(gross / (1 + rate)); from there everything is as above,
 * tax on the net basis. What the customer was shown — per category the gross amounts less the document discount
 * on them (rounded once per category), plus the charges — is what it owes; where net + tax misses it by a cent or
 * two, the difference is the payable rounding amount (BT-114).
 */
export function documentTotals(lines: TaxableLine[], opts: { discountPpm?: number; charges?: TaxableCharge[]; pricesIncludeTax?: boolean } = {}): DocumentTotals {
  const inclusive = opts.pricesIncludeTax ?? false;
  const toNet = (amount: bigint, ratePpm: number) => (inclusive ? divRoundHalfUp(amount * PPM, PPM + BigInt(ratePpm)) : amount);
  const discount = (amount: bigint) => (opts.discountPpm ? divRoundHalfUp(amount * BigInt(opts.discountPpm), PPM) : 0n);
  const lineGross = lines.map((l) => l.quantity * l.unitPrice);
  const lineDiscounts = lines.map((l, i) => (l.discountPpm ? divRoundHalfUp(lineGross[i] * BigInt(l.discountPpm), PPM) : 0n));
  const lineNets = lines.map((l, i) => toNet(lineGross[i] - lineDiscounts[i], l.ratePpm));
  const charges = opts.charges ?? [];
  const chargeNets = charges.map((c) => toNet(c.amount, c.ratePpm));
  const groups = new Map<string, CategoryTotal & { shown: bigint }>();
  const group = (category: string, ratePpm: number) => {
    const key = `${category}|${ratePpm}`;
    const g = groups.get(key) ?? { category, ratePpm, lineNets: 0n, allowance: 0n, charges: 0n, taxable: 0n, tax: 0n, shown: 0n };
    groups.set(key, g);
    return g;
  };
  lines.forEach((l, i) => {
    const g = group(l.taxCategory, l.ratePpm);
    g.lineNets += lineNets[i];
    g.shown += lineGross[i] - lineDiscounts[i];
  });
  charges.forEach((c, i) => {
    group(c.taxCategory, c.ratePpm).charges += chargeNets[i];
  });
  let shown = charges.reduce((a, c) => a + c.amount, 0n);
  const categories = [...groups.values()].map(({ shown: gross, ...g }) => {
    const allowance = discount(g.lineNets);
    const taxable = g.lineNets - allowance + g.charges;
    shown += gross - discount(gross);
    return { ...g, allowance, taxable, tax: divRoundHalfUp(taxable * BigInt(g.ratePpm), PPM) };
  });
  const net = lineNets.reduce((a, b) => a + b, 0n);
  const allowances = categories.reduce((a, c) => a + c.allowance, 0n);
  const chargeTotal = chargeNets.reduce((a, b) => a + b, 0n);
  const taxExclusive = net - allowances + chargeTotal;
  const tax = categories.reduce((a, c) => a + c.tax, 0n);
  const taxInclusive = taxExclusive + tax;
  const rounding = inclusive ? shown - taxInclusive : 0n;
  return {
    lineGross, lineDiscounts, lineNets, net, allowances, chargeNets, charges: chargeTotal, taxExclusive, tax, taxInclusive, rounding,
    total: taxInclusive + rounding, categories,
  };
}
