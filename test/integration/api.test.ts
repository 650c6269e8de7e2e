import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { apiWorld, tableCounts, type ApiWorld, type Reply } from '../support/api.ts';
import { uuidv7 } from '../../src/shared/ids.ts';
import { addDays } from '../../src/shared/dates.ts';

/** A problem+json answer with the status, code and (when given) the field at fault. */
function assertProblem(r: Reply, status: number, code: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${code}${field ? ` (${field})` : ''}, got ${r.status}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json.status, status);
  assert.equal(r.json.code, code);
  assert.equal(typeof r.json.type, 'string');
  assert.equal(typeof r.json.title, 'string');
  assert.equal(typeof r.json.detail, 'string');
  if (field !== undefined) assert.equal(r.json.field, field, `field of ${r.body}`);
}

function assertStatus(r: Reply, status: number) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.body}`);
}

for (const kind of await dbKinds()) {
  describe(`HTTP API [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let tenantId: string;
    let admin: string;
    let sales: { token: string; name: string };
    let warehouse: { token: string; name: string };
    let collector: { token: string; name: string };
    let skuSeq = 0;

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
      const t = await api.tenantWithAdmin('acme');
      tenantId = t.tenant.id;
      admin = t.token;
      sales = await api.user(admin, 'acme', 'Sam Sales', ['sales']);
      warehouse = await api.user(admin, 'acme', 'Wendy Warehouse', ['warehouse']);
      collector = await api.user(admin, 'acme', 'Colin Collector', ['collector']);
    });
    after(async () => {
      await api?.close();
      await w?.close();
    });

    // ---- helpers that go through the API ---------------------------------------------------------------
    const newCustomer = async (extra: Record<string, unknown> = {}, token = sales.token) => {
      const r = await api.call('POST', '/api/customers', { token, body: { name: 'Nordwind GmbH', country: 'DE', currency: 'EUR', credit_limit: '10000.00', ...extra } });
      assertStatus(r, 201);
      return r.json;
    };
    const newProduct = async (price = '19.99', stock = 50, unitCost = '7.50') => {
      const sku = `SKU-${++skuSeq}`;
      const r = await api.call('POST', '/api/products', { token: sales.token, body: { sku, name: `Product ${sku}`, unit_price: price, currency: 'EUR' } });
      assertStatus(r, 201);
      if (stock > 0) assertStatus(await api.call('POST', `/api/products/${r.json.id}/receipts`, { token: warehouse.token, body: { quantity: stock, unit_cost: unitCost } }), 201);
      return r.json;
    };
    const newOrder = async (customerId: string, lines: unknown[], confirm = true, token = sales.token) => {
      const r = await api.call('POST', '/api/orders', { token, body: { customer_id: customerId, lines, confirm } });
      assertStatus(r, 201);
      return r.json;
    };
    const shipAndInvoice = async (orderId: string) => {
      assertStatus(await api.call('POST', `/api/orders/${orderId}/ship`, { token: warehouse.token, body: { carrier: 'DHL' } }), 201);
      await api.settle();
      const o = await api.call('GET', `/api/orders/${orderId}`, { token: admin });
      assertStatus(o, 200);
      assert.equal(o.json.invoices.length, 1, 'one invoice per shipment');
      return o.json.invoices[0];
    };
    const counts = () => tableCounts(w.db, tenantId);

    // ---- tests -----------------------------------------------------------------------------------------
    it('GET /health answers 200 without credentials', async () => {
      const r = await api.call('GET', '/health');
      assertStatus(r, 200);
      assert.deepEqual(r.json, { status: 'ok' });
    });

    it('GET /openapi.json is an OpenAPI 3.1 document listing /api/orders', async () => {
      const r = await api.call('GET', '/openapi.json');
      assertStatus(r, 200);
      assert.match(r.json.openapi, /^3\.1\.\d+$/);
      assert.ok(r.json.info?.title);
      assert.ok(r.json.paths['/api/orders'], 'lists /api/orders');
      assert.ok(r.json.paths['/api/orders'].get && r.json.paths['/api/orders'].post);
      assert.ok(r.json.paths['/api/orders/{id}/ship']?.post, 'path parameters in OpenAPI form');
      assert.ok(r.json.paths['/api/payments']?.post);
      assert.ok(r.json.paths['/api/ledger/trial-balance']?.get);
    });

    it('takes an order from capture to cash', async () => {
      // customer, product, stock
      const c = await api.call('POST', '/api/customers', {
        token: sales.token,
        body: { name: 'Bäckerei Sonnenschein KG', country: 'de', currency: 'EUR', credit_limit: '1000.00', payment_terms: 'net 30', iban: 'de89 3704 0044 0532 0130 00' },
      });
      assertStatus(c, 201);
      assert.equal(c.json.credit_limit, '1000.00');
      assert.equal(c.json.country, 'DE');
      assert.equal(c.json.iban, 'DE89370400440532013000');
      assert.equal(c.json.payment_terms, 'net 30');
      const customer = c.json;

      const p = await api.call('POST', '/api/products', { token: sales.token, body: { sku: 'WIDGET', name: 'Widget', unit_price: '19.99', currency: 'EUR' } });
      assertStatus(p, 201);
      assert.equal(p.json.unit_price, '19.99');
      assert.equal(p.json.tax_category, 'standard');
      const product = p.json;
      const rc = await api.call('POST', `/api/products/${product.id}/receipts`, { token: warehouse.token, body: { quantity: 50, unit_cost: '7.50' } });
      assertStatus(rc, 201);
      assert.equal(rc.json.on_hand, '50');
      const stockOf = async () => (await api.call('GET', '/api/products?search=WIDGET', { token: sales.token })).json.items.find((i: any) => i.id === product.id);
      assert.deepEqual([(await stockOf()).on_hand, (await stockOf()).reserved, (await stockOf()).available], ['50', '0', '50']);

      // order with confirm: credit check and reservation
      const o = await api.call('POST', '/api/orders', { token: sales.token, body: { customer_id: customer.id, po_number: 'PO-4711', lines: [{ product_id: product.id, quantity: 3 }], confirm: true } });
      assertStatus(o, 201);
      const order = o.json;
      assert.equal(order.status, 'allocated');
      assert.match(order.order_number, /^SO-\d{6}$/);
      assert.deepEqual([order.net_total, order.tax_total, order.total, order.currency], ['59.97', '11.39', '71.36', 'EUR']);
      assert.equal(order.created_by, 'Sam Sales');
      assert.equal(order.lines.length, 1);
      assert.deepEqual([order.lines[0].quantity, order.lines[0].unit_price, order.lines[0].net_amount, order.lines[0].tax_rate], ['3', '19.99', '59.97', '19']);
      const stock = await stockOf();
      assert.deepEqual([stock.on_hand, stock.reserved, stock.available], ['50', '3', '47']);

      // ship; the invoice follows from the event
      const sh = await api.call('POST', `/api/orders/${order.id}/ship`, { token: warehouse.token, body: { carrier: 'DHL', tracking_number: 'JD0123456789' } });
      assertStatus(sh, 201);
      assert.equal(sh.json.order_id, order.id);
      assert.equal(sh.json.shipped_by, 'Wendy Warehouse');
      assert.match(sh.json.shipment_number, /^SH-\d{6}$/);
      await api.settle();

      const detail = await api.call('GET', `/api/orders/${order.id}`, { token: sales.token });
      assertStatus(detail, 200);
      assert.equal(detail.json.status, 'invoiced');
      assert.equal(detail.json.shipments.length, 1);
      assert.equal(detail.json.invoices.length, 1);
      assert.equal(detail.json.credit_decisions.length, 1);
      assert.equal(detail.json.credit_decisions[0].outcome, 'approved');
      const inv = detail.json.invoices[0];
      const year = inv.issue_date.slice(0, 4);
      assert.equal(inv.invoice_number, `INV-${year}-000001`, 'the first invoice of the year is number 1');
      assert.deepEqual([inv.net_total, inv.tax_total, inv.total, inv.open_amount, inv.status], ['59.97', '11.39', '71.36', '71.36', 'issued']);
      assert.equal(inv.due_date, addDays(inv.issue_date, 30));
      assert.equal(inv.shipment_id, sh.json.id);
      assert.equal((await stockOf()).on_hand, '47');

      const invDetail = await api.call('GET', `/api/invoices/${inv.id}`, { token: collector.token });
      assertStatus(invDetail, 200);
      assert.deepEqual(invDetail.json.tax_totals.map((t: any) => [t.category, t.rate, t.taxable, t.tax]), [['standard', '19', '59.97', '11.39']]);
      assert.equal(invDetail.json.lines.length, 1);
      assert.ok(invDetail.json.instalments[0].ar_item_id);

      // partial payment, applied as it is recorded
      const p1 = await api.call('POST', '/api/payments', {
        token: collector.token, body: { customer_id: customer.id, amount: '50.00', reference: 'SEPA 1', apply: [{ invoice_id: inv.id, amount: '50.00' }] },
      });
      assertStatus(p1, 201);
      assert.deepEqual([p1.json.amount, p1.json.unapplied, p1.json.created_by], ['50.00', '0.00', 'Colin Collector']);
      assert.equal(p1.json.applications.length, 1);
      assert.equal(p1.json.applications[0].amount, '50.00');
      await api.settle();
      let i = await api.call('GET', `/api/invoices/${inv.id}`, { token: collector.token });
      assert.deepEqual([i.json.open_amount, i.json.status], ['21.36', 'issued']);
      assert.equal((await api.call('GET', `/api/orders/${order.id}`, { token: sales.token })).json.status, 'invoiced');

      // final payment: received unapplied, then applied
      const p2 = await api.call('POST', '/api/payments', { token: collector.token, body: { customer_id: customer.id, amount: '30.00', method: 'bank_transfer' } });
      assertStatus(p2, 201);
      assert.equal(p2.json.unapplied, '30.00');
      const ap = await api.call('POST', `/api/payments/${p2.json.id}/apply`, { token: collector.token, body: { apply: [{ invoice_id: inv.id, amount: '21.36' }] } });
      assertStatus(ap, 200);
      assert.equal(ap.json.unapplied, '8.64');
      await api.settle();

      i = await api.call('GET', `/api/invoices/${inv.id}`, { token: collector.token });
      assert.deepEqual([i.json.open_amount, i.json.status, i.json.overdue], ['0.00', 'paid', false]);
      const closed = await api.call('GET', `/api/orders/${order.id}`, { token: sales.token });
      assert.equal(closed.json.status, 'closed');
      const open = await api.call('GET', `/api/receivables/open-items?customer_id=${customer.id}`, { token: collector.token });
      assert.deepEqual(open.json.items, []);
      const payments = await api.call('GET', `/api/payments?customer_id=${customer.id}`, { token: collector.token });
      assert.equal(payments.json.items.length, 2);

      // the books
      const tb = await api.call('GET', '/api/ledger/trial-balance', { token: collector.token });
      assertStatus(tb, 200);
      assert.ok(tb.json.totals.length >= 1);
      for (const t of tb.json.totals) assert.equal(t.balanced, true, `${t.currency} debits ${t.debit} = credits ${t.credit}`);
      for (const t of tb.json.totals) assert.equal(t.debit, t.credit);
      assert.deepEqual(tb.json.ar_check, [{ currency: 'EUR', control: '0.00', open_items: '0.00', equal: true }]);
      const bal = (acc: string) => tb.json.rows.find((r: any) => r.account === acc)?.balance;
      assert.equal(bal('1100'), '0.00', 'receivables cleared');
      assert.equal(bal('1000'), '80.00', 'bank');
      assert.equal(bal('2200'), '-8.64', 'unapplied cash left over');
      assert.equal(bal('4000'), '-59.97', 'revenue');
      assert.equal(bal('2100'), '-11.39', 'output tax');
      assert.equal(bal('5000'), '22.50', 'cost of goods sold: 3 × 7.50');
      assert.equal(bal('1200'), '352.50', 'inventory: 47 × 7.50');
      assert.deepEqual(await w.checkBooks(tenantId), { unbalanced: 0, mismatches: [] });

      // the timeline tells the story with who did what
      const tl = await api.call('GET', `/api/orders/${order.id}/timeline`, { token: sales.token });
      assertStatus(tl, 200);
      const items: { event_type: string; actor_name: string; actor_type: string; summary: string }[] = tl.json.items;
      const types = items.map((e) => e.event_type);
      assert.deepEqual([...types].sort(), ['invoice.issued', 'order.closed', 'order.confirmed', 'order.created', 'payment.applied', 'payment.applied', 'receivable.settled', 'shipment.shipped']);
      const at = (t: string) => types.indexOf(t);
      assert.ok(at('order.created') < at('order.confirmed') && at('order.confirmed') < at('shipment.shipped')
        && at('shipment.shipped') < at('invoice.issued') && at('invoice.issued') < at('payment.applied')
        && at('receivable.settled') < at('order.closed'), types.join(' → '));
      assert.equal(types[types.length - 1], 'order.closed');
      const actor = (t: string) => items.filter((e) => e.event_type === t).map((e) => e.actor_name);
      assert.deepEqual(actor('order.created'), ['Sam Sales']);
      assert.deepEqual(actor('order.confirmed'), ['Sam Sales']);
      assert.deepEqual(actor('shipment.shipped'), ['Wendy Warehouse']);
      assert.deepEqual(actor('payment.applied'), ['Colin Collector', 'Colin Collector']);
      assert.match(actor('invoice.issued')[0], /^system/);
      assert.match(actor('order.closed')[0], /^system/);
      for (const e of items) assert.ok(e.summary.length > 0);
      assert.equal(items.find((e) => e.event_type === 'order.created')!.actor_type, 'user');

      // a second order: the next invoice number, no gap
      const order2 = await newOrder(customer.id, [{ sku: 'WIDGET', quantity: 1 }]);
      const inv2 = await shipAndInvoice(order2.id);
      assert.equal(inv2.invoice_number, `INV-${year}-000002`);
      assert.deepEqual(api.dispatcherErrors, []);
      assert.deepEqual(await w.checkBooks(tenantId), { unbalanced: 0, mismatches: [] });
    });

    it('answers 400 problem+json naming the field at fault, and writes nothing', async () => {
      const customer = await newCustomer();
      const product = await newProduct('10.00', 20);
      const good = { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 1 }], confirm: true };
      const firstNumber = (await newOrder(customer.id, good.lines)).order_number as string;
      const before = await counts();

      const bad: [string, string, unknown, string][] = [
        ['POST', '/api/orders', { ...good, lines: [{ product_id: product.id, quantity: 'abc' }] }, 'lines[0].quantity'],
        ['POST', '/api/orders', { ...good, lines: [{ product_id: product.id, quantity: 1 }, { product_id: product.id, quantity: '0' }] }, 'lines[1].quantity'],
        ['POST', '/api/orders', { ...good, lines: [{ product_id: product.id, quantity: '2.5' }] }, 'lines[0].quantity'],
        ['POST', '/api/orders', { ...good, lines: [{ product_id: product.id, quantity: -2 }] }, 'lines[0].quantity'],
        ['POST', '/api/orders', { ...good, lines: [{ product_id: product.id, quantity: 1, unit_price: '9.999' }] }, 'lines[0].unit_price'],
        ['POST', '/api/orders', { ...good, lines: [{ product_id: uuidv7(), quantity: 1 }] }, 'lines[0].product_id'],
        ['POST', '/api/orders', { ...good, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }, 'lines[0].sku'],
        ['POST', '/api/orders', { ...good, lines: [] }, 'lines'],
        ['POST', '/api/orders', { ...good, customer_id: uuidv7() }, 'customer_id'],
        ['POST', '/api/orders', { ...good, customer_id: 'not-a-uuid' }, 'customer_id'],
        ['POST', '/api/orders', { lines: good.lines }, 'customer_id'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'DE', currency: 'XXX' }, 'currency'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'DE', currency: 'EURO' }, 'currency'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'Germany', currency: 'EUR' }, 'country'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'DE', currency: 'EUR', credit_limit: '12.345' }, 'credit_limit'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'DE', currency: 'EUR', payment_terms: 'whenever' }, 'payment_terms'],
        ['POST', '/api/customers', { name: 'X GmbH', country: 'DE', currency: 'EUR', iban: 'DE88370400440532013000' }, 'iban'],
        ['POST', '/api/customers', { country: 'DE', currency: 'EUR' }, 'name'],
        ['POST', '/api/products', { sku: 'NEW-1', name: 'New', unit_price: '1.00', currency: 'ABC' }, 'currency'],
        ['POST', '/api/products', { sku: 'NEW-1', name: 'New', unit_price: '-1.00', currency: 'EUR' }, 'unit_price'],
        ['POST', '/api/payments', { customer_id: customer.id, amount: 'abc' }, 'amount'],
        ['POST', '/api/payments', { customer_id: customer.id, amount: '0.00' }, 'amount'],
        ['POST', '/api/payments', { customer_id: customer.id, amount: '10.00', currency: 'USD' }, 'currency'],
        ['POST', '/api/payments', { customer_id: uuidv7(), amount: '10.00' }, 'customer_id'],
        ['POST', '/api/payments', { customer_id: customer.id, amount: '10.00', received_on: '2024-02-30' }, 'received_on'],
        ['POST', '/api/payments', { customer_id: customer.id, amount: '10.00', apply: [{ invoice_id: uuidv7(), amount: '10.00' }] }, 'apply[0].invoice_id'],
      ];
      for (const [method, url, body, field] of bad) {
        const token = url === '/api/payments' ? collector.token : sales.token;
        const r = await api.call(method, url, { token, body });
        assertProblem(r, 400, 'invalid_input', field);
      }
      const r = await api.call('GET', '/api/ledger/trial-balance?as_of=yesterday', { token: collector.token });
      assertProblem(r, 400, 'invalid_input', 'as_of');

      assert.deepEqual(await counts(), before, 'a refused request writes nothing');
      const next = await newOrder(customer.id, good.lines);
      assert.equal(Number(next.order_number.slice(3)), Number(firstNumber.slice(3)) + 1, 'refused orders leave no gap in the numbers');
    });

    it('approves an order whose stock is short, ships what there is, and ships the rest once it came in', async () => {
      const customer = await newCustomer();
      const a = await newProduct('5.00', 10);
      const b = await newProduct('5.00', 2);
      const r = await api.call('POST', '/api/orders', {
        token: sales.token, body: { customer_id: customer.id, lines: [{ product_id: a.id, quantity: 5 }, { product_id: b.id, quantity: 3 }], confirm: true },
      });
      assertStatus(r, 201);
      assert.equal(r.json.status, 'partially_allocated');
      const ship = await api.call('POST', `/api/orders/${r.json.id}/ship`, { token: admin, body: {} });
      assertStatus(ship, 201); // what is reserved ships now: 5 of a, 2 of b
      const receipt = await api.call('POST', `/api/products/${b.id}/receipts`, { token: admin, body: { quantity: 1, unit_cost: '1.00' } });
      assertStatus(receipt, 201);
      const allocated = await api.call('POST', `/api/orders/${r.json.id}/allocate`, { token: admin });
      assertStatus(allocated, 200);
      assert.equal(allocated.json.status, 'partially_shipped');
      assert.deepEqual(allocated.json.lines.map((l: { shipped_quantity: string }) => l.shipped_quantity), ['5', '2']);
      const rest = await api.call('POST', `/api/orders/${r.json.id}/ship`, { token: admin, body: {} });
      assertStatus(rest, 201);
      const done = await api.call('GET', `/api/orders/${r.json.id}`, { token: admin });
      assert.ok(['shipped', 'invoiced'].includes(done.json.status), done.json.status); // the invoice follows on its own
    });

    it('answers 409 conflict when a payment would be applied beyond what is open, and writes nothing', async () => {
      const customer = await newCustomer();
      const product = await newProduct('10.00', 5);
      const order = await newOrder(customer.id, [{ product_id: product.id, quantity: 1 }]);
      const inv = await shipAndInvoice(order.id); // 11.90
      const before = await counts();
      const r = await api.call('POST', '/api/payments', {
        token: collector.token, body: { customer_id: customer.id, amount: '20.00', apply: [{ invoice_id: inv.id, amount: '11.91' }] },
      });
      assertProblem(r, 409, 'conflict', 'apply[0].amount');
      const pay = await api.call('POST', '/api/payments', { token: collector.token, body: { customer_id: customer.id, amount: '5.00' } });
      assertStatus(pay, 201);
      const after1 = await counts();
      const r2 = await api.call('POST', `/api/payments/${pay.json.id}/apply`, { token: collector.token, body: { apply: [{ invoice_id: inv.id, amount: '5.01' }] } });
      assertProblem(r2, 409, 'conflict', 'apply');
      assert.deepEqual(await counts(), after1);
      assert.equal(before.payments + 1, after1.payments);
    });

    it('answers 401 without a token, with a garbage token, and after logout', async () => {
      const before = await counts();
      const none = await api.call('GET', '/api/orders');
      assertProblem(none, 401, 'unauthenticated');
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      for (const token of ['garbage', 'o2c_s.x.y.z', `o2c_s.${tenantId}.${uuidv7()}.c2VjcmV0`, `o2c_k.${tenantId}.${uuidv7()}.c2VjcmV0`]) {
        assertProblem(await api.call('GET', '/api/orders', { token }), 401, 'unauthenticated');
      }
      assertProblem(await api.call('GET', '/api/orders', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }), 401, 'unauthenticated');
      // a real token with a changed secret, or moved to another tenant, is refused
      const [kindPart, t, id, secret] = admin.split('.');
      assertProblem(await api.call('GET', '/api/me', { token: [kindPart, t, id, secret.slice(0, -2) + 'xx'].join('.') }), 401, 'unauthenticated');
      const other = await api.tenantWithAdmin('someone-else');
      assertProblem(await api.call('GET', '/api/me', { token: [kindPart, other.tenant.id, id, secret].join('.') }), 401, 'unauthenticated');

      const write = await api.call('POST', '/api/customers', { body: { name: 'Sneaky', country: 'DE', currency: 'EUR' } });
      assertProblem(write, 401, 'unauthenticated');
      assert.deepEqual(await counts(), before);

      assertProblem(await api.call('POST', '/api/auth/login', { body: { tenant: 'acme', email: 'admin@acme.test', password: 'wrong password' } }), 401, 'unauthenticated');
      assertProblem(await api.call('POST', '/api/auth/login', { body: { tenant: 'no-such-tenant', email: 'admin@acme.test', password: 'correct horse battery' } }), 401, 'unauthenticated');

      const token = await api.login('acme', 'admin@acme.test', 'correct horse battery');
      const me = await api.call('GET', '/api/me', { token });
      assertStatus(me, 200);
      assert.equal(me.json.user.name, 'Admin acme');
      assert.equal(me.json.tenant.slug, 'acme');
      assertStatus(await api.call('POST', '/api/auth/logout', { token }), 204);
      assertProblem(await api.call('GET', '/api/me', { token }), 401, 'unauthenticated');
    });

    it('checks credentials and role before the body: 401/403, not 400, when the body is also invalid', async () => {
      // an anonymous caller, or one without the role, learns nothing about the input rules
      assertProblem(await api.call('POST', '/api/customers', { body: {} }), 401, 'unauthenticated');
      assertProblem(await api.call('POST', '/api/orders', { body: { lines: 'x' } }), 401, 'unauthenticated');
      assertProblem(await api.call('POST', '/api/customers', { token: warehouse.token, body: {} }), 403, 'forbidden');
    });

    it('answers 403 to a role that may not do it, and writes nothing', async () => {
      const before = await counts();
      const r = await api.call('POST', '/api/customers', { token: warehouse.token, body: { name: 'Warehouse Friend', country: 'DE', currency: 'EUR' } });
      assertProblem(r, 403, 'forbidden');
      assertProblem(await api.call('POST', '/api/orders', { token: collector.token, body: { customer_id: uuidv7(), lines: [{ sku: 'X', quantity: 1 }] } }), 403, 'forbidden');
      assertProblem(await api.call('GET', '/api/ledger/trial-balance', { token: sales.token }), 403, 'forbidden');
      assertProblem(await api.call('GET', '/api/users', { token: sales.token }), 403, 'forbidden');
      assertProblem(await api.call('POST', '/api/users', { token: sales.token, body: { email: 'x@y.z', name: 'X', password: 'xxxxxxxxxx', roles: ['admin'] } }), 403, 'forbidden');
      assert.deepEqual(await counts(), before);
      // an API key carries its roles
      const key = await api.call('POST', '/api/api-keys', { token: admin, body: { name: 'shop', roles: ['sales'] } });
      assertStatus(key, 201);
      const me = await api.call('GET', '/api/me', { token: key.json.key });
      assertStatus(me, 200);
      assert.equal(me.json.user.type, 'api_key');
      assertStatus(await api.call('GET', '/api/orders', { token: key.json.key }), 200);
      assertProblem(await api.call('GET', '/api/ledger/journal', { token: key.json.key }), 403, 'forbidden');
    });

    it('keeps tenants apart', async () => {
      const customer = await newCustomer();
      const product = await newProduct('10.00', 5);
      const order = await newOrder(customer.id, [{ product_id: product.id, quantity: 2 }]);
      const inv = await shipAndInvoice(order.id);
      const pay = await api.call('POST', '/api/payments', { token: collector.token, body: { customer_id: customer.id, amount: '5.00', apply: [{ invoice_id: inv.id, amount: '5.00' }] } });
      assertStatus(pay, 201);
      const appId = pay.json.applications[0].id;
      const before = await counts();

      const other = await api.tenantWithAdmin('globex');
      const t2 = other.token;
      for (const url of [`/api/orders/${order.id}`, `/api/orders/${order.id}/timeline`, `/api/customers/${customer.id}`,
        `/api/invoices/${inv.id}`, `/api/payments/${pay.json.id}`]) {
        assertProblem(await api.call('GET', url, { token: t2 }), 404, 'not_found');
      }
      for (const url of ['/api/orders', `/api/orders?customer_id=${customer.id}`, '/api/customers', '/api/invoices', `/api/invoices?customer_id=${customer.id}`,
        '/api/payments', '/api/shipments', '/api/products', '/api/receivables/open-items', '/api/ledger/journal']) {
        const r = await api.call('GET', url, { token: t2 });
        assertStatus(r, 200);
        assert.deepEqual(r.json.items, [], `${url} is empty for another tenant`);
      }
      const tb = await api.call('GET', '/api/ledger/trial-balance', { token: t2 });
      assert.deepEqual([tb.json.rows, tb.json.ar_check], [[], []]);
      const dash = await api.call('GET', '/api/dashboard', { token: t2 });
      assertStatus(dash, 200);
      assert.deepEqual(dash.json.recent_orders, []);

      // and cannot act on them either
      assertProblem(await api.call('POST', `/api/orders/${order.id}/cancel`, { token: t2, body: { reason: 'mine now' } }), 404, 'not_found');
      assertProblem(await api.call('POST', `/api/orders/${order.id}/ship`, { token: t2, body: {} }), 404, 'not_found');
      assertProblem(await api.call('POST', `/api/products/${product.id}/receipts`, { token: t2, body: { quantity: 1, unit_cost: '1.00' } }), 404, 'not_found');
      assertProblem(await api.call('PATCH', `/api/customers/${customer.id}/credit-limit`, { token: t2, body: { credit_limit: null } }), 404, 'not_found');
      assertProblem(await api.call('POST', `/api/payments/${pay.json.id}/apply`, { token: t2, body: { apply: [{ invoice_id: inv.id, amount: '1.00' }] } }), 404, 'not_found');
      assertProblem(await api.call('POST', `/api/payment-applications/${appId}/unapply`, { token: t2, body: { reason: 'mine' } }), 404, 'not_found');
      assertProblem(await api.call('POST', '/api/orders', { token: t2, body: { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 1 }] } }), 400, 'invalid_input', 'customer_id');
      assert.deepEqual(await counts(), before, 'the first tenant is untouched');
      const still = await api.call('GET', `/api/orders/${order.id}`, { token: admin });
      assert.equal(still.json.status, 'invoiced');
    });

    it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
      const customer = await newCustomer();
      const product = await newProduct('3.00', 10);
      const body = { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 2 }], confirm: true };
      const key = `order-${uuidv7()}`;
      const before = await counts();
      const first = await api.call('POST', '/api/orders', { token: sales.token, body, headers: { 'idempotency-key': key } });
      assertStatus(first, 201);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const afterFirst = await counts();
      assert.equal(afterFirst.orders, before.orders + 1);

      const again = await api.call('POST', '/api/orders', { token: sales.token, body, headers: { 'idempotency-key': key } });
      assertStatus(again, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body, 'the first answer, byte for byte');
      assert.deepEqual(await counts(), afterFirst, 'a replay writes nothing');
      const list = await api.call('GET', `/api/orders?customer_id=${customer.id}`, { token: sales.token });
      assert.equal(list.json.items.length, 1, 'one order');

      const other = await api.call('POST', '/api/orders', { token: sales.token, body: { ...body, lines: [{ product_id: product.id, quantity: 3 }] }, headers: { 'idempotency-key': key } });
      assertProblem(other, 422, 'idempotency_mismatch');
      assert.deepEqual(await counts(), afterFirst);

      // money is the reason keys exist: a retried payment is recorded once
      const payKey = `pay-${uuidv7()}`;
      const payBody = { customer_id: customer.id, amount: '12.00', reference: 'retry me' };
      const p1 = await api.call('POST', '/api/payments', { token: collector.token, body: payBody, headers: { 'idempotency-key': payKey } });
      const p2 = await api.call('POST', '/api/payments', { token: collector.token, body: payBody, headers: { 'idempotency-key': payKey } });
      assertStatus(p1, 201);
      assertStatus(p2, 201);
      assert.equal(p2.json.id, p1.json.id);
      assert.equal(p2.headers['idempotent-replayed'], 'true');
      const pays = await api.call('GET', `/api/payments?customer_id=${customer.id}`, { token: collector.token });
      assert.equal(pays.json.items.length, 1);

      // keys belong to a tenant: another tenant's request with the same key is its own
      const elsewhere = await api.tenantWithAdmin(`idem-${uuidv7().slice(-8)}`);
      const theirs = await api.call('POST', '/api/customers', { token: elsewhere.token, body: { name: 'Same Key GmbH', country: 'DE', currency: 'EUR' }, headers: { 'idempotency-key': payKey } });
      assertStatus(theirs, 201);
      assert.equal(theirs.headers['idempotent-replayed'], undefined);
      assert.deepEqual(await w.checkBooks(tenantId), { unbalanced: 0, mismatches: [] });
    });

    it('reports the value of a stock receipt as money in major units', async () => {
      // docs/api.md: money is always a decimal string in major units ("1234.50")
      const p = await api.call('POST', '/api/products', { token: sales.token, body: { sku: 'VALUE-1', name: 'Valued', unit_price: '9.00', currency: 'EUR' } });
      assertStatus(p, 201);
      const r = await api.call('POST', `/api/products/${p.json.id}/receipts`, { token: warehouse.token, body: { quantity: 4, unit_cost: '2.50' } });
      assertStatus(r, 201);
      assert.equal(r.json.on_hand, '4');
      assert.equal(r.json.value, '10.00');
    });
  });
}
