import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arCheck } from '../../src/app/ar-check.ts';
import { inTx } from '../../src/app/run.ts';
import { issueCreditNote } from '../../src/billing/credit-notes.ts';
import { invoiceShipment } from '../../src/billing/issue.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { createPriceList, setListPrice } from '../../src/catalog/price-lists.ts';
import type { Sql } from '../../src/db/db.ts';
import { eInvoiceOf } from '../../src/einvoice/from-invoice.ts';
import { ublInvoice } from '../../src/einvoice/ubl.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { parseRate } from '../../src/fx/rate.ts';
import { importRates, listRates, rateOn, setRate } from '../../src/fx/rates.ts';
import { baseAccountBalance, trialBalance } from '../../src/ledger/reports.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { applyPayment, getPayment, recordPayment, unapply } from '../../src/payments/payments.ts';
import { refundCredit } from '../../src/payments/refunds.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor, type Scope } from '../../src/shared/scope.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { dbKinds } from '../support/db.ts';
import { baseViolations, booksViolations, paymentViolations } from '../support/invariants.ts';
import { world, type World } from '../support/world.ts';

// A EUR tenant selling to a customer who buys and pays in USD. Rates are units of EUR per 1 USD.
const RATES = `date,currency,rate
2026-11-01,USD,0.9150
2026-11-22,USD,0.9200
2026-11-30,USD,0.9300
2026-12-10,USD,0.9100
2026-12-15,USD,0.9500
2026-11-22,GBP,1.1500
`;

let slugs = 0;

for (const kind of await dbKinds()) {
  describe(`multi-currency [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    /** A tenant of its own (EUR), with a USD customer, a product priced in USD, and the use cases on a chosen day. */
    const tenant = async (opts: { rates?: boolean } = {}) => {
      const t = w.forTenant((await w.addTenant(`fx${++slugs}-${process.pid}`)).id);
      const on = <T>(date: string, fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(w.db, { tenantId: t.tenantId, actor: systemActor, now: new Date(`${date}T12:00:00Z`) }, fn);
      if (opts.rates !== false) await importRates(w.db, () => ({ tenantId: t.tenantId, actor: systemActor, now: new Date() }), 'rates.csv', RATES);
      const customer = await t.customer({ name: 'Dollar Vier GmbH', country: 'DE', currency: 'USD', vat_number: 'DE129273398' });
      const product = await t.product('FX-1', '100.00', 100n, '40.00');
      const list = await t.run((tx, s) => createPriceList(tx, s, { code: 'USD', name: 'US dollar prices', currency: 'USD' }));
      await t.run((tx, s) => setListPrice(tx, s, list.id, product, 1n, '110.00'));
      /** Ships 3 × 110.00 USD (+ 19 % VAT = 392.70 USD) and invoices it on `date`. */
      const invoice = async (date: string) => {
        const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 3 }], confirm: true }));
        assert.equal(order.status, 'allocated', JSON.stringify(order.flags));
        assert.equal(order.currency, 'USD');
        const shipment = await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T-${order.order_number}` }));
        const id = await on(date, (tx, s) => invoiceShipment(tx, s, (shipment as { id: string }).id));
        await w.dispatcher.drain();
        const [inv] = await listInvoices(w.db, t.tenantId, { orderId: order.id });
        assert.equal(inv.invoice.id, id);
        return inv.invoice;
      };
      const pay = (date: string, amount: string, apply?: { invoice_id: string; amount: string }[]) =>
        on(date, (tx, s) => recordPayment(tx, s, { customer_id: customer.id, amount, received_on: date, apply }));
      const base = (account: string) => baseAccountBalance(w.db, t.tenantId, account);
      const sound = async () => {
        assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
        assert.deepEqual(await baseViolations(w.db, t.tenantId), []);
        assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
        const perCurrency = await trialBalance(w.db, t.tenantId);
        assert.ok(perCurrency.totals.length >= 1 && perCurrency.totals.every((x) => x.balanced), 'balanced per currency');
        const inBase = await trialBalance(w.db, t.tenantId, undefined, { base: true });
        assert.deepEqual(inBase.totals.map((x) => [x.currency, x.balanced]), [['EUR', true]], 'balanced in base');
        assert.ok((await arCheck(w.db, t.tenantId)).every((a) => a.equal), 'AR control = open items, per currency');
      };
      return { ...t, on, customer, product, invoice, pay, base, sound };
    };

    it('imports rates from CSV; the rate of a day is the latest on or before it', async () => {
      const t = await tenant({ rates: false });
      const scope = () => ({ tenantId: t.tenantId, actor: systemActor, now: new Date() });
      assert.deepEqual(await importRates(w.db, scope, 'rates.csv', RATES), { imported: 6, created: 6, updated: 0 });
      assert.equal(await rateOn(w.db, t.tenantId, 'USD', '2026-11-22'), '0.92');
      assert.equal(await rateOn(w.db, t.tenantId, 'USD', '2026-11-29'), '0.92');
      assert.equal(await rateOn(w.db, t.tenantId, 'USD', '2026-11-21'), '0.915');
      assert.equal(await rateOn(w.db, t.tenantId, 'USD', '2027-06-01'), '0.95');
      assert.equal(await rateOn(w.db, t.tenantId, 'EUR', '1999-01-01'), '1', 'the base currency is 1');
      await assert.rejects(rateOn(w.db, t.tenantId, 'USD', '2026-10-31'),
        (e: unknown) => e instanceof Failure && e.code === 'invalid_state' && e.message === 'no EUR/USD rate on 2026-10-31: import rates first');
      await assert.rejects(rateOn(w.db, t.tenantId, 'JPY', '2026-11-22'), /no EUR\/JPY rate on 2026-11-22/);
      assert.deepEqual((await listRates(w.db, t.tenantId, { on: '2026-12-01' })).map((r) => `${r.currency} ${r.rate_date} ${r.rate}`),
        ['GBP 2026-11-22 1.15', 'USD 2026-11-30 0.93']);
      // again, with one day changed: replaced, not doubled
      assert.deepEqual(await importRates(w.db, scope, 'again.csv', 'currency,date,rate\nUSD,2026-11-22,0.92100\n'), { imported: 1, created: 0, updated: 1 });
      assert.equal(await rateOn(w.db, t.tenantId, 'USD', '2026-11-22'), '0.921');

      // a file with bad rows: every problem with its line and field, and nothing written
      const bad = 'date,currency,rate\n2026-12-20,USD,0.96\n2026-12-21,USD,abc\n2026-12-22,XXX,1.1\n2026-13-01,USD,0.97\n2026-12-23,EUR,1\n2026-12-24,USD,0.9\n2026-12-24,USD,0.91\n2026-12-25,USD,0.92,extra\n';
      await assert.rejects(importRates(w.db, scope, 'bad.csv', bad), (e: unknown) => {
        assert.ok(e instanceof ImportRejected);
        assert.deepEqual(e.errors.map((x) => `${x.line}:${x.field ?? ''}`), ['3:rate', '4:currency', '5:date', '6:currency', '8:date', '9:']);
        assert.match(e.message, /^bad\.csv: rejected, nothing imported \(6 problems\)/);
        assert.match(e.message, /line 3, field rate: "abc" is not a rate/);
        assert.match(e.message, /line 8, field date: USD on 2026-12-24 is also on line 7/);
        return true;
      });
      assert.equal((await listRates(w.db, t.tenantId, { currency: 'USD' })).length, 5, 'nothing of the bad file was written');
      await assert.rejects(importRates(w.db, scope, 'header.csv', 'day,currency,rate\n'), /header: missing column date; unknown column day/);
      await assert.rejects(t.run((tx, s) => setRate(tx, s, { currency: 'USD', date: '2026-12-01', rate: '-1' })), (e: unknown) => e instanceof Failure && e.field === 'rate');
    });

    it('realises an FX gain when a payment arrives at a higher rate than the invoice\'s, a loss at a lower one; unapplying reverses it', async () => {
      const t = await tenant();
      // Issued on 2026-11-22 at 0.92: 392.70 USD = 361.28 EUR (330.00 → 303.60 revenue, 62.70 → 57.68 tax)
      const inv = await t.invoice('2026-11-22');
      assert.equal(inv.currency, 'USD');
      assert.equal(inv.total, 39270n);
      const [stored] = await w.db.query<{ accounting_currency: string; rate: string; base_net_total: bigint; base_tax_total: bigint; base_total: bigint }>(
        'SELECT accounting_currency, exchange_rate::text AS rate, base_net_total, base_tax_total, base_total FROM invoices WHERE tenant_id = $1 AND id = $2', [t.tenantId, inv.id]);
      assert.deepEqual({ ...stored, rate: parseRate(stored.rate) },
        { accounting_currency: 'EUR', rate: '0.92', base_net_total: 30360n, base_tax_total: 5768n, base_total: 36128n });
      assert.equal(await t.base('1100'), 36128n);
      assert.equal(await t.base('4000'), -30360n);
      assert.equal(await t.base('2100'), -5768n);
      await t.sound();

      // The UBL carries the VAT in euros at the invoice's rate (BT-6, BT-111): 62.70 × 0.92 = 57.684 → 57.68 EUR
      const model = await eInvoiceOf(w.db, t.tenantId, inv.id);
      assert.deepEqual(model.accountingCurrency, { code: 'EUR', rate: '0.92' });
      const xml = ublInvoice(model);
      assert.match(xml, /<cbc:TaxCurrencyCode>EUR<\/cbc:TaxCurrencyCode>/);
      assert.match(xml, /<cbc:TaxAmount currencyID="EUR">57\.68<\/cbc:TaxAmount>/);

      // Received on 2026-12-01 at 0.93 (the rate of 2026-11-30): 392.70 USD = 365.21 EUR in the bank
      const p = await t.pay('2026-12-01', '392.70');
      assert.equal(await t.base('1000'), 36521n);
      assert.equal(await t.base('2200'), -36521n);
      // Applied: unapplied cash at 0.93 (365.21), the receivable at 0.92 (361.28): a realised gain of 3.93 EUR
      await t.on('2026-12-02', (tx, s) => applyPayment(tx, s, p.id, [{ invoice_id: inv.id, amount: '392.70' }]));
      await w.dispatcher.drain();
      assert.equal(await t.base('7100'), -393n, 'FX gain 3.93 EUR (a credit)');
      assert.equal(await t.base('7200'), 0n);
      assert.equal(await t.base('1100'), 0n, 'the receivable is settled in both currencies');
      assert.equal(await t.base('2200'), 0n);
      const fxLine = await w.db.query<{ debit: bigint; credit: bigint; base_credit: bigint }>(
        `SELECT l.debit, l.credit, l.base_credit FROM journal_lines l JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
          WHERE l.tenant_id = $1 AND l.account_code = '7100' AND e.source_key LIKE 'application:%'`, [t.tenantId]);
      assert.deepEqual(fxLine, [{ debit: 0n, credit: 0n, base_credit: 393n }], 'a base-only line in the USD entry');
      await t.sound();
      // The per-currency view shows no FX accounts (nothing in USD), the base view does
      const perCurrency = await trialBalance(w.db, t.tenantId);
      assert.ok(!perCurrency.rows.some((r) => r.account === '7100'));
      assert.equal(perCurrency.rows.find((r) => r.currency === 'USD' && r.account === '1100')?.balance, 0n);
      assert.equal((await trialBalance(w.db, t.tenantId, undefined, { base: true })).rows.find((r) => r.account === '7100')?.balance, -393n);

      // Unapplied: the FX gain goes back with the rest, the invoice is open again at its own rate
      const { applications } = await getPayment(w.db, t.tenantId, p.id);
      await t.on('2026-12-03', (tx, s) => unapply(tx, s, applications[0].id, 'applied to the wrong invoice'));
      await w.dispatcher.drain();
      assert.equal(await t.base('7100'), 0n, 'the FX line is reversed');
      assert.equal(await t.base('1100'), 36128n);
      assert.equal(await t.base('2200'), -36521n);
      await t.sound();
      // and applied again: the same gain
      await t.on('2026-12-04', (tx, s) => applyPayment(tx, s, p.id, [{ invoice_id: inv.id, amount: '392.70' }]));
      assert.equal(await t.base('7100'), -393n);

      // A second invoice at 0.92, paid on 2026-12-10 at 0.91: 357.36 EUR for a receivable of 361.28: a loss of 3.92 EUR
      const inv2 = await t.invoice('2026-11-25');
      await t.pay('2026-12-10', '392.70', [{ invoice_id: inv2.id, amount: '392.70' }]);
      await w.dispatcher.drain();
      assert.equal(await t.base('7200'), 392n, 'FX loss 3.92 EUR (a debit)');
      assert.equal(await t.base('7100'), -393n);
      assert.equal(await t.base('1000'), 36521n + 35736n);
      assert.equal(await t.base('1100'), 0n);
      await t.sound();
      const [paid] = await listInvoices(w.db, t.tenantId, { orderId: inv2.order_id! });
      assert.equal(paid.invoice.status, 'paid');
    });

    it('settles a receivable paid in parts at different rates to the cent, and pays back an overpayment at the refund date\'s rate', async () => {
      const t = await tenant();
      const inv = await t.invoice('2026-11-22'); // 392.70 USD = 361.28 EUR
      // 100.01 USD on 2026-12-01 at 0.93 = 93.0093 → 93.01; off the receivable at 0.92 = 92.0092 → 92.01: gain 1.00
      await t.pay('2026-12-01', '100.01', [{ invoice_id: inv.id, amount: '100.01' }]);
      assert.equal(await t.base('7100'), -100n);
      assert.equal(await t.base('1100'), 36128n - 9201n);
      // 500.00 USD on 2026-12-11 at 0.91 = 455.00; the remaining 292.69 USD closes the receivable with what it carries
      // (269.27 EUR), unapplied cash gives 292.69 × 0.91 = 266.3479 → 266.35: a loss of 2.92
      const p = await t.pay('2026-12-11', '500.00', [{ invoice_id: inv.id, amount: '292.69' }]);
      await w.dispatcher.drain();
      assert.equal(await t.base('1100'), 0n, 'nothing left in base on a settled receivable');
      assert.equal(await t.base('7200'), 292n);
      assert.equal(p.unapplied, 20731n, '207.31 USD left');
      assert.equal(await t.base('2200'), -(45500n - 26635n), '207.31 USD carried at 188.65 EUR');
      await t.sound();
      // Paid back on 2026-12-16 at 0.95: 207.31 × 0.95 = 196.9445 → 196.94 out of the bank for 188.65 carried: a loss of 8.29
      await t.on('2026-12-16', (tx, s) => refundCredit(tx, s, { paymentId: p.id, reason: 'overpaid' }));
      assert.equal(await t.base('2200'), 0n);
      assert.equal(await t.base('7200'), 292n + 829n);
      assert.equal(await t.base('1000'), 9301n + 45500n - 19694n);
      await t.sound();
    });

    it('posts a credit note at its invoice\'s rate; the customer credit is refunded at the rate of its day', async () => {
      const t = await tenant();
      const inv = await t.invoice('2026-11-22');
      await t.pay('2026-12-01', '392.70', [{ invoice_id: inv.id, amount: '392.70' }]); // gain 3.93
      // 1 of 3 units back: 110.00 + 20.90 = 130.90 USD at 0.92 = 120.43 EUR (101.20 revenue, 19.228 → 19.23 tax),
      // nothing open on the invoice: all of it a credit for the customer
      const note = await t.on('2026-12-05', (tx, s) => issueCreditNote(tx, s, { invoiceId: inv.id, lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'one returned' }));
      assert.equal(note.total, 13090n);
      assert.equal(note.customer_credit, 13090n);
      assert.equal(await t.base('4000'), -30360n + 10120n);
      assert.equal(await t.base('2100'), -5768n + 1923n);
      assert.equal(await t.base('1100'), 0n);
      assert.equal(await t.base('2200'), -12043n);
      await t.sound();
      // refunded on 2026-12-15 at 0.95: 130.90 × 0.95 = 124.355 → 124.36 EUR (a half rounds up) for 120.43 carried: loss 3.93
      await t.on('2026-12-15', (tx, s) => refundCredit(tx, s, { paymentId: note.credit_payment_id!, reason: 'credit paid back' }));
      assert.equal(await t.base('2200'), 0n);
      assert.equal(await t.base('7200'), 393n);
      assert.equal(await t.base('7100'), -393n);
      await t.sound();
    });

    it('without a rate for the issue date the invoice is not issued, and nothing is written', async () => {
      const t = await tenant({ rates: false });
      const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: t.customer.id, lines: [{ product_id: t.product.id, quantity: 1 }], confirm: true }));
      const shipment = await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: 'T-NORATE' }));
      const entries = async () => (await w.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM journal_entries WHERE tenant_id = $1', [t.tenantId]))[0].n;
      const before = await entries();
      await assert.rejects(t.on('2026-11-22', (tx, s) => invoiceShipment(tx, s, (shipment as { id: string }).id)),
        (e: unknown) => e instanceof Failure && e.code === 'invalid_state' && e.message === 'no EUR/USD rate on 2026-11-22: import rates first');
      assert.equal((await listInvoices(w.db, t.tenantId)).length, 0);
      assert.equal(await entries(), before);
      const [counter] = await w.db.query<{ n: bigint }>(
        `SELECT count(*)::bigint AS n FROM ar_items WHERE tenant_id = $1`, [t.tenantId]);
      assert.equal(counter.n, 0n);
      // with a rate the same shipment is invoiced (the event handler does it) and numbered from 1
      await t.run((tx, s) => setRate(tx, s, { currency: 'USD', date: '2026-11-01', rate: '0.9200' }));
      await w.dispatcher.drain();
      const [inv] = await listInvoices(w.db, t.tenantId);
      assert.match(inv.invoice.invoice_number, /-000001$/);
      await t.sound();
    });

    it('random payments, applications, unapplications, credit notes and refunds at random rates keep both currencies exact', { skip: kind !== 'pglite' }, async () => {
      const day = (n: number) => `2026-12-${String(1 + (n % 28)).padStart(2, '0')}`;
      const opArb = fc.oneof(
        fc.record({ t: fc.constant('invoice' as const), qty: fc.integer({ min: 1, max: 4 }), day: fc.nat() }),
        fc.record({ t: fc.constant('pay' as const), cents: fc.integer({ min: 1, max: 60000 }), day: fc.nat(), apply: fc.nat(), pct: fc.integer({ min: 1, max: 100 }) }),
        fc.record({ t: fc.constant('apply' as const), payment: fc.nat(), invoice: fc.nat(), pct: fc.integer({ min: 1, max: 100 }), day: fc.nat() }),
        fc.record({ t: fc.constant('unapply' as const), app: fc.nat(), day: fc.nat() }),
        fc.record({ t: fc.constant('credit' as const), invoice: fc.nat(), day: fc.nat() }),
        fc.record({ t: fc.constant('refund' as const), payment: fc.nat(), pct: fc.integer({ min: 1, max: 100 }), day: fc.nat() }),
      );
      const rateArb = fc.array(fc.integer({ min: 5000, max: 15000 }), { minLength: 28, maxLength: 28 });
      await fc.assert(fc.asyncProperty(rateArb, fc.array(opArb, { minLength: 1, maxLength: 10 }), async (rates, ops) => {
        const t = await tenant({ rates: false });
        const csv = 'date,currency,rate\n2026-11-01,USD,0.92\n' + rates.map((r, i) => `${day(i)},USD,${(r / 10000).toFixed(4)}`).join('\n');
        await importRates(w.db, () => ({ tenantId: t.tenantId, actor: systemActor, now: new Date() }), 'r.csv', csv);
        const invoices: { id: string; lines: number }[] = [];
        const payments: string[] = [];
        const pick = <T>(xs: T[], i: number) => (xs.length ? xs[i % xs.length] : undefined);
        const open = async (id: string) => (await w.db.query<{ open_amount: bigint }>('SELECT open_amount FROM ar_items WHERE tenant_id = $1 AND source_id = $2', [t.tenantId, id]))[0]?.open_amount ?? 0n;
        const unapplied = async (id: string) => (await getPayment(w.db, t.tenantId, id)).payment.unapplied;
        const part = (v: bigint, pct: number) => { const x = (v * BigInt(pct)) / 100n; return x > 0n ? x : v; };
        const tolerate = async (fn: () => Promise<unknown>) => {
          try { await fn(); } catch (e) { if (!(e instanceof Failure && ['conflict', 'invalid_state', 'invalid_input'].includes(e.code))) throw e; }
        };
        for (const op of ops) {
          switch (op.t) {
            case 'invoice': {
              const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: t.customer.id, lines: [{ product_id: t.product.id, quantity: op.qty }], confirm: true }));
              const sh = await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T-${order.order_number}` }));
              invoices.push({ id: await t.on(day(op.day), (tx, s) => invoiceShipment(tx, s, (sh as { id: string }).id)), lines: op.qty });
              break;
            }
            case 'pay': {
              const inv = pick(invoices, op.apply);
              const o = inv ? await open(inv.id) : 0n;
              const amount = BigInt(op.cents);
              const take = o > 0n ? (part(o, op.pct) < amount ? part(o, op.pct) : amount) : 0n;
              const p = await t.pay(day(op.day), formatAmount(amount, 'USD'), take > 0n && inv ? [{ invoice_id: inv.id, amount: formatAmount(take, 'USD') }] : undefined);
              payments.push(p.id);
              break;
            }
            case 'apply': {
              const p = pick(payments, op.payment);
              const inv = pick(invoices, op.invoice);
              if (!p || !inv) break;
              const left = await unapplied(p);
              const o = await open(inv.id);
              const take = part(left < o ? left : o, op.pct);
              if (take > 0n) await t.on(day(op.day), (tx, s) => applyPayment(tx, s, p, [{ invoice_id: inv.id, amount: formatAmount(take, 'USD') }]));
              break;
            }
            case 'unapply': {
              const apps = (await w.db.query<{ id: string }>(
                `SELECT a.id FROM payment_applications a JOIN payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id
                  WHERE a.tenant_id = $1 AND a.reversed_at IS NULL ORDER BY a.id`, [t.tenantId])).map((r) => r.id);
              const app = pick(apps, op.app);
              if (app) await t.on(day(op.day), (tx, s) => unapply(tx, s, app, 'random'));
              break;
            }
            case 'credit': {
              const inv = pick(invoices, op.invoice);
              if (inv) await tolerate(() => t.on(day(op.day), (tx, s) => issueCreditNote(tx, s, { invoiceId: inv.id, lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'random' })));
              break;
            }
            case 'refund': {
              const all = (await w.db.query<{ id: string; unapplied: bigint }>('SELECT id, unapplied FROM payments WHERE tenant_id = $1 AND unapplied > 0 ORDER BY id', [t.tenantId]));
              const p = pick(all, op.payment);
              if (p) await t.on(day(op.day), (tx, s) => refundCredit(tx, s, { paymentId: p.id, amount: part(p.unapplied, op.pct), reason: 'random' }));
              break;
            }
          }
          await w.dispatcher.drain();
          await t.sound();
        }
      }), { numRuns: Number(process.env.O2C_PROPERTY_RUNS || 12) });
    });

    it('the API lists, sets and imports rates', async () => {
      const api: ApiWorld = await apiWorld(w.db);
      try {
        const { token } = await api.tenantWithAdmin(`fxapi${++slugs}-${process.pid}`);
        const csv = (body: string, name = 'rates.csv') => api.call('POST', `/api/fx/rates/import?filename=${name}`, { token, body, headers: { 'content-type': 'text/csv' } });
        const ok = await csv(RATES);
        assert.equal(ok.status, 200, ok.body);
        assert.deepEqual(ok.json, { imported: 6, created: 6, updated: 0 });
        const bad = await csv('date,currency,rate\n2026-12-01,USD,0.93\n2026-12-02,USD,1.2.3\n', 'bad.csv');
        assert.equal(bad.status, 400);
        assert.equal(bad.json.code, 'invalid_input');
        assert.deepEqual(bad.json.errors.map((e: { line: number; field: string }) => [e.line, e.field]), [[3, 'rate']]);
        const set = await api.call('POST', '/api/fx/rates', { token, body: { currency: 'usd', date: '2026-12-01', rate: '0.93250' } });
        assert.equal(set.status, 201, set.body);
        assert.deepEqual(set.json, { currency: 'USD', date: '2026-12-01', rate: '0.9325' });
        const float = await api.call('POST', '/api/fx/rates', { token, body: { currency: 'USD', date: '2026-12-01', rate: 0.93 } });
        assert.equal(float.status, 400, 'a rate is decimal text, never a JSON number');
        const base = await api.call('POST', '/api/fx/rates', { token, body: { currency: 'EUR', date: '2026-12-01', rate: '1' } });
        assert.equal(base.status, 400);
        assert.equal(base.json.field, 'currency');
        const on = await api.call('GET', '/api/fx/rates?on=2026-12-05&currency=USD', { token });
        assert.equal(on.status, 200);
        assert.deepEqual(on.json, { base_currency: 'EUR', items: [{ currency: 'USD', date: '2026-12-01', rate: '0.9325' }] });
        const all = await api.call('GET', '/api/fx/rates', { token });
        assert.equal(all.json.items.length, 7);
        assert.equal((await api.call('GET', '/api/fx/rates?from=yesterday', { token })).status, 400);
        const tb = await api.call('GET', '/api/fx/trial-balance', { token });
        assert.equal(tb.status, 200);
        assert.deepEqual(tb.json.totals, []);
      } finally {
        await api.close();
      }
    });
  });
}
