// Bulk order import: a CSV of N order lines (5 lines an order) through `importOrders`, the use case behind
// `o2c import orders` — parsing, pricing, verification, credit check and stock reservation of every order.
import { importOrders } from '../src/orders/import/import-orders.ts';
import type { Db } from '../src/db/db.ts';
import { backendCpuMs, nodeCpuMs } from './cpu.ts';
import { BENCH_ACTOR, setUp } from './setup.ts';
import { updateVerificationSettings } from '../src/verification/settings.ts';

const LINES_PER_ORDER = 5;

export async function benchOrderImport(db: Db, lines: number, customers: number, note: (t: string) => void, database?: string): Promise<number> {
  const catalogue = await setUp(db, { customers, products: 100, stockPerProduct: 100_000_000n });
  // Each customer sends several orders in one file, which the fraud score reads as order velocity; the score
  // is still computed for every order, but a batch from known customers is not held for it here.
  await db.transaction((tx) => updateVerificationSettings(tx, catalogue.tenant.id, { fraud_hold_score: 100 }));
  // As pgbench does after loading: statistics for the planner (the CI server runs with autovacuum off).
  await db.query('VACUUM ANALYZE');
  const rows = ['customer_number,po_number,sku,quantity'];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const orders = Math.ceil(lines / LINES_PER_ORDER);
  for (let o = 0; o < orders; o++) {
    const c = catalogue.customers[rnd(catalogue.customers.length)].customer_number;
    for (let l = 0; l < LINES_PER_ORDER && rows.length <= lines; l++) {
      rows.push(`${c},PO-${o},${catalogue.products[rnd(catalogue.products.length)].sku},${1 + rnd(3)}`);
    }
  }
  const text = rows.join('\n') + '\n';
  note(`import: ${lines} lines in ${orders} orders for ${customers} customers; importing…`);
  const t0 = performance.now();
  const cpu0 = { node: nodeCpuMs(), pg: database ? backendCpuMs(database) : null };
  const report = await importOrders(db, () => ({ tenantId: catalogue.tenant.id, actor: BENCH_ACTOR, now: new Date() }), 'bench.csv', text);
  const seconds = (performance.now() - t0) / 1000;
  const confirmed = report.imported.filter((o) => o.status === 'allocated').length;
  if (report.rejected.length || confirmed !== orders) {
    throw new Error(`import: ${confirmed} of ${orders} orders confirmed, ${report.rejected.length} rejected (${JSON.stringify(report.rejected[0]?.errors)})`);
  }
  const pg = database ? backendCpuMs(database) : null;
  const per = (ms: number) => (ms / orders).toFixed(2);
  note(`import: ${lines} lines (${orders} orders, every one verified, credit-checked and reserved) in ${seconds.toFixed(1)} s; ` +
    `CPU per order: node ${per(nodeCpuMs() - cpu0.node)} ms` + (pg !== null && cpu0.pg !== null ? `, postgres backends ${per(pg - cpu0.pg)} ms` : ''));
  return lines / seconds;
}
