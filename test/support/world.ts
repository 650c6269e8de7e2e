import { HANDLERS } from '../../src/app/handlers.ts';
import { provisionTenant } from '../../src/app/provision.ts';
import { inTx } from '../../src/app/run.ts';
import { invoiceShipment } from '../../src/billing/issue.ts';
import { createProduct, type Product } from '../../src/catalog/products.ts';
import { createCustomer, type Customer, type CustomerInput } from '../../src/customers/customers.ts';
import type { Sql } from '../../src/db/db.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import type { Tenant } from '../../src/identity/tenants.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { openItems, subledgerTotals, type ArItem } from '../../src/receivables/items.ts';
import { systemActor, type Actor, type Scope } from '../../src/shared/scope.ts';
import { freshDb, type DbKind, type TestDb } from './db.ts';

let tenantSeq = 0;
const DAY = 86_400_000;

/** A database with one provisioned tenant, a dispatcher, and helpers to act as a user of it. */
export async function world(kind: DbKind, opts: { poolSize?: number } = {}) {
  const t: TestDb = await freshDb(kind, opts.poolSize);
  const dispatcher = new Dispatcher(t.db, HANDLERS, (e) => { throw e; });
  const addTenant = (slug: string) => provisionTenant(t.db, { slug, name: `Tenant ${slug}`, baseCurrency: 'EUR', country: 'DE' });
  const tenant: Tenant = await addTenant(`t${++tenantSeq}-${process.pid}`);
  const run = <T>(fn: (tx: Sql, s: Scope) => Promise<T>, actor: Actor = systemActor, tenantId = tenant.id) =>
    inTx(t.db, { tenantId, actor }, fn);
  /** The helpers below, acting in another tenant of the same database (e.g. one made with addTenant). */
  /** Acts as of `daysFromNow` (negative: in the past) in a tenant; the scope's clock is that day at 10:00. */
  const at = <T>(tenantId: string, daysFromNow: number, fn: (tx: Sql, s: Scope) => Promise<T>) => {
    const d = new Date(Date.now() + daysFromNow * DAY);
    d.setUTCHours(10, 0, 0, 0);
    return inTx(t.db, { tenantId, actor: systemActor, now: d }, fn);
  };
  const forTenant = (tenantId: string) => ({
    tenantId,
    run: <T>(fn: (tx: Sql, s: Scope) => Promise<T>, actor: Actor = systemActor) => run(fn, actor, tenantId),
    at: <T>(daysFromNow: number, fn: (tx: Sql, s: Scope) => Promise<T>) => at(tenantId, daysFromNow, fn),
    /** An order of `units` × `product` captured, shipped and invoiced `daysAgo` (its events handled): its open item. */
    invoice: async (customer: Customer, product: Product, daysAgo: number, units: number): Promise<ArItem> => {
      const id = await at(tenantId, -daysAgo, async (tx, s) => {
        const order = await captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: units }], confirm: true });
        const shipment = await shipOrder(tx, s, order.id, { carrier: 'DHL' });
        return invoiceShipment(tx, s, shipment.id);
      });
      await dispatcher.drain();
      return (await openItems(t.db, tenantId, { customerId: customer.id })).find((i) => i.source_id === id)!;
    },
    customer: (input: Partial<CustomerInput> = {}) =>
      run((tx, s) => createCustomer(tx, s, { name: 'ACME GmbH', country: 'DE', currency: 'EUR', credit_limit: '100000.00', payment_terms: 'net 30', ...input }), systemActor, tenantId),
    product: async (sku: string, price: string, stock = 100n, unitCost = '1.00') => {
      const p = await run((tx, s) => createProduct(tx, s, { sku, name: `Product ${sku}`, unit_price: price, currency: 'EUR', tax_category: 'standard' }), systemActor, tenantId);
      if (stock > 0n) await run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: stock, unitCost }), systemActor, tenantId);
      return p;
    },
  });
  const own = forTenant(tenant.id);
  return {
    ...t,
    tenant,
    dispatcher,
    run,
    addTenant,
    forTenant,
    customer: own.customer,
    product: own.product,
    /** Every entry balanced per currency, and the receivables control account equal to the open items. */
    async checkBooks(tenantId = tenant.id) {
      const unbalanced = await t.db.query(
        `SELECT e.id FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
          WHERE e.tenant_id = $1 GROUP BY e.id HAVING SUM(l.debit) <> SUM(l.credit)`, [tenantId]);
      const control = await accountBalances(t.db, tenantId, ACCOUNTS.receivables);
      const sub = await subledgerTotals(t.db, tenantId);
      const currencies = new Set([...control.keys(), ...sub.keys()]);
      const mismatches = [...currencies].filter((c) => (control.get(c) ?? 0n) !== (sub.get(c) ?? 0n))
        .map((c) => `${c}: control ${control.get(c) ?? 0n} vs open items ${sub.get(c) ?? 0n}`);
      return { unbalanced: unbalanced.length, mismatches };
    },
  };
}

export type World = Awaited<ReturnType<typeof world>>;
