import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptSuggestion } from '../../src/cashapp/accept.ts';
import { importStatementFile } from '../../src/cashapp/import-statement.ts';
import { runCashApplication } from '../../src/cashapp/run.ts';
import { importCustomers } from '../../src/customers/import.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { dbKinds } from '../support/db.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { world, type World } from '../support/world.ts';

// Accepting a suggestion books it as matching proposed it — here an early-payment discount, which a person's
// own confirmation (cash, write-off, deduction) cannot express.
for (const kind of await dbKinds()) {
  describe(`accepting a cash application suggestion (${kind})`, () => {
    let w: World;
    const scope = () => ({ tenantId: w.tenant.id, actor: { ...systemActor, name: 'Bea Billing' }, now: new Date('2026-11-20T08:00:00Z') });
    let lineId: string;

    before(async () => {
      w = await world(kind);
      await importCustomers(w.db, scope, 'customers.csv',
        'customer_number,name,country,currency,iban,payment_terms\nK-1,Sonnenschein KG,DE,EUR,DE89370400440532013000,2/10 net 30\n');
      await importOpenItems(w.db, scope, 'open-items.csv',
        'invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms\nINV-A-1,K-1,2026-11-15,2026-12-15,EUR,1190.00,1190.00,2/10 net 30\n');
      await importStatementFile(w.db, scope, 'camt.xml', camt053('2026-11-20', '1166.20', 'Rechnung INV-A-1 abzgl. 2 % Skonto'));
      // Surer than the rule's 0.97 is asked for, so the discount waits for a person.
      const run = await runCashApplication(w.db, scope, { threshold: 0.99 });
      assert.equal(run.suggested, 1);
      const [line] = await w.db.query<{ id: string; rule: string }>('SELECT id, rule FROM statement_lines WHERE tenant_id = $1', [w.tenant.id]);
      assert.equal(line.rule, 'reference + discount');
      lineId = line.id;
    });
    after(() => w.close());

    it('applies the cash and settles the discount taken inside its terms', async () => {
      const line = await w.db.transaction((tx) => acceptSuggestion(tx, scope(), lineId));
      assert.equal(line.status, 'confirmed');
      const [item] = await w.db.query<{ open_amount: bigint }>('SELECT open_amount FROM ar_items WHERE tenant_id = $1', [w.tenant.id]);
      assert.equal(item.open_amount, 0n);
      const [discount] = await w.db.query<{ debit: bigint }>(
        `SELECT SUM(l.debit)::bigint AS debit FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
          WHERE e.tenant_id = $1 AND e.source_key LIKE 'cashapp:discount:%' AND l.account_code = $2`, [w.tenant.id, ACCOUNTS.salesDiscounts]);
      assert.equal(discount.debit, 2380n);
      const [stored] = await w.db.query<{ evidence: string; confidence: number }>('SELECT evidence, confidence FROM statement_lines WHERE tenant_id = $1 AND id = $2', [w.tenant.id, lineId]);
      assert.match(stored.evidence, /confirmed by Bea Billing$/);
      assert.equal(stored.confidence, 970);
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    });

    it('refuses a line without a suggestion and books nothing twice', async () => {
      await assert.rejects(w.db.transaction((tx) => acceptSuggestion(tx, scope(), lineId)), (e) => e instanceof Failure && e.code === 'invalid_state');
      const [n] = await w.db.query<{ n: bigint }>('SELECT count(*)::bigint AS n FROM payments WHERE tenant_id = $1', [w.tenant.id]);
      assert.equal(n.n, 1n);
    });
  });
}

function camt053(date: string, amount: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M-${date}</MsgId><CreDtTm>${date}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S-${date}</Id><CreDtTm>${date}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt><AcctSvcrRef>L-1</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>Sonnenschein KG</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>${text}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
