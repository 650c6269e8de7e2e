import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arCheck } from '../../src/app/ar-check.ts';
import { inTx } from '../../src/app/run.ts';
import { invoiceShipment } from '../../src/billing/issue.ts';
import { issueCreditNote } from '../../src/billing/credit-notes.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { apiWorld, tableCounts, type ApiWorld, type Reply } from '../support/api.ts';
import { dbKinds } from '../support/db.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { world, type World } from '../support/world.ts';

const DAY = 86_400_000;

for (const kind of await dbKinds()) {
  describe(`customer portal [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let t: ReturnType<World['forTenant']>;
    let admin: string;
    let sales: string;
    const slug = `portal-${process.pid}`;
    // Nordwind (the portal user's customer) and Kleinkram (another customer of the same seller).
    const nw = { id: '', token: '', orders: [] as string[], invoices: [] as string[], shipments: [] as string[] };
    const kk = { id: '', token: '', orders: [] as string[], invoices: [] as string[], shipments: [] as string[] };

    const expect = (r: Reply, status: number, code?: string, field?: string) => {
      assert.equal(r.status, status, r.body);
      if (code) assert.deepEqual([r.json.code, r.json.field, String(r.headers['content-type']).split(';')[0]], [code, field, 'application/problem+json']);
      return r.json;
    };
    const get = (url: string, token: string) => api.call('GET', url, { token });

    /** An order shipped and invoiced `daysAgo` days ago (net 30: from 31 days on, its invoice is overdue). */
    const invoiced = async (who: typeof nw, sku: string, quantity: number, daysAgo: number) => {
      const now = new Date(Date.now() - daysAgo * DAY);
      const { order, shipment, invoiceId } = await inTx(w.db, { tenantId: t.tenantId, actor: systemActor, now }, async (tx, s) => {
        const o = await captureOrder(tx, s, { customer_id: who.id, po_number: `PO-${sku}-${daysAgo}`, lines: [{ sku, quantity }], confirm: true });
        const sh = await shipOrder(tx, s, o.id, { carrier: 'manual', tracking_number: `TRK-${sku}-${daysAgo}` });
        return { order: o, shipment: sh, invoiceId: await invoiceShipment(tx, s, sh.id) };
      });
      await w.dispatcher.drain();
      who.orders.push(order.id);
      who.shipments.push(shipment.id);
      who.invoices.push(invoiceId);
      return { order, invoiceId };
    };

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
      const made = await api.tenantWithAdmin(slug);
      admin = made.token;
      t = w.forTenant(made.tenant.id);
      sales = (await api.user(admin, slug, 'Sam Sales', ['sales'])).token;
      nw.id = (await t.customer({ customer_number: 'NW', name: 'Nordwind Handels GmbH', email: `ap@nordwind.test` })).id;
      kk.id = (await t.customer({ customer_number: 'KK', name: 'Kleinkram KG' })).id;
      await t.product('CHAIR', '200.00', 500n, '80.00');
      await t.product('LAMP', '40.00', 500n, '15.00');
      nw.token = (await api.portalUser(admin, slug, nw.id, 'Nora Nordwind')).token;
      kk.token = (await api.portalUser(admin, slug, kk.id, 'Karl Kleinkram')).token;
      await invoiced(nw, 'CHAIR', 2, 50); // 476.00, due 20 days ago: overdue
      await invoiced(nw, 'LAMP', 5, 2); // 238.00, due in 28 days
      const paid = await invoiced(nw, 'LAMP', 1, 10); // 47.60, paid below
      await invoiced(kk, 'CHAIR', 1, 5); // 238.00
      await t.run((tx, s) => recordPayment(tx, s, { customer_id: nw.id, amount: '47.60', method: 'bank_transfer', apply: [{ invoice_id: paid.invoiceId, amount: '47.60' }] }));
      await w.dispatcher.drain();
    });
    after(async () => {
      await api?.close();
      await w?.close();
    });

    it('invites portal users only for an existing customer, by an admin, with the customer role alone, and writes nothing when it refuses', async () => {
      const users = async () => (await w.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM users WHERE tenant_id = $1', [t.tenantId]))[0].n;
      const start = { users: await users(), ...(await tableCounts(w.db, t.tenantId)) };
      const body = { email: 'buyer2@nordwind.test', name: 'Second Buyer', password: 'long enough password' };
      expect(await api.call('POST', `/api/customers/${nw.id}/portal-users`, { token: sales, body }), 403, 'forbidden');
      expect(await api.call('POST', '/api/customers/00000000-0000-7000-8000-000000000000/portal-users', { token: admin, body }), 404, 'not_found');
      expect(await api.call('POST', `/api/customers/${nw.id}/portal-users`, { token: admin, body: { ...body, password: 'short' } }), 400, 'invalid_input', 'password');
      expect(await api.call('POST', `/api/customers/${nw.id}/portal-users`, { token: admin, body: { ...body, email: `nora.nordwind@${slug}.test` } }), 409, 'conflict', 'email');
      // A customer login is never made unlinked, nor with staff roles beside it, nor as an API key.
      expect(await api.call('POST', '/api/users', { token: admin, body: { ...body, roles: ['customer'] } }), 400, 'invalid_input', 'roles');
      expect(await api.call('POST', '/api/users', { token: admin, body: { ...body, roles: ['customer', 'sales'] } }), 400, 'invalid_input', 'roles');
      expect(await api.call('POST', '/api/api-keys', { token: admin, body: { name: 'shop', roles: ['customer'] } }), 400, 'invalid_input', 'roles');
      assert.deepEqual({ users: await users(), ...(await tableCounts(w.db, t.tenantId)) }, start);

      const made = expect(await api.call('POST', `/api/customers/${nw.id}/portal-users`, { token: admin, body }), 201);
      assert.deepEqual([made.email, made.roles, made.customer_id], ['buyer2@nordwind.test', ['customer'], nw.id]);
      const customer = expect(await get(`/api/customers/${nw.id}`, sales), 200);
      assert.equal(customer.timeline.at(-1).summary, 'Portal login buyer2@nordwind.test made for NW Nordwind Handels GmbH');
      // The database holds the rule too: a linked user has the customer role and nothing else.
      await assert.rejects(w.db.query("UPDATE users SET roles = ARRAY['customer', 'admin'] WHERE tenant_id = $1 AND id = $2", [t.tenantId, made.id]));
    });

    it("shows a customer what it owes, its orders and open invoices, and nothing of another customer's", async () => {
      const home = expect(await get('/api/portal/home', nw.token), 200);
      // 476.00 overdue + 238.00 due in 28 days; the paid 47.60 is not owed.
      assert.deepEqual(home.balances, [{ currency: 'EUR', owed: '714.00', overdue: '476.00', overdue_items: 1, next_due: { date: home.balances[0].next_due.date, amount: '238.00' } }]);
      assert.equal(home.balances[0].next_due.date, new Date(Date.now() + 28 * DAY).toISOString().slice(0, 10));
      assert.deepEqual(home.open_invoices.map((i: any) => [i.status, i.open_amount]), [['overdue', '476.00'], ['open', '238.00']]);
      assert.deepEqual(home.recent_orders.map((o: any) => o.id).sort(), [...nw.orders].sort());
      assert.deepEqual(home.recent_orders.map((o: any) => o.status).sort(), ['completed', 'shipped', 'shipped'], 'the paid order is completed');
      assert.ok(home.recent_orders.every((o: any) => !('hold_reason' in o) && !('flags' in o) && !('customer_id' in o)), 'the back office working data stays there');

      const other = expect(await get('/api/portal/home', kk.token), 200);
      assert.deepEqual(other.balances.map((b: any) => b.owed), ['238.00']);
      assert.deepEqual(other.recent_orders.map((o: any) => o.id), kk.orders);

      const invoices = expect(await get('/api/portal/invoices', nw.token), 200);
      assert.deepEqual(invoices.items.map((i: any) => i.id).sort(), [...nw.invoices].sort());
      assert.deepEqual(invoices.items.map((i: any) => i.status).sort(), ['open', 'overdue', 'paid']);
      const orders = expect(await get('/api/portal/orders', nw.token), 200);
      assert.deepEqual(orders.items.map((o: any) => o.id).sort(), [...nw.orders].sort());

      const order = expect(await get(`/api/portal/orders/${nw.orders[0]}`, nw.token), 200);
      assert.deepEqual(order.lines.map((l: any) => [l.sku, l.quantity, l.shipped_quantity, l.returnable_quantity, l.net_amount]), [['CHAIR', '2', '2', '2', '400.00']]);
      assert.deepEqual(order.shipments.map((s: any) => s.tracking_number), ['TRK-CHAIR-50']);
      assert.deepEqual(order.invoices.map((i: any) => [i.id, i.status]), [[nw.invoices[0], 'overdue']]);
      expect(await get(`/api/shipments/${nw.shipments[0]}/tracking`, nw.token), 200);
    });

    it("answers 404 for another customer's order, invoice, documents, shipment, credit note and return, as for ids that do not exist", async () => {
      const theirs = [
        `/api/portal/orders/${kk.orders[0]}`, `/api/portal/invoices/${kk.invoices[0]}`, `/api/portal/invoices/${kk.invoices[0]}/pdf`,
        `/api/portal/invoices/${kk.invoices[0]}/ubl`, `/api/shipments/${kk.shipments[0]}/tracking`,
        '/api/portal/orders/00000000-0000-7000-8000-000000000000', '/api/portal/invoices/not-an-id',
      ];
      for (const url of theirs) expect(await get(url, nw.token), 404, 'not_found');
      const note = await t.run((tx, s) => issueCreditNote(tx, s, { invoiceId: kk.invoices[0], lines: [{ invoiceLineNo: 1, quantity: 1n }], reason: 'goodwill' }));
      for (const url of [`/api/portal/credit-notes/${note.id}`, `/api/portal/credit-notes/${note.id}/pdf`, `/api/portal/credit-notes/${note.id}/ubl`]) {
        expect(await get(url, nw.token), 404, 'not_found');
        expect(await get(url, kk.token), 200);
      }
      assert.deepEqual((expect(await get('/api/portal/credit-notes', nw.token), 200)).items, []);
      const kkInvoice = expect(await get(`/api/portal/invoices/${kk.invoices[0]}`, kk.token), 200);
      assert.deepEqual([kkInvoice.status, kkInvoice.credited_total, kkInvoice.open_amount, kkInvoice.credit_notes.map((n: any) => n.id)], ['credited', '238.00', '0.00', [note.id]]);
      // A customer prices orders for itself only.
      const quote = { customer_id: kk.id, lines: [{ sku: 'CHAIR', quantity: 1 }] };
      expect(await api.call('POST', '/api/orders/quote', { token: nw.token, body: quote }), 400, 'invalid_input', 'customer_id');
      expect(await api.call('POST', '/api/orders/quote', { token: nw.token, body: { ...quote, customer_id: nw.id } }), 200);
    });

    it('serves invoice documents as PDF and UBL to the customer they were issued to', async () => {
      const [id] = nw.invoices;
      const detail = expect(await get(`/api/portal/invoices/${id}`, nw.token), 200);
      assert.deepEqual([detail.status, detail.total, detail.open_amount, detail.lines.length, detail.tax_totals.map((x: any) => [x.rate, x.tax])], ['overdue', '476.00', '476.00', 1, [['19', '76.00']]]);
      const pdf = await get(`/api/portal/invoices/${id}/pdf`, nw.token);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.body.slice(0, 5), '%PDF-');
      assert.match(String(pdf.headers['content-disposition']), new RegExp(`filename="${detail.invoice_number}.pdf"`));
      const ubl = await get(`/api/portal/invoices/${id}/ubl`, nw.token);
      assert.equal(ubl.status, 200);
      assert.match(String(ubl.headers['content-type']), /^application\/xml/);
      assert.match(ubl.body, new RegExp(`<cbc:ID>${detail.invoice_number}</cbc:ID>`));
      // Staff keep their own document routes; the portal is for portal users only, admin included.
      expect(await get(`/api/invoices/${id}/pdf`, nw.token), 403, 'forbidden');
      expect(await get('/api/portal/home', sales), 403, 'forbidden');
      expect(await get('/api/portal/invoices', admin), 403, 'forbidden');
      expect(await get('/api/portal/home', ''), 401, 'unauthenticated');
    });

    it("lets a customer ask to return its own delivered units, never another's, and lists its returns only", async () => {
      const [orderId] = nw.orders;
      const ask = (token: string, lines: unknown) => api.call('POST', `/api/orders/${orderId}/returns`, { token, body: { lines } });
      expect(await ask(kk.token, [{ line_no: 1, quantity: 1, reason: 'damaged' }]), 404, 'not_found');
      expect(await ask(nw.token, [{ line_no: 1, quantity: 3, reason: 'damaged' }]), 400, 'invalid_input', 'lines[0].quantity');
      const rma = expect(await ask(nw.token, [{ line_no: 1, quantity: 1, reason: 'damaged' }]), 201);
      assert.deepEqual([rma.status, rma.requested_via], ['requested', 'customer']);

      const mine = expect(await get('/api/portal/returns', nw.token), 200);
      assert.deepEqual(mine.items.map((r: any) => r.id), [rma.id]);
      assert.deepEqual((expect(await get('/api/portal/returns', kk.token), 200)).items, []);
      const detail = expect(await get(`/api/portal/returns/${rma.id}`, nw.token), 200);
      assert.deepEqual([detail.rma_number, detail.lines.map((l: any) => [l.sku, l.quantity, l.reason])], [rma.rma_number, [['CHAIR', '1', 'damaged']]]);
      assert.match(detail.steps[0].summary, /requested by the customer/);
      expect(await get(`/api/portal/returns/${rma.id}`, kk.token), 404, 'not_found');
      expect(await get(`/api/returns/${rma.id}`, kk.token), 404, 'not_found');
      const order = expect(await get(`/api/portal/orders/${orderId}`, nw.token), 200);
      assert.deepEqual([order.lines[0].returnable_quantity, order.returns.map((r: any) => r.id)], ['1', [rma.id]]);
    });

    it("makes a payment link for an open invoice of its own and opens the seller's pay page on it", async () => {
      const [overdue, open, paid] = nw.invoices;
      const pay = (invoiceId: string, token = nw.token) => api.call('POST', `/api/portal/invoices/${invoiceId}/pay`, { token, body: {} });
      expect(await pay(kk.invoices[0]), 404, 'not_found');
      expect(await pay(paid), 409, 'invalid_state');
      expect(await pay(open, sales), 403, 'forbidden');
      const link = expect(await pay(overdue), 201);
      assert.deepEqual([link.invoice_id, link.amount_open, link.currency], [overdue, '476.00', 'EUR']);
      assert.match(link.pay_path, new RegExp(`^/pay/${slug}/[A-Za-z0-9_-]{20,}$`));
      const page = await api.call('GET', link.pay_path);
      assert.equal(page.status, 200);
      assert.match(page.body, /476\.00 EUR/);
    });

    it('leaves the books sound', async () => {
      assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
      assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
      assert.ok((await arCheck(w.db, t.tenantId)).every((a) => a.equal), 'AR subledger = control account');
      assert.equal((await listInvoices(w.db, t.tenantId)).length, 4);
      assert.equal(formatAmount((await listInvoices(w.db, t.tenantId, { customerId: nw.id })).reduce((a, r) => a + r.open, 0n), 'EUR'), '714.00');
    });
  });
}
