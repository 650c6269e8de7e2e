import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { confirmOrder } from '../../src/orders/confirm.ts';
import { listHolds, rejectHold, releaseHold } from '../../src/orders/holds.ts';
import { amendOrder, copyOrder, reopenOrder } from '../../src/orders/lifecycle.ts';
import { cancelOrder } from '../../src/orders/confirm.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { createPriceList, setListPrice } from '../../src/catalog/price-lists.ts';
import { restrictProduct, updateVerificationSettings } from '../../src/verification/settings.ts';
import { updateCreditSettings } from '../../src/credit/settings.ts';
import { creditProfile } from '../../src/credit/score.ts';
import { stockLevels } from '../../src/inventory/stock.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import type { Actor } from '../../src/shared/scope.ts';
import { formatAmount } from '../../src/shared/money.ts';

const creditOfficer: Actor = { type: 'user', id: null, name: 'Chris Credit', roles: ['credit'] };

for (const kind of await dbKinds()) {
  describe(`order desk: pricing, verification, holds, credit, lifecycle [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });
    const order = (customerId: string, lines: { sku: string; quantity: number; discount_percent?: string }[], extra: Record<string, unknown> = {}) =>
      w.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, lines, confirm: true, ...extra }));
    const reserved = async (productId: string) => (await stockLevels(w.db, w.tenant.id)).find((l) => l.product_id === productId)?.reserved ?? 0n;

    it('prices from the group price list with quantity breaks, line and order discounts', async () => {
      const c = await w.customer({ customer_number: 'W1', customer_group: 'wholesale' });
      const p = await w.product('PL-CHAIR', '100.00', 100n);
      await w.run(async (tx, s) => {
        const list = await createPriceList(tx, s, { code: 'WHS', name: 'Wholesale', currency: 'EUR', customer_group: 'wholesale' });
        await setListPrice(tx, s, list.id, p, 1n, '90.00');
        await setListPrice(tx, s, list.id, p, 10n, '80.00');
      });
      const o = await order(c.id, [{ sku: 'PL-CHAIR', quantity: 10, discount_percent: '5' }], { discount_percent: '2' });
      const { lines } = await getOrder(w.db, w.tenant.id, o.id);
      assert.equal(lines[0].unit_price, 8000n);
      assert.equal(lines[0].price_source, 'price list WHS from 10 units');
      assert.equal(lines[0].net_amount, 76000n); // 800 − 5 %
      assert.equal(o.allowance_total, 1520n); // 2 % of 760
      assert.equal(o.net_total, 74480n);
      assert.equal(o.tax_total, 14151n); // 19 % of 744.80 = 141.512
      const other = await w.customer({ customer_number: 'R1' });
      const retail = await order(other.id, [{ sku: 'PL-CHAIR', quantity: 10 }]);
      assert.equal((await getOrder(w.db, w.tenant.id, retail.id)).lines[0].unit_price, 10000n);
    });

    it('holds for verification (embargo, restricted product, postal code) and releases with who and why', async () => {
      const c = await w.customer({ customer_number: 'V1' });
      const p = await w.product('V-ITEM', '10.00', 100n);
      await w.run((tx) => restrictProduct(tx, w.tenant.id, p.id, 'US', 'export licence needed'));
      const o = await order(c.id, [{ sku: 'V-ITEM', quantity: 1 }], { ship_to: { address_line: 'Main St 1', city: 'Austin', postal_code: '7870', region: 'TX', country: 'US' } });
      assert.equal(o.status, 'on_hold');
      assert.equal(o.hold_reason, 'verification');
      const [hold] = await listHolds(w.db, w.tenant.id, { kind: 'verification' });
      assert.ok(hold.reasons.some((r) => /V-ITEM may not be shipped to US: export licence needed/.test(r)), hold.reasons.join(' | '));
      assert.ok(hold.reasons.some((r) => /postal code/.test(r)));
      assert.equal(await reserved(p.id), 0n);
      const released = await w.run((tx, s) => releaseHold(tx, s, o.id, 'verification', 'licence on file, address checked by phone'));
      assert.equal(released.status, 'allocated');
      assert.equal(await reserved(p.id), 1n);
      const tl = await timelineOf(w.db, w.tenant.id, 'order', o.id);
      assert.ok(tl.some((e) => e.event_type === 'order.released' && /licence on file/.test(e.summary)));
      const embargo = await order(c.id, [{ sku: 'V-ITEM', quantity: 1 }], { ship_to: { address_line: 'x', city: 'y', country: 'KP' } });
      assert.equal(embargo.status, 'on_hold');
      const rejected = await w.run((tx, s) => rejectHold(tx, s, embargo.id, 'verification', 'embargoed destination'));
      assert.equal(rejected.status, 'cancelled');
    });

    it('holds a suspicious first order for fraud review', async () => {
      const c = await w.customer({ customer_number: 'F1', email: 'buyer@gmail.com', vat_number: 'DE136695976', country: 'DE' });
      await w.product('F-TV', '6000.00', 10n);
      const o = await order(c.id, [{ sku: 'F-TV', quantity: 2 }], { ship_to: { address_line: 'Rue 1', city: 'Lyon', postal_code: '69001', country: 'FR' } });
      assert.equal(o.status, 'on_hold');
      const [hold] = await listHolds(w.db, w.tenant.id, { kind: 'fraud' });
      assert.match(hold.reasons[0], /fraud score \d+/);
      assert.ok(hold.reasons.some((r) => /free-mail/.test(r)));
    });

    it('checks a branch against its head office limit over the whole group', async () => {
      const head = await w.customer({ customer_number: 'HQ', credit_limit: '1000.00' });
      const branch = await w.customer({ customer_number: 'BR', credit_limit: '5000.00', parent_id: head.id });
      await w.product('G-ITEM', '100.00', 100n);
      const a = await order(head.id, [{ sku: 'G-ITEM', quantity: 5 }]); // 595.00
      assert.equal(a.status, 'allocated');
      const b = await order(branch.id, [{ sku: 'G-ITEM', quantity: 4 }]); // 476.00: group 1071 > 1000
      assert.equal(b.status, 'on_hold');
      assert.equal(b.hold_reason, 'credit');
      const [hold] = await listHolds(w.db, w.tenant.id, { kind: 'credit' });
      assert.match(hold.reasons[0], /group exposure 1071.00 EUR exceeds HQ's group limit 1000.00 EUR/);
      const ok = await w.run((tx, s) => releaseHold(tx, s, b.id, 'credit', 'HQ paid by wire today'), creditOfficer);
      assert.equal(ok.status, 'allocated');
    });

    it('approves a good payer over its limit within the tolerance, holds a bad one', async () => {
      await w.run((tx) => updateCreditSettings(tx, w.tenant.id, { min_paid_items: 2, overrun_ppm: 200000 }));
      const good = await w.customer({ customer_number: 'GOOD', credit_limit: '500.00' });
      await w.product('A-ITEM', '100.00', 1000n);
      for (let i = 0; i < 2; i++) {
        const o = await order(good.id, [{ sku: 'A-ITEM', quantity: 1 }]);
        await w.run((tx, s) => shipOrder(tx, s, o.id));
        await w.dispatcher.drain();
        const [inv] = await listInvoices(w.db, w.tenant.id, { orderId: o.id });
        await w.run((tx, s) => recordPayment(tx, s, { customer_id: good.id, amount: '119.00', apply: [{ invoice_id: inv.invoice.id, amount: '119.00' }] }));
      }
      await w.dispatcher.drain();
      const over = await order(good.id, [{ sku: 'A-ITEM', quantity: 5 }]); // 595 > 500 but ≤ 600
      assert.equal(over.status, 'allocated');
      const far = await order(good.id, [{ sku: 'A-ITEM', quantity: 1 }]); // 714 > 600
      assert.equal(far.status, 'on_hold');
      const profile = await creditProfile(w.db, w.tenant.id, { ...good }, 59500n, new Date().toISOString().slice(0, 10));
      assert.equal(profile.exposure, '595.00');
      assert.ok(profile.score > 50 && profile.factors.length >= 0);
    });

    it('re-runs every check when an order is amended, reopened or copied', async () => {
      const c = await w.customer({ customer_number: 'L1', credit_limit: '300.00' });
      const p = await w.product('L-ITEM', '100.00', 100n);
      const o = await order(c.id, [{ sku: 'L-ITEM', quantity: 2 }]); // 238
      assert.equal(o.status, 'allocated');
      assert.equal(await reserved(p.id), 2n);
      const bigger = await w.run((tx, s) => amendOrder(tx, s, o.id, { lines: [{ sku: 'L-ITEM', quantity: 3 }] })); // 357 > 300
      assert.equal(bigger.status, 'on_hold');
      assert.equal(await reserved(p.id), 0n);
      const smaller = await w.run((tx, s) => amendOrder(tx, s, o.id, { lines: [{ sku: 'L-ITEM', quantity: 1 }] }));
      assert.equal(smaller.status, 'allocated');
      assert.equal(smaller.total, 11900n);
      assert.equal(await reserved(p.id), 1n);
      await w.run((tx, s) => cancelOrder(tx, s, o.id, 'customer changed its mind'));
      assert.equal(await reserved(p.id), 0n);
      const again = await w.run((tx, s) => reopenOrder(tx, s, o.id, 'customer called back'));
      assert.equal(again.status, 'draft');
      const copy = await w.run((tx, s) => copyOrder(tx, s, o.id, { confirm: false }));
      await w.run((tx, s) => amendOrder(tx, s, copy.id, { lines: [{ sku: 'L-ITEM', quantity: 3 }] }));
      assert.equal((await w.run((tx, s) => confirmOrder(tx, s, copy.id))).status, 'on_hold');
      assert.equal((await w.run((tx, s) => confirmOrder(tx, s, o.id))).status, 'allocated');
    });

    it('flags an incomplete address without holding, and holds it when addresses are required', async () => {
      const c = await w.customer({ customer_number: 'ADR' });
      await w.product('ADR-ITEM', '1.00', 10n);
      const o = await order(c.id, [{ sku: 'ADR-ITEM', quantity: 1 }]);
      assert.equal(o.status, 'allocated');
      assert.ok(o.flags.some((f) => f.code === 'address_incomplete'));
      await w.run((tx) => updateVerificationSettings(tx, w.tenant.id, { require_ship_to_address: true }));
      const held = await order(c.id, [{ sku: 'ADR-ITEM', quantity: 1 }]);
      assert.equal(held.status, 'on_hold');
      await w.run((tx) => updateVerificationSettings(tx, w.tenant.id, { require_ship_to_address: false }));
    });
  });
}

for (const kind of await dbKinds()) {
  describe(`backorders and partial shipments [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    it('ships what is in stock, invoices each shipment, allocates the rest when it arrives, and closes when all is paid', async () => {
      const { allocateOrder } = await import('../../src/orders/holds.ts');
      const { receiveStock } = await import('../../src/inventory/stock.ts');
      const c = await w.customer({ customer_number: 'SPLIT', credit_limit: '1000.00' });
      const p = await w.product('SPLIT-ITEM', '10.00', 3n);
      const o = await w.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ sku: 'SPLIT-ITEM', quantity: 5 }], confirm: true }));
      assert.equal(o.status, 'partially_allocated');
      await w.run((tx, s) => shipOrder(tx, s, o.id, { carrier: 'DHL' }));
      await w.dispatcher.drain();
      let cur = (await getOrder(w.db, w.tenant.id, o.id));
      assert.equal(cur.order.status, 'partially_shipped');
      assert.equal(cur.lines[0].shipped_quantity, 3n);
      const [first] = await listInvoices(w.db, w.tenant.id, { orderId: o.id });
      assert.equal(first.invoice.total, 3570n); // 3 × 10.00 + 19 %
      assert.equal(cur.order.invoiced_total, 3570n);
      await assert.rejects(w.run((tx, s) => shipOrder(tx, s, o.id)), /no reserved stock/);
      await w.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 2n, unitCost: '1.00' }));
      assert.equal((await w.run((tx, s) => allocateOrder(tx, s, o.id))).status, 'partially_shipped');
      await w.run((tx, s) => shipOrder(tx, s, o.id, { carrier: 'DHL' }));
      await w.dispatcher.drain();
      cur = await getOrder(w.db, w.tenant.id, o.id);
      assert.equal(cur.order.status, 'invoiced');
      const invoices = await listInvoices(w.db, w.tenant.id, { orderId: o.id });
      assert.equal(invoices.length, 2);
      for (const i of invoices) {
        const amount = formatAmount(i.invoice.total, 'EUR');
        await w.run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount, apply: [{ invoice_id: i.invoice.id, amount }] }));
        await w.dispatcher.drain();
      }
      assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'closed');
      assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
    });
  });
}
