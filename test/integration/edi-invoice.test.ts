import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listInvoices } from '../../src/billing/queries.ts';
import { updateCompanyProfile } from '../../src/company/profile.ts';
import { ediInvoiceHandlers } from '../../src/edi/invoice-handlers.ts';
import { folderDropFromEnv } from '../../src/edi/outbound.ts';
import { parseX12 } from '../../src/edi/x12/parse.ts';
import type { StoredEvent } from '../../src/events/emit.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { addDays } from '../../src/shared/dates.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';

const handler = ediInvoiceHandlers.find((h) => h.eventType === 'invoice.issued')!;

// An EDI customer's invoice becomes an 810 file in its partner folder, once; other customers get none.
for (const kind of await dbKinds()) {
  describe(`EDI invoice out (810) [${kind}]`, () => {
    let w: World;
    let root: string;
    const saved = process.env.O2C_EDI_OUT_DIR;
    before(async () => {
      w = await world(kind);
      root = await mkdtemp(join(tmpdir(), 'o2c-edi-810-'));
      process.env.O2C_EDI_OUT_DIR = root;
      await w.run((tx, s) => updateCompanyProfile(tx, s, { legal_name: 'Seller GmbH', address_line: 'Dockweg 1', city: 'Bremen', postal_code: '28195', country: 'DE' }));
      await w.product('INV-A', '9.25', 500n);
      await w.product('INV-B', '13.79', 500n);
    });
    after(async () => {
      if (saved === undefined) delete process.env.O2C_EDI_OUT_DIR;
      else process.env.O2C_EDI_OUT_DIR = saved;
      await rm(root, { recursive: true, force: true });
      await w.close();
    });

    /** Ships an order and issues its invoice; `send` runs the 810 handler on the invoice's invoice.issued event. */
    const invoiced = async (customerId: string, po: string) => {
      const order = await w.run((tx, s) => captureOrder(tx, s, { customer_id: customerId, po_number: po, lines: [{ sku: 'INV-A', quantity: 120 }, { sku: 'INV-B', quantity: 20 }], confirm: true }));
      const shipment = await w.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'DHL', tracking_number: 'JD014600001234' }));
      await w.dispatcher.drain();
      const [{ invoice }] = await listInvoices(w.db, w.tenant.id, { orderId: order.id });
      const [row] = await w.db.query<{ payload: StoredEvent }>(
        `SELECT payload FROM outbox WHERE tenant_id = $1 AND type = 'invoice.issued' AND payload->'data'->>'invoice_id' = $2`, [w.tenant.id, invoice.id]);
      return { order, shipment, invoice, send: () => w.run((tx, s) => handler.handle(tx, s, row.payload)) };
    };

    it('drops an 810 for an EDI customer that says what the invoice says, and a redelivered event writes nothing new', async () => {
      const c = await w.customer({ customer_number: 'EDI810', name: 'Acme Retail', edi_id: 'ACME810', payment_terms: '2/10 net 30', address_line: 'Hafenstraße 1', city: 'Köln', postal_code: '50667' });
      const { order, shipment, invoice, send } = await invoiced(c.id, 'PO-810');
      await send();
      const folder = folderDropFromEnv().folder(w.tenant.id, 'ACME810');
      const name = `810-${invoice.invoice_number}.x12`;
      assert.deepEqual((await readdir(folder)).filter((f) => f.startsWith('810-')), [name], 'next to the 856, and no temp file');
      const r = parseX12(await readFile(join(folder, name), 'utf8'));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      const ic = r.interchanges[0];
      assert.equal(ic.receiverId, 'ACME810');
      assert.deepEqual([ic.groups[0].functionalId, ic.groups[0].version], ['IN', '004010']);
      const set = ic.groups[0].sets[0];
      assert.equal(set.type, '810');
      const els = (id: string) => set.segments.filter((s) => s.id === id).map((s) => s.elements);
      const day = invoice.issue_date.replace(/-/g, '');
      assert.deepEqual(els('BIG'), [[day, invoice.invoice_number, order.created_at.toISOString().slice(0, 10).replace(/-/g, ''), 'PO-810']]);
      assert.deepEqual(els('CUR'), [['SE', 'EUR']]);
      assert.deepEqual(els('REF'), [['VN', order.order_number], ['PK', shipment.shipment_number]]);
      assert.deepEqual(els('N1').map((n) => n[0]), ['BT', 'ST', 'RE']);
      assert.deepEqual(els('N1')[0], ['BT', 'Acme Retail', '91', 'EDI810']);
      assert.deepEqual(els('N1')[2], ['RE', 'Seller GmbH']);
      assert.deepEqual(els('N3')[0], ['Hafenstrasse 1']);
      // 120 × 9.25 + 20 × 13.79 = 1385.80; 19 % = 263.30; 1649.10; 2 % = 32.98
      const ymd = (d: string) => d.replace(/-/g, '');
      assert.deepEqual(els('ITD'), [['08', '3', '2', ymd(addDays(invoice.issue_date, 10)), '10', ymd(invoice.due_date), '30', '3298', '', '', '', '2/10 net 30']]);
      assert.deepEqual(els('IT1'), [['1', '120', 'EA', '9.25', '', 'VP', 'INV-A'], ['2', '20', 'EA', '13.79', '', 'VP', 'INV-B']]);
      assert.deepEqual(els('TXI'), [['VA', '263.30', '19', '', '', '2', '', '1385.80']]);
      assert.deepEqual(els('TDS'), [['164910', '164910', '161612', '3298']]);
      assert.equal(invoice.total, 164910n);
      assert.deepEqual(els('CTT'), [['2', '140']]);

      const written = (await stat(join(folder, name))).mtimeMs;
      await send();
      assert.equal((await stat(join(folder, name))).mtimeMs, written, 'a redelivered event writes nothing');
      const sent = (await timelineOf(w.db, w.tenant.id, 'invoice', invoice.id)).filter((e) => e.event_type === 'edi.invoice_sent');
      assert.equal(sent.length, 1);
      assert.equal(sent[0].data.interchange_control, Number(ic.control));
    });

    it('sends nothing for a customer without EDI', async () => {
      const c = await w.customer({ customer_number: 'PLAIN810', name: 'Plain GmbH' });
      const before = await readdir(root);
      const { invoice, send } = await invoiced(c.id, 'PO-PLAIN');
      await send();
      assert.deepEqual(await readdir(root), before);
      assert.ok(!(await timelineOf(w.db, w.tenant.id, 'invoice', invoice.id)).some((e) => e.event_type === 'edi.invoice_sent'));
    });
  });
}
