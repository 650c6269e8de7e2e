import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, durableDb } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { tableCounts } from '../support/api.ts';
import { booksViolations } from '../support/invariants.ts';
import { HANDLERS } from '../../src/app/handlers.ts';
import { inTx } from '../../src/app/run.ts';
import { provisionTenant } from '../../src/app/provision.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import { createProduct } from '../../src/catalog/products.ts';
import type { Db } from '../../src/db/db.ts';
import { Dispatcher, type Handler } from '../../src/events/dispatcher.ts';
import { receiveStock } from '../../src/inventory/stock.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { getOrder } from '../../src/orders/queries.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { listInvoices } from '../../src/billing/queries.ts';
import { systemActor } from '../../src/shared/scope.ts';

interface OutboxRow { id: string; dispatched_at: Date | null; attempts: number; last_error: string | null }

async function shippedEvent(db: Db, tenantId: string, shipmentId: string): Promise<OutboxRow> {
  const [row] = await db.query<OutboxRow>(
    `SELECT id, dispatched_at, attempts, last_error FROM outbox
      WHERE tenant_id = $1 AND type = 'shipment.shipped' AND payload->'data'->>'shipment_id' = $2`, [tenantId, shipmentId]);
  assert.ok(row, 'the shipment left an event in the outbox');
  return row;
}

async function invoicesOf(db: Db, tenantId: string, orderId: string) {
  return listInvoices(db, tenantId, { orderId });
}

for (const kind of await dbKinds()) {
  describe(`outbox [${kind}]`, () => {
    it('events survive a restart: a new dispatcher invoices the shipment exactly once', async () => {
      const d = await durableDb(kind);
      try {
        let db = d.db;
        const tenant = await provisionTenant(db, { slug: 'restart', name: 'Restart GmbH', baseCurrency: 'EUR', country: 'DE' });
        const run = <T>(fn: Parameters<typeof inTx<T>>[2]) => inTx(db, { tenantId: tenant.id, actor: systemActor }, fn);
        const customer = await run((tx, s) => createCustomer(tx, s, { name: 'Durable AG', country: 'DE', currency: 'EUR' }));
        const product = await run((tx, s) => createProduct(tx, s, { sku: 'KEEP', name: 'Keeper', unit_price: '12.00', currency: 'EUR' }));
        await run((tx, s) => receiveStock(tx, s, { productId: product.id, quantity: 5n, unitCost: '4.00' }));
        const order = await run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 2 }], confirm: true }));
        const shipment = await run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DPD' }));

        // the process that shipped stops before its dispatcher ran
        const first = new Dispatcher(db, HANDLERS);
        await first.stop();
        const pending = await shippedEvent(db, tenant.id, shipment.id);
        assert.equal(pending.dispatched_at, null);
        assert.equal(pending.attempts, 0);

        db = await d.restart();
        const errors: unknown[] = [];
        const second = new Dispatcher(db, HANDLERS, (e) => { errors.push(e); });
        assert.ok((await second.drain()) >= 1);
        assert.deepEqual(errors, []);
        const invoices = await invoicesOf(db, tenant.id, order.id);
        assert.equal(invoices.length, 1, 'exactly one invoice');
        assert.equal(invoices[0].invoice.shipment_id, shipment.id);
        assert.equal((await getOrder(db, tenant.id, order.id)).order.status, 'invoiced');
        const done = await shippedEvent(db, tenant.id, shipment.id);
        assert.ok(done.dispatched_at);
        assert.equal(done.attempts, 1);

        const before = await tableCounts(db, tenant.id);
        assert.equal(await second.drain(), 0, 'nothing left to do');
        assert.equal(await new Dispatcher(db, HANDLERS).drain(), 0, 'nor for yet another dispatcher');
        assert.deepEqual(await tableCounts(db, tenant.id), before, 'draining again changes nothing');
        assert.deepEqual(await booksViolations(db, tenant.id), []);
      } finally {
        await d.close();
      }
    });

    describe('a handler that throws', () => {
      let w: World;
      let seq = 0;
      before(async () => { w = await world(kind); });
      after(async () => { await w?.close(); });

      /** HANDLERS plus one that fails for the given shipments, after billing has done its writes. */
      const failingFor = (shipmentIds: Set<string>, errors: unknown[]) => {
        const carrierDown: Handler = {
          name: 'test.carrier-notification',
          eventType: 'shipment.shipped',
          async handle(_tx, _s, e) {
            if (shipmentIds.has(e.data.shipment_id as string)) throw new Error('carrier API down');
          },
        };
        return new Dispatcher(w.db, [...HANDLERS, carrierDown], (e) => { errors.push(e); });
      };
      const shippedOrder = async () => {
        const customer = await w.customer({ name: `Failing ${++seq}` });
        const product = await w.product(`FAIL-${seq}`, '10.00', 10n);
        const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 1 }], confirm: true }));
        const shipment = await w.run((tx, s) => shipOrder(tx, s, order.id));
        return { order, shipment };
      };
      const invoiceCounter = async () => {
        const rows = await w.db.query<{ next_value: bigint }>(`SELECT next_value FROM counters WHERE tenant_id = $1 AND series = 'invoice'`, [w.tenant.id]);
        return rows[0]?.next_value ?? 1n;
      };

      it('leaves the event pending with attempts and last_error, and nothing of its transaction written', async () => {
        await w.dispatcher.drain();
        const { order, shipment } = await shippedOrder();
        const counterBefore = await invoiceCounter();
        const errors: unknown[] = [];
        await failingFor(new Set([shipment.id]), errors).drain();

        const row = await shippedEvent(w.db, w.tenant.id, shipment.id);
        assert.equal(row.dispatched_at, null, 'still pending');
        assert.match(row.last_error ?? '', /carrier API down/);
        assert.ok(errors.length >= 1, 'the error was reported');
        assert.deepEqual(await invoicesOf(w.db, w.tenant.id, order.id), [], 'billing\'s writes rolled back with the failure');
        assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'shipped');
        assert.equal(await invoiceCounter(), counterBefore, 'the invoice number was given back');
        assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
        assert.equal(row.attempts, 1, 'one drain makes one attempt, so the event can still be retried by a later drain');
      });

      it('does not hold up the events behind it', async () => {
        const a = await shippedOrder();
        const b = await shippedOrder();
        await failingFor(new Set([a.shipment.id]), []).drain();
        assert.equal((await invoicesOf(w.db, w.tenant.id, a.order.id)).length, 0);
        assert.equal((await invoicesOf(w.db, w.tenant.id, b.order.id)).length, 1, 'the next event went through');
      });

      it('is processed once by a later successful drain', async () => {
        const { order, shipment } = await shippedOrder();
        const errors: unknown[] = [];
        await failingFor(new Set([shipment.id]), errors).drain();
        assert.ok(errors.length >= 1);
        assert.equal((await invoicesOf(w.db, w.tenant.id, order.id)).length, 0);
        const failedAttempts = (await shippedEvent(w.db, w.tenant.id, shipment.id)).attempts;

        const healthy = new Dispatcher(w.db, HANDLERS, (e) => { throw e; });
        await healthy.drain();
        const invoices = await invoicesOf(w.db, w.tenant.id, order.id);
        assert.equal(invoices.length, 1, 'the retried event invoiced the shipment');
        const row = await shippedEvent(w.db, w.tenant.id, shipment.id);
        assert.ok(row.dispatched_at, 'dispatched');
        assert.equal(row.attempts, failedAttempts + 1);
        assert.equal((await getOrder(w.db, w.tenant.id, order.id)).order.status, 'invoiced');

        const before = await tableCounts(w.db, w.tenant.id);
        assert.equal(await healthy.drain(), 0);
        assert.deepEqual(await tableCounts(w.db, w.tenant.id), before, 'processed once');
        assert.deepEqual(await w.checkBooks(), { unbalanced: 0, mismatches: [] });
      });

      it('after the last attempt the event waits for an operator', async () => {
        const { order, shipment } = await shippedOrder();
        const failing = failingFor(new Set([shipment.id]), []);
        for (let i = 0; i < 5 && (await shippedEvent(w.db, w.tenant.id, shipment.id)).attempts < 5; i++) await failing.drain();
        const parked = await shippedEvent(w.db, w.tenant.id, shipment.id);
        assert.equal(parked.attempts, 5);
        await failing.drain();
        await new Dispatcher(w.db, HANDLERS).drain();
        const still = await shippedEvent(w.db, w.tenant.id, shipment.id);
        assert.deepEqual([still.attempts, still.dispatched_at], [5, null], 'no more attempts once parked');
        assert.equal((await invoicesOf(w.db, w.tenant.id, order.id)).length, 0);
        // the operator's way out: reset the attempts; the next drain processes it
        await w.db.query('UPDATE outbox SET attempts = 0 WHERE tenant_id = $1 AND id = $2', [w.tenant.id, still.id]);
        await new Dispatcher(w.db, HANDLERS).drain();
        assert.equal((await invoicesOf(w.db, w.tenant.id, order.id)).length, 1);
      });
    });
  });
}
