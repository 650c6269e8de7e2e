import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { apiWorld } from '../support/api.ts';
import { arCheck } from '../../src/app/ar-check.ts';
import { recordContact } from '../../src/collections/contacts.ts';
import { updateCompanyProfile } from '../../src/company/profile.ts';
import type { Customer } from '../../src/customers/customers.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { trialBalance } from '../../src/ledger/reports.ts';
import { openItems, type ArItem } from '../../src/receivables/items.ts';
import { openDispute } from '../../src/receivables/disputes.ts';
import { addDays } from '../../src/shared/dates.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';
import { ImportRejected } from '../../src/shared/table-file.ts';
import { amendMandate, createMandate, customerPaymentMethod, getMandate, listMandates, revokeMandate } from '../../src/payments/direct-debit/mandates.ts';
import { proposeRun } from '../../src/payments/direct-debit/propose.ts';
import { excludeTransaction } from '../../src/payments/direct-debit/review.ts';
import { recordDirectDebitReturn } from '../../src/payments/direct-debit/returns.ts';
import { runDetail, runFile } from '../../src/payments/direct-debit/runs.ts';
import { setCreditorId } from '../../src/payments/direct-debit/settings.ts';
import { settleCollectionFromStatement } from '../../src/payments/direct-debit/settle.ts';
import { importStatusReport } from '../../src/payments/direct-debit/status-report.ts';
import { submitRun } from '../../src/payments/direct-debit/submit.ts';
import { nodes, parseXml, text } from '../../src/shared/xml.ts';
import { importStatementFile } from '../../src/cashapp/import-statement.ts';
import { reconcileStatement } from '../../src/cashapp/reconcile.ts';
import { runCashApplication } from '../../src/cashapp/run.ts';

const TODAY = new Date().toISOString().slice(0, 10);
const IBAN_A = 'DE89370400440532013000';
const IBAN_A2 = 'DE62370400440532013001'; // same bank (BLZ 37040044), another account
const IBAN_B = 'AT611904300234573201';
let slugs = 0;

function wellFormed(xml: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  if (r.error) return null; // xmllint missing: the structural checks below still run
  return r.status === 0 ? 'ok' : r.stderr;
}

function pain002(originalMsgId: string, rejects: { e2e: string; code: string; amount?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>STS-1</MsgId><CreDtTm>${TODAY}T08:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts><OrgnlMsgId>${originalMsgId}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>x</OrgnlPmtInfId>
      ${rejects.map((r) => `<TxInfAndSts><OrgnlEndToEndId>${r.e2e}</OrgnlEndToEndId><TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>${r.code}</Cd></Rsn></StsRsnInf>
        ${r.amount ? `<OrgnlTxRef><Amt><InstdAmt Ccy="EUR">${r.amount}</InstdAmt></Amt></OrgnlTxRef>` : ''}</TxInfAndSts>`).join('\n')}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>`;
}

for (const kind of await dbKinds()) {
  describe(`SEPA direct debit [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    /** A tenant of its own with a creditor identifier and a company account, and helpers acting at any day. */
    const tenant = async (tenantId?: string) => {
      const t = w.forTenant(tenantId ?? (await w.addTenant(`dd${++slugs}-${process.pid}`)).id);
      const product = await t.product('DD-1', '100.00', 1000n);
      await t.run((tx, s) => setCreditorId(tx, s, 'DE98 ZZZ0 9999 9999 99'));
      await t.run((tx, s) => updateCompanyProfile(tx, s, { legal_name: 'Muster Großhandel GmbH', country: 'DE', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' }));
      /** An invoice issued `daysAgo` (net 30) for units × 100.00 + 19 % VAT. */
      const invoice = (customer: Customer, daysAgo: number, units: number) => t.invoice(customer, product, daysAgo, units);
      const sound = async () => {
        await w.dispatcher.drain();
        assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
        assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
        assert.ok((await arCheck(w.db, t.tenantId)).every((a) => a.equal), 'AR subledger = control account 1100');
      };
      const balance = async (account: string) => (await trialBalance(w.db, t.tenantId)).rows.find((r) => r.account === account)?.balance ?? 0n;
      const open = async (item: ArItem) => (await openItems(w.db, t.tenantId, { customerId: item.customer_id, includeSettled: true })).find((i) => i.id === item.id)!.open_amount;
      const entries = async () => Number((await w.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM journal_entries WHERE tenant_id = $1', [t.tenantId]))[0].n);
      const mandate = (customer: Customer, o: { iban?: string; bic?: string; reference?: string; scheme?: string; kind?: string; signed_on?: string } = {}) =>
        t.run((tx, s) => createMandate(tx, s, { customer_id: customer.id, signed_on: addDays(TODAY, -100), iban: IBAN_A, ...o }));
      return { ...t, invoice, sound, balance, open, entries, mandate };
    };

    it('validates creditor identifiers and mandates, naming the field', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-1', name: 'Kunde Eins GmbH' });
      const refused = async (fn: () => Promise<unknown>, field: string) =>
        assert.rejects(fn, (e) => e instanceof Failure && e.field === field && e.status < 500, `refused naming ${field}`);
      await refused(() => t.run((tx, s) => setCreditorId(tx, s, 'DE99ZZZ09999999999')), 'creditor_id');
      await refused(() => t.mandate(c, { iban: 'DE89370400440532013001' }), 'iban');
      await refused(() => t.mandate(c, { reference: 'MANDAT_1' }), 'reference');
      await refused(() => t.mandate(c, { reference: 'X'.repeat(36) }), 'reference');
      await refused(() => t.mandate(c, { scheme: 'COR1' }), 'scheme');
      await refused(() => t.mandate(c, { signed_on: addDays(TODAY, 3) }), 'signed_on');
      const usd = await t.customer({ customer_number: 'K-USD', currency: 'USD' });
      await refused(() => t.mandate(usd), 'customer_id');

      assert.equal(await customerPaymentMethod(w.db, t.tenantId, c.id), null);
      const m = await t.mandate(c, { reference: 'K-1/2026 Mandat-01', bic: 'COBADEFFXXX' });
      assert.equal(m.status, 'active');
      assert.equal(await customerPaymentMethod(w.db, t.tenantId, c.id), 'direct_debit', 'an active mandate makes the customer pay by direct debit');
      const other = await t.customer({ customer_number: 'K-2' });
      await refused(() => t.mandate(other, { reference: 'k-1/2026 mandat-01' }), 'reference'); // a UMR is unique, whatever its case
      await refused(() => t.mandate(c), 'customer_id'); // one active mandate per customer
      await t.run((tx, s) => revokeMandate(tx, s, m.id, 'customer asked by letter'));
      assert.equal(await customerPaymentMethod(w.db, t.tenantId, c.id), null);
      assert.equal((await t.mandate(c)).reference, 'K-1-2', 'the default reference: customer number and a counter');
    });

    it('collects, files pain.008, books the clearing account, settles from the statement and takes returns back', async () => {
      const t = await tenant();
      const a = await t.customer({ customer_number: 'A-1', name: 'Bäckerei Müller & Söhne KG', email: 'buchhaltung@mueller.example' });
      const b = await t.customer({ customer_number: 'B-1', name: 'Alpen Outdoor GmbH', country: 'AT' });
      const none = await t.customer({ customer_number: 'N-1', name: 'No Mandate AG' });
      const mA = await t.mandate(a, { reference: 'MNDT-A-1' });
      const mB = await t.mandate(b, { reference: 'MNDT-B-1', iban: IBAN_B, scheme: 'B2B' });

      const a1 = await t.invoice(a, 40, 1); //   119.00 due 10 days ago
      const a2 = await t.invoice(a, 35, 2); //   238.00 due 5 days ago
      const a3 = await t.invoice(a, 10, 1); //   due in 20 days: not yet
      const aDisputed = await t.invoice(a, 45, 3);
      const aPromised = await t.invoice(a, 50, 4);
      const b1 = await t.invoice(b, 31, 5); //   595.00 due yesterday
      await t.invoice(none, 60, 1);
      await t.run((tx, s) => openDispute(tx, s, { item_id: aDisputed.id, reason_code: 'damaged' }));
      await t.run((tx, s) => recordContact(tx, s, a.id, { kind: 'promise', text: 'pays by transfer', promised_amount: '476.00', promised_date: addDays(TODAY, 10), documents: [aPromised.document_number] }));

      const date = addDays(TODAY, 3);
      const proposal = await t.run((tx, s) => proposeRun(tx, s, { collection_date: date }));
      assert.ok(proposal?.created);
      assert.equal((await t.run((tx, s) => proposeRun(tx, s, { collection_date: date })))?.run.id, proposal.run.id, 'one open proposal per collection date');
      let d = await runDetail(w.db, t.tenantId, proposal.run.id);
      assert.deepEqual(d.transactions.map((x) => [x.customer.customer_number, x.amount, x.items.map((i) => i.document_number)]),
        [['A-1', '357.00', [a1.document_number, a2.document_number]], ['B-1', '595.00', [b1.document_number]]],
        'due by the collection date, with a mandate; disputed, promised and not yet due items left out');
      assert.equal(d.transactions[0].remittance, `${a1.document_number} ${a2.document_number}`);
      assert.equal(await t.balance('1310'), 0n, 'a proposal books nothing');

      // Review: nothing to change; submit (twice: the second submits nothing).
      const before = await t.entries();
      const sub = await t.run((tx, s) => submitRun(tx, s, proposal.run.id));
      assert.equal(sub.submitted, true);
      const after1 = await t.entries();
      assert.equal((await t.run((tx, s) => submitRun(tx, s, proposal.run.id))).submitted, false);
      assert.equal(await t.entries(), after1, 'a second submit posts nothing');
      assert.ok(after1 > before);
      assert.equal(await t.balance('1310'), 95200n, 'Dr 1310 Direct debits in collection 952.00');
      assert.equal(await t.open(a1), 0n);
      assert.equal(await t.open(a2), 0n);
      assert.equal(await t.open(b1), 0n);
      assert.equal(await t.open(a3), a3.amount);
      await t.sound();

      // The file: well-formed, CtrlSum = sum of the amounts, one PmtInf per scheme and sequence type.
      const file = (await runFile(w.db, t.tenantId, proposal.run.id))!.file;
      const lint = wellFormed(file);
      if (lint !== null) assert.equal(lint, 'ok', 'xmllint: well-formed');
      const parsed = parseXml(file);
      assert.ok(parsed.ok);
      const doc = nodes(parsed.root, 'CstmrDrctDbtInitn')[0];
      assert.match(file, /xmlns="urn:iso:std:iso:20022:tech:xsd:pain\.008\.001\.02"/);
      assert.equal(text(doc, 'GrpHdr', 'MsgId'), proposal.run.run_number);
      assert.equal(text(doc, 'GrpHdr', 'NbOfTxs'), '2');
      assert.equal(text(doc, 'GrpHdr', 'CtrlSum'), '952.00');
      const pmtInfs = nodes(doc, 'PmtInf');
      assert.deepEqual(pmtInfs.map((p) => [text(p, 'PmtInfId'), text(p, 'PmtTpInf', 'LclInstrm', 'Cd'), text(p, 'PmtTpInf', 'SeqTp'), text(p, 'CtrlSum'), text(p, 'ReqdColltnDt')]),
        [[`${proposal.run.run_number}-B2B-FRST`, 'B2B', 'FRST', '595.00', date], [`${proposal.run.run_number}-CORE-FRST`, 'CORE', 'FRST', '357.00', date]]);
      assert.equal(text(pmtInfs[1], 'CdtrSchmeId', 'Id', 'PrvtId', 'Othr', 'Id'), 'DE98ZZZ09999999999');
      assert.equal(text(pmtInfs[1], 'CdtrAcct', 'Id', 'IBAN'), 'DE02120300000000202051');
      const txA = nodes(pmtInfs[1], 'DrctDbtTxInf')[0];
      assert.equal(text(txA, 'InstdAmt'), '357.00');
      assert.equal(text(txA, 'DrctDbtTx', 'MndtRltdInf', 'MndtId'), 'MNDT-A-1');
      assert.equal(text(txA, 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInd'), 'false');
      assert.equal(text(txA, 'Dbtr', 'Nm'), 'Baeckerei Mueller + Soehne KG', 'names in the SEPA character set');
      assert.equal(text(txA, 'DbtrAgt', 'FinInstnId', 'Othr', 'Id'), 'NOTPROVIDED');
      const e2eA = text(txA, 'PmtId', 'EndToEndId');
      const e2eB = text(nodes(pmtInfs[0], 'DrctDbtTxInf')[0], 'PmtId', 'EndToEndId');
      assert.notEqual(e2eA, e2eB);

      // Pre-notification: on the invoice's timeline, and by email to A.
      const tl = await timelineOf(w.db, t.tenantId, 'invoice', a1.source_id);
      assert.ok(tl.some((e) => e.event_type === 'direct_debit.announced' && e.summary.includes(date)), 'the invoice shows the debit date');
      const [mail] = await w.db.query<{ to_address: string; subject: string }>(
        `SELECT to_address, subject FROM outbound_messages WHERE tenant_id = $1 AND kind = 'direct_debit_prenotification'`, [t.tenantId]);
      assert.equal(mail.to_address, 'buchhaltung@mueller.example');
      assert.match(mail.subject, /SEPA-Lastschrift über 357,00/);

      // Settlement: a wrong amount books nothing; the right one settles the batch once.
      const cInfo = `SEPA SAMMLER ${proposal.run.run_number}-CORE-FRST`;
      assert.deepEqual(await t.run((tx, s) => settleCollectionFromStatement(tx, s, { amount: 35000n, bookedOn: date, reference: cInfo })),
        { outcome: 'amount_mismatch', paymentInfoIds: [`${proposal.run.run_number}-CORE-FRST`], expected: 35700n });
      assert.equal((await t.run((tx, s) => settleCollectionFromStatement(tx, s, { amount: 35700n, bookedOn: date, reference: cInfo }))).outcome, 'settled');
      assert.equal((await t.run((tx, s) => settleCollectionFromStatement(tx, s, { amount: 35700n, bookedOn: date, reference: cInfo }))).outcome, 'already_settled');
      assert.equal((await t.run((tx, s) => settleCollectionFromStatement(tx, s, { amount: 100n, bookedOn: date, reference: 'RENT DECEMBER' }))).outcome, 'not_found');
      assert.equal(await t.balance('1310'), 59500n);

      // B's debit is rejected before settlement (pain.002, AC04 account closed): the invoice is open again,
      // 1310 is credited, the mandate revoked; the bank then credits the batch with nothing.
      await assert.rejects(t.run((tx, s) => importStatusReport(tx, s, '<Document><CstmrPmtStsRpt><GrpHdr>', 'broken.xml')),
        (e) => e instanceof ImportRejected && /malformed XML/.test(e.message));
      await assert.rejects(t.run((tx, s) => importStatusReport(tx, s, pain002(proposal.run.run_number, [{ e2e: 'DD-999999-00001', code: 'AM04' }]), 'unknown.xml')),
        (e) => e instanceof ImportRejected && /no debit DD-999999-00001/.test(e.message));
      assert.equal(await t.open(b1), 0n, 'a refused report writes nothing');
      const report = await t.run((tx, s) => importStatusReport(tx, s, pain002(proposal.run.run_number, [{ e2e: e2eB, code: 'AC04', amount: '595.00' }]), 'status.xml'));
      assert.deepEqual(report.recorded, [{ endToEndId: e2eB, reasonCode: 'AC04' }]);
      const again = await t.run((tx, s) => importStatusReport(tx, s, pain002(proposal.run.run_number, [{ e2e: e2eB, code: 'AC04', amount: '595.00' }]), 'status.xml'));
      assert.deepEqual([again.recorded, again.already], [[], [e2eB]], 'a report read twice returns once');
      assert.equal(await t.open(b1), b1.amount, 'the invoice is open again');
      assert.equal(await t.balance('1310'), 0n);
      assert.equal((await getMandate(w.db, t.tenantId, mB.id)).status, 'revoked');
      assert.equal(await customerPaymentMethod(w.db, t.tenantId, b.id), null);
      assert.equal((await t.run((tx, s) => settleCollectionFromStatement(tx, s, { amount: 1n, bookedOn: date, reference: `${proposal.run.run_number}-B2B-FRST` }))).outcome, 'amount_mismatch');
      await t.sound();

      // A's debit comes back after settlement (AM04, the bank charges 3.50): Dr 1100 / Cr Bank, fee to 6420.
      const bank = await t.balance('1000');
      await assert.rejects(t.run((tx, s) => recordDirectDebitReturn(tx, s, { endToEndId: 'NOPE', reasonCode: 'AM04', amount: 35700n, returnedOn: TODAY })),
        (e) => e instanceof Failure && e.code === 'not_found' && e.field === 'end_to_end_id');
      await assert.rejects(t.run((tx, s) => recordDirectDebitReturn(tx, s, { endToEndId: e2eA, reasonCode: 'AM04', amount: 100n, returnedOn: TODAY })),
        (e) => e instanceof Failure && e.field === 'amount');
      const ret = await t.run((tx, s) => recordDirectDebitReturn(tx, s, { endToEndId: e2eA, reasonCode: 'AM04', amount: 35700n, returnedOn: TODAY, fee: 350n }));
      assert.equal(ret.created, true);
      assert.equal(ret.return.before_settlement, false);
      const posted = await t.entries();
      const second = await t.run((tx, s) => recordDirectDebitReturn(tx, s, { endToEndId: e2eA, reasonCode: 'AM04', amount: 35700n, returnedOn: TODAY, fee: 350n }));
      assert.equal(second.created, false, 'a second return for the same debit is the first');
      assert.equal(await t.entries(), posted, 'and posts nothing');
      assert.equal(await t.balance('1000'), bank - 35700n - 350n);
      assert.equal(await t.balance('6420'), 350n);
      assert.equal(await t.open(a1), a1.amount);
      assert.equal(await t.open(a2), a2.amount);
      assert.equal((await getMandate(w.db, t.tenantId, mA.id)).status, 'active', 'insufficient funds leaves the mandate');
      await t.sound();

      // The next run presents A's invoices again: RCUR now (the first debit was settled), with the amendment when the IBAN changed.
      await t.run((tx, s) => amendMandate(tx, s, mA.id, { iban: IBAN_A2 }));
      const next = await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 5), grouping: 'invoice' }));
      d = await runDetail(w.db, t.tenantId, next!.run.id);
      assert.deepEqual(d.transactions.map((x) => x.items[0].document_number), [a1.document_number, a2.document_number], 'one debit per invoice');
      await t.run((tx, s) => submitRun(tx, s, next!.run.id));
      const file2 = parseXml((await runFile(w.db, t.tenantId, next!.run.id))!.file);
      assert.ok(file2.ok);
      const p2 = nodes(file2.root, 'CstmrDrctDbtInitn', 'PmtInf');
      assert.deepEqual(p2.map((p) => text(p, 'PmtTpInf', 'SeqTp')), ['RCUR']);
      const tx2 = nodes(p2[0], 'DrctDbtTxInf');
      assert.equal(tx2.length, 2);
      assert.equal(text(tx2[0], 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInd'), 'true');
      assert.equal(text(tx2[0], 'DrctDbtTx', 'MndtRltdInf', 'AmdmntInfDtls', 'OrgnlDbtrAcct', 'Id', 'IBAN'), IBAN_A);
      assert.equal(text(tx2[0], 'DbtrAcct', 'Id', 'IBAN'), IBAN_A2);
      assert.equal((await getMandate(w.db, t.tenantId, mA.id)).amended_from_iban, null, 'the amendment is told once');
      await t.sound();
    });

    it('leaves out a debit at review, drops what was paid since, and expires unused mandates', async () => {
      const t = await tenant();
      const a = await t.customer({ customer_number: 'A-1' });
      const b = await t.customer({ customer_number: 'B-1' });
      const old = await t.customer({ customer_number: 'O-1' });
      await t.mandate(a);
      await t.mandate(b, { reference: 'B-ONE-OFF', kind: 'one_off' });
      const mOld = await t.mandate(old, { reference: 'OLD', signed_on: addDays(TODAY, -(3 * 366 + 10)) });
      const a1 = await t.invoice(a, 40, 1);
      await t.invoice(b, 40, 1);
      await t.invoice(old, 40, 1);
      const run = (await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 2) })))!;
      assert.equal((await getMandate(w.db, t.tenantId, mOld.id)).status, 'expired', 'a recurring mandate unused for 36 months lapses');
      let d = await runDetail(w.db, t.tenantId, run.run.id);
      assert.deepEqual(d.transactions.map((x) => x.customer.customer_number), ['A-1', 'B-1']);
      await t.run((tx, s) => excludeTransaction(tx, s, d.transactions[0].id, 'customer asked to pay by transfer'));
      // A second run the same day for another date may take the excluded invoice.
      const other = (await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 4) })))!;
      assert.deepEqual((await runDetail(w.db, t.tenantId, other.run.id)).transactions.map((x) => x.items[0].document_number), [a1.document_number]);
      await t.run((tx, s) => submitRun(tx, s, run.run.id));
      d = await runDetail(w.db, t.tenantId, run.run.id);
      assert.deepEqual(d.transactions.map((x) => [x.customer.customer_number, x.status, x.sequence]), [['A-1', 'excluded', null], ['B-1', 'submitted', 'OOFF']]);
      assert.equal((await listMandates(w.db, t.tenantId, { customerId: b.id }))[0].status, 'expired', 'a one-off mandate is used up');
      // A pays by transfer before the other run is submitted: nothing is left, the run is refused.
      await t.run((tx, s) => import('../../src/payments/payments.ts').then((p) => p.recordPayment(tx, s, { customer_id: a.id, amount: '119.00', apply: [{ invoice_id: a1.source_id, amount: '119.00' }] })));
      await assert.rejects(t.run((tx, s) => submitRun(tx, s, other.run.id)), (e) => e instanceof Failure && e.code === 'invalid_state');
      await t.sound();
    });

    it('revokes the mandate on MD01 and refuses a collection date that is not after today', async () => {
      const t = await tenant();
      const a = await t.customer({ customer_number: 'A-1' });
      const m = await t.mandate(a);
      await t.invoice(a, 40, 1);
      const today = (await t.run((tx, s) => proposeRun(tx, s, { collection_date: TODAY })))!;
      await assert.rejects(t.run((tx, s) => submitRun(tx, s, today.run.id)), (e) => e instanceof Failure && e.field === 'collection_date');
      await assert.rejects(t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, -1) })), (e) => e instanceof Failure && e.field === 'collection_date');
      const { discardRun } = await import('../../src/payments/direct-debit/review.ts');
      await t.run((tx, s) => discardRun(tx, s, today.run.id));
      const run = (await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 1) })))!;
      await t.run((tx, s) => submitRun(tx, s, run.run.id));
      const [tx1] = (await runDetail(w.db, t.tenantId, run.run.id)).transactions;
      await t.run((tx, s) => recordDirectDebitReturn(tx, s, { endToEndId: tx1.end_to_end_id, reasonCode: 'MD01', amount: 11900n, returnedOn: TODAY }));
      assert.equal((await getMandate(w.db, t.tenantId, m.id)).status, 'revoked');
      assert.equal((await getMandate(w.db, t.tenantId, m.id)).first_collected_on, null, 'a rejected first debit leaves the mandate unused');
      assert.equal(await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 2) })), null, 'no mandate, nothing to collect');
      await t.sound();
    });

    it('books the bank statement\'s answer in a cash application run: the batch credit settles, a return reopens the invoice', async () => {
      const t = await tenant();
      const a = await t.customer({ customer_number: 'A-1' });
      const b = await t.customer({ customer_number: 'B-1', country: 'AT' });
      await t.mandate(a, { reference: 'MNDT-A' });
      const mB = await t.mandate(b, { reference: 'MNDT-B', iban: IBAN_B, scheme: 'B2B' });
      const a1 = await t.invoice(a, 40, 1); // 119.00
      const b1 = await t.invoice(b, 35, 5); // 595.00
      const run = (await t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, 1) })))!;
      await t.run((tx, s) => submitRun(tx, s, run.run.id));
      const e2eB = (await runDetail(w.db, t.tenantId, run.run.id)).transactions.find((x) => x.customer.customer_number === 'B-1')!.end_to_end_id;
      assert.equal(await t.balance('1310'), 71400n);

      // The bank credits the whole file as one booking, then debits B's debit back (MD01) with a 3.00 fee.
      const entry = (ref: string, amount: string, cd: 'CRDT' | 'DBIT', details: string) => `
        <Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${cd}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${TODAY}</Dt></BookgDt><ValDt><Dt>${TODAY}</Dt></ValDt>
          <AcctSvcrRef>${ref}</AcctSvcrRef><NtryDtls><TxDtls>${details}</TxDtls></NtryDtls></Ntry>`;
      const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>S1</MsgId><CreDtTm>${TODAY}T18:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>DD-STMT-${t.tenantId}</Id><CreDtTm>${TODAY}T18:00:00</CreDtTm><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${TODAY}</Dt></Dt></Bal>
    <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1116.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${TODAY}</Dt></Dt></Bal>
    ${entry('B-714', '714.00', 'CRDT', `<RmtInf><Ustrd>SEPA-LASTSCHRIFT SAMMLER ${run.run.run_number}</Ustrd></RmtInf>`)}
    ${entry('B-598', '598.00', 'DBIT', `<Refs><EndToEndId>${e2eB}</EndToEndId></Refs><RmtInf><Ustrd>RUECKLASTSCHRIFT MNDT-B</Ustrd></RmtInf><RtrInf><Rsn><Cd>MD01</Cd></Rsn></RtrInf>`)}
  </Stmt></BkToCstmrStmt></Document>`;
      const scope = () => ({ tenantId: t.tenantId, actor: systemActor, now: new Date() });
      const [st] = await importStatementFile(w.db, scope, 'dd.xml', camt);
      const r = await runCashApplication(w.db, scope);
      assert.deepEqual([r.lines, r.booked], [0, 2], 'neither line is a customer receipt: both are the bank answering our debits');
      await t.sound();
      assert.equal(await t.balance('1310'), 0n, 'the file credited: Dr Bank / Cr 1310');
      assert.equal(await t.open(a1), 0n);
      assert.equal(await t.open(b1), b1.amount, "B's invoice is open again");
      assert.equal((await getMandate(w.db, t.tenantId, mB.id)).status, 'revoked', 'MD01: no mandate');
      const rec = await reconcileStatement(w.db, t.tenantId, st.id);
      assert.deepEqual([rec.matched.length, rec.unmatchedStatement.length, rec.unmatchedLedger.length, rec.unexplained], [2, 0, 0, 0n],
        'both lines pair with the entries they caused');
      // Run again: nothing left, nothing booked twice.
      assert.deepEqual(await runCashApplication(w.db, scope), { lines: 0, booked: 0, auto: 0, suggested: 0, unmatched: 0 });
      await t.sound();
    });

    it('serves mandates, runs, the file and returns over HTTP, with Idempotency-Key and problem+json', async () => {
      const api = await apiWorld(w.db);
      try {
        const slug = `ddapi${++slugs}-${process.pid}`;
        const { tenant: tn, token } = await api.tenantWithAdmin(slug);
        const t = await tenant(tn.id);
        const c = await t.customer({ customer_number: 'H-1', name: 'Hafen Handel GmbH' });
        await t.invoice(c, 40, 1);
        const body = { customer_id: c.id, signed_on: addDays(TODAY, -10), iban: 'DE89 3704 0044 0532 0130 00', reference: 'HTTP-1' };
        const bad = await api.call('POST', '/api/direct-debit/mandates', { token, body: { ...body, iban: 'DE00370400440532013000' } });
        assert.equal(bad.status, 400);
        assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
        assert.equal(bad.json.field, 'iban');
        const key = { 'idempotency-key': 'mandate-http-1' };
        const m1 = await api.call('POST', '/api/direct-debit/mandates', { token, body, headers: key });
        assert.equal(m1.status, 201, m1.body);
        const m2 = await api.call('POST', '/api/direct-debit/mandates', { token, body, headers: key });
        assert.equal(m2.headers['idempotent-replayed'], 'true');
        assert.equal(m2.json.id, m1.json.id);
        assert.equal((await api.call('GET', `/api/direct-debit/customers/${c.id}`, { token })).json.payment_method, 'direct_debit');

        const proposed = await api.call('POST', '/api/direct-debit/runs', { token, body: { collection_date: addDays(TODAY, 2) }, headers: { 'idempotency-key': 'run-1' } });
        assert.equal(proposed.status, 201, proposed.body);
        const runId = proposed.json.run.id;
        assert.equal((await api.call('GET', `/api/direct-debit/runs/${runId}/file`, { token })).status, 409, 'no file before the submission');
        const submitted = await api.call('POST', `/api/direct-debit/runs/${runId}/submit`, { token, headers: { 'idempotency-key': 'submit-1' } });
        assert.equal(submitted.status, 200, submitted.body);
        assert.equal(submitted.json.run.status, 'submitted');
        const file = await api.call('GET', `/api/direct-debit/runs/${runId}/file`, { token });
        assert.equal(file.status, 200);
        assert.match(String(file.headers['content-disposition']), /attachment; filename="DD-000001\.pain\.008\.001\.02\.xml"/);
        assert.match(file.body, /<CtrlSum>119\.00<\/CtrlSum>/);

        const broken = await api.call('POST', '/api/direct-debit/status-reports', { token, body: '<Document><CstmrPmtStsRpt>', headers: { 'content-type': 'application/xml' } });
        assert.equal(broken.status, 400);
        assert.match(broken.json.detail, /rejected, nothing imported/);
        const e2e = submitted.json.run.transactions[0].end_to_end_id;
        const wrong = await api.call('POST', '/api/direct-debit/returns', { token, body: { end_to_end_id: 'NOPE', reason_code: 'AM04', amount: '119.00', returned_on: TODAY } });
        assert.deepEqual([wrong.status, wrong.json.field], [404, 'end_to_end_id']);
        const ret = await api.call('POST', '/api/direct-debit/returns', { token, body: { end_to_end_id: e2e, reason_code: 'MD06', amount: '119.00', returned_on: TODAY, fee: '2.50' } });
        assert.equal(ret.status, 201, ret.body);
        const again = await api.call('POST', '/api/direct-debit/returns', { token, body: { end_to_end_id: e2e, reason_code: 'MD06', amount: '119.00', returned_on: TODAY, fee: '2.50' } });
        assert.deepEqual([again.status, again.json.created], [200, false]);
        assert.equal((await api.call('GET', '/api/direct-debit/returns', { token })).json.items[0].reason, 'MD06 refund request by the debtor');
        assert.match((await api.call('GET', `/api/direct-debit/mandates/${m1.json.id}`, { token })).json.attention, /MD06/);
        await t.sound();
      } finally {
        await api.close();
      }
    });

    if (kind === 'postgres') {
      it('two runs proposed at once never take the same invoice, and submit without collecting one twice', async () => {
        const t = await tenant();
        const customers = await Promise.all(Array.from({ length: 6 }, (_, i) => t.customer({ customer_number: `R-${i}` })));
        for (const [i, c] of customers.entries()) await t.mandate(c, { reference: `RACE-${i}` });
        const items: ArItem[] = [];
        for (const c of customers) for (let k = 0; k < 3; k++) items.push(await t.invoice(c, 40 + k, 1));
        const total = items.reduce((a, i) => a + i.open_amount, 0n);
        const results = await Promise.allSettled([3, 4, 5, 6].map((days) => t.run((tx, s) => proposeRun(tx, s, { collection_date: addDays(TODAY, days) }))));
        const runs = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value.run] : []));
        assert.ok(runs.length >= 1);
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof Failure && r.reason.code === 'conflict', String(r.reason));
        const claimed = (await Promise.all(runs.map((r) => runDetail(w.db, t.tenantId, r.id))))
          .flatMap((d) => d.transactions.filter((x) => x.status === 'proposed').flatMap((x) => x.items.filter((i) => i.active).map((i) => i.ar_item_id)));
        assert.equal(new Set(claimed).size, claimed.length, 'no invoice in two runs');
        assert.equal(claimed.length, items.length, 'every invoice in one run');
        const submitted = await Promise.allSettled(runs.flatMap((r) => [r, r]).map((r) => t.run((tx, s) => submitRun(tx, s, r.id))));
        assert.ok(submitted.every((r) => r.status === 'fulfilled'), JSON.stringify(submitted.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))));
        assert.equal(submitted.filter((r) => r.status === 'fulfilled' && r.value.submitted).length, runs.length, 'each run submitted once');
        assert.equal(await t.balance('1310'), total);
        for (const i of items) assert.equal(await t.open(i), 0n);
        await t.sound();
      });
    }
  });
}
