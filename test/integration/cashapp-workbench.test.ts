import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importStatementFile } from '../../src/cashapp/import-statement.ts';
import { reconcileStatement } from '../../src/cashapp/reconcile.ts';
import { runCashApplication } from '../../src/cashapp/run.ts';
import type { CsvMapping } from '../../src/cashapp/statements/model.ts';
import { confirmLine, lineDetail, listLines, rejectSuggestion, unapplyLine } from '../../src/cashapp/workbench.ts';
import { importCustomers } from '../../src/customers/import.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { itemByNumber } from '../../src/receivables/items.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { dbKinds } from '../support/db.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { world, type World } from '../support/world.ts';

const CUSTOMERS = `customer_number,name,country,currency,iban,payment_terms
K1,Nordwind Handels GmbH,DE,EUR,DE89370400440532013000,net 30
K2,Bäckerei Sonnenschein KG,DE,EUR,,2/10 net 30
K3,Alpen Outdoor AG,AT,EUR,AT611904300234573201,net 30
`;
const ITEMS = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
R-1001,K1,2026-10-01,2026-10-31,EUR,119.00,119.00,
R-1002,K1,2026-10-05,2026-11-04,EUR,500.00,500.00,
R-1003,K2,2026-10-10,2026-11-09,EUR,238.00,238.00,
R-1004,K3,2026-10-12,2026-11-11,EUR,80.00,80.00,
R-1005,K3,2026-10-13,2026-11-12,EUR,80.00,80.00,
R-1006,K2,2026-10-20,2026-11-19,EUR,1000.00,1000.00,
`;
// A bank's CSV export whose columns no guess knows: read with a mapping, which is then saved for its header.
const MAPPING: CsvMapping = {
  delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY',
  columns: { bookingDate: 'Tag', amount: 'Wert', name: 'Gegenpartei', iban: 'Konto', text: 'Zweck', reference: 'Ref' },
  currency: 'EUR',
};
const HEADER = 'Tag;Wert;Gegenpartei;Konto;Zweck;Ref';
const FIRST = `${HEADER}
20.11.2026;119,00;Nordwind Handels GmbH;DE89370400440532013000;Rechnung R-1001;A1
20.11.2026;237,98;Sonnenbaeckerei Freiburg;DE12500105170648489890;Danke;A2
20.11.2026;80,00;Alpen Outdoor AG;AT611904300234573201;Zahlung;A3
20.11.2026;900,00;Baeckerei Sonnenschein;;R-1006 abzgl. Reklamation;A4
20.11.2026;-12,50;;;Kontofuehrung Entgelt;A5
`;
const SECOND = `${HEADER}
21.11.2026;500,00;S. Freiburg;DE12500105170648489890;;B1
21.11.2026;80,00;Filiale Innsbruck;;Kundennr AO-77812 Oktober;B2
`;
const THIRD = `${HEADER}
22.11.2026;120,00;Outdoor Filiale 3;;Kundennr AO-77812 November;C1
`;

for (const kind of await dbKinds()) {
  describe(`cash application workbench (${kind})`, () => {
    let w: World;
    const scope = () => ({ tenantId: w.tenant.id, actor: { ...systemActor, name: 'clerk' }, now: new Date('2026-11-21T09:00:00Z') });
    const line = async (ref: string) => (await listLines(w.db, w.tenant.id)).find((l) => l.line_ref === ref)!;
    const books = async () => {
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    };

    before(async () => {
      w = await world(kind);
      await importCustomers(w.db, scope, 'customers.csv', CUSTOMERS);
      await importOpenItems(w.db, scope, 'items.csv', ITEMS);
    });
    after(() => w.close());

    it('reads a CSV export with a mapping and saves it; without one, the same columns are refused', async () => {
      await assert.rejects(importStatementFile(w.db, scope, 'first.csv', FIRST), ImportRejected);
      const [st] = await importStatementFile(w.db, scope, 'first.csv', FIRST, { csvMapping: MAPPING });
      assert.equal(st.lines, 5);
      const r = await runCashApplication(w.db, scope);
      assert.deepEqual({ auto: r.auto, booked: r.booked }, { auto: 2, booked: 1 });
      assert.equal((await line('A1')).status, 'auto');
      assert.equal((await line('A5')).status, 'confirmed', 'the account fee is booked by the bank rule');
      assert.equal((await line('A3')).status, 'suggested', 'two items of 80.00: which one is for a person to say');
      await books();
    });

    it('a person applies a line with a small write-off; the payer is learned and identified next time', async () => {
      const a2 = await line('A2');
      assert.equal(a2.status, 'unmatched');
      const k2 = (await itemByNumber(w.db, w.tenant.id, 'R-1003'))!;
      await w.db.transaction((tx) => confirmLine(tx, scope(), a2.id, {
        customer_id: k2.customer_id, allocations: [{ item_id: k2.id, amount: '237.98', write_off: '0.02' }],
      }));
      assert.equal((await itemByNumber(w.db, w.tenant.id, 'R-1003'))!.open_amount, 0n);
      await assert.rejects(w.db.transaction((tx) => confirmLine(tx, scope(), a2.id, { customer_id: k2.customer_id, allocations: [] })),
        (e) => e instanceof Failure && e.code === 'invalid_state');
      // The next payment from that account, without any reference, is the customer's by what was learned.
      await importStatementFile(w.db, scope, 'second.csv', SECOND);
      await runCashApplication(w.db, scope);
      const b1 = await line('B1');
      assert.equal(b1.customer_id, k2.customer_id);
      assert.match(b1.evidence ?? '', /by account/);
      // A payer nobody knows, writing its own customer number: a person matches it once; next time the number says who.
      const b2 = await line('B2');
      assert.equal(b2.status, 'unmatched');
      const k3 = (await itemByNumber(w.db, w.tenant.id, 'R-1004'))!;
      await w.db.transaction((tx) => confirmLine(tx, scope(), b2.id, { customer_id: k3.customer_id, allocations: [] }));
      await importStatementFile(w.db, scope, 'third.csv', THIRD);
      await runCashApplication(w.db, scope);
      const c1 = await line('C1');
      assert.equal(c1.customer_id, k3.customer_id);
      assert.match(c1.evidence ?? '', /by pattern/);
      await books();
    });

    it('a short payment settled with a deduction and its reason; too large a write-off is refused', async () => {
      const a4 = await line('A4');
      const item = (await itemByNumber(w.db, w.tenant.id, 'R-1006'))!;
      assert.equal(a4.status, 'auto', 'the reference and the payer agree: 900.00 applied, 100.00 left open');
      assert.equal(item.open_amount, 10000n);
      const d = await lineDetail(w.db, w.tenant.id, a4.id);
      assert.equal(d.matches[0].shortfall, 10000n);
      await w.db.transaction((tx) => unapplyLine(tx, scope(), a4.id, 'settle with the deduction'));
      assert.equal((await itemByNumber(w.db, w.tenant.id, 'R-1006'))!.open_amount, 100000n);
      await assert.rejects(w.db.transaction((tx) => confirmLine(tx, scope(), a4.id, {
        customer_id: item.customer_id, allocations: [{ item_id: item.id, amount: '900.00', write_off: '100.00' }],
      })), (e) => e instanceof Failure && e.field === 'allocations[0].write_off');
      await w.db.transaction((tx) => confirmLine(tx, scope(), a4.id, {
        customer_id: item.customer_id, allocations: [{ item_id: item.id, amount: '900.00', deduction: '100.00', reason: 'damaged goods' }],
      }));
      assert.equal((await itemByNumber(w.db, w.tenant.id, 'R-1006'))!.open_amount, 0n);
      const deductions = await accountBalances(w.db, w.tenant.id, ACCOUNTS.deductions);
      assert.equal(deductions.get('EUR'), 10000n);
      const [payments] = await w.db.query<{ n: bigint }>(`SELECT count(*)::bigint AS n FROM payments WHERE tenant_id = $1 AND reference = 'A4'`, [w.tenant.id]);
      assert.equal(payments.n, 1n, 'applied again from the same payment, never booked twice');
      await books();
    });

    it('a rejected suggestion waits unmatched; the statement reconciles with the ledger', async () => {
      const a3 = await line('A3');
      await w.db.transaction((tx) => rejectSuggestion(tx, scope(), a3.id));
      assert.equal((await line('A3')).status, 'unmatched');
      const [st] = await w.db.query<{ id: string }>(`SELECT id FROM bank_statements WHERE tenant_id = $1 AND file_name = 'first.csv'`, [w.tenant.id]);
      const r = await reconcileStatement(w.db, w.tenant.id, st.id);
      assert.deepEqual(r.unmatchedStatement.map((l) => l.line_ref), ['A3']);
      assert.equal(r.unexplained ?? 0n, 0n);
      await books();
    });
  });
}
