import type { Db } from '../db/db.ts';
import { Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { ImportRejected, readTable } from '../shared/table-file.ts';
import { createCustomer, customerByNumber, validateCustomer } from './customers.ts';

export const CUSTOMER_COLUMNS = ['customer_number', 'name', 'country', 'currency', 'iban', 'payment_terms'];
const OPTIONAL = ['email', 'credit_limit', 'vat_number', 'address_line', 'city', 'postal_code', 'edi_id'];

/**
 * Loads customers from CSV (header customer_number,name,country,currency,iban,payment_terms). Every row is
 * checked first; one bad row rejects the whole file with its line and field. A customer number that exists
 * already is updated (name, country, IBAN, terms…) so that a migration can be re-run; its currency cannot change.
 */
export async function importCustomers(
  db: Db, scope: () => Scope, file: string, text: string, onProgress?: (done: number, total: number) => void,
): Promise<{ created: number; updated: number }> {
  const { rows, errors } = readTable(file, text, CUSTOMER_COLUMNS, OPTIONAL);
  const seen = new Map<string, number>();
  const valid = rows.flatMap((r) => {
    try {
      if (!r.values.customer_number) throw new Failure('invalid_input', 'customer_number is required', 'customer_number');
      const prior = seen.get(r.values.customer_number);
      if (prior) throw new Failure('invalid_input', `customer ${r.values.customer_number} is also on line ${prior}`, 'customer_number');
      seen.set(r.values.customer_number, r.line);
      validateCustomer({ ...r.values, name: r.values.name, country: r.values.country, currency: r.values.currency });
      return [r];
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      errors.push({ line: r.line, field: e.field, message: e.message });
      return [];
    }
  });
  if (errors.length) throw new ImportRejected(file, errors.sort((a, b) => a.line - b.line));

  return db.transaction(async (tx) => {
    const s = scope();
    let created = 0;
    let updated = 0;
    for (const [i, r] of valid.entries()) {
      const v = r.values;
      const existing = await customerByNumber(tx, s.tenantId, v.customer_number);
      try {
        if (!existing) {
          await createCustomer(tx, s, { ...v, name: v.name, country: v.country, currency: v.currency });
          created++;
        } else {
          const n = validateCustomer({ ...v, name: v.name, country: v.country, currency: v.currency });
          if (existing.currency !== n.currency) throw new Failure('invalid_input', `customer ${v.customer_number} exists in ${existing.currency}; its currency cannot change`, 'currency');
          await tx.query(
            `UPDATE customers SET name = $3, country = $4, iban = $5, payment_terms = $6, email = COALESCE($7, email),
               credit_limit = CASE WHEN $8::boolean THEN $9::bigint ELSE credit_limit END, edi_id = COALESCE($10, edi_id)
             WHERE tenant_id = $1 AND id = $2`,
            [s.tenantId, existing.id, n.name, n.country, n.iban, n.terms, n.email, 'credit_limit' in v && v.credit_limit !== '', n.creditLimit, n.ediId],
          );
          updated++;
        }
      } catch (e) {
        if (e instanceof Failure) throw new ImportRejected(file, [{ line: r.line, field: e.field, message: e.message }]);
        throw e;
      }
      onProgress?.(i + 1, valid.length);
    }
    return { created, updated };
  });
}

/** The currency most customers of a customers CSV pay in (null when the file has none readable). */
export function mostCommonCurrency(text: string): string | null {
  const counts = new Map<string, number>();
  for (const r of readTable('', text, CUSTOMER_COLUMNS, OPTIONAL).rows) {
    const c = r.values.currency?.trim().toUpperCase();
    if (c && /^[A-Z]{3}$/.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
