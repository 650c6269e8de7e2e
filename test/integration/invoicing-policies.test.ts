import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { paymentViolations, stockViolations } from '../support/invariants.ts';
import { runConsolidatedInvoicing, periodEnd } from '../../src/billing/consolidate.ts';
import { getInvoice, listInvoices } from '../../src/billing/queries.ts';
import { issueCreditNote, uncredited } from '../../src/billing/credit-notes.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { cancelOrder } from '../../src/orders/confirm.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';

describe('consolidation periods', () => {
  it('bills weekly up to the last Monday and monthly up to the first of the month', () => {
    assert.equal(periodEnd('weekly', '2026-11-22'), '2026-11-16'); // a Sunday: the week of 16–22 is not over
    assert.equal(periodEnd('weekly', '2026-11-23'), '2026-11-23'); // Monday: the week of 16–22 is
    assert.equal(periodEnd('monthly', '2026-12-01'), '2026-12-01');
    assert.equal(periodEnd('monthly', '2026-11-30'), '2026-11-01');
  });
});

for (const kind of await dbKinds()) {
  describe(`invoicing policies: prepayment, weekly and monthly consolidation [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });
    const balance = async (account: string) => (await accountBalances(w.db, w.tenant.id, account)).get('EUR') ?? 0n;
    const at = (iso: string) => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date(iso) });

    it('invoices a prepayment order at confirmation, ships it once paid, and recognises its revenue as it ships', async () => {
      const c = await w.customer({ invoicing_policy: 'on_order', payment_terms: 'net 0' });
      const p = await w.product('PRE-1', '100.00', 3n);
      const deposits = await balance(ACCOUNTS.customerDeposits);
      const revenue = await balance(ACCOUNTS.revenue);
      const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity: 5 }], confirm: true }));
      assert.equal(order.status, 'partially_allocated');
      await assert.rejects(w.run((tx, s) => shipOrder(tx, s, order.id)), (e: Failure) => e.code === 'invalid_state' && /paid in advance: 595\.00 EUR/.test(e.message));
      await w.dispatcher.drain();
      const [inv] = await listInvoices(w.db, w.tenant.id, { orderId: order.id });
      assert.equal(inv.invoice.total, 59500n);
      assert.equal((await getInvoice(w.db, w.tenant.id, inv.invoice.id)).invoice.status, 'issued');
      assert.equal(await balance(ACCOUNTS.customerDeposits) - deposits, -50000n, 'the net waits in customer deposits');
      await assert.rejects(w.run((tx, s) => cancelOrder(tx, s, order.id, 'changed mind')), (e: Failure) => e.code === 'invalid_state');

      await w.run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount: '595.00', apply: [{ invoice_id: inv.invoice.id, amount: '595.00' }] }));
      await w.dispatcher.drain();
      await w.run((tx, s) => shipOrder(tx, s, order.id));
      await w.dispatcher.drain();
      assert.equal(await balance(ACCOUNTS.revenue) - revenue, -30000n, '3 of 5 units shipped: 300.00 recognised');
      await w.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 2n, unitCost: '1.00' }));
      await w.dispatcher.drain();
      await w.run((tx, s) => shipOrder(tx, s, order.id));
      await w.dispatcher.drain();
      assert.equal(await balance(ACCOUNTS.revenue) - revenue, -50000n);
      assert.equal(await balance(ACCOUNTS.customerDeposits) - deposits, 0n);
      assert.equal((await listInvoices(w.db, w.tenant.id, { orderId: order.id })).length, 1, 'no invoice per shipment');
      assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'closed', 'shipped in full, invoiced and paid');
      assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
    });

    it('bills a weekly customer\'s shipments of a week on one invoice, once', async () => {
      const c = await w.customer({ invoicing_policy: 'weekly' });
      const p = await w.product('WEEK-1', '10.00', 100n);
      const ship = async (day: string, quantity: number) => {
        const o = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity }], confirm: true }));
        await w.db.transaction((tx) => shipOrder(tx, at(`${day}T10:00:00Z`), o.id));
        await w.dispatcher.drain();
        return o;
      };
      const a = await ship('2026-11-10', 2);
      const b = await ship('2026-11-12', 3);
      const later = await ship('2026-11-17', 1);
      assert.equal((await listInvoices(w.db, w.tenant.id, { customerId: c.id })).length, 0, 'nothing billed at shipment');
      const ids = await runConsolidatedInvoicing(w.db, at('2026-11-18T06:00:00Z'), '2026-11-18');
      assert.equal(ids.length, 1);
      const inv = await getInvoice(w.db, w.tenant.id, ids[0]);
      assert.equal(inv.invoice.total, 5950n, '5 × 10.00 + 19 % VAT');
      assert.deepEqual(inv.lines.map((l) => l.quantity), [2n, 3n]);
      for (const o of [a, b]) assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'invoiced');
      assert.equal((await getOrder(w.db, w.tenant.id, later.id)).order.status, 'shipped', 'this week is not over');
      assert.deepEqual(await runConsolidatedInvoicing(w.db, at('2026-11-18T07:00:00Z'), '2026-11-18'), [], 'a second run bills nothing again');
      // A correction is a credit note, never an edit: one unit of the second line, then the rest in full.
      const part = await w.run((tx, s) => issueCreditNote(tx, s, { invoiceId: ids[0], reason: 'one broken', lines: [{ invoiceLineNo: 2, quantity: 1n }] }));
      assert.equal(part.total, 1190n);
      const rest = await w.run(async (tx, s) => issueCreditNote(tx, s, { invoiceId: ids[0], reason: 'cancelled', ...(await uncredited(tx, s.tenantId, ids[0])) }));
      assert.equal(part.total + rest.total, 5950n, 'the credit notes add up to the invoice');
      await assert.rejects(w.run((tx, s) => issueCreditNote(tx, s, { invoiceId: ids[0], reason: 'again', lines: [{ invoiceLineNo: 1, quantity: 1n }] })),
        (e: Failure) => e.code === 'invalid_input');
      assert.equal((await runConsolidatedInvoicing(w.db, at('2026-11-23T06:00:00Z'), '2026-11-23')).length, 1);
      assert.equal((await getOrder(w.db, w.tenant.id, later.id)).order.status, 'invoiced');
      assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
      assert.deepEqual(await stockViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    });
  });
}
