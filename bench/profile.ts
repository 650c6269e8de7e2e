// Where a cycle's work goes: a few cycles one at a time (no concurrency, no lock waits), with the statements,
// transactions and wall time of each step. Printed to stderr next to the throughput figure.
import { HANDLERS } from '../src/app/handlers.ts';
import { inTx } from '../src/app/run.ts';
import type { Db, Sql } from '../src/db/db.ts';
import { Dispatcher } from '../src/events/dispatcher.ts';
import { shipOrder } from '../src/fulfillment/ship.ts';
import { captureOrder } from '../src/orders/capture.ts';
import { recordPayment } from '../src/payments/payments.ts';
import { formatAmount } from '../src/shared/money.ts';
import type { Scope } from '../src/shared/scope.ts';
import { diffCounts, zeroCounts, type Counts } from './counting-db.ts';
import { orderLines, random } from './cycle.ts';
import { BENCH_ACTOR, type Catalogue } from './setup.ts';

const STEPS = ['capture+confirm', 'ship', 'dispatch→invoice', 'payment+apply', 'dispatch→settle'] as const;
type Step = (typeof STEPS)[number];

interface StepTotals extends Counts {
  ms: number;
  events: number;
}

/**
 * Runs `n` cycles sequentially on `db` (the counting wrapper, whose `counts` are passed in) and returns a
 * table of per-cycle averages. `raw` is used for the lookups the profile itself needs, so they are not counted.
 */
export async function profileCycles(db: Db, counts: Counts, raw: Db, c: Catalogue, n: number, firstSeq: number): Promise<string> {
  const dispatcher = new Dispatcher(db, HANDLERS, (e) => { throw e; });
  const totals = new Map<Step, StepTotals>(STEPS.map((s) => [s, { ...zeroCounts(), ms: 0, events: 0 }]));
  const run = <T>(fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(db, { tenantId: c.tenant.id, actor: BENCH_ACTOR }, fn);
  const step = async <T>(name: Step, fn: () => Promise<T>): Promise<T> => {
    const before = { ...counts };
    const t0 = performance.now();
    const result = await fn();
    const t = totals.get(name)!;
    t.ms += performance.now() - t0;
    const d = diffCounts(counts, before);
    t.statements += d.statements;
    t.transactions += d.transactions;
    t.attempts += d.attempts;
    if (typeof result === 'number') t.events += result;
    return result;
  };
  const rnd = random(4242);
  for (let i = 0; i < n; i++) {
    const seq = firstSeq + i;
    const customer = c.customers[i % c.customers.length];
    const lines = orderLines(rnd, c);
    const order = await step('capture+confirm', () => run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines, confirm: true })));
    await step('ship', () => run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL' })));
    await step('dispatch→invoice', () => dispatcher.drain());
    const [inv] = await raw.query<{ id: string; total: bigint; currency: string }>(
      'SELECT id, total, currency FROM invoices WHERE tenant_id = $1 AND order_id = $2', [c.tenant.id, order.id]);
    if (!inv) throw new Error(`profile: no invoice for ${order.order_number}`);
    const amount = formatAmount(inv.total, inv.currency);
    await step('payment+apply', () => run((tx, s) => recordPayment(tx, s, {
      customer_id: customer.id, amount, reference: `PROFILE ${seq}`, apply: [{ invoice_id: inv.id, amount }],
    })));
    await step('dispatch→settle', () => dispatcher.drain());
  }
  const rows = STEPS.map((name) => {
    const t = totals.get(name)!;
    const ev = t.events ? `, ${(t.events / n).toFixed(1)} events` : '';
    return `  ${name.padEnd(17)} ${(t.statements / n).toFixed(1).padStart(5)} statements in ${(t.transactions / n).toFixed(1)} tx${ev}, ${(t.ms / n).toFixed(2)} ms`;
  });
  const all = [...totals.values()].reduce((a, t) => ({ s: a.s + t.statements, x: a.x + t.transactions, ms: a.ms + t.ms }), { s: 0, x: 0, ms: 0 });
  rows.push(`  ${'cycle'.padEnd(17)} ${(all.s / n).toFixed(1).padStart(5)} statements in ${(all.x / n).toFixed(1)} tx, ${(all.ms / n).toFixed(2)} ms (one at a time: ${(1000 * n / all.ms).toFixed(1)} cycles/s)`);
  return rows.join('\n');
}
