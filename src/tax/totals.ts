import { divRoundHalfUp } from '../shared/money.ts';

export interface TaxableLine {
  quantity: bigint;
  unitPrice: bigint; // minor units per one unit
  taxCategory: string;
  ratePpm: number;
}

export interface CategoryTotal {
  category: string;
  ratePpm: number;
  taxable: bigint;
  tax: bigint;
}

export interface DocumentTotals {
  lineNets: bigint[];
  net: bigint;
  tax: bigint;
  total: bigint;
  categories: CategoryTotal[];
}

/**
 * The one place order and invoice totals are computed, so an invoice always says what its order said.
 * Rounding rule (EN 16931): each line net is quantity × unit price (exact in minor units); tax is computed
 * once per (category, rate) on the sum of its line nets and rounded half away from zero to the minor unit —
 * never summed from per-line rounded taxes.
 */
export function documentTotals(lines: TaxableLine[]): DocumentTotals {
  const lineNets = lines.map((l) => l.quantity * l.unitPrice);
  const groups = new Map<string, CategoryTotal>();
  lines.forEach((l, i) => {
    const key = `${l.taxCategory}|${l.ratePpm}`;
    const g = groups.get(key) ?? { category: l.taxCategory, ratePpm: l.ratePpm, taxable: 0n, tax: 0n };
    g.taxable += lineNets[i];
    groups.set(key, g);
  });
  const categories = [...groups.values()].map((g) => ({ ...g, tax: divRoundHalfUp(g.taxable * BigInt(g.ratePpm), 1_000_000n) }));
  const net = lineNets.reduce((a, b) => a + b, 0n);
  const tax = categories.reduce((a, c) => a + c.tax, 0n);
  return { lineNets, net, tax, total: net + tax, categories };
}
