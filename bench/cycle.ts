// One order-to-cash cycle through the use cases, and N workers running cycles concurrently.
//   capture + confirm (credit check, reservation) → ship → [dispatcher: invoice from shipment.shipped]
//   → payment recorded and applied to the invoice (the cycle counts here)
// The settlement events that follow (invoice paid, order closed) are drained by the dispatchers as well.
import { inTx } from '../src/app/run.ts';
import type { Db, Sql } from '../src/db/db.ts';
import { shipOrder } from '../src/fulfillment/ship.ts';
import { captureOrder } from '../src/orders/capture.ts';
import { recordPayment } from '../src/payments/payments.ts';
import { formatAmount } from '../src/shared/money.ts';
import type { Scope } from '../src/shared/scope.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { BENCH_ACTOR, type Catalogue } from './setup.ts';

export interface CycleContext {
  db: Db;
  catalogue: Catalogue;
  dispatchers: DispatcherPool;
  invoiceTimeoutMs: number;
}

/** A small deterministic generator (mulberry32) so that runs are comparable. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/**
 * 2–3 lines of different products, 1–2 units each, in random product order (as orders come in). Totals stay
 * within a factor of 5 of each other, so no order looks unusual against the customer's history.
 */
export function orderLines(rnd: () => number, c: Catalogue) {
  const n = 2 + Math.floor(rnd() * 2);
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(pick(rnd, c.products).id);
  return [...chosen].map((product_id) => ({ product_id, quantity: 1 + Math.floor(rnd() * 2) }));
}

export async function oneCycle(ctx: CycleContext, rnd: () => number, seq: number): Promise<void> {
  const { db, catalogue: c, dispatchers } = ctx;
  const run = <T>(fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(db, { tenantId: c.tenant.id, actor: BENCH_ACTOR }, fn);
  const customer = pick(rnd, c.customers);

  const order = await run((tx, s) => captureOrder(tx, s, {
    customer_id: customer.id, channel: 'api', po_number: `PO-${seq}`, lines: orderLines(rnd, c), confirm: true,
  }));
  if (order.status !== 'allocated') throw new Error(`order ${order.order_number} is ${order.status} (${order.hold_reason}), not confirmed`);
  dispatchers.kick();

  const invoiced = dispatchers.invoices.expect(order.id, ctx.invoiceTimeoutMs);
  invoiced.catch(() => undefined); // awaited below; a failed ship must not leave an unhandled rejection
  await run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL', tracking_number: `JD${(1_000_000_000 + seq).toString()}` }));
  dispatchers.kick();

  const inv = await invoiced;
  const amount = formatAmount(inv.total, inv.currency);
  const payment = await run((tx, s) => recordPayment(tx, s, {
    customer_id: customer.id, amount, currency: inv.currency, method: 'bank_transfer', reference: `BENCH ${seq}`,
    apply: [{ invoice_id: inv.invoiceId, amount }],
  }));
  if (payment.unapplied !== 0n) throw new Error(`payment ${payment.payment_number} left ${payment.unapplied} unapplied`);
  dispatchers.kick();
}

export interface RunResult {
  completed: number;
  seconds: number;
  /** True when the deadline stopped the run before all cycles were done. */
  cutShort: boolean;
}

/**
 * Runs `cycles` cycles on `workers` concurrent workers, each doing one cycle after the other; stops taking
 * new cycles after `deadlineMs`. The clock stops when the last cycle is paid and every event is drained.
 */
export async function runCycles(
  ctx: CycleContext, o: { cycles: number; workers: number; seed: number; firstSeq: number; deadlineMs: number },
): Promise<RunResult> {
  let next = 0;
  let completed = 0;
  let cutShort = false;
  let failure: unknown = null;
  const started = performance.now();
  const worker = async (w: number) => {
    const rnd = random(o.seed * 1000 + w);
    while (failure === null && next < o.cycles) {
      if (performance.now() - started > o.deadlineMs) {
        cutShort = true;
        return;
      }
      const seq = o.firstSeq + next++;
      try {
        await oneCycle(ctx, rnd, seq);
        completed++;
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: o.workers }, (_, w) => worker(w)));
  await ctx.dispatchers.settle();
  const seconds = (performance.now() - started) / 1000;
  if (failure !== null) throw failure;
  if (ctx.dispatchers.errors.length) throw ctx.dispatchers.errors[0];
  return { completed, seconds, cutShort };
}
