import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { apiWorld, type ApiWorld, type Reply } from '../support/api.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import type { StoredEvent } from '../../src/events/emit.ts';
import { shippingHandlers } from '../../src/shipping/handlers.ts';
import { runDueTrackingEvents } from '../../src/shipping/run-due.ts';
import { signedHeaders } from '../../src/shipping/signature.ts';

function assertProblem(r: Reply, status: number, code: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json.code, code);
  if (field) assert.equal(r.json.field, field);
}

const HOUR = 3600_000;

for (const kind of await dbKinds()) {
  describe(`shipping: carrier tracking through the signed webhook [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let t: ReturnType<World['forTenant']>;
    let admin: string;
    let warehouse: string;
    let secret: string;
    let customerId: string;
    let seq = 0;

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
      const made = await api.tenantWithAdmin('ship');
      admin = made.token;
      t = w.forTenant(made.tenant.id);
      warehouse = (await api.user(admin, 'ship', 'Wendy Warehouse', ['warehouse'])).token;
      customerId = (await t.customer({ customer_number: 'NW', name: 'Nordwind B.V.', email: 'buyer@ship.test', country: 'NL', address_line: 'Oudegracht 1', city: 'Utrecht', postal_code: '3511 AB' })).id;
      await t.product('TRK-1', '10.00', 1000n);
      const r = await api.call('GET', '/api/settings/tracking-webhook', { token: admin });
      assert.equal(r.status, 200, r.body);
      secret = r.json.secret;
    });
    after(async () => {
      await api?.close();
      await w?.close();
    });

    /** An order captured and shipped through the use cases, its shipment.shipped handled. */
    const shipped = async (carrier: string, tracking: string | null, customer = customerId) => {
      const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: customer, lines: [{ sku: 'TRK-1', quantity: 1 }], confirm: true }));
      assert.equal(order.status, 'allocated');
      const shipment = await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier, tracking_number: tracking }));
      await api.settle();
      return shipment;
    };
    const manualTracking = () => `MAN-${process.pid}-${++seq}`;
    const post = (carrier: string, body: object | string, o: { key?: string; at?: Date; headers?: Record<string, string>; tenant?: string } = {}) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      return api.call('POST', `/api/webhooks/tracking/${carrier}?tenant=${o.tenant ?? 'ship'}`, {
        body: raw, headers: { 'content-type': 'application/json', ...signedHeaders(o.key ?? secret, raw, o.at ?? new Date()), ...o.headers },
      });
    };
    const event = (tracking: string, status: string, occurredAt: Date, extra: object = {}) =>
      ({ event_id: `ev-${++seq}`, tracking_number: tracking, status, occurred_at: occurredAt.toISOString(), ...extra });
    const tracking = async (shipmentId: string, token = warehouse) => {
      const r = await api.call('GET', `/api/shipments/${shipmentId}/tracking`, { token });
      assert.equal(r.status, 200, r.body);
      return r.json;
    };
    const trackingRows = async () => Number((await w.db.query<{ n: bigint }>('SELECT COUNT(*)::bigint AS n FROM tracking_events WHERE tenant_id = $1', [t.tenantId]))[0].n);

    it('gives admins the webhook secret, made once, and rotates it', async () => {
      const again = await api.call('GET', '/api/settings/tracking-webhook', { token: admin });
      assert.equal(again.json.secret, secret);
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(again.json.url, '/api/webhooks/tracking/{carrier}?tenant=ship');
      assertProblem(await api.call('GET', '/api/settings/tracking-webhook', { token: warehouse }), 403, 'forbidden');
      assertProblem(await api.call('POST', '/api/settings/tracking-webhook/rotate', { token: warehouse }), 403, 'forbidden');
      const sh = await shipped('manual', manualTracking());
      const rotated = await api.call('POST', '/api/settings/tracking-webhook/rotate', { token: admin });
      assert.equal(rotated.status, 200, rotated.body);
      assert.notEqual(rotated.json.secret, secret);
      const stale = await post('manual', event(sh.tracking_number!, 'in_transit', new Date()));
      assertProblem(stale, 401, 'unauthenticated');
      secret = rotated.json.secret;
      assert.equal((await post('manual', event(sh.tracking_number!, 'in_transit', new Date()))).status, 200);
    });

    it('accepts a signed event: stored, on the order timeline, shipment in transit', async () => {
      const sh = await shipped('manual', manualTracking());
      const r = await post('manual', event(sh.tracking_number!, 'in_transit', new Date(Date.now() - HOUR), { location: 'Utrecht', description: 'arrived at Utrecht hub' }));
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json.duplicate, false);
      assert.equal(r.json.shipment_id, sh.id);
      assert.equal(r.json.shipment_status, 'in_transit');
      const tl = await timelineOf(w.db, t.tenantId, 'order', sh.order_id);
      const entry = tl.find((e) => e.event_type === 'shipment.tracking');
      assert.equal(entry?.summary, `${sh.shipment_number} arrived at Utrecht hub`);
      assert.ok(tl.some((e) => e.event_type === 'shipment.status_changed' && e.summary === `Shipment ${sh.shipment_number} in transit`));
      assert.ok((await timelineOf(w.db, t.tenantId, 'shipment', sh.id)).some((e) => e.event_type === 'shipment.tracking'));
      const view = await tracking(sh.id);
      assert.equal(view.status, 'in_transit');
      assert.deepEqual(view.items.map((i: any) => [i.status, i.location, i.description]), [['in_transit', 'Utrecht', 'arrived at Utrecht hub']]);
    });

    it('rejects a bad signature, a stale timestamp, missing headers and an unknown tenant with 401, writing nothing', async () => {
      const sh = await shipped('manual', manualTracking());
      const before = await trackingRows();
      const body = event(sh.tracking_number!, 'in_transit', new Date());
      assertProblem(await post('manual', body, { key: 'whsec_wrong' }), 401, 'unauthenticated');
      assertProblem(await post('manual', body, { at: new Date(Date.now() - 6 * 60_000) }), 401, 'unauthenticated');
      assertProblem(await post('manual', body, { headers: { 'x-o2c-signature': '' } }), 401, 'unauthenticated');
      assertProblem(await post('manual', body, { tenant: 'nobody' }), 401, 'unauthenticated');
      const raw = JSON.stringify(body);
      const headers = { 'content-type': 'application/json', ...signedHeaders(secret, raw, new Date()) };
      const tampered = await api.call('POST', '/api/webhooks/tracking/manual?tenant=ship', { body: raw.replace('in_transit', 'delivered'), headers });
      assertProblem(tampered, 401, 'unauthenticated');
      const spaced = await api.call('POST', '/api/webhooks/tracking/manual?tenant=ship', { body: raw.replace(',', ', '), headers });
      assertProblem(spaced, 401, 'unauthenticated');
      assert.equal(await trackingRows(), before);
      assert.equal((await tracking(sh.id)).status, 'shipped');
      assertProblem(await post('manual', '{"event_id":', {}), 400, 'invalid_input', 'body');
    });

    it('accepts an event id once: a replay answers duplicate and changes nothing', async () => {
      const sh = await shipped('manual', manualTracking());
      const body = event(sh.tracking_number!, 'out_for_delivery', new Date());
      const first = await post('manual', body);
      assert.equal(first.json.duplicate, false);
      const rows = await trackingRows();
      const tl = (await timelineOf(w.db, t.tenantId, 'order', sh.order_id)).length;
      const replay = await post('manual', { ...body, status: 'delivered' });
      assert.equal(replay.status, 200, replay.body);
      assert.equal(replay.json.duplicate, true);
      assert.equal(replay.json.tracking_event_id, first.json.tracking_event_id);
      assert.equal(replay.json.shipment_status, 'out_for_delivery');
      assert.equal(await trackingRows(), rows);
      assert.equal((await timelineOf(w.db, t.tenantId, 'order', sh.order_id)).length, tl);
    });

    it('answers 404 for a tracking number it does not know, or one of another carrier', async () => {
      const sh = await shipped('manual', manualTracking());
      assertProblem(await post('manual', event('NO-SUCH-NUMBER', 'in_transit', new Date())), 404, 'not_found', 'tracking_number');
      assertProblem(await post('simulated', event(sh.tracking_number!, 'in_transit', new Date())), 404, 'not_found', 'tracking_number');
    });

    it('follows the newest report when they come out of order; delivery closes the shipment', async () => {
      const sh = await shipped('manual', manualTracking());
      const t0 = Date.now() - 10 * HOUR;
      assert.equal((await post('manual', event(sh.tracking_number!, 'out_for_delivery', new Date(t0 + 8 * HOUR)))).json.shipment_status, 'out_for_delivery');
      assert.equal((await post('manual', event(sh.tracking_number!, 'in_transit', new Date(t0 + 2 * HOUR)))).json.shipment_status, 'out_for_delivery', 'an older scan does not move it back');
      assert.equal((await post('manual', event(sh.tracking_number!, 'delivered', new Date(t0 + 9 * HOUR), { description: 'delivered to reception' }))).json.shipment_status, 'delivered');
      assert.equal((await post('manual', event(sh.tracking_number!, 'exception', new Date(t0 + 9.5 * HOUR)))).json.shipment_status, 'delivered', 'a late scan does not reopen it');
      const [row] = await w.db.query<{ status: string; delivered_at: Date }>('SELECT status, delivered_at FROM shipments WHERE tenant_id = $1 AND id = $2', [t.tenantId, sh.id]);
      assert.equal(row.status, 'delivered');
      assert.equal(row.delivered_at.getTime(), t0 + 9 * HOUR);
      const view = await tracking(sh.id);
      assert.deepEqual(view.items.map((i: any) => i.status), ['exception', 'delivered', 'out_for_delivery', 'in_transit'], 'newest first by when it happened');
      const tl = await timelineOf(w.db, t.tenantId, 'order', sh.order_id);
      assert.ok(tl.some((e) => e.event_type === 'shipment.delivered' && e.summary === `Shipment ${sh.shipment_number} delivered`));
      assert.ok(tl.some((e) => e.event_type === 'shipment.tracking' && e.summary === `${sh.shipment_number} delivered to reception`));
    });

    it('delivers the simulated carrier\'s scans when they are due, through the webhook\'s path', async () => {
      const sh = await shipped('simulated', null);
      assert.match(sh.tracking_number!, /^SIM\d{11}$/, 'the simulated carrier labels the shipment');
      const at = new Date(sh.shipped_at).getTime();
      const scans = await w.db.query<{ status: string; due_at: Date }>(
        'SELECT status, due_at FROM scheduled_tracking_events WHERE tenant_id = $1 AND shipment_id = $2 ORDER BY step', [t.tenantId, sh.id]);
      assert.deepEqual(scans.map((s) => s.status), ['in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
      const redelivered = { data: { shipment_id: sh.id } } as unknown as StoredEvent;
      await t.run((tx, s) => shippingHandlers[0].handle(tx, s, redelivered));
      assert.equal((await w.db.query('SELECT id FROM scheduled_tracking_events WHERE tenant_id = $1 AND shipment_id = $2', [t.tenantId, sh.id])).length, 4,
        'a shipment.shipped handled twice schedules nothing new');
      assert.equal(await runDueTrackingEvents(w.db, new Date(at + HOUR)), 0);
      assert.equal(await runDueTrackingEvents(w.db, new Date(at + 3 * HOUR)), 1);
      assert.equal((await tracking(sh.id)).status, 'in_transit');
      assert.equal(await runDueTrackingEvents(w.db, new Date(at + 3 * HOUR)), 0, 'each scan is reported once');
      assert.equal(await runDueTrackingEvents(w.db, new Date(at + 2 * 24 * HOUR)), 3);
      const view = await tracking(sh.id);
      assert.equal(view.status, 'delivered');
      assert.deepEqual(view.items.map((i: any) => i.description), ['delivered to Nordwind B.V.', 'out for delivery in Utrecht', 'arrived at Utrecht hub', 'picked up by Simulated Express']);
      const tl = await timelineOf(w.db, t.tenantId, 'order', sh.order_id);
      assert.ok(tl.some((e) => e.summary === `${sh.shipment_number} arrived at Utrecht hub`));
      assert.ok(tl.some((e) => e.event_type === 'shipment.delivered'));
      const [{ n }] = await w.db.query<{ n: bigint }>(
        "SELECT COUNT(*)::bigint AS n FROM scheduled_tracking_events WHERE tenant_id = $1 AND shipment_id = $2 AND outcome = 'accepted'", [t.tenantId, sh.id]);
      assert.equal(n, 4n);
    });

    it('records a scan the webhook rejects and goes on with the others', async () => {
      const sh = await shipped('simulated', null);
      await w.db.query("UPDATE shipments SET tracking_number = 'SIM-CORRECTED' WHERE tenant_id = $1 AND id = $2", [t.tenantId, sh.id]);
      assert.equal(await runDueTrackingEvents(w.db, new Date(new Date(sh.shipped_at).getTime() + 3 * 24 * HOUR)), 0);
      const outcomes = await w.db.query<{ outcome: string }>('SELECT outcome FROM scheduled_tracking_events WHERE tenant_id = $1 AND shipment_id = $2', [t.tenantId, sh.id]);
      assert.equal(outcomes.length, 4);
      for (const o of outcomes) assert.equal(o.outcome, `rejected: no simulated shipment with tracking number ${sh.tracking_number}`);
    });

    it('shows tracking to staff and to the customer of the order only', async () => {
      const sh = await shipped('manual', manualTracking());
      await post('manual', event(sh.tracking_number!, 'in_transit', new Date()));
      const stranger = await t.customer({ customer_number: 'OT', name: 'Other B.V.', country: 'NL' });
      const buyer = await api.portalUser(admin, 'ship', customerId, 'Buyer');
      const other = await api.portalUser(admin, 'ship', stranger.id, 'Other');
      assert.equal((await tracking(sh.id, buyer.token)).items.length, 1);
      assertProblem(await api.call('GET', `/api/shipments/${sh.id}/tracking`, { token: other.token }), 404, 'not_found');
      assertProblem(await api.call('GET', `/api/shipments/${sh.id}/tracking`), 401, 'unauthenticated');
      assertProblem(await api.call('GET', '/api/shipments/00000000-0000-7000-8000-000000000000/tracking', { token: warehouse }), 404, 'not_found');
    });

    it('lists carriers and quotes rates, cheapest first, money as decimal strings', async () => {
      const list = await api.call('GET', '/api/carriers', { token: warehouse });
      assert.deepEqual(list.json.items.map((c: any) => c.code), ['manual', 'simulated']);
      const body = { ship_to: { country: 'US', city: 'Austin' }, parcels: [{ weight_grams: 500, length_mm: 600, width_mm: 400, height_mm: 400 }, { weight_grams: 31500, length_mm: 100, width_mm: 100, height_mm: 100 }] };
      const q = await api.call('POST', '/api/carriers/quote', { token: warehouse, body });
      assert.equal(q.status, 200, q.body);
      assert.deepEqual(q.json.items, [
        { carrier: 'simulated', service: 'standard', amount: '274.90', currency: 'EUR', transit_days: 5 },
        { carrier: 'simulated', service: 'express', amount: '481.08', currency: 'EUR', transit_days: 3 },
      ]);
      assertProblem(await api.call('POST', '/api/carriers/quote', { token: warehouse, body: { ...body, ship_to: { country: 'XX' } } }), 400, 'invalid_input', 'ship_to.country');
      assertProblem(await api.call('POST', '/api/carriers/quote', { token: warehouse, body: { ...body, carrier: 'pigeon' } }), 400, 'invalid_input', 'carrier');
      assertProblem(await api.call('POST', '/api/carriers/quote', { token: warehouse, body: { ...body, parcels: [{ ...body.parcels[0], weight_grams: 40000 }] } }), 400, 'invalid_input', 'parcels[0].weight_grams');
    });
  });
}
