import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, freshDb, type TestDb } from '../support/db.ts';
import { apiWorld, tableCounts, type ApiWorld, type Reply } from '../support/api.ts';
import { stockViolations } from '../support/invariants.ts';

// The warehouse API refuses what cannot be done with a problem naming the field, and then has written nothing.
for (const kind of await dbKinds()) {
  describe(`warehouse API: bad input is refused and writes nothing [${kind}]`, () => {
    let t: TestDb;
    let api: ApiWorld;
    before(async () => { t = await freshDb(kind); api = await apiWorld(t.db); });
    after(async () => { await api.close(); await t.close(); });

    const expect = (r: Reply, status: number, field?: string) => {
      assert.equal(r.status, status, r.body);
      if (status >= 400) assert.deepEqual([String(r.headers['content-type']).split(';')[0], r.json.field], ['application/problem+json', field]);
      return r.json;
    };

    it('refuses bad receipts, counts, transfers, waves, picks and packages', async () => {
      const { tenant, token: admin } = await api.tenantWithAdmin('wapi');
      const [sales, wh] = await Promise.all([api.user(admin, 'wapi', 'Sales', ['sales']), api.user(admin, 'wapi', 'Stock', ['warehouse'])]);
      const call = (method: string, url: string, token: string, body?: unknown) => api.call(method, url, { token, body });
      const customer = expect(await call('POST', '/api/customers', sales.token, { name: 'Buyer AG', country: 'DE', currency: 'EUR', credit_limit: '10000.00' }), 201);
      const product = expect(await call('POST', '/api/products', sales.token, { sku: 'W-1', name: 'Widget', unit_price: '10.00', currency: 'EUR' }), 201);
      expect(await call('POST', '/api/inventory/receipts', wh.token, { product_id: product.id, quantity: 5, unit_cost: '4.00' }), 201);
      const order = expect(await call('POST', '/api/orders', sales.token, { customer_id: customer.id, lines: [{ product_id: product.id, quantity: 3 }], confirm: true }), 201);
      const wave = expect(await call('POST', '/api/pick-lists', wh.token, { warehouse: 'MAIN' }), 201);
      await api.settle();

      const extra = ['pick_lists', 'pick_lines', 'packages', 'bin_stock', 'stock_levels', 'expected_receipts', 'reorder_rules', 'locations', 'warehouses'];
      const counts = async () => ({
        ...await tableCounts(t.db, tenant.id),
        ...Object.fromEntries(await Promise.all(extra.map(async (x) => [x, (await t.db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${x} WHERE tenant_id = $1`, [tenant.id]))[0].n]))),
        levels: (await t.db.query<{ l: string }>("SELECT string_agg(on_hand || '/' || reserved || '/' || value, ',') AS l FROM stock_levels WHERE tenant_id = $1", [tenant.id]))[0].l,
      });
      const start = await counts();

      expect(await call('POST', '/api/inventory/receipts', wh.token, { product_id: product.id, quantity: 'ten', unit_cost: '4.00' }), 400, 'quantity');
      expect(await call('POST', '/api/inventory/receipts', wh.token, { product_id: product.id, quantity: 1, unit_cost: '4.00', location: 'Z-99' }), 400, 'location');
      expect(await call('POST', '/api/inventory/adjustments', wh.token, { product_id: product.id, quantity: -3, reason: 'count' }), 400, 'quantity');
      expect(await call('POST', '/api/inventory/transfers', wh.token, { product_id: product.id, quantity: 1, from: 'MAIN', to: 'MAIN' }), 400, 'to');
      expect(await call('POST', '/api/inventory/expected-receipts', wh.token, { product_id: product.id, quantity: 5, expected_on: '2026-13-01', reference: 'PO-1' }), 400, 'expected_on');
      expect(await call('PUT', '/api/inventory/reorder-rules', wh.token, { product_id: product.id, reorder_point: 5, reorder_quantity: 0 }), 400, 'reorder_quantity');
      expect(await call('POST', '/api/warehouses', wh.token, { code: 'MAIN', name: 'Again' }), 409, 'code');
      expect(await call('POST', '/api/pick-lists', wh.token, { warehouse: 'MAIN' }), 409, undefined);
      expect(await call('POST', `/api/pick-lists/${wave.id}/complete`, wh.token, { lines: [{ line_no: 1, picked: 9 }] }), 400, 'lines[0].picked');
      expect(await call('POST', `/api/orders/${order.id}/packages`, wh.token, { warehouse: 'MAIN', packages: [{ weight_grams: 100, length_mm: 10, width_mm: 10, height_mm: 10 }] }), 409, undefined);
      assert.deepEqual(await counts(), start);

      expect(await call('POST', `/api/pick-lists/${wave.id}/complete`, wh.token, { lines: [{ line_no: 1, picked: 3 }] }), 200);
      expect(await call('POST', `/api/orders/${order.id}/packages`, wh.token, { warehouse: 'MAIN', packages: [{ weight_grams: 0, length_mm: 10, width_mm: 10, height_mm: 10 }] }), 400, 'packages[0].weight_grams');
      expect(await call('POST', `/api/orders/${order.id}/packages`, wh.token, { warehouse: 'MAIN', packages: [
        { weight_grams: 100, length_mm: 10, width_mm: 10, height_mm: 10, lines: [{ order_line_no: 1, quantity: 2 }] },
        { weight_grams: 100, length_mm: 10, width_mm: 10, height_mm: 10, lines: [{ order_line_no: 1, quantity: 2 }] }] }), 400, 'packages[1].lines[0].quantity');
      expect(await call('POST', `/api/orders/${order.id}/ship`, wh.token, { carrier: 'manual', tracking_number: 'x' }), 400, 'tracking_number');
      const [packages, shipments] = await Promise.all(['packages', 'shipments'].map(async (x) => (await t.db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${x} WHERE tenant_id = $1`, [tenant.id]))[0].n));
      assert.deepEqual([packages, shipments], [0, 0], 'a refused package or shipment leaves nothing behind');
      assert.deepEqual(await stockViolations(t.db, tenant.id), []);
    });
  });
}
