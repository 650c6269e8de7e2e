import { divRoundHalfUp } from '../shared/money.ts';

export interface TaxableLine {
  quantity: bigint;
  unitPrice: bigint; // minor units per one unit
  /** Line discount, parts per million of the line amount (5 % = 50000). */
  discountPpm?: number;
  taxCategory: string; // the treatment (standard, reduced, intra_community, …)
  ratePpm: number;
}

export interface CategoryTotal {
  category: string;
  ratePpm: number;
  lineNets: bigint;
  allowance: bigint; // this category's share of the document discount
  taxable: bigint;
  tax: bigint;
}

export interface DocumentTotals {
  lineGross: bigint[]; // quantity × unit price
  lineDiscounts: bigint[];
  lineNets: bigint[]; // BT-131
  net: bigint; // BT-106, sum of line nets
  allowances: bigint; // BT-107, document-level discount
  taxExclusive: bigint; // BT-109
  tax: bigint; // BT-110
  total: bigint; // BT-112
  categories: CategoryTotal[];
}

const PPM = 1_000_000n;

/**
 * The one place order and invoice totals are computed, so an invoice always says what its order said.
 * Rounding rules (EN 16931), all half away from zero to the currency's minor unit:
 *  - line net = quantity × unit price − line discount, the discount rounded once per line;
 *  - a document discount is a percentage applied per tax category on that category's line nets (so each
 *    allowance carries its category, as EN 16931 requires), rounded once per category;
 *  - tax is computed once per (category, rate) on its taxable amount (line nets − allowance) — never summed
 *    from per-line rounded taxes.
 */
export function documentTotals(lines: TaxableLine[], opts: { discountPpm?: number } = {}): DocumentTotals {
  const lineGross = lines.map((l) => l.quantity * l.unitPrice);
  const lineDiscounts = lines.map((l, i) => (l.discountPpm ? divRoundHalfUp(lineGross[i] * BigInt(l.discountPpm), PPM) : 0n));
  const lineNets = lineGross.map((g, i) => g - lineDiscounts[i]);
  const groups = new Map<string, CategoryTotal>();
  lines.forEach((l, i) => {
    const key = `${l.taxCategory}|${l.ratePpm}`;
    const g = groups.get(key) ?? { category: l.taxCategory, ratePpm: l.ratePpm, lineNets: 0n, allowance: 0n, taxable: 0n, tax: 0n };
    g.lineNets += lineNets[i];
    groups.set(key, g);
  });
  const categories = [...groups.values()].map((g) => {
    const allowance = opts.discountPpm ? divRoundHalfUp(g.lineNets * BigInt(opts.discountPpm), PPM) : 0n;
    const taxable = g.lineNets - allowance;
    return { ...g, allowance, taxable, tax: divRoundHalfUp(taxable * BigInt(g.ratePpm), PPM) };
  });
  const net = lineNets.reduce((a, b) => a + b, 0n);
  const allowances = categories.reduce((a, c) => a + c.allowance, 0n);
  const tax = categories.reduce((a, c) => a + c.tax, 0n);
  return { lineGross, lineDiscounts, lineNets, net, allowances, taxExclusive: net - allowances, tax, total: net - allowances + tax, categories };
}
