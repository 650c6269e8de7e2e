import type { Db, Sql } from '../db/db.ts';

export interface CustomerForMatching {
  id: string;
  customer_number: string;
  name: string;
  currency: string;
  iban: string | null;
}

/** Every customer with what identifies it as a payer: name and bank account. */
export async function customersForMatching(db: Db | Sql, tenantId: string): Promise<CustomerForMatching[]> {
  return db.query<CustomerForMatching>('SELECT id, customer_number, name, currency, iban FROM customers WHERE tenant_id = $1', [tenantId]);
}
