import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { ediHandlers } from '../../src/edi/handlers.ts';
import { folderDropFromEnv } from '../../src/edi/outbound.ts';
import { element, parseX12 } from '../../src/edi/x12/parse.ts';
import type { StoredEvent } from '../../src/events/emit.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { captureOrder } from '../../src/orders/capture.ts';

const handler = ediHandlers.find((h) => h.eventType === 'shipment.shipped')!;

// An EDI customer's shipment becomes an 856 file in its partner folder, once; other customers get none.
for (const kind of await dbKinds()) {
  describe(`EDI ship notice out [${kind}]`, () => {
    let w: World;
    let root: string;
    const saved = process.env.O2C_EDI_OUT_DIR;
    before(async () => {
      w = await world(kind);
      root = await mkdtemp(join(tmpdir(), 'o2c-edi-out-'));
      process.env.O2C_EDI_OUT_DIR = root;
    });
    after(async () => {
      if (saved === undefined) delete process.env.O2C_EDI_OUT_DIR;
      else process.env.O2C_EDI_OUT_DIR = saved;
      await rm(root, { recursive: true, force: true });
      await w.close();
    });

    const shipped = async (customerId: string, po: string) => {
      const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, po_number: po, lines: [{ sku: 'ASN-A', quantity: 120 }, { sku: 'ASN-B', quantity: 20 }], confirm: true }));
      assert.equal(order.status, 'allocated');
      const shipment = await w.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL', tracking_number: 'JD014600001234' }));
      const [row] = await w.db.query<{ payload: StoredEvent }>(
        `SELECT payload FROM outbox WHERE tenant_id = $1 AND type = 'shipment.shipped' AND payload->'data'->>'shipment_id' = $2`, [w.tenant.id, shipment.id]);
      return { order, shipment, deliver: () => w.run((tx, s) => handler.handle(tx, s, row.payload)) };
    };
    const sent = async (shipmentId: string) => (await timelineOf(w.db, w.tenant.id, 'shipment', shipmentId)).filter((e) => e.event_type === 'edi.asn_sent');

    it('drops an 856 for an EDI customer, and a redelivered event writes nothing new', async () => {
      await w.product('ASN-A', '9.25', 500n);
      await w.product('ASN-B', '13.79', 500n);
      const c = await w.customer({ customer_number: 'EDI1', name: 'Acme*Retail', edi_id: 'ACME 4405/197', address_line: 'Hafenstraße 1', city: 'Köln', postal_code: '50667' });
      const { shipment, deliver } = await shipped(c.id, 'PO-856');
      await deliver();

      const folder = folderDropFromEnv().folder(w.tenant.id, 'ACME 4405/197');
      assert.equal(folder, join(root, w.tenant.id, 'ACME_4405_197'));
      const name = `856-${shipment.shipment_number}.x12`;
      assert.deepEqual(await readdir(folder), [name], 'one file, no temp file left');
      const text = await readFile(join(folder, name), 'utf8');
      const r = parseX12(text);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      const ic = r.interchanges[0];
      assert.equal(ic.receiverId, 'ACME 4405/197');
      const set = ic.groups[0].sets[0];
      assert.equal(set.type, '856');
      const els = (id: string) => set.segments.filter((s) => s.id === id).map((s) => s.elements);
      assert.deepEqual(els('BSN')[0].slice(0, 2), ['00', shipment.shipment_number]);
      assert.deepEqual(els('HL').map((h) => h[2]), ['S', 'O', 'P', 'I', 'I']);
      assert.deepEqual(els('TD1'), [['CTN25', '1']], 'one package, weight unknown');
      assert.deepEqual(els('TD5'), [['B', '', '', '', 'DHL']]);
      assert.deepEqual(els('REF'), [['CN', 'JD014600001234']]);
      assert.deepEqual(els('N1'), [['ST', 'Acme Retail'], ['SF', `Tenant ${w.tenant.slug}`, '91', 'MAIN']]);
      assert.deepEqual(els('N3')[0], ['Hafenstrasse 1']);
      assert.deepEqual(els('PRF'), [['PO-856']]);
      assert.deepEqual(els('MAN'), [['CA', shipment.shipment_number]]);
      assert.deepEqual(els('LIN').map((l) => l.slice(1)), [['VP', 'ASN-A'], ['VP', 'ASN-B']]);
      assert.deepEqual(els('SN1'), [['', '120', 'EA'], ['', '20', 'EA']]);
      assert.deepEqual(els('CTT'), [['5', '140']]);
      const [record] = await sent(shipment.id);
      assert.equal(record.data.interchange_control, Number(ic.control));
      assert.equal(record.data.file, name);

      const before = await stat(join(folder, name));
      await deliver();
      assert.deepEqual(await readdir(folder), [name]);
      assert.equal(await readFile(join(folder, name), 'utf8'), text);
      assert.equal((await stat(join(folder, name))).mtimeMs, before.mtimeMs, 'not even rewritten');
      // Once the partner has taken the file, a replay still sends nothing: what was sent is on record.
      await unlink(join(folder, name));
      await deliver();
      assert.deepEqual(await readdir(folder), []);
      assert.equal((await sent(shipment.id)).length, 1);

      const second = await shipped(c.id, 'PO-857');
      await second.deliver();
      const next = parseX12(await readFile(join(folder, `856-${second.shipment.shipment_number}.x12`), 'utf8'));
      assert.ok(next.ok);
      assert.equal(Number(next.interchanges[0].control), Number(ic.control) + 1, 'each interchange its own control number');
      assert.equal(element(next.interchanges[0].groups[0].sets[0].segments.find((s) => s.id === 'PRF')!, 1), 'PO-857');
    });

    it('writes nothing for a customer without an EDI id', async () => {
      const c = await w.customer({ customer_number: 'PLAIN1' });
      const { shipment, deliver } = await shipped(c.id, 'PO-1');
      const files = async () => (await readdir(root, { recursive: true })).sort();
      const before = await files();
      await deliver();
      assert.deepEqual(await files(), before);
      assert.deepEqual(await sent(shipment.id), []);
    });
  });
}
