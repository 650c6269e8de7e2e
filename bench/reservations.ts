// Reservations under contention: many orders confirmed at once, all wanting the same few products, each
// confirmation locking the customer's credit group and the hot stock rows. The figure is order lines
// reserved per second; the stock ledger must prove its balances afterwards.
import { inTx } from '../src/app/run.ts';
import type { Db } from '../src/db/db.ts';
import { checkStockLedger } from '../src/inventory/picking.ts';
import { captureOrder } from '../src/orders/capture.ts';
import { confirmOrder } from '../src/orders/confirm.ts';
import { updateVerificationSettings } from '../src/verification/settings.ts';
import { BENCH_ACTOR, setUp } from './setup.ts';

const HOT_PRODUCTS = 5;
const LINES_PER_ORDER = 2;

export async function benchReservations(db: Db, orders: number, workers: number, note: (t: string) => void): Promise<number> {
  const catalogue = await setUp(db, { customers: 100, products: HOT_PRODUCTS, stockPerProduct: 10_000_000n });
  await db.transaction((tx) => updateVerificationSettings(tx, catalogue.tenant.id, { fraud_hold_score: 100 }));
  const run = <T>(fn: Parameters<typeof inTx<T>>[2]) => inTx(db, { tenantId: catalogue.tenant.id, actor: BENCH_ACTOR }, fn);
  const drafts: string[] = [];
  for (let i = 0; i < orders; i++) {
    const lines = Array.from({ length: LINES_PER_ORDER }, (_, l) => ({ product_id: catalogue.products[(i + l) % HOT_PRODUCTS].id, quantity: 1 + (i % 3) }));
    drafts.push((await run((tx, s) => captureOrder(tx, s, { customer_id: catalogue.customers[i % catalogue.customers.length].id, lines }))).id);
  }
  if (db.kind === 'postgres') await db.query('VACUUM ANALYZE');
  note(`reservations: ${orders} orders × ${LINES_PER_ORDER} lines on ${HOT_PRODUCTS} products, ${workers} at once; confirming…`);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < drafts.length; i = next++) {
      const o = await run((tx, s) => confirmOrder(tx, s, drafts[i]));
      if (o.status !== 'allocated') throw new Error(`order ${o.order_number} is ${o.status}, not allocated`);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const problems = await checkStockLedger(db, catalogue.tenant.id);
  if (problems.length) throw new Error(`the stock ledger does not hold after the run:\n  ${problems.join('\n  ')}`);
  note(`reservations: ${orders * LINES_PER_ORDER} lines reserved in ${seconds.toFixed(1)} s; stock ledger holds`);
  return (orders * LINES_PER_ORDER) / seconds;
}
