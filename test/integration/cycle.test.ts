import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { releaseOrder } from '../../src/orders/confirm.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { trialBalance } from '../../src/ledger/reports.ts';
import { timelineOf } from '../../src/events/timeline.ts';

for (const kind of await dbKinds()) {
  describe(`order to cash [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    it('takes one order from capture to cash with balanced books', async () => {
      const c = await w.customer({ credit_limit: '1000.00' });
      const p = await w.product('WIDGET', '19.99', 50n, '7.50');
      const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity: 3 }], confirm: true }));
      assert.equal(order.status, 'allocated');
      // 3 × 19.99 = 59.97 net; 19 % of 59.97 = 11.3943 → 11.39
      assert.equal(order.net_total, 5997n);
      assert.equal(order.tax_total, 1139n);
      assert.equal(order.total, 7136n);

      await w.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL', tracking_number: 'JD0123456789' }));
      await w.dispatcher.drain();
      const [inv] = await listInvoices(w.db, w.tenant.id, { orderId: order.id });
      assert.ok(inv, 'invoice created from the shipment');
      assert.match(inv.invoice.invoice_number, /^INV-\d{4}-000001$/);
      assert.equal(inv.invoice.total, 7136n);
      assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'invoiced');

      await w.run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount: '50.00', apply: [{ invoice_id: inv.invoice.id, amount: '50.00' }] }));
      await w.dispatcher.drain();
      assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'invoiced');
      await w.run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount: '30.00', apply: [{ invoice_id: inv.invoice.id, amount: '21.36' }] }));
      await w.dispatcher.drain();
      assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'closed');
      const [paid] = await listInvoices(w.db, w.tenant.id, { orderId: order.id });
      assert.equal(paid.invoice.status, 'paid');
      assert.equal(paid.open, 0n);

      const tb = await trialBalance(w.db, w.tenant.id);
      assert.ok(tb.totals.every((t) => t.balanced));
      const bal = (acc: string) => tb.rows.find((r) => r.account === acc)?.balance ?? 0n;
      assert.equal(bal('1100'), 0n);
      assert.equal(bal('2200'), -864n); // 8.64 left unapplied
      assert.equal(bal('4000'), -5997n);
      assert.equal(bal('2100'), -1139n);
      assert.equal(bal('5000'), 2250n); // 3 × 7.50 at moving average
      assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });

      const timeline = await timelineOf(w.db, w.tenant.id, 'order', order.id);
      assert.deepEqual(
        timeline.map((e) => e.event_type),
        ['order.created', 'order.confirmed', 'shipment.shipped', 'invoice.issued', 'payment.applied', 'payment.applied', 'receivable.settled', 'order.closed'],
      );
    });

    it('holds an order over the credit limit until released', async () => {
      const c = await w.customer({ credit_limit: '100.00' });
      const p = await w.product('BIG', '60.00', 10n);
      const first = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity: 1 }], confirm: true }));
      assert.equal(first.status, 'allocated'); // 71.40 within 100
      const second = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ sku: 'BIG', quantity: 1 }], confirm: true }));
      assert.equal(second.status, 'on_hold'); // 71.40 unbilled + 71.40 > 100
      assert.equal(second.hold_reason, 'credit');
      const released = await w.run((tx, s) => releaseOrder(tx, s, second.id, 'customer prepaid by phone'));
      assert.equal(released.status, 'allocated');
    });
  });
}
