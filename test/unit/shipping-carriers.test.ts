import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIERS, carrierFor, type Parcel } from '../../src/shipping/carriers.ts';
import { billableGrams, expressRate, luhnDigit, simulatedTrackingNumber, standardRate, trackingPlan } from '../../src/shipping/simulated.ts';
import { Failure } from '../../src/shared/failure.ts';

const parcel = (weight_grams: number, length_mm = 100, width_mm = 100, height_mm = 100): Parcel => ({ weight_grams, length_mm, width_mm, height_mm });
const fails = async (p: Promise<unknown>, field: string) =>
  assert.rejects(p, (e: unknown) => e instanceof Failure && e.code === 'invalid_input' && e.field === field);
const simulated = carrierFor('simulated');
const manual = carrierFor('manual');

describe('shipping: carrier registry', () => {
  it('knows the manual and the simulated carrier and refuses others, naming the field', () => {
    assert.deepEqual(CARRIERS, ['manual', 'simulated']);
    assert.equal(simulated.code, 'simulated');
    assert.throws(() => carrierFor('pigeon'), (e: unknown) => e instanceof Failure && e.code === 'invalid_input' && e.field === 'carrier');
    assert.throws(() => carrierFor('toString'), Failure);
  });
});

describe('shipping: manual carrier', () => {
  it('quotes nothing and labels with the tracking number the user typed', async () => {
    assert.deepEqual(await manual.quote({ shipTo: { country: 'NL' }, parcels: [parcel(1000)] }), []);
    const label = await manual.label({ shipmentNumber: 'SH-000001', shipTo: { country: 'NL' }, parcels: [], trackingNumber: ' 1Z 999-AA1 ' });
    assert.deepEqual(label, { trackingNumber: '1Z 999-AA1', service: 'standard' });
  });

  it('needs 4-40 letters, digits, spaces or dashes', async () => {
    const label = (trackingNumber?: string) => manual.label({ shipmentNumber: 'SH-000001', shipTo: { country: 'NL' }, parcels: [], trackingNumber });
    await fails(label(undefined), 'tracking_number');
    await fails(label('AB1'), 'tracking_number');
    await fails(label('AB12/34'), 'tracking_number');
    await fails(label('A'.repeat(41)), 'tracking_number');
  });
});

describe('shipping: simulated carrier rates (EUR cents, integers only)', () => {
  it('bills the larger of weight and volume weight, by started kilogram', () => {
    assert.equal(billableGrams(parcel(2500, 300, 200, 100)), 2500n); // volume weight 1200 g
    assert.equal(billableGrams(parcel(500, 600, 400, 400)), 19200n); // 96 000 000 mm³ / 5000
    assert.equal(billableGrams(parcel(1, 1001, 1, 1)), 1n);
    assert.equal(billableGrams(parcel(1, 5001, 1, 1)), 2n, 'volume weight rounds up to the gram');
    assert.equal(standardRate('NL', [parcel(1000)]), 495n);
    assert.equal(standardRate('NL', [parcel(1001)]), 575n);
    assert.equal(standardRate('NL', [parcel(2500, 300, 200, 100)]), 655n);
  });

  it('prices by zone of the destination and sums the parcels; express is 75 % more, rounded up', async () => {
    const us = [parcel(500, 600, 400, 400), parcel(31_500)];
    assert.equal(standardRate('US', us), 11045n + 16445n);
    assert.equal(expressRate(27490n), 48108n); // 48107.5 up
    assert.equal(expressRate(495n), 867n); // 866.25 up
    const quotes = await simulated.quote({ shipTo: { country: 'US' }, parcels: us });
    assert.deepEqual(quotes, [
      { carrier: 'simulated', service: 'standard', amount: 27490n, currency: 'EUR', transitDays: 5 },
      { carrier: 'simulated', service: 'express', amount: 48108n, currency: 'EUR', transitDays: 3 },
    ]);
    assert.deepEqual((await simulated.quote({ shipTo: { country: 'CH' }, parcels: [parcel(900)], service: 'express' })).map((q) => [q.service, q.amount, q.transitDays]),
      [['express', 2267n, 2]]);
    assert.equal((await simulated.quote({ shipTo: { country: 'JP' }, parcels: [parcel(900)] }))[0].amount, 3495n);
  });

  it('refuses what it cannot carry, naming the field', async () => {
    await fails(simulated.quote({ shipTo: { country: 'NL' }, parcels: [] }), 'parcels');
    await fails(simulated.quote({ shipTo: { country: 'NL' }, parcels: [parcel(31_501)] }), 'parcels[0].weight_grams');
    await fails(simulated.quote({ shipTo: { country: 'NL' }, parcels: [parcel(10), parcel(10, 100, 1751, 10)] }), 'parcels[1].width_mm');
    await fails(simulated.quote({ shipTo: { country: 'NL' }, parcels: [parcel(1.5)] }), 'parcels[0].weight_grams');
    await fails(simulated.quote({ shipTo: { country: 'XX' }, parcels: [parcel(10)] }), 'ship_to.country');
    await fails(simulated.quote({ shipTo: { country: 'NL' }, parcels: [parcel(10)], service: 'overnight' }), 'service');
  });
});

describe('shipping: simulated labels and scans', () => {
  it('makes SIM tracking numbers with a Luhn check digit', async () => {
    assert.equal(luhnDigit('7992739871'), 3);
    for (let i = 0; i < 20; i++) {
      const n = simulatedTrackingNumber();
      assert.match(n, /^SIM\d{11}$/);
      assert.equal(Number(n.at(-1)), luhnDigit(n.slice(3, -1)));
    }
    const label = await simulated.label({ shipmentNumber: 'SH-000001', shipTo: { country: 'NL' }, parcels: [], service: 'express' });
    assert.match(label.trackingNumber, /^SIM\d{11}$/);
    assert.equal(label.service, 'express');
  });

  it('plans pick-up, hub, out for delivery the next morning and delivery', () => {
    const shipped = new Date('2026-03-10T14:00:00Z');
    const plan = trackingPlan(shipped, { name: 'Nordwind B.V.', city: 'Utrecht', country: 'NL' });
    assert.deepEqual(plan.map((p) => [p.status, p.due_at.toISOString(), p.description]), [
      ['in_transit', '2026-03-10T16:00:00.000Z', 'picked up by Simulated Express'],
      ['in_transit', '2026-03-10T22:00:00.000Z', 'arrived at Utrecht hub'],
      ['out_for_delivery', '2026-03-11T07:30:00.000Z', 'out for delivery in Utrecht'],
      ['delivered', '2026-03-11T11:30:00.000Z', 'delivered to Nordwind B.V.'],
    ]);
    const late = trackingPlan(new Date('2026-03-10T23:50:00Z'), { country: 'BR' });
    for (let i = 1; i < late.length; i++) assert.ok(late[i].due_at > late[i - 1].due_at, `scan ${i} after scan ${i - 1}`);
    assert.equal(late[1].description, 'arrived at the sorting centre in BR');
    assert.equal(late[3].description, 'delivered');
  });
});
