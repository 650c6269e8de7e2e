import type { Db, Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import { isIsoDate } from '../shared/dates.ts';
import { memoized, type Scope } from '../shared/scope.ts';
import type { Product } from './products.ts';

export interface PriceList {
  id: string;
  code: string;
  name: string;
  currency: string;
  customer_group: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

export async function createPriceList(
  tx: Sql, s: Scope, input: { code: string; name: string; currency: string; customer_group?: string | null; valid_from?: string | null; valid_to?: string | null },
): Promise<PriceList> {
  const code = (input.code ?? '').trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(code)) throw invalid('code', 'code: letters, digits, . _ - (at most 40)');
  const currency = (input.currency ?? '').toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `unknown currency "${input.currency}"`);
  for (const f of ['valid_from', 'valid_to'] as const) if (input[f] && !isIsoDate(input[f]!)) throw invalid(f, `"${input[f]}" is not a date (YYYY-MM-DD)`);
  const id = uuidv7();
  const rows = await tx.query<PriceList>(
    `INSERT INTO price_lists (tenant_id, id, code, name, currency, customer_group, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id, code, name, currency, customer_group, valid_from, valid_to`,
    [s.tenantId, id, code, input.name?.trim() || code, currency, input.customer_group?.trim() || null, input.valid_from || null, input.valid_to || null],
  );
  if (!rows.length) throw new Failure('conflict', `price list ${code} exists`, 'code');
  return rows[0];
}

/** Sets the price of a product in a list from a quantity on (a quantity break); 1 is the base price. */
export async function setListPrice(tx: Sql, s: Scope, listId: string, product: Product, minQuantity: bigint, priceText: string): Promise<void> {
  const [list] = await tx.query<PriceList>('SELECT id, code, currency FROM price_lists WHERE tenant_id = $1 AND id = $2', [s.tenantId, listId]);
  if (!list) throw invalid('price_list', `price list ${listId} not found`);
  const price = parseAmount(priceText, list.currency);
  if (price === null || price < 0n) throw invalid('unit_price', `"${priceText}" is not an amount in ${list.currency}`);
  if (minQuantity < 1n) throw invalid('min_quantity', 'a quantity break starts at 1 or more');
  await tx.query(
    `INSERT INTO price_list_entries (tenant_id, price_list_id, product_id, min_quantity, unit_price) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, price_list_id, product_id, min_quantity) DO UPDATE SET unit_price = EXCLUDED.unit_price`,
    [s.tenantId, listId, product.id, minQuantity, price],
  );
}

export interface ResolvedPrice {
  unitPrice: bigint;
  /** A person-readable origin: "price list WHOLESALE-EUR from 10 units" or "catalogue price". */
  source: string;
}

/**
 * The price of each (product, quantity) for a customer: its group's price list in the order currency
 * valid on the date, else the currency's general list (no group), taking the largest quantity break not
 * above the quantity; else the product's catalogue price when it is in the order currency.
 */
export async function resolvePrices(
  db: Db | Sql, s: Scope, ctx: { currency: string; customerGroup: string | null; date: string },
  items: { product: Product; quantity: bigint }[],
): Promise<(ResolvedPrice | null)[]> {
  const tenantId = s.tenantId;
  const lists = await memoized(s, `price-lists:${ctx.currency}:${ctx.customerGroup}:${ctx.date}`, () => db.query<PriceList>(
    `SELECT id, code, name, currency, customer_group, valid_from, valid_to FROM price_lists
      WHERE tenant_id = $1 AND currency = $2 AND (customer_group IS NULL OR customer_group = $3)
        AND (valid_from IS NULL OR valid_from <= $4::date) AND (valid_to IS NULL OR valid_to >= $4::date)
      ORDER BY customer_group NULLS LAST, code`,
    [tenantId, ctx.currency, ctx.customerGroup, ctx.date],
  ));
  const entries = lists.length && items.length
    ? await db.query<{ price_list_id: string; product_id: string; min_quantity: bigint; unit_price: bigint }>(
      `SELECT price_list_id, product_id, min_quantity, unit_price FROM price_list_entries
        WHERE tenant_id = $1 AND price_list_id = ANY($2::uuid[]) AND product_id = ANY($3::uuid[])`,
      [tenantId, lists.map((l) => l.id), [...new Set(items.map((i) => i.product.id))]])
    : [];
  return items.map(({ product, quantity }) => {
    for (const list of lists) {
      const best = entries
        .filter((e) => e.price_list_id === list.id && e.product_id === product.id && e.min_quantity <= quantity)
        .sort((a, b) => (b.min_quantity > a.min_quantity ? 1 : -1))[0];
      if (best) return { unitPrice: best.unit_price, source: `price list ${list.code}${best.min_quantity > 1n ? ` from ${best.min_quantity} units` : ''}` };
    }
    return product.currency === ctx.currency ? { unitPrice: product.unit_price, source: 'catalogue price' } : null;
  });
}

export async function listPriceLists(db: Db | Sql, tenantId: string) {
  const lists = await db.query<PriceList>(
    'SELECT id, code, name, currency, customer_group, valid_from, valid_to FROM price_lists WHERE tenant_id = $1 ORDER BY code', [tenantId]);
  const entries = await db.query<{ price_list_id: string; product_id: string; min_quantity: bigint; unit_price: bigint }>(
    'SELECT price_list_id, product_id, min_quantity, unit_price FROM price_list_entries WHERE tenant_id = $1 ORDER BY product_id, min_quantity', [tenantId]);
  return lists.map((l) => ({
    ...l,
    entries: entries.filter((e) => e.price_list_id === l.id).map((e) => ({ product_id: e.product_id, min_quantity: e.min_quantity.toString(), unit_price: formatAmount(e.unit_price, l.currency) })),
  }));
}
