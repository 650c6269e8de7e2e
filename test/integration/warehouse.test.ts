import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { stockViolations } from '../support/invariants.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { packOrder } from '../../src/fulfillment/packing.ts';
import { packingSlip } from '../../src/fulfillment/packing-slip.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { completePickList, createWave } from '../../src/fulfillment/waves.ts';
import { expectReceipt } from '../../src/inventory/incoming.ts';
import { replenishmentList, setReorderRule } from '../../src/inventory/reorder.ts';
import { adjustStock, receiveStock, reservationsOf, stockByWarehouse, transferStock } from '../../src/inventory/stock.ts';
import { createLocation, createWarehouse } from '../../src/inventory/warehouses.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { Failure } from '../../src/shared/failure.ts';

for (const kind of await dbKinds()) {
  describe(`warehouse: locations, waves, short picks, packages, split shipments, backorders [${kind}]`, () => {
    let w: World;
    let east: string;
    before(async () => {
      w = await world(kind);
      east = (await w.run((tx, s) => createWarehouse(tx, s, { code: 'EAST', name: 'East depot', priority: 50 }))).id;
      await w.run(async (tx, s) => {
        const main = (await tx.query<{ id: string }>(`SELECT id FROM warehouses WHERE tenant_id = $1 AND code = 'MAIN'`, [s.tenantId]))[0].id;
        await createLocation(tx, s, main, { code: 'B-02' });
        await createLocation(tx, s, main, { code: 'C-07' });
      });
    });
    after(async () => { await w.close(); });

    const order = (customerId: string, lines: { product_id: string; quantity: number }[], priority?: number) =>
      w.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, lines, confirm: true, priority }));
    const product = (sku: string) => w.product(sku, '10.00', 0n);
    const receive = (productId: string, quantity: bigint, warehouse = 'MAIN', location?: string) =>
      w.run((tx, s) => receiveStock(tx, s, { productId, quantity, unitCost: '4.00', warehouse, location }));
    const invariantsHold = async () => {
      assert.deepEqual(await stockViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
    };

    it('splits an order over two warehouses: a wave and two packages in one, a plain shipment from the other', async () => {
      const c = await w.customer();
      const a = await product('SPLIT-A');
      const b = await product('SPLIT-B');
      await receive(a.id, 4n, 'MAIN', 'C-07');
      await receive(a.id, 6n, 'MAIN', 'B-02');
      await receive(b.id, 5n, 'EAST');
      const o = await order(c.id, [{ product_id: a.id, quantity: 8 }, { product_id: b.id, quantity: 3 }]);
      assert.equal(o.status, 'allocated');
      const where = (await reservationsOf(w.db, { tenantId: w.tenant.id }, o.id)).map((r) => [r.lineNo, r.warehouseId === east ? 'EAST' : 'MAIN', r.quantity]);
      assert.deepEqual(where, [[1, 'MAIN', 8n], [2, 'EAST', 3n]]);

      const wave = await w.run((tx, s) => createWave(tx, s, { warehouse: 'MAIN', orderIds: [o.id] }));
      // One walk: B-02 before C-07, six from the first bin and the other two from the next.
      assert.deepEqual(wave.lines.map((l) => [l.location_code, l.quantity]), [['B-02', 6n], ['C-07', 2n]]);
      await assert.rejects(w.run((tx, s) => createWave(tx, s, { warehouse: 'MAIN', orderIds: [o.id] })), (e: Failure) => e.code === 'invalid_state');
      await w.run((tx, s) => completePickList(tx, s, wave.list.id));
      await assert.rejects(
        w.run((tx, s) => packOrder(tx, s, o.id, { warehouse: 'MAIN', packages: [{ weight_grams: 900, length_mm: 300, width_mm: 200, height_mm: 100, lines: [{ order_line_no: 1, quantity: 9n }] }] })),
        (e: Failure) => e.code === 'invalid_input' && e.field === 'packages[0].lines[0].quantity');
      const packages = await w.run((tx, s) => packOrder(tx, s, o.id, { warehouse: 'MAIN', packages: [
        { weight_grams: 2500, length_mm: 400, width_mm: 300, height_mm: 200, lines: [{ order_line_no: 1, quantity: 5n }] },
        { weight_grams: 1500, length_mm: 300, width_mm: 200, height_mm: 200, lines: [{ order_line_no: 1, quantity: 3n }] },
      ] }));
      const first = await w.run((tx, s) => shipOrder(tx, s, o.id, { carrier: 'simulated', package_ids: packages.map((p) => p.id) }));
      assert.match(first.tracking_number ?? '', /^SIM\d+/);
      assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'partially_shipped');
      const second = await w.run((tx, s) => shipOrder(tx, s, o.id, { carrier: 'manual', tracking_number: 'EAST-0001' }));
      assert.equal(second.warehouse_id, east);
      assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'shipped');
      await w.dispatcher.drain();
      const invoices = await listInvoices(w.db, w.tenant.id, { orderId: o.id });
      assert.equal(invoices.length, 2, 'each shipment is invoiced on its own');
      assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'invoiced');

      const slip = await packingSlip(w.db, w.tenant.id, first.id);
      const dir = mkdtempSync(join(tmpdir(), 'o2c-slip-'));
      writeFileSync(join(dir, 'slip.pdf'), slip.pdf);
      let text = '';
      try { text = execFileSync('pdftotext', ['-layout', join(dir, 'slip.pdf'), '-'], { encoding: 'utf8' }); } catch { /* poppler-utils missing: the PDF was still made */ }
      if (text) {
        assert.match(text, new RegExp(first.shipment_number));
        assert.match(text, /2\.500 kg/);
        assert.match(text, new RegExp(packages[1].package_number));
      }
      await invariantsHold();
    });

    it('takes units found missing at the pick off the books and gives the rest to the order again from another bin', async () => {
      const c = await w.customer();
      const p = await product('SHORT-1');
      await receive(p.id, 3n, 'MAIN', 'A-01');
      await receive(p.id, 4n, 'MAIN', 'C-07');
      const o = await order(c.id, [{ product_id: p.id, quantity: 5 }]);
      const wave = await w.run((tx, s) => createWave(tx, s, { warehouse: 'MAIN', orderIds: [o.id] }));
      assert.deepEqual(wave.lines.map((l) => [l.location_code, l.quantity]), [['A-01', 3n], ['C-07', 2n]]);
      const shrinkBefore = (await accountBalances(w.db, w.tenant.id, ACCOUNTS.inventoryShrinkage)).get('EUR') ?? 0n;
      await w.run((tx, s) => completePickList(tx, s, wave.list.id, [{ line_no: 1, picked: 2n }]));
      // One unit was not in A-01: it leaves at cost (4.00) and the order gets one of the two units left in C-07.
      assert.equal(((await accountBalances(w.db, w.tenant.id, ACCOUNTS.inventoryShrinkage)).get('EUR') ?? 0n) - shrinkBefore, 400n);
      const reserved = await reservationsOf(w.db, { tenantId: w.tenant.id }, o.id);
      assert.deepEqual(reserved.map((r) => [r.quantity, r.picked]), [[5n, 4n]]);
      assert.equal((await getOrder(w.db, w.tenant.id, o.id)).order.status, 'allocated');
      const timeline = await timelineOf(w.db, w.tenant.id, 'order', o.id);
      assert.ok(timeline.some((t) => /short: SHORT-1 1 at A-01/.test(t.summary)), 'the short pick is on the order timeline');
      await invariantsHold();
    });

    it('tells waiting orders when stock is expected and hands arriving stock out by priority, then age', async () => {
      const c = await w.customer({ email: 'buyer@acme.example' });
      const p = await product('BACK-1');
      await w.run((tx, s) => expectReceipt(tx, s, { productId: p.id, quantity: 10n, expectedOn: '2026-12-01', reference: 'PO-4711' }));
      const older = await order(c.id, [{ product_id: p.id, quantity: 2 }]);
      const urgent = await order(c.id, [{ product_id: p.id, quantity: 2 }], 1);
      assert.equal(older.status, 'approved');
      const told = await timelineOf(w.db, w.tenant.id, 'order', older.id);
      assert.ok(told.some((t) => /waiting for BACK-1 2 \(expected 2026-12-01\)/.test(t.summary)), told.map((t) => t.summary).join(' | '));
      await w.dispatcher.drain();
      const [mail] = await w.db.query<{ body_text: string }>('SELECT body_text FROM outbound_messages WHERE tenant_id = $1 AND subject_id = $2', [w.tenant.id, older.id]);
      assert.match(mail.body_text.replace(/\s+/g, ' '), /BACK-1 × 2 \(expected 2026-12-01\)/, 'the confirmation mail tells the customer the date');
      const receipt = (await w.db.query<{ id: string }>('SELECT id FROM expected_receipts WHERE tenant_id = $1 AND product_id = $2', [w.tenant.id, p.id]))[0].id;
      await w.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 3n, unitCost: '4.00', expectedReceiptId: receipt }));
      await w.dispatcher.drain();
      assert.equal((await getOrder(w.db, w.tenant.id, urgent.id)).order.status, 'allocated', 'priority 1 first');
      assert.equal((await getOrder(w.db, w.tenant.id, older.id)).order.status, 'partially_allocated', 'then the older order gets what is left');
      await invariantsHold();
    });

    it('raises a low-stock alert once at the reorder point and lists what to reorder', async () => {
      const c = await w.customer();
      const p = await product('LOW-1');
      await receive(p.id, 8n);
      await w.run((tx, s) => setReorderRule(tx, s, { productId: p.id, reorderPoint: 5n, reorderQuantity: 12n }));
      await order(c.id, [{ product_id: p.id, quantity: 4 }]);
      await order(c.id, [{ product_id: p.id, quantity: 1 }]);
      const alerts = (await timelineOf(w.db, w.tenant.id, 'product', p.id)).filter((t) => t.event_type === 'stock.low');
      assert.equal(alerts.length, 1);
      const line = (await replenishmentList(w.db, w.tenant.id)).find((r) => r.sku === 'LOW-1');
      assert.ok(line);
      assert.deepEqual([line.available, line.incoming, line.suggested], [3n, 0n, 12n]);
      await w.run((tx, s) => expectReceipt(tx, s, { productId: p.id, quantity: 12n, expectedOn: '2026-12-10', reference: 'PO-1' }));
      assert.equal((await replenishmentList(w.db, w.tenant.id)).find((r) => r.sku === 'LOW-1'), undefined, 'incoming stock covers it');
    });

    it('moves stock between warehouses at cost and counts it down with a posted write-off', async () => {
      const p = await w.product('MOVE-1', '10.00', 10n, '3.00');
      await w.run((tx, s) => transferStock(tx, s, { productId: p.id, from: 'MAIN', to: 'EAST', quantity: 4n }));
      const levels = (await stockByWarehouse(w.db, w.tenant.id)).filter((l) => l.product_id === p.id).map((l) => [l.warehouse_id === east ? 'EAST' : 'MAIN', l.on_hand, l.value]).sort();
      assert.deepEqual(levels, [['EAST', 4n, 1200n], ['MAIN', 6n, 1800n]]);
      await w.run((tx, s) => adjustStock(tx, s, { productId: p.id, warehouse: 'EAST', quantity: -1n, reason: 'count 2026-11' }));
      await assert.rejects(w.run((tx, s) => adjustStock(tx, s, { productId: p.id, warehouse: 'EAST', quantity: -9n, reason: 'typo' })),
        (e: Failure) => e.code === 'invalid_input' && e.field === 'quantity');
      await assert.rejects(w.run((tx, s) => transferStock(tx, s, { productId: p.id, from: 'MAIN', to: 'EAST', quantity: 7n })),
        (e: Failure) => e.code === 'invalid_input' && e.field === 'quantity');
      await invariantsHold();
    });
  });
}
