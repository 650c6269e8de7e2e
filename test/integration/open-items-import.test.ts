import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { baseViolations, booksViolations, paymentViolations } from '../support/invariants.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { openItems } from '../../src/receivables/items.ts';
import { setRate } from '../../src/fx/rates.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { systemActor } from '../../src/shared/scope.ts';

const HEADER = 'invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms\n';

for (const kind of await dbKinds()) {
  describe(`open items import [${kind}]`, () => {
    let w: World;
    const scope = () => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date() });
    const counts = async () => {
      const [r] = await w.db.query<{ items: bigint; entries: bigint }>(
        `SELECT (SELECT COUNT(*) FROM ar_items WHERE tenant_id = $1)::bigint AS items,
                (SELECT COUNT(*) FROM journal_entries WHERE tenant_id = $1)::bigint AS entries`, [w.tenant.id]);
      return r;
    };
    const books = async () => {
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await baseViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    };
    const file = HEADER + [
      'OLD-1001,C1,2026-10-01,2026-10-31,EUR,100.00,100.00,2/10 net 30',
      'OLD-1002,C1,2026-09-15,2026-10-15,EUR,50.00,20.00,',
      'OLD-1003,C2,2026-09-01,2026-10-01,EUR,75.50,0.00,net 30',
      '"OLD-1004",U1,2026-11-02,2026-12-02,usd,392.70,392.70,net 30',
      'OLD-1005,C2,2026-08-01,2026-08-31,EUR,10.00,10.00,net 30',
    ].join('\n') + '\n';

    before(async () => {
      w = await world(kind);
      await w.customer({ customer_number: 'C1', name: 'One', payment_terms: '2/10 net 30' });
      await w.customer({ customer_number: 'C2', name: 'Two' });
      await w.customer({ customer_number: 'U1', name: 'Yankee', country: 'US', currency: 'USD' });
      await w.run((tx, s) => setRate(tx, s, { currency: 'USD', date: '2026-01-01', rate: '0.92' }));
    });
    after(async () => { await w.close(); });

    it('rejects a bad file whole, naming line and field, and writes nothing', async () => {
      const before = await counts();
      const bad: [string, number, string | undefined, RegExp][] = [
        ['OLD-1,C1,2026-13-01,2026-12-31,EUR,1.00,1.00,net 30', 2, 'issue_date', /not a date/],
        ['OLD-1,NOPE,2026-10-01,2026-10-31,EUR,1.00,1.00,net 30', 2, 'customer_number', /customer "NOPE" not found/],
        ['OLD-1,C1,2026-10-01,2026-10-31,EUR,10.00,12.00,net 30', 2, 'open_amount', /more than total_amount/],
        ['OLD-1,C1,2026-10-01,2026-10-31,EUR,"12,50",1.00,net 30', 2, 'total_amount', /"12,50" is not an amount/],
        ['OLD-1,C1,2026-10-01,2026-10-31,USD,10.00,1.00,net 30', 2, 'currency', /invoiced in EUR/],
        ['OLD-1,C1,2026-10-01,2026-09-30,EUR,10.00,1.00,net 30', 2, 'due_date', /before issue_date/],
        ['OLD-1,C1,2026-10-01,2026-10-31,EUR,10.00,1.00,soon', 2, 'payment_terms', /not understood/],
        ['OLD-1,C1,2026-10-01,2026-10-31,EUR,10.00,1.00', 2, undefined, /7 fields, the header has 8/],
      ];
      for (const [row, line, field, message] of bad) {
        // a good row first: one bad row still rejects all of it
        const text = HEADER + 'OLD-9,C2,2026-10-01,2026-10-31,EUR,5.00,5.00,net 30\n' + row + '\n';
        await assert.rejects(importOpenItems(w.db, scope, 'bad.csv', text), (e: unknown) => {
          assert.ok(e instanceof ImportRejected, String(e));
          assert.deepEqual(e.errors.map((x) => [x.line, x.field]), [[line + 1, field]], e.message);
          assert.match(e.message, message);
          return true;
        });
      }
      await assert.rejects(importOpenItems(w.db, scope, 'bad.csv', 'invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount\nA,C1,2026-10-01,2026-10-31,EUR,1.00,1.00\n'),
        (e: unknown) => e instanceof ImportRejected && e.errors[0].line === 1 && /missing column payment_terms/.test(e.message));
      await assert.rejects(importOpenItems(w.db, scope, 'dup.csv', HEADER + 'A,C1,2026-10-01,2026-10-31,EUR,1.00,1.00,\nA,C1,2026-10-01,2026-10-31,EUR,1.00,1.00,\n'),
        (e: unknown) => e instanceof ImportRejected && e.errors[0].line === 3 && e.errors[0].field === 'invoice_number' && /also on line 2/.test(e.message));
      await assert.rejects(importOpenItems(w.db, scope, 'many.csv', HEADER + 'A,X,2026-10-01,2026-10-31,EUR,1.00,1.00,\nB,C1,2026-10-01,2026-10-31,EUR,1,00,1.00,\nC,C1,x,2026-10-31,EUR,1.00,1.00,\n'),
        (e: unknown) => e instanceof ImportRejected && e.errors.map((x) => x.line).join() === '2,3,4');
      assert.deepEqual(await counts(), before);
    });

    it('rejects another currency than the books\' when there is no rate to take it over at', async () => {
      const t = w.forTenant((await w.addTenant(`norate-${process.pid}`)).id);
      await t.customer({ customer_number: 'U9', name: 'No rate', country: 'US', currency: 'USD' });
      await assert.rejects(importOpenItems(w.db, () => ({ ...scope(), tenantId: t.tenantId }), 'usd.csv', HEADER + 'X-1,U9,2026-10-01,2026-10-31,USD,1.00,1.00,\n'),
        (e: unknown) => e instanceof ImportRejected && e.errors[0].line === 2 && e.errors[0].field === 'currency' && /no EUR\/USD rate/.test(e.message));
    });

    it('loads open items with their discount terms and posts Dr receivables / Cr opening balance equity', async () => {
      const ticks: [number, number][] = [];
      const r = await importOpenItems(w.db, scope, 'open.csv', file, (d, t) => ticks.push([d, t]));
      assert.equal(r.created, 4);
      assert.equal(r.skippedPaid, 1);
      assert.equal(r.skippedExisting, 0);
      assert.deepEqual([...r.open], [['EUR', 13000n], ['USD', 39270n]]);
      assert.deepEqual(ticks.at(-1), [4, 4]);

      const items = new Map((await openItems(w.db, w.tenant.id)).map((i) => [i.document_number, i]));
      assert.deepEqual([...items.keys()].sort(), ['OLD-1001', 'OLD-1002', 'OLD-1004', 'OLD-1005']);
      const a = items.get('OLD-1001')!;
      assert.equal(a.kind, 'opening');
      assert.equal(a.source_id, a.id);
      assert.deepEqual([a.amount, a.open_amount, a.due_date, a.discount_amount, a.discount_until], [10000n, 10000n, '2026-10-31', 200n, '2026-10-11']);
      const b = items.get('OLD-1002')!; // no terms in the file: the customer's (2/10 net 30), on the gross
      assert.deepEqual([b.amount, b.open_amount, b.discount_amount, b.discount_until], [5000n, 2000n, 100n, '2026-09-25']);
      assert.deepEqual([items.get('OLD-1004')!.currency, items.get('OLD-1004')!.discount_amount], ['USD', 0n]);

      assert.equal((await accountBalances(w.db, w.tenant.id, ACCOUNTS.openingBalance)).get('EUR'), -13000n);
      assert.equal((await accountBalances(w.db, w.tenant.id, ACCOUNTS.openingBalance)).get('USD'), -39270n);
      const [line] = await w.db.query<{ base_debit: bigint; rate: string }>(
        `SELECT base_debit, rate::text AS rate FROM journal_lines WHERE tenant_id = $1 AND position_key = $2`, [w.tenant.id, `receivable:${items.get('OLD-1004')!.id}`]);
      assert.deepEqual([line.base_debit, Number(line.rate)], [36128n, 0.92]);
      const timeline = await w.db.query<{ summary: string }>(
        `SELECT summary FROM timeline_entries WHERE tenant_id = $1 AND event_type = 'receivable.opening_loaded' ORDER BY id`, [w.tenant.id]);
      assert.equal(timeline.length, 3);
      assert.match(timeline[0].summary, /^2 open items taken over from the previous system \(open\.csv\): 120\.00 EUR open$/);
      await books();
    });

    it('loads the same file again without doubling anything, and refuses a number loaded before with other figures', async () => {
      const before = await counts();
      const again = await importOpenItems(w.db, scope, 'open.csv', file);
      assert.deepEqual([again.created, again.skippedExisting, again.skippedPaid], [0, 4, 1]);
      assert.deepEqual(await counts(), before);
      const more = await importOpenItems(w.db, scope, 'more.csv', file + 'OLD-2001,C2,2026-11-01,2026-12-01,EUR,9.99,9.99,net 30\n');
      assert.deepEqual([more.created, more.skippedExisting], [1, 4]);
      await assert.rejects(importOpenItems(w.db, scope, 'changed.csv', file.replace('100.00,100.00', '101.00,100.00')),
        (e: unknown) => e instanceof ImportRejected && e.errors[0].line === 2 && e.errors[0].field === 'invoice_number' && /loaded before/.test(e.message));
      await books();
    });

    it('takes payments like any open item; a foreign one realises its exchange difference', async () => {
      const items = new Map((await openItems(w.db, w.tenant.id)).map((i) => [i.document_number, i]));
      const c1 = items.get('OLD-1002')!;
      await w.run((tx, s) => recordPayment(tx, s, { customer_id: c1.customer_id, amount: '20.00', apply: [{ invoice_id: c1.source_id, amount: '20.00' }] }));
      await w.run((tx, s) => setRate(tx, s, { currency: 'USD', date: '2026-12-01', rate: '0.93' }));
      const u = items.get('OLD-1004')!;
      await w.run((tx, s) => recordPayment(tx, s, { customer_id: u.customer_id, amount: '392.70', received_on: '2026-12-01', apply: [{ invoice_id: u.source_id, amount: '392.70' }] }),
        systemActor);
      const after = new Map((await openItems(w.db, w.tenant.id, { includeSettled: true })).map((i) => [i.document_number, i]));
      assert.equal(after.get('OLD-1002')!.open_amount, 0n);
      assert.equal(after.get('OLD-1004')!.open_amount, 0n);
      await books();
    });
  });
}
