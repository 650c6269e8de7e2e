import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportMatches, type ExportRow } from '../../src/cashapp/export.ts';
import { importStatementFile } from '../../src/cashapp/import-statement.ts';
import { runCashApplication } from '../../src/cashapp/run.ts';
import { importCustomers } from '../../src/customers/import.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { dbKinds } from '../support/db.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { generate, score } from '../support/statement-generator.ts';
import { world, type World } from '../support/world.ts';

for (const kind of await dbKinds()) {
  describe(`cash application (${kind})`, () => {
    let w: World;
    const scope = () => ({ tenantId: w.tenant.id, actor: systemActor, now: new Date('2026-11-21T08:00:00Z') });
    const data = generate({ seed: 7, customers: 60, items: 600, lines: 300 });
    let rows: ExportRow[] = [];

    before(async () => {
      w = await world(kind);
      await importCustomers(w.db, scope, 'customers.csv', data.customersCsv);
      await importOpenItems(w.db, scope, 'open-items.csv', data.openItemsCsv);
    });
    after(() => w.close());

    it('imports the statement once; the same file again is refused as a duplicate and writes nothing', async () => {
      const [st] = await importStatementFile(w.db, scope, 'stmt.xml', data.camt);
      assert.equal(st.lines, data.truth.length);
      await assert.rejects(importStatementFile(w.db, scope, 'again.xml', data.camt), (e) => e instanceof ImportRejected && /already imported/.test(e.message));
      const [n] = await w.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM statement_lines WHERE tenant_id = $1', [w.tenant.id]);
      assert.equal(n.n, BigInt(data.truth.length));
    });

    it('applies most receipts without a person, and those it applies are right', async () => {
      const r = await runCashApplication(w.db, scope);
      assert.equal(r.lines, data.truth.length);
      rows = [];
      await exportMatches(w.db, w.tenant.id, (row) => rows.push(row));
      const s = score(data.truth, rows);
      const wrong = s.wrong.map((x) => `${x.scenario} ${x.ref}: got ${x.got}, want ${x.want}`).join('\n');
      assert.ok(s.precision >= 0.99, `precision ${s.precision}\n${wrong}`);
      assert.ok(s.autoRate >= 0.9, `auto rate ${s.autoRate}`);
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    });

    it('two runs at once apply every receipt once', { skip: kind !== 'postgres' }, async () => {
      const other = await world(kind);
      const s2 = () => ({ tenantId: other.tenant.id, actor: systemActor, now: new Date('2026-11-21T08:00:00Z') });
      try {
        await importCustomers(other.db, s2, 'customers.csv', data.customersCsv);
        await importOpenItems(other.db, s2, 'open-items.csv', data.openItemsCsv);
        await importStatementFile(other.db, s2, 'stmt.xml', data.camt);
        await Promise.all([runCashApplication(other.db, s2), runCashApplication(other.db, s2)]);
        const [dup] = await other.db.query<{ n: bigint }>(
          `SELECT count(*)::bigint AS n FROM (SELECT reference FROM payments WHERE tenant_id = $1 GROUP BY reference HAVING count(*) > 1) d`, [other.tenant.id]);
        assert.equal(dup.n, 0n, 'no receipt booked twice');
        const [auto] = await other.db.query<{ n: bigint }>(`SELECT count(*)::bigint AS n FROM statement_lines WHERE tenant_id = $1 AND status = 'auto'`, [other.tenant.id]);
        const [payments] = await other.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM payments WHERE tenant_id = $1', [other.tenant.id]);
        assert.equal(payments.n, auto.n);
        assert.deepEqual(await booksViolations(other.db, other.tenant.id), []);
        assert.deepEqual(await paymentViolations(other.db, other.tenant.id), []);
      } finally {
        await other.close();
      }
    });

    it('never applies what must not match, and a second run applies nothing twice', async () => {
      for (const t of data.truth.filter((x) => !x.matchable)) assert.notEqual(rows.find((r) => r.line_ref === t.ref)?.status, 'auto', t.scenario);
      const [before] = await w.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM payments WHERE tenant_id = $1', [w.tenant.id]);
      const again = await runCashApplication(w.db, scope);
      assert.equal(again.auto, 0);
      const [after] = await w.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM payments WHERE tenant_id = $1', [w.tenant.id]);
      assert.equal(after.n, before.n);
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
    });
  });
}
