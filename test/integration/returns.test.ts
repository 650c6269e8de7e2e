import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { apiWorld, tableCounts, type ApiWorld, type Reply } from '../support/api.ts';
import { booksViolations, paymentViolations, stockViolations } from '../support/invariants.ts';
import { arCheck } from '../../src/app/ar-check.ts';
import { creditNotesBySource, getCreditNote } from '../../src/billing/credit-notes.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { stockLevels } from '../../src/inventory/stock.ts';
import { trialBalance } from '../../src/ledger/reports.ts';
import { captureOrder, type OrderLineInput } from '../../src/orders/capture.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { getPayment, recordPayment } from '../../src/payments/payments.ts';
import { approveReturn, rejectReturn } from '../../src/returns/decide.ts';
import { returnDetail } from '../../src/returns/detail.ts';
import { receiveReturn, type ReceiveReturnInput } from '../../src/returns/receive.ts';
import { requestReturn, type RequestReturnInput } from '../../src/returns/request.ts';
import { resolveReturn, type ResolveReturnInput } from '../../src/returns/resolve.ts';
import { Failure } from '../../src/shared/failure.ts';
import { formatAmount } from '../../src/shared/money.ts';

let slugs = 0;

for (const kind of await dbKinds()) {
  describe(`returns [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    /** A tenant of its own per test, so that ledger balances are the test's alone. */
    const tenant = async () => {
      const t = w.forTenant((await w.addTenant(`ret${++slugs}-${process.pid}`)).id);
      const customer = await t.customer({ email: 'buyer@returns.test' });
      const ship = async (lines: OrderLineInput[], customerId = customer.id) => {
        const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, lines, confirm: true }));
        assert.equal(order.status, 'allocated');
        await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL' }));
        await w.dispatcher.drain();
        const [inv] = await listInvoices(w.db, t.tenantId, { orderId: order.id });
        return { order, invoice: inv.invoice };
      };
      const pay = async (invoice: { id: string; total: bigint }, method = 'bank_transfer') => {
        const amount = formatAmount(invoice.total, 'EUR');
        await t.run((tx, s) => recordPayment(tx, s, { customer_id: customer.id, amount, method, apply: [{ invoice_id: invoice.id, amount }] }));
        await w.dispatcher.drain();
      };
      const rmaFlow = {
        request: (orderId: string, lines: RequestReturnInput['lines']) => t.run((tx, s) => requestReturn(tx, s, orderId, { lines, via: 'desk' })),
        approve: (id: string) => t.run((tx, s) => approveReturn(tx, s, id)),
        receive: (id: string, lines: ReceiveReturnInput['lines']) => t.run((tx, s) => receiveReturn(tx, s, id, { lines })),
        resolve: async (id: string, input: ResolveReturnInput) => { await t.run((tx, s) => resolveReturn(tx, s, id, input)); await w.dispatcher.drain(); },
      };
      const balances = async () => {
        const tb = await trialBalance(w.db, t.tenantId);
        assert.ok(tb.totals.every((x) => x.balanced), 'trial balance balanced');
        return (account: string) => tb.rows.find((r) => r.account === account)?.balance ?? 0n;
      };
      const sound = async () => {
        assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
        assert.deepEqual(await stockViolations(w.db, t.tenantId), []);
        assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
        assert.ok((await arCheck(w.db, t.tenantId)).every((a) => a.equal), 'AR subledger = control account');
      };
      const stock = async (productId: string) => (await stockLevels(w.db, t.tenantId)).find((r) => r.product_id === productId)!;
      return { ...t, customer, ship, pay, rma: rmaFlow, balances, sound, stock };
    };

    const failsWith = async (p: Promise<unknown>, code: string, field: string) => {
      await assert.rejects(p, (e: unknown) => e instanceof Failure && e.code === code && e.field === field);
    };

    it('takes a paid order back: one line restocked, one scrapped, credit note and refund, all on the books', async () => {
      const t = await tenant();
      const p1 = await t.product('RET-1', '19.99', 50n, '7.50');
      const p2 = await t.product('RET-2', '5.00', 50n, '2.00');
      const { order, invoice } = await t.ship([{ product_id: p1.id, quantity: 3 }, { product_id: p2.id, quantity: 2 }]);
      // 59.97 + 10.00 = 69.97 net; 19 % = 13.2943 → 13.29; 83.26
      assert.deepEqual([invoice.net_total, invoice.tax_total, invoice.total], [6997n, 1329n, 8326n]);
      await t.pay(invoice, 'card');
      assert.equal((await getOrder(w.db, t.tenantId, order.id)).order.status, 'closed');
      const shipped = await t.balances();

      const rma = await t.rma.request(order.id, [{ line_no: 1, quantity: 2, reason: 'damaged' }, { line_no: 2, quantity: '1', reason: 'wrong_item' }]);
      assert.equal(rma.rma_number, 'RMA-000001');
      await t.rma.approve(rma.id);
      await t.rma.receive(rma.id, [{ line_no: 1, quantity: 2, disposition: 'restock' }, { line_no: 2, quantity: 1, disposition: 'scrap' }]);
      assert.equal((await t.stock(p1.id)).on_hand, 49n, 'restocked units are on hand again');
      assert.equal((await t.stock(p1.id)).value, 49n * 750n, 'at the cost they left at');
      assert.equal((await t.stock(p2.id)).on_hand, 48n, 'scrapped units are not');
      const received = await t.balances();
      assert.equal(received('1200') - shipped('1200'), 1500n, 'inventory up by 2 × 7.50');
      assert.equal(received('5000') - shipped('5000'), -1500n, 'cost of goods sold down by as much');
      await t.sound();

      await t.rma.resolve(rma.id, { resolution: 'credit', refund: true });
      const [note] = await creditNotesBySource(w.db, t.tenantId, [`rma:${rma.id}:credit`]);
      const cn = await getCreditNote(w.db, t.tenantId, note.id);
      assert.match(cn.note.credit_note_number, /^CN-\d{4}-000001$/);
      assert.equal(cn.note.invoice_id, invoice.id);
      // 39.98 + 5.00 = 44.98 net; 19 % = 8.5462 → 8.55; 53.53, all of it beyond what was open (the invoice was paid)
      assert.deepEqual([cn.note.net_total, cn.note.tax_total, cn.note.total, cn.note.applied_to_invoice, cn.note.customer_credit], [4498n, 855n, 5353n, 0n, 5353n]);
      assert.deepEqual(cn.lines.map((l) => [l.invoice_line_no, l.sku, l.quantity, l.unit_price, l.net_amount]), [[1, 'RET-1', 2n, 1999n, 3998n], [2, 'RET-2', 1n, 500n, 500n]]);
      assert.deepEqual(cn.taxes.map((x) => [x.category, x.rate_ppm, x.taxable, x.tax]), [['standard', 190000, 4498n, 855n]]);

      const d = await returnDetail(w.db, t.tenantId, rma.id);
      assert.equal(d.status, 'resolved');
      assert.deepEqual(d.refunds.map((r) => [r.amount, r.method]), [['53.53', 'card']], 'refunded the way the invoice was paid');
      assert.deepEqual(d.lines!.map((l) => [l.line_no, l.received_quantity, l.disposition, l.resolution]), [[1, '2', 'restock', 'credit'], [2, '1', 'scrap', 'credit']]);

      const bal = await t.balances();
      assert.equal(bal('1100'), 0n);
      assert.equal(bal('2200'), 0n, 'the credit was paid out');
      assert.equal(bal('1000'), 8326n - 5353n);
      assert.equal(bal('4000'), -(6997n - 4498n));
      assert.equal(bal('2100'), -(1329n - 855n));
      await t.sound();

      const timeline = await timelineOf(w.db, t.tenantId, 'order', order.id);
      const types = timeline.map((e) => e.event_type);
      for (const type of ['rma.requested', 'rma.approved', 'rma.received', 'credit_note.issued', 'payment.credit_held', 'payment.refunded', 'rma.resolved']) assert.ok(types.includes(type), type);
      const said = (type: string) => timeline.find((e) => e.event_type === type)!.summary;
      assert.equal(said('rma.requested'), 'RMA-000001 requested: 2 × RET-1 (damaged), 1 × RET-2 (wrong item)');
      assert.equal(said('rma.received'), 'RMA-000001 received: 2 × RET-1 restocked, 1 × RET-2 scrapped');
      assert.match(said('rma.resolved'), /^RMA-000001 resolved: credit note CN-\d{4}-000001 \(53\.53 EUR\), 53\.53 EUR refunded by card$/);
      assert.deepEqual(d.timeline.map((e) => e.event_type), types.filter((x) => x.startsWith('rma.') || x.startsWith('credit_note.') || x === 'payment.refunded'));

      // What is left to return: 1 of line 1, 1 of line 2.
      await failsWith(t.rma.request(order.id, [{ line_no: 1, quantity: 2, reason: 'not_needed' }]), 'invalid_input', 'lines[0].quantity');
      const second = await t.rma.request(order.id, [{ line_no: 1, quantity: 1, reason: 'not_needed' }, { line_no: 2, quantity: 1, reason: 'other' }]);
      await failsWith(t.rma.request(order.id, [{ line_no: 2, quantity: 1, reason: 'other' }]), 'invalid_input', 'lines[0].quantity');
      await t.rma.approve(second.id);
      await t.rma.receive(second.id, [{ line_no: 1, quantity: 1, disposition: 'restock' }, { line_no: 2, quantity: 1, disposition: 'restock' }]);
      assert.equal((await t.stock(p1.id)).on_hand, 50n);
      assert.equal((await t.stock(p1.id)).value, 50n * 750n, 'the last unit back takes the rest of the shipped cost');
      await t.rma.resolve(second.id, { resolution: 'credit' });
      const [rest] = await creditNotesBySource(w.db, t.tenantId, [`rma:${second.id}:credit`]);
      assert.deepEqual([rest.net_total, rest.tax_total, rest.total], [6997n - 4498n, 1329n - 855n, 8326n - 5353n], 'both credit notes come to the invoice to the cent');
      const credit = await getPayment(w.db, t.tenantId, rest.credit_payment_id!);
      assert.equal(credit.payment.unapplied, 2973n, 'without a refund the credit stays with the customer, to apply or refund later');
      await failsWith(t.rma.request(order.id, [{ line_no: 1, quantity: 1, reason: 'other' }]), 'invalid_input', 'lines[0].quantity');
      await t.sound();
    });

    it('credits an open invoice in parts whose tax comes to the invoice exactly, and closes the order', async () => {
      const t = await tenant();
      const p = await t.product('RND', '19.99', 10n, '3.00');
      const { order, invoice } = await t.ship([{ product_id: p.id, quantity: 3 }]);
      assert.equal(invoice.tax_total, 1139n); // 59.97 × 19 % = 11.3943
      const first = await t.rma.request(order.id, [{ line_no: 1, quantity: 2, reason: 'defective' }]);
      await t.rma.approve(first.id);
      await t.rma.receive(first.id, [{ line_no: 1, quantity: 2, disposition: 'scrap' }]);
      await failsWith(t.rma.resolve(first.id, { resolution: 'credit', refund: true }), 'invalid_input', 'refund');
      await t.rma.resolve(first.id, { resolution: 'credit' });
      const [a] = await creditNotesBySource(w.db, t.tenantId, [`rma:${first.id}:credit`]);
      assert.deepEqual([a.net_total, a.tax_total, a.total, a.applied_to_invoice, a.customer_credit], [3998n, 760n, 4758n, 4758n, 0n]); // 7.5962 → 7.60
      const [open] = await listInvoices(w.db, t.tenantId, { orderId: order.id });
      assert.equal(open.open, 7136n - 4758n);
      await t.sound();

      const last = await t.rma.request(order.id, [{ line_no: 1, quantity: 1, reason: 'defective' }]);
      await t.rma.approve(last.id);
      await t.rma.receive(last.id, [{ line_no: 1, quantity: 1, disposition: 'scrap' }]);
      await t.rma.resolve(last.id, { resolution: 'credit' });
      const [b] = await creditNotesBySource(w.db, t.tenantId, [`rma:${last.id}:credit`]);
      assert.deepEqual([b.net_total, b.tax_total, b.total], [1999n, 379n, 2378n], 'on its own 3.7981 would round to 3.80; the invoice said 11.39');
      const [settled] = await listInvoices(w.db, t.tenantId, { orderId: order.id });
      assert.equal(settled.open, 0n);
      assert.equal((await getOrder(w.db, t.tenantId, order.id)).order.status, 'closed');
      assert.equal((await t.stock(p.id)).on_hand, 7n, 'scrapped units never come back');
      await t.sound();
    });

    it('replaces returned units with a new order at the same prices, paid by their credit', async () => {
      const t = await tenant();
      const p = await t.product('REP', '19.99', 10n, '4.00');
      const { order, invoice } = await t.ship([{ product_id: p.id, quantity: 2, unit_price: '15.00' }]);
      await t.pay(invoice);
      const rma = await t.rma.request(order.id, [{ line_no: 1, quantity: 1, reason: 'defective' }]);
      await t.rma.approve(rma.id);
      await t.rma.receive(rma.id, [{ line_no: 1, quantity: 1, disposition: 'scrap' }]);
      await t.rma.resolve(rma.id, { resolution: 'replacement' });
      const d = await returnDetail(w.db, t.tenantId, rma.id);
      assert.ok(d.replacement_order_id);
      assert.equal(d.credit_notes[0].total, '17.85'); // 15.00 + 19 %
      const replacement = await getOrder(w.db, t.tenantId, d.replacement_order_id!);
      assert.equal(replacement.order.status, 'allocated');
      assert.equal(replacement.order.po_number, 'RMA-000001');
      assert.deepEqual(replacement.lines.map((l) => [l.sku, l.quantity, l.unit_price]), [['REP', 1n, 1500n]]);
      assert.equal(replacement.order.total, 1785n);

      await t.run((tx, s) => shipOrder(tx, s, replacement.order.id, { carrier: 'DHL' }));
      await w.dispatcher.drain();
      const [replacementInvoice] = await listInvoices(w.db, t.tenantId, { orderId: replacement.order.id });
      assert.equal(replacementInvoice.open, 0n, "the returned units' credit paid the replacement");
      assert.equal((await getOrder(w.db, t.tenantId, replacement.order.id)).order.status, 'closed');
      assert.ok((await timelineOf(w.db, t.tenantId, 'order', replacement.order.id)).some((e) => e.event_type === 'rma.replacement'));
      const bal = await t.balances();
      assert.equal(bal('2200'), 0n);
      assert.equal(bal('1100'), 0n);
      await t.sound();
    });

    it('a rejected return changes nothing but its status, and frees its units', async () => {
      const t = await tenant();
      const p = await t.product('REJ', '10.00', 10n);
      const { order } = await t.ship([{ product_id: p.id, quantity: 2 }]);
      const rma = await t.rma.request(order.id, [{ line_no: 1, quantity: 2, reason: 'not_needed' }]);
      const snapshot = async () => ({
        stock: await stockLevels(w.db, t.tenantId), books: await trialBalance(w.db, t.tenantId), ar: await arCheck(w.db, t.tenantId),
        moves: await w.db.query('SELECT COUNT(*)::int AS n FROM stock_moves WHERE tenant_id = $1', [t.tenantId]),
      });
      const before = await snapshot();
      await failsWith(t.run((tx, s) => rejectReturn(tx, s, rma.id, '  ')), 'invalid_input', 'reason');
      await t.run((tx, s) => rejectReturn(tx, s, rma.id, 'outside the return window'));
      assert.deepEqual(await snapshot(), before);
      assert.equal((await returnDetail(w.db, t.tenantId, rma.id)).status, 'rejected');
      await failsWith(t.rma.approve(rma.id), 'invalid_state', 'status');
      const again = await t.rma.request(order.id, [{ line_no: 1, quantity: 2, reason: 'not_needed' }]);
      assert.equal(again.rma_number, 'RMA-000002');
    });

    describe('over HTTP', () => {
      let api: ApiWorld;
      before(async () => { api = await apiWorld(w.db); });
      after(async () => { await api.close(); });

      const expect = (r: Reply, status: number, code?: string, field?: string) => {
        assert.equal(r.status, status, r.body);
        if (code) assert.deepEqual([r.json.code, r.json.field, String(r.headers['content-type']).split(';')[0]], [code, field, 'application/problem+json']);
        return r.json;
      };

      it('lets staff and the customer run a return, refuses bad input and other customers, and writes nothing when it refuses', async () => {
        const slug = `rapi${++slugs}`;
        const { tenant: tn, token: admin } = await api.tenantWithAdmin(slug);
        const [sales, warehouse, billing] = await Promise.all([
          api.user(admin, slug, 'Sales', ['sales']), api.user(admin, slug, 'Warehouse', ['warehouse']), api.user(admin, slug, 'Billing', ['billing'])]);
        const call = (method: string, url: string, token: string, body?: unknown) => api.call(method, url, { token, body });
        const customer = expect(await call('POST', '/api/customers', sales.token, { name: 'Buyer AG', email: `buyer@${slug}.test`, country: 'DE', currency: 'EUR', credit_limit: '10000.00' }), 201);
        const stranger = expect(await call('POST', '/api/customers', sales.token, { name: 'Other AG', country: 'DE', currency: 'EUR' }), 201);
        const [buyer, other] = await Promise.all([api.portalUser(admin, slug, customer.id, 'Buyer'), api.portalUser(admin, slug, stranger.id, 'Other')]);
        const product = expect(await call('POST', '/api/products', sales.token, { sku: 'API-1', name: 'Widget', unit_price: '10.00', currency: 'EUR' }), 201);
        expect(await call('POST', `/api/products/${product.id}/receipts`, warehouse.token, { quantity: 10, unit_cost: '4.00' }), 201);
        const order = expect(await call('POST', '/api/orders', sales.token, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 3 }], confirm: true }), 201);
        expect(await call('POST', `/api/orders/${order.id}/ship`, warehouse.token, {}), 201);
        await api.settle();

        const counts = async () => ({
          ...await tableCounts(w.db, tn.id),
          ...Object.fromEntries(await Promise.all(['rmas', 'rma_lines', 'credit_notes', 'refunds', 'locations'].map(async (x) =>
            [x, (await w.db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${x} WHERE tenant_id = $1`, [tn.id]))[0].n]))),
        });
        const start = await counts();
        const ask = (lines: unknown, token = buyer.token) => call('POST', `/api/orders/${order.id}/returns`, token, { lines });
        expect(await ask([{ line_no: 1, quantity: 0, reason: 'damaged' }]), 400, 'invalid_input', 'lines[0].quantity');
        expect(await ask([{ line_no: 1, quantity: 4, reason: 'damaged' }]), 400, 'invalid_input', 'lines[0].quantity');
        expect(await ask([{ line_no: 2, quantity: 1, reason: 'damaged' }]), 400, 'invalid_input', 'lines[0].line_no');
        expect(await ask([{ line_no: 1, quantity: 1, reason: 'bored' }]), 400, 'invalid_input', 'lines[0].reason');
        expect(await ask([]), 400, 'invalid_input', 'lines');
        expect(await ask([{ line_no: 1, quantity: 1, reason: 'damaged' }], other.token), 404, 'not_found');
        expect(await ask([{ line_no: 1, quantity: 1, reason: 'damaged' }], warehouse.token), 403, 'forbidden');
        assert.deepEqual(await counts(), start);

        const rma = expect(await ask([{ line_no: 1, quantity: '2', reason: 'damaged' }]), 201);
        assert.deepEqual([rma.rma_number, rma.status, rma.requested_via, rma.lines[0].quantity], ['RMA-000001', 'requested', 'customer', '2']);
        expect(await call('GET', `/api/returns/${rma.id}`, buyer.token), 200);
        expect(await call('GET', `/api/returns/${rma.id}`, other.token), 404, 'not_found');
        expect(await call('POST', `/api/returns/${rma.id}/approve`, buyer.token), 403, 'forbidden');
        expect(await call('POST', `/api/returns/${rma.id}/receive`, warehouse.token, { lines: [{ line_no: 1, quantity: 2, disposition: 'restock' }] }), 409, 'invalid_state', 'status');
        expect(await call('POST', `/api/returns/${rma.id}/approve`, sales.token), 200);

        const afterApproval = await counts();
        const receive = (lines: unknown) => call('POST', `/api/returns/${rma.id}/receive`, warehouse.token, { lines });
        expect(await receive([{ line_no: 1, quantity: 3, disposition: 'restock' }]), 400, 'invalid_input', 'lines[0].quantity');
        expect(await receive([{ line_no: 1, quantity: 1, disposition: 'burn' }]), 400, 'invalid_input', 'lines[0].disposition');
        expect(await receive([{ line_no: 1, quantity: 1 }]), 400, 'invalid_input', 'lines[0].disposition');
        expect(await receive([{ line_no: 1, quantity: 0 }]), 400, 'invalid_input', 'lines');
        expect(await call('POST', `/api/returns/${rma.id}/receive`, warehouse.token, { lines: [{ line_no: 1, quantity: 1, disposition: 'restock' }], warehouse: 'NOPE' }), 400, 'invalid_input', 'warehouse');
        assert.deepEqual(await counts(), afterApproval);
        const got = expect(await receive([{ line_no: 1, quantity: 2, disposition: 'restock' }]), 200);
        assert.equal(got.timeline.at(-1).summary, 'RMA-000001 received: 2 × API-1 restocked');

        const afterReceipt = await counts();
        const resolve = (body: unknown, token = billing.token) => call('POST', `/api/returns/${rma.id}/resolve`, token, body);
        expect(await resolve({ resolution: 'credit' }, warehouse.token), 403, 'forbidden');
        expect(await resolve({ resolution: 'gift' }), 400, 'invalid_input', 'resolution');
        expect(await resolve({ resolution: 'credit', refund: true }), 400, 'invalid_input', 'refund');
        assert.deepEqual(await counts(), afterReceipt);
        const done = expect(await resolve({ resolution: 'credit' }), 200);
        assert.deepEqual([done.status, done.credit_notes.length, done.credit_notes[0].total, done.credit_notes[0].applied_to_invoice], ['resolved', 1, '23.80', '23.80']);
        const note = expect(await call('GET', `/api/credit-notes/${done.credit_notes[0].id}`, billing.token), 200);
        assert.deepEqual(note.lines.map((l: any) => [l.sku, l.quantity, l.unit_price, l.net_amount]), [['API-1', '2', '10.00', '20.00']]);
        assert.deepEqual(note.tax_totals.map((x: any) => [x.rate, x.taxable, x.tax]), [['19', '20.00', '3.80']]);
        expect(await call('GET', `/api/credit-notes/${done.credit_notes[0].id}`, buyer.token), 403, 'forbidden');
        expect(await resolve({ resolution: 'credit' }), 409, 'invalid_state', 'status');

        const list = expect(await call('GET', '/api/returns?status=resolved', sales.token), 200);
        assert.deepEqual(list.items.map((r: any) => r.rma_number), ['RMA-000001']);
        expect(await call('GET', '/api/returns?status=lost', sales.token), 400, 'invalid_input', 'status');
        const timeline = expect(await call('GET', `/api/orders/${order.id}/timeline`, sales.token), 200).items.map((e: any) => e.event_type);
        assert.deepEqual(timeline.filter((x: string) => x.startsWith('rma.')), ['rma.requested', 'rma.approved', 'rma.received', 'rma.resolved']);
        assert.deepEqual(await booksViolations(w.db, tn.id), []);
        assert.deepEqual(api.dispatcherErrors, []);
      });
    });
  });
}
