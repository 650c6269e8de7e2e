// ar_aging_ms_1m: the receivables aging (every customer, five buckets) over 1,000,000 open items on PostgreSQL.
// The items are loaded straight into the subledger with multi-row inserts (ids made here, as the app makes
// them) and booked by one opening entry per customer set, so the books hold; then a tenth of them is paid in
// part after the as-of day, so the timed query also adds back what changed since (the as-of path).
import { provisionTenant } from '../src/app/provision.ts';
import { inTx } from '../src/app/run.ts';
import { createCustomer } from '../src/customers/customers.ts';
import type { Db } from '../src/db/db.ts';
import { ACCOUNTS } from '../src/ledger/chart.ts';
import { post } from '../src/ledger/post.ts';
import { aging } from '../src/receivables/aging.ts';
import { addDays } from '../src/shared/dates.ts';
import { uuidv7 } from '../src/shared/ids.ts';
import { systemActor } from '../src/shared/scope.ts';

const BATCH = 50_000;

export async function benchAging(db: Db, items: number, customers: number, note: (text: string) => void): Promise<number> {
  const t0 = performance.now();
  const tenant = await provisionTenant(db, { slug: `aging-${uuidv7().slice(-8)}`, name: 'Aging bench', baseCurrency: 'EUR', country: 'DE' });
  const run = <T>(fn: Parameters<typeof inTx<T>>[2]) => inTx(db, { tenantId: tenant.id, actor: systemActor }, fn);
  const customerIds: string[] = [];
  for (let i = 0; i < customers; i += 500) {
    customerIds.push(...await run(async (tx, s) => {
      const ids: string[] = [];
      for (let k = i; k < Math.min(i + 500, customers); k++) {
        ids.push((await createCustomer(tx, s, { customer_number: `AG${String(k).padStart(6, '0')}`, name: `Aging customer ${k}`, country: 'DE', currency: 'EUR' })).id);
      }
      return ids;
    }));
  }

  const asOf = '2026-06-30';
  const open = new Map<string, bigint>();
  for (let i = 0; i < items; i += BATCH) {
    const n = Math.min(BATCH, items - i);
    const rows = Array.from({ length: n }, (_, k) => {
      const seq = i + k;
      const issue = addDays('2025-07-01', seq % 365);
      const amount = BigInt(1000 + ((seq * 7919) % 500_000));
      const customer = customerIds[seq % customers];
      open.set(customer, (open.get(customer) ?? 0n) + amount);
      return { id: uuidv7(), customer, number: `AG-${seq}`, amount, issue, due: addDays(issue, 30) };
    });
    await db.query(
      `INSERT INTO ar_items (tenant_id, id, customer_id, kind, source_id, document_number, currency, amount, open_amount, issue_date, due_date)
       SELECT $1, v.id, v.customer, 'opening', v.id, v.number, 'EUR', v.amount, v.amount, v.issue, v.due
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::date[], $7::date[]) AS v(id, customer, number, amount, issue, due)`,
      [tenant.id, rows.map((r) => r.id), rows.map((r) => r.customer), rows.map((r) => r.number), rows.map((r) => r.amount), rows.map((r) => r.issue), rows.map((r) => r.due)]);
  }
  await run((tx, s) => post(tx, s, {
    sourceKey: `opening:aging-bench:${tenant.id}`, description: 'Aging bench: opening balances', currency: 'EUR',
    lines: [...[...open].map(([customerId, amount]) => ({ account: ACCOUNTS.receivables, debit: amount, customerId })),
      { account: ACCOUNTS.openingBalance, credit: [...open.values()].reduce((a, v) => a + v, 0n) }],
  }));
  // A tenth of the items paid in part after the as-of day: the query adds that back. The subledger and the ledger
  // both move (as a payment would), so the books still hold.
  const [paid] = await db.query<{ n: bigint; total: bigint }>(
    `WITH paid AS (
       UPDATE ar_items SET open_amount = open_amount - 500 WHERE tenant_id = $1 AND open_amount > 500 AND (hashtext(document_number) % 10) = 0
       RETURNING id, customer_id)
     SELECT COUNT(*)::bigint AS n, (COUNT(*) * 500)::bigint AS total FROM paid`, [tenant.id]);
  const changed = await db.query<{ id: string; customer_id: string }>(
    `SELECT id, customer_id FROM ar_items WHERE tenant_id = $1 AND amount <> open_amount`, [tenant.id]);
  for (let i = 0; i < changed.length; i += BATCH) {
    const part = changed.slice(i, i + BATCH);
    await db.query(
      `INSERT INTO ar_item_changes (tenant_id, id, item_id, customer_id, currency, issue_date, due_date, changed_on, delta)
       SELECT $1, v.id, i.id, i.customer_id, i.currency, i.issue_date, i.due_date, $4::date, -500
         FROM unnest($2::uuid[], $3::uuid[]) AS v(id, item) JOIN ar_items i ON i.tenant_id = $1 AND i.id = v.item`,
      [tenant.id, part.map(() => uuidv7()), part.map((c) => c.id), addDays(asOf, 10)]);
  }
  const perCustomer = new Map<string, bigint>();
  for (const c of changed) perCustomer.set(c.customer_id, (perCustomer.get(c.customer_id) ?? 0n) + 500n);
  await run((tx, s) => post(tx, s, {
    sourceKey: `payments:aging-bench:${tenant.id}`, description: 'Aging bench: payments after the as-of day', currency: 'EUR',
    lines: [{ account: ACCOUNTS.bank, debit: paid.total },
      ...[...perCustomer].map(([customerId, amount]) => ({ account: ACCOUNTS.receivables, credit: amount, customerId }))],
  }));
  // As a production server's autovacuum would have: statistics, and a visibility map for index-only scans.
  await db.query('VACUUM ANALYZE ar_items');
  await db.query('VACUUM ANALYZE ar_item_changes');
  note(`aging: ${items} open items of ${customers} customers loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${paid.n} paid in part after ${asOf}`);

  const timed = async (day: string) => {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      rows = (await aging(db, tenant.id, day)).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    note(`aging as of ${day}: ${rows} customers, median of 5 runs ${times[2].toFixed(0)} ms (fastest ${times[0].toFixed(0)}, slowest ${times[4].toFixed(0)})`);
    return times[2];
  };
  const today = await timed(addDays(asOf, 365));
  const past = await timed(asOf);
  return Math.max(today, past);
}
