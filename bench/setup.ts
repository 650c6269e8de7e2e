// The untimed part: one tenant with customers that pass the credit check and products with plenty of stock.
import { provisionTenant } from '../src/app/provision.ts';
import { inTx } from '../src/app/run.ts';
import { createProduct, type Product } from '../src/catalog/products.ts';
import { createCustomer, type Customer } from '../src/customers/customers.ts';
import type { Db, Sql } from '../src/db/db.ts';
import type { Tenant } from '../src/identity/tenants.ts';
import { receiveStock } from '../src/inventory/stock.ts';
import type { Actor, Scope } from '../src/shared/scope.ts';

export const BENCH_ACTOR: Actor = { type: 'system', id: null, name: 'bench', roles: ['admin'] };

export interface Catalogue {
  tenant: Tenant;
  customers: Customer[];
  products: Product[];
}

export interface SetupOptions {
  customers: number;
  products: number;
  /** Units received per product: enough that no reservation in the run can fail. */
  stockPerProduct: bigint;
}

const TERMS = ['net 30', 'net 14', '2/10 net 30', 'eom 30'];

export async function setUp(db: Db, o: SetupOptions): Promise<Catalogue> {
  const tenant = await provisionTenant(db, { slug: `bench-${process.pid}`, name: 'Bench GmbH', baseCurrency: 'EUR', country: 'DE' });
  const run = <T>(fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(db, { tenantId: tenant.id, actor: BENCH_ACTOR }, fn);

  const customers: Customer[] = [];
  for (let i = 1; i <= o.customers; i++) {
    // Complete, plausible master data, so that the order checks (address, fraud score) pass as for a good
    // customer: a street, a German postal code, a company mail domain.
    customers.push(await run((tx, s) => createCustomer(tx, s, {
      name: `Bench customer ${i} GmbH`, country: 'DE', currency: 'EUR',
      email: `orders@bench-customer-${i}.de`,
      address_line: `Hauptstraße ${i}`, city: 'Berlin', postal_code: String(10000 + (i % 89999)),
      // A limit far above anything the run can reach: the credit check runs in full and always approves.
      credit_limit: '100000000.00',
      payment_terms: TERMS[i % TERMS.length],
    })));
  }
  const products: Product[] = [];
  for (let i = 1; i <= o.products; i++) {
    // 40.00–60.00: order totals stay within a narrow band, as one customer's orders usually do.
    const price = `${40 + (i * 7) % 20}.${((i * 13) % 100).toString().padStart(2, '0')}`;
    const p = await run((tx, s) => createProduct(tx, s, {
      sku: `BENCH-${i.toString().padStart(3, '0')}`, name: `Bench product ${i}`, unit_price: price, currency: 'EUR',
      tax_category: i % 5 === 0 ? 'reduced' : 'standard',
    }));
    await run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: o.stockPerProduct, unitCost: '12.50' }));
    products.push(p);
  }
  return { tenant, customers, products };
}
