import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { isTaxCategory, TAX_CATEGORIES } from '../tax/categories.ts';

export interface Product {
  id: string;
  sku: string;
  name: string;
  unit_price: bigint;
  currency: string;
  tax_category: string;
  uom: string;
  created_at: Date;
}

export interface ProductInput {
  sku: string;
  name: string;
  unit_price: string;
  currency: string;
  tax_category?: string;
  uom?: string;
}

const COLUMNS = 'id, sku, name, unit_price, currency, tax_category, uom, created_at';

export function validateProduct(input: ProductInput) {
  const sku = (input.sku ?? '').trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/.test(sku)) throw invalid('sku', `sku "${input.sku}" may hold letters, digits and . _ / - (at most 64)`);
  const name = (input.name ?? '').trim();
  if (!name) throw invalid('name', 'name is required');
  const currency = (input.currency ?? '').trim().toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `unknown currency "${input.currency}"`);
  const price = parseAmount(String(input.unit_price ?? ''), currency);
  if (price === null || price < 0n) throw invalid('unit_price', `unit price "${input.unit_price}" is not an amount in ${currency}`);
  const taxCategory = (input.tax_category ?? 'standard').trim().toLowerCase();
  if (!isTaxCategory(taxCategory)) throw invalid('tax_category', `tax category "${input.tax_category}" is not one of ${TAX_CATEGORIES.join(', ')}`);
  const uom = (input.uom ?? 'EA').trim().toUpperCase();
  if (!/^[A-Z0-9]{1,3}$/.test(uom)) throw invalid('uom', `unit of measure "${input.uom}" must be a UN/ECE rec 20 code such as EA, H87, KGM`);
  return { sku, name, currency, price, taxCategory, uom };
}

export async function createProduct(tx: Sql, s: Scope, input: ProductInput): Promise<Product> {
  const v = validateProduct(input);
  const id = uuidv7();
  const rows = await tx.query<Product>(
    `INSERT INTO products (tenant_id, id, sku, name, unit_price, currency, tax_category, uom, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, sku) DO NOTHING RETURNING ${COLUMNS}`,
    [s.tenantId, id, v.sku, v.name, v.price, v.currency, v.taxCategory, v.uom, s.now],
  );
  if (!rows.length) throw new Failure('conflict', `sku ${v.sku} exists`, 'sku');
  await emit(tx, s, { type: 'product.created', summary: `Product ${v.sku} created`, subjects: { product: id }, data: { sku: v.sku } });
  return rows[0];
}

export async function getProduct(db: Db | Sql, tenantId: string, id: string): Promise<Product> {
  if (!UUID_RE.test(id)) throw notFound('product', id);
  const [row] = await db.query<Product>(`SELECT ${COLUMNS} FROM products WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!row) throw notFound('product', id);
  return row;
}

export async function productsByIds(db: Db | Sql, tenantId: string, ids: string[]): Promise<Map<string, Product>> {
  const valid = ids.filter((i) => UUID_RE.test(i));
  if (!valid.length) return new Map();
  const rows = await db.query<Product>(
    `SELECT ${COLUMNS} FROM products WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, valid]);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function productsBySkus(db: Db | Sql, tenantId: string, skus: string[]): Promise<Map<string, Product>> {
  if (!skus.length) return new Map();
  const rows = await db.query<Product>(
    `SELECT ${COLUMNS} FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])`, [tenantId, skus]);
  return new Map(rows.map((r) => [r.sku, r]));
}

export async function listProducts(db: Db | Sql, tenantId: string, search?: string): Promise<Product[]> {
  return db.query<Product>(
    `SELECT ${COLUMNS} FROM products WHERE tenant_id = $1
       AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%' OR sku ILIKE '%' || $2 || '%')
     ORDER BY sku LIMIT 500`,
    [tenantId, search?.trim() || null],
  );
}

export function productJson(p: Product) {
  return { ...p, unit_price: formatAmount(p.unit_price, p.currency) };
}
