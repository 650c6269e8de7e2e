// The order being entered or amended, as the user typed it, and the request bodies built from it.
// Prices and totals are never computed here: the server quotes them (POST /api/orders/quote).
import { parseQuantity, toMinor } from './money.ts';
import { isPercentOrEmpty } from './percent.ts';
import type { Customer, Product, ShipTo } from './types.ts';

/** What a line needs to know about its product; `available` is null when the stock is not known. */
export interface LineProduct {
  id: string;
  sku: string;
  name: string;
  uom: string;
  available: string | null;
}

export interface DraftLine {
  /** Stable key for React (a product may be on two lines with different prices). */
  key: string;
  product: LineProduct;
  quantity: string;
  /** A negotiated price overriding the price list; empty = price list. */
  unitPrice: string;
  /** The price on the buyer's purchase order; a difference from our price is flagged. Empty = none. */
  expectedPrice: string;
  /** Line discount in percent; empty = none. */
  discount: string;
}

export interface ShipToDraft {
  /** false = deliver to the customer's own address. */
  other: boolean;
  name: string;
  address_line: string;
  postal_code: string;
  city: string;
  region: string;
  country: string;
}

export interface LineBody {
  product_id: string;
  quantity: string;
  unit_price?: string;
  expected_unit_price?: string;
  discount_percent?: string;
}

let keySeq = 0;
export function lineKey(): string {
  keySeq += 1;
  return `l${keySeq}`;
}

export function lineFromProduct(p: Product | LineProduct, quantity: string): DraftLine {
  const product: LineProduct = { id: p.id, sku: p.sku, name: p.name, uom: p.uom, available: p.available ?? null };
  return { key: lineKey(), product, quantity, unitPrice: '', expectedPrice: '', discount: '' };
}

export function shipToFromCustomer(c: Customer | null, other = false): ShipToDraft {
  return {
    other,
    name: c?.name ?? '',
    address_line: c?.address_line ?? '',
    postal_code: c?.postal_code ?? '',
    city: c?.city ?? '',
    region: c?.region ?? '',
    country: c?.country ?? '',
  };
}

/** The draft of an order's stored ship-to: "the customer's address" when it is just that. */
export function shipToFromOrder(s: ShipTo | null | undefined, c: Customer | null): ShipToDraft {
  if (!s) return shipToFromCustomer(c);
  const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();
  const own =
    c !== null &&
    same(s.country, c.country) &&
    same(s.address_line, c.address_line) &&
    same(s.city, c.city) &&
    same(s.postal_code, c.postal_code) &&
    same(s.region, c.region);
  return {
    other: !own,
    name: s.name ?? '',
    address_line: s.address_line ?? '',
    postal_code: s.postal_code ?? '',
    city: s.city ?? '',
    region: s.region ?? '',
    country: s.country ?? '',
  };
}

/** One line per address part: name, street, postal code and city, region, country. */
export function shipToLines(s: ShipTo | null | undefined): string[] {
  if (!s) return [];
  return [s.name, s.address_line, [s.postal_code, s.city].filter(Boolean).join(' '), [s.region, s.country].filter(Boolean).join(', ')].filter((x): x is string => !!x && x.trim() !== '');
}

/** The ship_to of a request: omitted (null) when the order goes to the customer's own address. */
export function shipToBody(s: ShipToDraft): ShipTo | null {
  if (!s.other) return null;
  const t = (v: string) => v.trim() || null;
  return {
    name: t(s.name),
    address_line: t(s.address_line),
    postal_code: t(s.postal_code),
    city: t(s.city),
    region: t(s.region)?.toUpperCase() ?? null,
    country: s.country.trim().toUpperCase(),
  };
}

export function lineBodies(lines: DraftLine[], withExpected = true): LineBody[] {
  return lines.map((l) => ({
    product_id: l.product.id,
    quantity: l.quantity.trim(),
    ...(l.unitPrice.trim() && { unit_price: l.unitPrice.trim() }),
    ...(withExpected && l.expectedPrice.trim() && { expected_unit_price: l.expectedPrice.trim() }),
    ...(l.discount.trim() && { discount_percent: l.discount.trim().replace(/\s*%$/, '') }),
  }));
}

/** The request field each input of line `i` maps to, as the server names it in problem+json. */
export function lineField(i: number, input: 'quantity' | 'unit_price' | 'expected_unit_price' | 'discount_percent'): string {
  return `lines[${i}].${input}`;
}

/**
 * What is wrong with the draft before asking the server, as { field, message }: the server would refuse it
 * anyway, and asking it on every keystroke of a half-typed number only produces noise.
 */
export function draftProblem(lines: DraftLine[], currency: string, orderDiscount: string, shipTo: ShipToDraft): { field: string; message: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const n = i + 1;
    if (parseQuantity(l.quantity) === null) return { field: lineField(i, 'quantity'), message: `Line ${n}: the quantity must be a whole number above zero.` };
    if (l.unitPrice.trim() && !isAmount(l.unitPrice, currency)) return { field: lineField(i, 'unit_price'), message: `Line ${n}: the negotiated price must be an amount in ${currency}.` };
    if (l.expectedPrice.trim() && !isAmount(l.expectedPrice, currency)) return { field: lineField(i, 'expected_unit_price'), message: `Line ${n}: the buyer's price must be an amount in ${currency}.` };
    if (!isPercentOrEmpty(l.discount)) return { field: lineField(i, 'discount_percent'), message: `Line ${n}: the discount must be a percentage from 0 to 100.` };
  }
  if (!isPercentOrEmpty(orderDiscount)) return { field: 'discount_percent', message: 'The order discount must be a percentage from 0 to 100.' };
  if (shipTo.other && !/^[A-Za-z]{2}$/.test(shipTo.country.trim())) return { field: 'ship_to.country', message: 'The ship-to country must be a 2-letter ISO code (DE, NL, US…).' };
  return null;
}

function isAmount(text: string, currency: string): boolean {
  const minor = toMinor(text, currency);
  return minor !== null && minor >= 0;
}
