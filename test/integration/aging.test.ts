import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { inTx } from '../../src/app/run.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { aging, parseBuckets } from '../../src/receivables/aging.ts';
import { agingReport, agingReportJson, customerAging } from '../../src/receivables/aging-report.ts';
import { subledgerTotals } from '../../src/receivables/items.ts';
import { recordPayment, unapply, getPayment } from '../../src/payments/payments.ts';
import type { Sql } from '../../src/db/db.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor, type Scope } from '../../src/shared/scope.ts';

const FILE = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
I1,C1,2026-08-01,2026-08-31,EUR,100.00,100.00,net 30
I2,C1,2026-10-01,2026-10-31,EUR,200.00,200.00,net 30
I3,C1,2026-11-01,2026-12-01,EUR,300.00,300.00,net 30
I4,C2,2026-06-01,2026-07-01,EUR,80.00,50.00,net 30
I5,C2,2026-12-05,2027-01-04,EUR,70.00,70.00,net 30
`;

for (const kind of await dbKinds()) {
  describe(`receivables aging [${kind}]`, () => {
    let w: World;
    const ids = new Map<string, string>();
    let c1 = '';
    /** Runs a use case as if it were that day (noon UTC): its changes of open amounts are dated so. */
    const on = <T>(day: string, fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(w.db, { tenantId: w.tenant.id, actor: systemActor, now: new Date(`${day}T12:00:00Z`) }, fn);
    const pay = (day: string, number: string, amount: string) => on(day, (tx, s) =>
      recordPayment(tx, s, { customer_id: c1, amount, received_on: day, apply: [{ invoice_id: ids.get(number)!, amount }] }));
    const figures = async (asOf: string, bounds?: number[]): Promise<Record<string, string>[]> =>
      agingReportJson(await agingReport(w.db, w.tenant.id, asOf, bounds)).customers.map(({ customer_id: _, ...r }) => r);

    before(async () => {
      w = await world(kind);
      c1 = (await w.customer({ customer_number: 'C1', name: 'One' })).id;
      await w.customer({ customer_number: 'C2', name: 'Two' });
      await importOpenItems(w.db, () => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date('2026-11-01T08:00:00Z') }), 'open.csv', FILE);
      for (const r of await w.db.query<{ document_number: string; source_id: string }>('SELECT document_number, source_id FROM ar_items WHERE tenant_id = $1', [w.tenant.id])) {
        ids.set(r.document_number, r.source_id);
      }
      await pay('2026-11-15', 'I2', '200.00');
      await pay('2026-12-10', 'I1', '60.00');
      const p = await pay('2026-12-12', 'I3', '300.00');
      const { applications } = await getPayment(w.db, w.tenant.id, p.id);
      await on('2026-12-20', (tx, s) => unapply(tx, s, applications[0].id, 'wrong invoice'));
    });
    after(async () => { await w.close(); });

    it('buckets by days past the due date, as the items stood at the end of the as-of day', async () => {
      // I1 91 days past due, 60.00 paid after the day added back; I2 paid before; I3 not yet due; I5 issued later
      assert.deepEqual(await figures('2026-11-30'), [
        { customer_number: 'C1', name: 'One', currency: 'EUR', current: '300.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '100.00', total: '400.00' },
        { customer_number: 'C2', name: 'Two', currency: 'EUR', current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '50.00', total: '50.00' },
      ]);
      // before I2 was paid: 10 days past due; I1 71 days
      assert.deepEqual((await figures('2026-11-10'))[0], { customer_number: 'C1', name: 'One', currency: 'EUR', current: '300.00', '1-30': '200.00', '31-60': '0.00', '61-90': '100.00', '90+': '0.00', total: '600.00' });
      // I3 paid on the 12th and given back on the 20th: not open on the 15th, open again on the 20th
      assert.deepEqual((await figures('2026-12-15'))[0].total, '40.00');
      assert.deepEqual((await figures('2026-12-20'))[0], { customer_number: 'C1', name: 'One', currency: 'EUR', current: '0.00', '1-30': '300.00', '31-60': '0.00', '61-90': '0.00', '90+': '40.00', total: '340.00' });
      assert.deepEqual((await figures('2026-12-15'))[1], { customer_number: 'C2', name: 'Two', currency: 'EUR', current: '70.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '50.00', total: '120.00' });
      // the day a due date falls on is current; the day after is 1 day past due
      assert.equal((await figures('2026-12-01'))[0].current, '300.00');
      assert.equal((await figures('2026-12-02'))[0]['1-30'], '300.00');
      assert.deepEqual(await figures('2026-05-31'), []);
    });

    it('adds up to the open items now, and to the receivables control account', async () => {
      const rows = await aging(w.db, w.tenant.id, '2099-12-31');
      assert.equal(rows.reduce((a, r) => a + r.total, 0n), (await subledgerTotals(w.db, w.tenant.id)).get('EUR'));
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    });

    it('takes other buckets', async () => {
      const r = await agingReport(w.db, w.tenant.id, '2026-11-30', parseBuckets('15,45'));
      assert.deepEqual(r.labels, ['current', '1-15', '16-45', '45+']);
      assert.deepEqual(agingReportJson(r).totals, [{ currency: 'EUR', current: '300.00', '1-15': '0.00', '16-45': '0.00', '45+': '150.00', total: '450.00' }]);
      for (const bad of ['30,20', 'x', '0,30', '30,,60']) assert.throws(() => parseBuckets(bad), (e: unknown) => e instanceof Failure && e.field === 'buckets');
    });

    it('drills down into a customer: its items per bucket with what was open then', async () => {
      const d = await customerAging(w.db, w.tenant.id, c1, '2026-11-30');
      assert.deepEqual(d.buckets.map((b) => [b.label, b.amount, b.items.map((i) => [i.document_number, i.open_as_of, i.open_amount, i.days_past_due])]), [
        ['current', '300.00', [['I3', '300.00', '300.00', -1]]],
        ['1-30', '0.00', []],
        ['31-60', '0.00', []],
        ['61-90', '0.00', []],
        ['90+', '100.00', [['I1', '100.00', '40.00', 91]]],
      ]);
      assert.equal(d.total, '400.00');
    });
  });
}
