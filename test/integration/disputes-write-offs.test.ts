import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { inTx } from '../../src/app/run.ts';
import type { Sql } from '../../src/db/db.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { openDispute, openDisputesOf, resolveDispute } from '../../src/receivables/disputes.ts';
import { importOpenItems } from '../../src/receivables/import-open-items.ts';
import { itemsByIds, openItems } from '../../src/receivables/items.ts';
import { postProvision, provisionProposal } from '../../src/receivables/provision.ts';
import { approveWriteOff, rejectWriteOff, requestWriteOff, setWriteOffLimits } from '../../src/receivables/write-offs.ts';
import { Failure } from '../../src/shared/failure.ts';
import { uuidv7 } from '../../src/shared/ids.ts';
import { systemActor, type Actor, type Role, type Scope } from '../../src/shared/scope.ts';

const person = (name: string, ...roles: Role[]): Actor => ({ type: 'user', id: uuidv7(), name, roles });
const collector = person('Colette', 'collector');
const billing = person('Bill', 'billing');
const credit = person('Cred', 'credit');
const admin = person('Ada', 'admin');

const FILE = `invoice_number,customer_number,issue_date,due_date,currency,total_amount,open_amount,payment_terms
D-1,D1,2026-01-01,2026-01-31,EUR,100.00,100.00,net 30
D-2,D1,2026-01-01,2026-01-31,EUR,300.00,300.00,net 30
D-3,D1,2026-02-01,2026-03-03,EUR,2000.00,2000.00,net 30
D-4,D1,2026-05-01,2026-05-31,EUR,500.00,500.00,net 30
`;

for (const kind of await dbKinds()) {
  describe(`disputes, deductions, write-offs and the bad-debt provision [${kind}]`, () => {
    let w: World;
    let customerId = '';
    const item = new Map<string, string>();
    // Everything happens on one day, 2026-06-15, the day the provision is figured as of.
    const now = () => new Date('2026-06-15T10:00:00Z');
    const as = <T>(actor: Actor, fn: (tx: Sql, s: Scope) => Promise<T>) => inTx(w.db, { tenantId: w.tenant.id, actor, now: now() }, fn);
    const open = async (n: string) => (await itemsByIds(w.db, w.tenant.id, [item.get(n)!])).get(item.get(n)!)!;
    const balance = async (account: string) => (await accountBalances(w.db, w.tenant.id, account)).get('EUR') ?? 0n;
    const refused = (code: string, field?: string) => (e: unknown) => e instanceof Failure && e.code === code && e.field === field;
    const books = async () => {
      assert.deepEqual(await booksViolations(w.db, w.tenant.id), []);
      assert.deepEqual(await paymentViolations(w.db, w.tenant.id), []);
    };

    before(async () => {
      w = await world(kind);
      customerId = (await w.customer({ customer_number: 'D1', name: 'Disputer' })).id;
      await importOpenItems(w.db, () => ({ tenantId: w.tenant.id, actor: systemActor, now: now() }), 'd.csv', FILE);
      for (const i of await openItems(w.db, w.tenant.id)) item.set(i.document_number, i.id);
    });
    after(async () => { await w.close(); });

    it('marks a disputed item, and takes it out of dispute when the dispute is rejected', async () => {
      await assert.rejects(as(collector, (tx, s) => openDispute(tx, s, { item_id: item.get('D-1')!, reason_code: 'weather' })), refused('invalid_input', 'reason_code'));
      await assert.rejects(as(collector, (tx, s) => openDispute(tx, s, { item_id: item.get('D-1')!, reason_code: 'pricing', amount: '100.01' })), refused('invalid_input', 'amount'));
      const d = await as(collector, (tx, s) => openDispute(tx, s, { item_id: item.get('D-1')!, reason_code: 'pricing', amount: '20.00', note: 'list price was lower' }));
      assert.deepEqual([d.status, d.amount, d.owner], ['open', 2000n, 'Colette']);
      assert.equal((await open('D-1')).in_dispute, true);
      assert.deepEqual((await openDisputesOf(w.db, w.tenant.id, [customerId])).map((x) => x.id), [d.id]);
      await assert.rejects(as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'rejected' })), refused('invalid_input', 'note'));
      await assert.rejects(as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'credit_note', reference: 'CN-2026-999999' })), refused('invalid_input', 'reference'));
      const r = await as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'rejected', note: 'price was agreed' }));
      assert.deepEqual([r.dispute.status, r.dispute.resolution], ['resolved', 'rejected']);
      assert.equal((await open('D-1')).in_dispute, false);
      await assert.rejects(as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'rejected', note: 'again' })), refused('invalid_state'));
    });

    it('accepts a deduction: Dr 4920 Customer deductions / Cr 1100 for the amount deducted', async () => {
      const d = await as(collector, (tx, s) => openDispute(tx, s, { item_id: item.get('D-1')!, kind: 'deduction', reason_code: 'short_shipment', amount: '10.00' }));
      await as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'deduction_accepted', note: 'one carton missing' }));
      assert.equal((await open('D-1')).open_amount, 9000n);
      assert.equal(await balance(ACCOUNTS.deductions), 1000n);
      await books();
    });

    it('writes off within the asker\'s limit at once, and above it only with a second person\'s approval', async () => {
      const small = await as(collector, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-1')!, amount: '30.00', reason: 'not worth chasing' }));
      assert.equal(small.status, 'posted');
      assert.equal(await balance(ACCOUNTS.badDebtExpense), 3000n);
      assert.equal((await open('D-1')).open_amount, 6000n);

      const mid = await as(collector, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-2')!, amount: '200.00', reason: 'customer insolvent' }));
      assert.equal(mid.status, 'pending');
      assert.equal((await open('D-2')).open_amount, 30000n);
      await assert.rejects(as(collector, (tx, s) => approveWriteOff(tx, s, mid.id)), refused('forbidden'));
      assert.equal((await as(billing, (tx, s) => approveWriteOff(tx, s, mid.id))).status, 'posted');
      assert.equal((await open('D-2')).open_amount, 10000n);

      const big = await as(collector, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-3')!, reason: 'gone' }));
      assert.deepEqual([big.status, big.amount], ['pending', 200000n]);
      await assert.rejects(as(billing, (tx, s) => approveWriteOff(tx, s, big.id)), refused('forbidden'));
      await assert.rejects(as(credit, (tx, s) => approveWriteOff(tx, s, big.id)), refused('forbidden'));
      const rejected = await as(admin, (tx, s) => rejectWriteOff(tx, s, big.id, 'still trading, keep dunning'));
      assert.equal(rejected.status, 'rejected');
      await assert.rejects(as(admin, (tx, s) => approveWriteOff(tx, s, big.id)), refused('invalid_state'));

      await as(admin, (tx, s) => setWriteOffLimits(tx, s, { collector: '0', credit: null }));
      assert.equal((await as(collector, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-1')!, amount: '1.00', reason: 'rounding' }))).status, 'pending');
      assert.equal((await as(credit, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-3')!, amount: '1500.00', reason: 'settled in court' }))).status, 'posted');
      await assert.rejects(as(admin, (tx, s) => setWriteOffLimits(tx, s, { customer: '5.00' })), refused('invalid_input', 'customer'));
      await books();
    });

    it('provides for bad debts from the aging, and writes off against the allowance only what it holds', async () => {
      await assert.rejects(as(billing, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-4')!, amount: '50.00', reason: 'x', against_allowance: true })),
        refused('invalid_state', 'against_allowance'));
      // as of 2026-06-15: D-4 15 days past due (1 %), D-1/D-2/D-3 more than 90 (50 %)
      const [p] = await provisionProposal(w.db, w.tenant.id, '2026-06-15');
      assert.deepEqual(p.columns.map((c) => [c.label, c.open, c.required]), [
        ['current', 0n, 0n], ['1-30', 50000n, 500n], ['31-60', 0n, 0n], ['61-90', 0n, 0n], ['90+', 6000n + 10000n + 50000n, 33000n],
      ]);
      assert.deepEqual([p.required, p.allowance, p.adjustment], [33500n, 0n, 33500n]);
      await as(billing, (tx, s) => postProvision(tx, s, { currency: 'EUR', amount: '335.00', note: 'year-end provision' }));
      assert.equal(await balance(ACCOUNTS.allowanceForDoubtfulAccounts), -33500n);
      assert.equal((await as(billing, (tx, s) => requestWriteOff(tx, s, { item_id: item.get('D-4')!, amount: '50.00', reason: 'agreed', against_allowance: true }))).status, 'posted');
      assert.equal(await balance(ACCOUNTS.allowanceForDoubtfulAccounts), -28500n);
      await assert.rejects(as(billing, (tx, s) => postProvision(tx, s, { currency: 'EUR', amount: '-300.00', note: 'too much' })), refused('invalid_input', 'amount'));
      await as(billing, (tx, s) => postProvision(tx, s, { currency: 'EUR', amount: '-85.00', note: 'released' }));
      assert.equal(await balance(ACCOUNTS.allowanceForDoubtfulAccounts), -20000n);
      await books();
    });

    it('resolves a dispute by a write-off, once the write-off is approved', async () => {
      const d = await as(collector, (tx, s) => openDispute(tx, s, { item_id: item.get('D-4')!, reason_code: 'damaged', amount: '100.00' }));
      const r = await as(collector, (tx, s) => resolveDispute(tx, s, d.id, { resolution: 'write_off', note: 'goods destroyed' }));
      assert.deepEqual([r.dispute.status, r.writeOff?.status], ['open', 'pending']);
      assert.equal((await open('D-4')).in_dispute, true);
      await as(billing, (tx, s) => approveWriteOff(tx, s, r.writeOff!.id));
      const [after] = (await openDisputesOf(w.db, w.tenant.id, [customerId]));
      assert.equal(after, undefined);
      assert.deepEqual([(await open('D-4')).in_dispute, (await open('D-4')).open_amount], [false, 35000n]);
      await books();
    });
  });
}
