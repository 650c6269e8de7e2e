import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { paymentViolations, stockViolations } from '../support/invariants.ts';
import { HANDLERS } from '../../src/app/handlers.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { confirmOrder } from '../../src/orders/confirm.ts';
import type { Order } from '../../src/orders/model.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { invoiceShipment } from '../../src/billing/issue.ts';
import { applyPayment, recordPayment, type Payment } from '../../src/payments/payments.ts';
import { Failure, type FailureCode } from '../../src/shared/failure.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { uuidv7 } from '../../src/shared/ids.ts';
import { apiWorld } from '../support/api.ts';

/** Splits settled results into values and expected Failures; anything else is rethrown. */
function sortOut<T>(results: PromiseSettledResult<T>[], expected: FailureCode[]) {
  const ok: T[] = [];
  const failed: Failure[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok.push(r.value);
    else if (r.reason instanceof Failure && expected.includes(r.reason.code)) failed.push(r.reason);
    else throw r.reason;
  }
  return { ok, failed };
}

const kinds = await dbKinds();

describe('concurrency [postgres]', { skip: kinds.includes('postgres') ? false : 'needs a PostgreSQL server' }, () => {
  let w: World;
  before(async () => { w = await world('postgres', { poolSize: 20 }); });
  after(async () => { await w?.close(); });

  const draft = (customerId: string, productId: string, quantity: number, t = w.forTenant(w.tenant.id)) =>
    t.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, lines: [{ product_id: productId, quantity }] }));
  const level = async (productId: string) => {
    const [l] = await w.db.query<{ on_hand: bigint; reserved: bigint }>(
      'SELECT on_hand, reserved FROM stock_levels WHERE tenant_id = $1 AND product_id = $2', [w.tenant.id, productId]);
    return l;
  };

  it('50 concurrent confirmations for the last 10 units reserve exactly 10', async () => {
    const product = await w.product('LAST-10', '5.00', 10n);
    const customers = await Promise.all(Array.from({ length: 10 }, (_, i) => w.customer({ name: `Buyer ${i}` })));
    const orders = await Promise.all(Array.from({ length: 50 }, (_, i) => draft(customers[i % 10].id, product.id, 1)));
    assert.equal(new Set(orders.map((o) => o.order_number)).size, 50, 'concurrent captures get distinct numbers');

    const results = await Promise.allSettled(orders.map((o) => w.run((tx, s) => confirmOrder(tx, s, o.id))));
    const { ok, failed } = sortOut(results, []);
    assert.equal(failed.length, 0, 'every order is approved');
    assert.equal(ok.filter((o) => o.status === 'allocated').length, 10, 'ten get the last ten units');
    assert.equal(ok.filter((o) => o.status === 'approved').length, 40, 'forty wait for stock');

    const l = await level(product.id);
    assert.deepEqual([l.on_hand, l.reserved], [10n, 10n]);
    assert.deepEqual(await stockViolations(w.db, w.tenant.id), []);
  });

  it('concurrent confirmations of mixed quantities never reserve more than is on hand', async () => {
    const product = await w.product('SCARCE', '2.00', 25n);
    const customers = await Promise.all(Array.from({ length: 5 }, (_, i) => w.customer({ name: `Mixed ${i}` })));
    const qty = (i: number) => (i * 7) % 4 + 1; // 1..4
    const orders = await Promise.all(Array.from({ length: 30 }, (_, i) => draft(customers[i % 5].id, product.id, qty(i))));
    const results = await Promise.allSettled(orders.map((o) => w.run((tx, s) => confirmOrder(tx, s, o.id))));
    const { ok, failed } = sortOut(results, []);
    assert.equal(failed.length, 0);
    const l = await level(product.id);
    assert.equal(l.reserved, 25n, 'every unit reserved, none twice');
    const [r] = await w.db.query<{ reserved: bigint }>(
      `SELECT COALESCE(SUM(quantity), 0)::bigint AS reserved FROM reservations WHERE tenant_id = $1 AND order_id = ANY($2::uuid[]) AND status = 'active'`,
      [w.tenant.id, orders.map((o) => o.id)]);
    assert.equal(r.reserved, 25n, 'the reservations add up to the stock reserved');
    assert.ok(ok.every((o) => ['allocated', 'partially_allocated', 'approved'].includes(o.status)));
    assert.deepEqual(await stockViolations(w.db, w.tenant.id), []);
  });

  it('20 orders of one customer confirmed at once never exceed the credit limit together', async () => {
    const limit = 50000n; // 500.00
    const customer = await w.customer({ name: 'Credit Line Ltd', credit_limit: formatAmount(limit, 'EUR') });
    const product = await w.product('CREDIT-10', '10.00', 1000n);
    const orders = await Promise.all(Array.from({ length: 20 }, (_, i) => draft(customer.id, product.id, (i * 5) % 8 + 1)));
    const all = orders.reduce((t, o) => t + o.total, 0n);
    assert.ok(all > 2n * limit, 'together far over the limit');

    const results = await Promise.allSettled(orders.map((o) => w.run((tx, s) => confirmOrder(tx, s, o.id))));
    const { ok } = sortOut<Order>(results, []);
    assert.equal(ok.length, 20, 'over the limit is a hold, not an error');
    const confirmed = ok.filter((o) => o.status === 'allocated');
    const held = ok.filter((o) => o.status === 'on_hold');
    assert.equal(confirmed.length + held.length, 20);
    assert.ok(confirmed.length > 0 && held.length > 0);
    const exposure = confirmed.reduce((t, o) => t + o.total, 0n);
    assert.ok(exposure <= limit, `confirmed ${formatAmount(exposure, 'EUR')} within ${formatAmount(limit, 'EUR')}`);
    for (const h of held) {
      assert.equal(h.hold_reason, 'credit');
      // checked one after the other: when h was held, what was confirmed by then plus h exceeded the limit
      assert.ok(h.total + exposure > limit, `held ${formatAmount(h.total, 'EUR')} would have fit`);
    }
    const [d] = await w.db.query<{ n: bigint }>('SELECT COUNT(*)::bigint AS n FROM credit_decisions WHERE tenant_id = $1 AND customer_id = $2', [w.tenant.id, customer.id]);
    assert.equal(d.n, 20n, 'one decision per order');
  });

  it('30 invoices issued at once take the numbers 1 to 30 of the year, none skipped, none twice', async () => {
    const t = w.forTenant((await w.addTenant(`inv-${process.pid}`)).id);
    const c = await t.customer();
    const p = await t.product('INV-NUM', '10.00', 1000n);
    const shipments = [];
    for (let i = 0; i < 30; i++) {
      const o = await t.run((tx, s) => captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: p.id, quantity: 1 }], confirm: true }));
      shipments.push(await t.run((tx, s) => shipOrder(tx, s, o.id)));
    }
    // Some issuers roll back (a failure after taking a number): their numbers must be given back.
    const results = await Promise.allSettled(shipments.map((sh, i) => t.run(async (tx, s) => {
      const id = await invoiceShipment(tx, s, sh.id);
      if (i % 7 === 3) throw new Error('rolled back after numbering');
      return id;
    })));
    assert.equal(results.filter((r) => r.status === 'rejected').length, 4);
    await Promise.all(shipments.map((sh, i) => i % 7 === 3 ? t.run((tx, s) => invoiceShipment(tx, s, sh.id)) : null));
    const numbers = (await listInvoices(w.db, t.tenantId)).map((r) => Number(r.invoice.invoice_number.slice(-6))).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('10 concurrent applications never apply more than the payment or more than is open', async () => {
    const customer = await w.customer({ name: 'Payer AG' });
    const product = await w.product('PAYME', '19.99', 100n);
    const invoiceFor = async (qty: number) => {
      const o = await w.run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: qty }], confirm: true }));
      await w.run((tx, s) => shipOrder(tx, s, o.id));
      await w.dispatcher.drain();
      const [inv] = await listInvoices(w.db, w.tenant.id, { orderId: o.id });
      return inv.invoice;
    };
    const pay = (amount: string) => w.run((tx, s) => recordPayment(tx, s, { customer_id: customer.id, amount }));
    const applyAll = (p: Payment[], invoiceId: string, amount: string) =>
      Promise.allSettled(p.map((x) => w.run((tx, s) => applyPayment(tx, s, x.id, [{ invoice_id: invoiceId, amount }]))));
    const openOf = async (invoiceId: string) => (await listInvoices(w.db, w.tenant.id, { customerId: customer.id })).find((i) => i.invoice.id === invoiceId)!.open;
    const unappliedOf = async (id: string) => (await w.db.query<{ unapplied: bigint }>('SELECT unapplied FROM payments WHERE tenant_id = $1 AND id = $2', [w.tenant.id, id]))[0].unapplied;

    const inv = await invoiceFor(10); // 199.90 + 37.98 = 237.88
    assert.equal(inv.total, 23788n);

    // one payment of 50.00, ten applications of 15.00 at once: the payment binds, three fit
    const p1 = await pay('50.00');
    let r = sortOut(await applyAll(Array(10).fill(p1), inv.id, '15.00'), ['conflict']);
    assert.equal(r.ok.length, 3);
    assert.equal(await unappliedOf(p1.id), 500n);
    assert.equal(await openOf(inv.id), 23788n - 4500n);

    // one payment of 300.00, ten of 30.00 at once: the invoice (192.88 open) binds, six fit
    const p2 = await pay('300.00');
    r = sortOut(await applyAll(Array(10).fill(p2), inv.id, '30.00'), ['conflict']);
    assert.equal(r.ok.length, 6);
    assert.equal(await unappliedOf(p2.id), 30000n - 18000n);
    assert.equal(await openOf(inv.id), 1288n);

    // ten payments of 30.00 applied to one fresh invoice at once: only the open item's lock stands between them
    const inv2 = await invoiceFor(10);
    const payments = [];
    for (let i = 0; i < 10; i++) payments.push(await pay('30.00'));
    r = sortOut(await applyAll(payments, inv2.id, '30.00'), ['conflict']);
    assert.equal(r.ok.length, 7);
    assert.equal(await openOf(inv2.id), 23788n - 21000n);

    assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
  });

  it('concurrent retries with one Idempotency-Key record one payment', async () => {
    const api = await apiWorld(w.db);
    try {
      const { tenant, token } = await api.tenantWithAdmin('idempotent-race');
      const c = await api.call('POST', '/api/customers', { token, body: { name: 'Retry Happy GmbH', country: 'DE', currency: 'EUR' } });
      assert.equal(c.status, 201, c.body);
      const key = `pay-${uuidv7()}`;
      const body = { customer_id: c.json.id, amount: '99.99', reference: 'webhook delivery' };
      const replies = await Promise.all(Array.from({ length: 8 }, () =>
        api.call('POST', '/api/payments', { token, body, headers: { 'idempotency-key': key } })));
      const fresh = replies.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
      const replayed = replies.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === 'true');
      const busy = replies.filter((r) => r.status === 409 && r.json?.code === 'conflict');
      assert.equal(fresh.length, 1, replies.map((r) => `${r.status} ${r.headers['idempotent-replayed'] ?? ''}`).join(', '));
      assert.equal(fresh.length + replayed.length + busy.length, 8, 'each retry either replays or is told to retry');
      for (const r of replayed) assert.equal(r.body, fresh[0].body);
      const [n] = await w.db.query<{ n: bigint }>('SELECT COUNT(*)::bigint AS n FROM payments WHERE tenant_id = $1', [tenant.id]);
      assert.equal(n.n, 1n, 'one payment');
      assert.deepEqual(await w.checkBooks(tenant.id), { unbalanced: 0, mismatches: [] });
    } finally {
      await api.close();
    }
  });

  it('invoices issued concurrently by two dispatchers get gapless numbers 1..20', async () => {
    const tenant = await w.addTenant('invoice-race');
    const t = w.forTenant(tenant.id);
    const customer = await t.customer({ name: 'Race Condition GmbH' });
    const product = await t.product('RACE', '4.20', 200n);
    const orders = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: i % 3 + 1 }], confirm: true }))));
    assert.ok(orders.every((o) => o.status === 'allocated'));

    const shipments = await Promise.all(orders.map((o) => t.run((tx, s) => shipOrder(tx, s, o.id, { carrier: 'UPS' }))));
    assert.deepEqual(shipments.map((s) => Number(s.shipment_number.slice(3))).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));

    const errors: unknown[] = [];
    const d1 = new Dispatcher(w.db, HANDLERS, (e) => { errors.push(e); });
    const d2 = new Dispatcher(w.db, HANDLERS, (e) => { errors.push(e); });
    const [n1, n2] = await Promise.all([d1.drain(), d2.drain()]);
    assert.deepEqual(errors, []);
    assert.ok(n1 + n2 >= 20, `${n1} + ${n2} events dispatched`);

    const invoices = await listInvoices(w.db, tenant.id);
    assert.equal(invoices.length, 20, 'one invoice per shipment');
    assert.equal(new Set(invoices.map((i) => i.invoice.shipment_id)).size, 20);
    const year = invoices[0].invoice.issue_date.slice(0, 4);
    assert.deepEqual(invoices.map((i) => i.invoice.invoice_number).sort(),
      Array.from({ length: 20 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`));
    const [ob] = await w.db.query<{ pending: bigint; retried: bigint }>(
      `SELECT COUNT(*) FILTER (WHERE dispatched_at IS NULL)::bigint AS pending, COUNT(*) FILTER (WHERE attempts <> 1)::bigint AS retried
         FROM outbox WHERE tenant_id = $1`, [tenant.id]);
    assert.deepEqual([ob.pending, ob.retried], [0n, 0n], 'every event handled exactly once');
    const [st] = await w.db.query<{ n: bigint }>(`SELECT COUNT(*)::bigint AS n FROM orders WHERE tenant_id = $1 AND status = 'invoiced'`, [tenant.id]);
    assert.equal(st.n, 20n);
    assert.deepEqual(await w.checkBooks(tenant.id), { unbalanced: 0, mismatches: [] });
    assert.deepEqual(await stockViolations(w.db, tenant.id), []);
  });
});
