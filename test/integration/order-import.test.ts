import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { importOrders } from '../../src/orders/import/import-orders.ts';
import { acknowledgements } from '../../src/orders/import/acknowledge.ts';
import { listOrders } from '../../src/orders/queries.ts';
import { parseX12 } from '../../src/edi/x12/parse.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { createProduct } from '../../src/catalog/products.ts';
import { receiveStock } from '../../src/inventory/stock.ts';

for (const kind of await dbKinds()) {
  describe(`order import [${kind}]`, () => {
    let w: World;
    const scope = () => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date() });
    const count = async () => (await listOrders(w.db, w.tenant.id)).length;
    before(async () => {
      w = await world(kind);
      await w.customer({ customer_number: 'C1', name: 'One' });
      await w.customer({ customer_number: 'XYZ', name: 'XYZ Retail', edi_id: '4405197800' });
      await w.product('A', '10.00', 100n);
      await w.product('B', '2.50', 100n);
      for (const [sku, price] of [['AB3542', '9.25'], ['RD5322', '13.79'], ['XY5266', '10.99'], ['VX2332', '4.35'], ['RV0524', '7.00'], ['DX1875', '9.55']]) {
        await w.product(sku, price, 1000n);
      }
    });
    after(async () => { await w.close(); });

    it('imports CSV orders, one per PO, each all-or-nothing, naming line and field of the bad ones', async () => {
      const csv = 'customer_number,po_number,sku,quantity,unit_price\nC1,PO-1,A,2,10.00\nC1,PO-1,B,4,\nC1,PO-2,A,1,9.00\nC1,PO-3,A,1,\nC1,PO-3,NOPE,1,\nC1,PO-4,B,x,\n';
      const before = await count();
      const r = await importOrders(w.db, scope, 'o.csv', csv);
      assert.deepEqual(r.imported.map((o) => [o.draft.poNumber, o.status]), [['PO-1', 'allocated'], ['PO-2', 'allocated']]);
      assert.equal(r.imported[1].flags[0].code, 'price_differs');
      assert.deepEqual(r.rejected.map((x) => x.errors.map((e) => [e.line, e.field])), [[[6, 'sku']], [[7, 'quantity']]]);
      assert.equal(await count(), before + 2);
    });

    it('rejects a CSV with a broken header whole, and reports a broken record or scattered order lines on their line', async () => {
      const before = await count();
      await assert.rejects(importOrders(w.db, scope, 'o.csv', 'customer,po_number,sku,quantity\nC1,P,A,1\n'), (e: unknown) => e instanceof ImportRejected && /missing column customer_number/.test(e.message));
      assert.equal(await count(), before);
      const r = await importOrders(w.db, scope, 'o.csv', 'customer_number,po_number,sku,quantity\nC1,P10,A,1\nC1,P11,A,1\nC1,P10,B,1\n"C1,P12,A,1\n');
      assert.deepEqual(r.imported.map((o) => o.draft.poNumber), ['P10', 'P11']);
      assert.deepEqual(r.rejected.map((x) => [x.errors[0].line, x.errors[0].message.slice(0, 41)]), [
        [4, "this order's lines must follow each other"],
        [5, 'a quoted field is not closed'],
      ]);
      assert.equal(await count(), before + 2);
    });

    it('streams a CSV that arrives in pieces cut anywhere, quoted newlines included', async () => {
      const { importOrderStream } = await import('../../src/orders/import/import-orders.ts');
      const text = 'customer_number,po_number,sku,quantity\nC1,"PO\nS1",A,1\nC1,"PO\nS1",B,2\nC1,PS2,A,3\n';
      const pieces = async function* () { for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7); };
      const r = await importOrderStream(w.db, scope, 'piecewise.csv', pieces());
      assert.deepEqual(r.rejected, []);
      assert.deepEqual(r.imported.map((o) => [o.draft.poNumber, o.draft.lines.length]), [['PO\nS1', 2], ['PS2', 1]]);
    });

    it('imports an X12 850 by the sender id, flags a price difference and a repeated PO, and acknowledges it', async () => {
      const text = readFileSync('../shared/samples/edi/x12/node-x12/850.edi', 'utf8');
      const r = await importOrders(w.db, scope, '850.edi', text);
      assert.equal(r.format, 'x12');
      assert.equal(r.imported.length, 1);
      assert.equal(r.imported[0].status, 'allocated');
      assert.deepEqual(r.imported[0].flags.map((f) => f.code), ['price_differs']);
      const again = await importOrders(w.db, scope, '850.edi', text);
      assert.deepEqual(again.imported[0].flags.map((f) => f.code), ['price_differs', 'duplicate_po']);
      const acks = await acknowledgements(w.db, scope(), r);
      assert.deepEqual(acks.map((a) => a.name.slice(0, 3)), ['997', '855']);
      for (const a of acks) assert.ok(parseX12(a.content).ok, a.name);
      assert.match(acks[1].content, /BAK\*00\*AC\*08292233294/);
      assert.match(acks[1].content, /ACK\*IP\*72\*EA/);
    });

    it('imports a UBL 2.1 Order, finding the buyer by a party id', async () => {
      await w.customer({ customer_number: 'PartyID123', name: 'Johnssons byggvaror', country: 'SE', currency: 'SEK' });
      for (const [sku, price] of [['SItemNo001', '50.00'], ['SItemNo011', '15.00']]) {
        const p = await w.run((tx, s) => createProduct(tx, s, { sku, name: sku, unit_price: price, currency: 'SEK' }));
        await w.run((tx, s) => receiveStock(tx, s, { productId: p.id, quantity: 500n, unitCost: '1.00' }));
      }
      const xml = readFileSync('../shared/conformance/ubl/oasis-ubl-2.1-examples/UBL-Order-2.1-Example.xml', 'utf8');
      const r = await importOrders(w.db, scope, 'order.xml', xml);
      assert.equal(r.format, 'ubl');
      assert.deepEqual(r.rejected, []);
      assert.equal(r.imported[0].draft.poNumber, '34');
      assert.equal(r.imported[0].status, 'allocated');
      const before = await count();
      await assert.rejects(importOrders(w.db, scope, 'bad.xml', xml.replace('</cac:OrderLine>', '')), (e: unknown) => e instanceof ImportRejected && /not well-formed XML/.test(e.message));
      const noSku = await importOrders(w.db, scope, 'x.xml', xml.replace('<cbc:ID>SItemNo011</cbc:ID>', '<cbc:ID>NOPE</cbc:ID>'));
      assert.equal(noSku.imported.length, 0);
      assert.match(noSku.rejected[0].errors[0].location ?? '', /OrderLine 2/);
      assert.equal(await count(), before);
    });

    it('writes nothing for a malformed interchange', async () => {
      const before = await count();
      const text = readFileSync('../shared/samples/edi/x12/node-x12/850.edi', 'utf8').replace('SE*33*', 'SE*30*');
      await assert.rejects(importOrders(w.db, scope, 'bad.edi', text), (e: unknown) => e instanceof ImportRejected && /segment 35 \(SE\).*SE01 says 30/.test(e.message));
      assert.equal(await count(), before);
    });
  });
}
