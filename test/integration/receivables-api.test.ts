import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, freshDb, type TestDb } from '../support/db.ts';
import { apiWorld, type ApiWorld, type Reply } from '../support/api.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { systemActor } from '../../src/shared/scope.ts';

const FILE = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
R-1,K1,2026-01-05,2026-02-04,EUR,100.00,100.00,net 30
R-2,K1,2026-03-01,2026-03-31,EUR,40.00,40.00,net 30
`;

for (const kind of await dbKinds()) {
  describe(`receivables API [${kind}]`, () => {
    let t: TestDb;
    let api: ApiWorld;
    let tenantId = '';
    let admin = '';
    let collector = '';
    let sales = '';
    let customerId = '';
    before(async () => {
      t = await freshDb(kind);
      api = await apiWorld(t.db);
      const w = await api.tenantWithAdmin('rcv');
      tenantId = w.tenant.id;
      admin = w.token;
      collector = (await api.user(admin, 'rcv', 'Colette Collector', ['collector'])).token;
      sales = (await api.user(admin, 'rcv', 'Sam Sales', ['sales'])).token;
      const c = await api.call('POST', '/api/customers', { token: admin, body: { customer_number: 'K1', name: 'Kunde Eins', country: 'DE', currency: 'EUR' } });
      customerId = c.json.id;
      await importOpenItems(t.db, () => ({ tenantId, actor: systemActor, now: new Date() }), 'open.csv', FILE);
    });
    after(async () => { await api.close(); await t.close(); });

    const get = (url: string, token = collector) => api.call('GET', url, { token });
    const problem = (r: Reply, status: number, field?: string) => {
      assert.equal(r.status, status, r.body);
      assert.equal(String(r.headers['content-type']).split(';')[0], 'application/problem+json');
      assert.equal(r.json.field, field);
    };

    it('answers the aging as of a day with drill-down, and refuses bad days, buckets and roles', async () => {
      const r = await get('/api/receivables/aging?as_of=2026-03-15');
      assert.equal(r.status, 200, r.body);
      assert.deepEqual(r.json.buckets, ['current', '1-30', '31-60', '61-90', '90+']);
      assert.deepEqual(r.json.customers.map((c: any) => [c.customer_number, c.name, c.current, c['31-60'], c.total]), [['K1', 'Kunde Eins', '40.00', '100.00', '140.00']]);
      const d = await get(`/api/receivables/aging/${customerId}?as_of=2026-03-15&buckets=45`);
      assert.equal(d.status, 200, d.body);
      assert.deepEqual(d.json.buckets.map((b: any) => [b.label, b.amount, b.items.map((i: any) => i.document_number)]),
        [['current', '40.00', ['R-2']], ['1-45', '100.00', ['R-1']], ['45+', '0.00', []]]);
      problem(await get('/api/receivables/aging?as_of=15.03.2026'), 400, 'as_of');
      problem(await get('/api/receivables/aging?buckets=60,30'), 400, 'buckets');
      problem(await get('/api/receivables/aging', sales), 403);
      assert.equal((await get('/api/receivables/aging/0190c0de-0000-7000-8000-000000000000')).status, 404);
    });

    it('shows a customer\'s account: open items, payments on account and the apply/unapply history', async () => {
      const items = (await get(`/api/receivables/customers/${customerId}?as_of=2026-03-15`)).json.items;
      const r1 = items.find((i: any) => i.document_number === 'R-1');
      assert.deepEqual([r1.kind, r1.open_amount, r1.days_past_due], ['opening', '100.00', 39]);
      const pay = await api.call('POST', '/api/payments', { token: collector, body: { customer_id: customerId, amount: '130.00', apply: [{ invoice_id: r1.source_id, amount: '100.00' }] } });
      assert.equal(pay.status, 201, pay.body);
      const undo = await api.call('POST', `/api/payment-applications/${pay.json.applications[0].id}/unapply`, { token: collector, body: { reason: 'meant for R-2' } });
      assert.equal(undo.status, 200, undo.body);
      const r2 = items.find((i: any) => i.document_number === 'R-2');
      assert.equal((await api.call('POST', `/api/payments/${pay.json.id}/apply`, { token: collector, body: { apply: [{ invoice_id: r2.source_id, amount: '40.00' }] } })).status, 200);
      await api.settle();

      const a = await get(`/api/receivables/customers/${customerId}?as_of=2026-03-15`);
      assert.equal(a.status, 200, a.body);
      assert.deepEqual(a.json.items.map((i: any) => [i.document_number, i.open_amount]), [['R-1', '100.00']]);
      assert.deepEqual(a.json.payments_on_account.map((p: any) => [p.payment_number, p.amount, p.unapplied]), [[pay.json.payment_number, '130.00', '90.00']]);
      assert.deepEqual(a.json.applications.map((x: any) => [x.document_number, x.amount, x.reversed_at !== null, x.reverse_reason]),
        [['R-2', '40.00', false, null], ['R-1', '100.00', true, 'meant for R-2']]);
      assert.deepEqual(a.json.balances, [{ currency: 'EUR', open_items: '100.00', credits: '90.00', balance: '10.00' }]);
      const settled = await get(`/api/receivables/customers/${customerId}?include_settled=true`);
      assert.equal(settled.status, 200, settled.body);
      assert.deepEqual(settled.json.items.map((i: any) => i.document_number), ['R-1', 'R-2']);
      assert.deepEqual(await booksViolations(t.db, tenantId), []);
      assert.deepEqual(await paymentViolations(t.db, tenantId), []);
    });

    it('takes disputes, write-offs and provisions, refusing bad input with the field and writing nothing', async () => {
      const post = (url: string, body: unknown, token = collector) => api.call('POST', url, { token, body });
      const item = (await get(`/api/receivables/customers/${customerId}`)).json.items[0];
      const count = async () => (await t.db.query<{ n: number }>(
        `SELECT (SELECT COUNT(*) FROM ar_disputes WHERE tenant_id = $1) + (SELECT COUNT(*) FROM ar_write_offs WHERE tenant_id = $1)
              + (SELECT COUNT(*) FROM ar_provisions WHERE tenant_id = $1) AS n`, [tenantId]))[0].n;
      const before = await count();
      problem(await post('/api/receivables/disputes', { item_id: item.id, reason_code: 'weather' }), 400, 'reason_code');
      problem(await post('/api/receivables/disputes', { item_id: item.id, reason_code: 'damaged', amount: '12,50' }), 400, 'amount');
      problem(await post('/api/receivables/write-offs', { item_id: item.id, amount: '5.00', reason: '' }), 400, 'reason');
      problem(await post('/api/receivables/provisions', { currency: 'EUR', amount: '10.00', note: 'x' }), 403);
      problem(await post('/api/receivables/provisions', { currency: 'EUR', amount: 'ten', note: 'x' }, admin), 400, 'amount');
      problem(await api.call('PUT', '/api/settings/write-off-limits', { token: collector, body: { limits: { collector: null } } }), 403);
      assert.equal(await count(), before);

      const d = await post('/api/receivables/disputes', { item_id: item.id, reason_code: 'damaged', amount: '12.50', note: 'broken on arrival' });
      assert.equal(d.status, 201, d.body);
      assert.equal(d.json.amount, '12.50');
      const r = await post(`/api/receivables/disputes/${d.json.id}/resolve`, { resolution: 'write_off' });
      assert.equal(r.status, 200, r.body);
      assert.deepEqual([r.json.status, r.json.resolution, r.json.write_off.status], ['resolved', 'write_off', 'posted']);
      const limits = await api.call('PUT', '/api/settings/write-off-limits', { token: admin, body: { limits: { collector: '10.00' } } });
      assert.deepEqual([limits.status, limits.json.limits.collector], [200, '10.00']);
      const pending = await post('/api/receivables/write-offs', { item_id: item.id, amount: '20.00', reason: 'small balance' });
      assert.equal(pending.json.status, 'pending');
      assert.equal((await post(`/api/receivables/write-offs/${pending.json.id}/approve`, {}, admin)).json.status, 'posted');
      const proposal = await get('/api/receivables/provision?rates=0,0,0,0,100', admin);
      assert.equal(proposal.status, 200, proposal.body);
      assert.equal(proposal.json.currencies[0].adjustment, proposal.json.currencies[0].columns[4].open);
      assert.equal((await post('/api/receivables/provisions', { currency: 'EUR', amount: proposal.json.currencies[0].adjustment, note: 'all 90+' }, admin)).status, 201);
      assert.deepEqual(await booksViolations(t.db, tenantId), []);
      assert.deepEqual(await paymentViolations(t.db, tenantId), []);
    });
  });
}
