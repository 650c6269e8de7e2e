import type { Db } from '../db/db.ts';
import { Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { ImportRejected, readTable } from '../shared/table-file.ts';
import { createProduct, productsBySkus, validateProduct } from './products.ts';

export const PRODUCT_COLUMNS = ['sku', 'name', 'unit_price', 'currency', 'tax_category', 'uom'];

/** Loads products from CSV (header sku,name,unit_price,currency,tax_category,uom); all rows or none. An existing sku is updated. */
export async function importProducts(
  db: Db, scope: () => Scope, file: string, text: string, onProgress?: (done: number, total: number) => void,
): Promise<{ created: number; updated: number }> {
  const { rows, errors } = readTable(file, text, PRODUCT_COLUMNS);
  const seen = new Map<string, number>();
  const valid = rows.flatMap((r) => {
    try {
      const v = validateProduct({ sku: r.values.sku, name: r.values.name, unit_price: r.values.unit_price, currency: r.values.currency, tax_category: r.values.tax_category || undefined, uom: r.values.uom || undefined });
      const prior = seen.get(v.sku);
      if (prior) throw new Failure('invalid_input', `sku ${v.sku} is also on line ${prior}`, 'sku');
      seen.set(v.sku, r.line);
      return [{ line: r.line, v, raw: r.values }];
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      errors.push({ line: r.line, field: e.field, message: e.message });
      return [];
    }
  });
  if (errors.length) throw new ImportRejected(file, errors.sort((a, b) => a.line - b.line));

  return db.transaction(async (tx) => {
    const s = scope();
    const existing = await productsBySkus(tx, s.tenantId, valid.map((r) => r.v.sku));
    let created = 0;
    let updated = 0;
    for (const [i, r] of valid.entries()) {
      const prior = existing.get(r.v.sku);
      if (!prior) {
        await createProduct(tx, s, { sku: r.v.sku, name: r.v.name, unit_price: r.raw.unit_price, currency: r.v.currency, tax_category: r.v.taxCategory, uom: r.v.uom });
        created++;
      } else {
        await tx.query(
          'UPDATE products SET name = $3, unit_price = $4, currency = $5, tax_category = $6, uom = $7 WHERE tenant_id = $1 AND id = $2',
          [s.tenantId, prior.id, r.v.name, r.v.price, r.v.currency, r.v.taxCategory, r.v.uom]);
        updated++;
      }
      onProgress?.(i + 1, valid.length);
    }
    return { created, updated };
  });
}
