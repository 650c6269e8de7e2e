import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { apiWorld, type ApiWorld } from '../support/api.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';
import { arCheck } from '../../src/app/ar-check.ts';
import { inTx } from '../../src/app/run.ts';
import { invoiceShipment } from '../../src/billing/issue.ts';
import { allocateBySection367, openClaims } from '../../src/collections/clearing.ts';
import { brokenPromises, recordContact } from '../../src/collections/contacts.ts';
import { exportMatches, type ExportRow } from '../../src/cashapp/export.ts';
import { importStatementFile } from '../../src/cashapp/import-statement.ts';
import { runCashApplication } from '../../src/cashapp/run.ts';
import { runDetail } from '../../src/collections/detail.ts';
import { heldItems } from '../../src/collections/holds.ts';
import { proposeRun } from '../../src/collections/propose.ts';
import { excludeNotice, includeNotice, setItemExcluded, setNoticeLevel } from '../../src/collections/review.ts';
import { sendRun } from '../../src/collections/send.ts';
import { nextAction, worklist } from '../../src/collections/worklist.ts';
import type { Customer } from '../../src/customers/customers.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { trialBalance } from '../../src/ledger/reports.ts';
import type { MailMessage, Mailer } from '../../src/notifications/mailer.ts';
import { deliverPending } from '../../src/notifications/queue.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { openItems } from '../../src/receivables/items.ts';
import { addDays } from '../../src/shared/dates.ts';
import { Failure } from '../../src/shared/failure.ts';
import { systemActor } from '../../src/shared/scope.ts';

const DAY = 86_400_000;
const TODAY = new Date().toISOString().slice(0, 10);
let slugs = 0;

/** Mail as the customer would get it, kept in memory. */
function memoryMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return { sent, async send(m) { sent.push(m); return { messageId: `<${sent.length}@test>` }; } };
}

function pdfText(bytes: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'o2c-dunning-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  } catch {
    return null; // poppler-utils missing: the PDF was still made
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of await dbKinds()) {
  describe(`collections and dunning [${kind}]`, () => {
    let w: World;
    before(async () => { w = await world(kind); });
    after(async () => { await w.close(); });

    /** A tenant of its own per test: an invoice helper that issues at a day in the past, acting at any day. */
    const tenant = async () => {
      const t = w.forTenant((await w.addTenant(`dun${++slugs}-${process.pid}`)).id);
      const product = await t.product('DUN-1', '100.00', 1000n);
      const day = (daysFromNow: number) => addDays(TODAY, daysFromNow);
      /** An invoice issued `daysAgo` (net 30 for the default customer) for `units` × 100.00 + 19 % VAT. */
      const invoice = (customer: Customer, daysAgo: number, units: number) => t.invoice(customer, product, daysAgo, units);
      const sound = async () => {
        assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
        assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
        assert.ok((await arCheck(w.db, t.tenantId)).every((a) => a.equal), 'AR subledger = control account');
      };
      const balance = async (account: string) => (await trialBalance(w.db, t.tenantId)).rows.find((r) => r.account === account)?.balance ?? 0n;
      return { ...t, day, invoice, sound, balance };
    };

    it('proposes, sends once, raises the level after the gap, and books fee and interest on AR', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-1', name: 'Kunde Eins GmbH', email: 'ap@kunde-eins.example' });
      const a = await t.invoice(c, 60, 10); // 1,190.00 due 30 days ago
      const b = await t.invoice(c, 40, 5); //   595.00 due 10 days ago
      await t.invoice(c, 5, 1); //              not due yet
      assert.equal(a.open_amount, 119000n);

      // Today: both overdue items get the friendly reminder (level 1), however late a is; nothing is charged.
      const first = await t.at(0, (tx, s) => proposeRun(tx, s));
      assert.ok(first?.created);
      let detail = await runDetail(w.db, t.tenantId, first.run.id);
      assert.equal(detail.notices.length, 1);
      const [n1] = detail.notices;
      assert.equal(n1.level, 1);
      assert.equal(n1.lang, 'de', 'a German customer gets German letters');
      assert.deepEqual(n1.items.map((i) => [i.document_number, i.level, i.days_overdue]), [[a.document_number, 1, 30], [b.document_number, 1, 10]]);
      assert.deepEqual([n1.fee, n1.interest, n1.total], ['0.00', '0.00', '1785.00']);
      // Asking again the same day gives the same proposal.
      const again = await t.at(0, (tx, s) => proposeRun(tx, s));
      assert.equal(again?.created, false);
      assert.equal(again?.run.id, first.run.id);

      const sent = await t.at(0, (tx, s) => sendRun(tx, s, first.run.id));
      assert.deepEqual([sent.sent, sent.dropped, sent.run.status], [1, 0, 'sent']);
      assert.equal((await t.at(0, (tx, s) => sendRun(tx, s, first.run.id))).sent, 0, 'a run is sent once');
      assert.equal(await t.at(0, (tx, s) => proposeRun(tx, s)), null, 're-running the same day proposes nothing new');
      detail = await runDetail(w.db, t.tenantId, first.run.id);
      assert.match(detail.notices[0].notice_number ?? '', new RegExp(`^DN-${TODAY.slice(0, 4)}-000001$`));
      assert.equal(detail.notices[0].channel, 'email');
      assert.equal(await t.balance('4800'), 0n, 'a friendly reminder books nothing');

      // The letter goes by email, in German, with the PDF attached.
      const mailer = memoryMailer();
      await deliverPending(w.db, mailer);
      const mail = mailer.sent.find((m) => m.to === 'ap@kunde-eins.example' && m.subject.startsWith('Zahlungserinnerung'));
      assert.ok(mail, `reminder mailed (${mailer.sent.map((m) => m.subject).join(' | ')})`);
      assert.match(mail.text, /Guten Tag Kunde Eins GmbH/);
      assert.match(mail.text, /1\.785,00 EUR/);
      assert.equal(mail.attachments?.[0].filename, `${detail.notices[0].notice_number}.pdf`);
      const text = pdfText(mail.attachments![0].content as Buffer);
      if (text !== null) {
        assert.match(text, /Zahlungserinnerung/);
        assert.match(text, new RegExp(a.document_number));
        assert.match(text, /Gesamtbetrag\s+1\.785,00 EUR/);
      }
      const timeline = await timelineOf(w.db, t.tenantId, 'customer', c.id);
      assert.ok(timeline.some((e) => e.event_type === 'dunning.notice_sent' && /Friendly reminder DN-/.test(e.summary)), 'on the customer timeline');
      assert.ok((await timelineOf(w.db, t.tenantId, 'invoice', a.source_id)).some((e) => e.event_type === 'invoice.dunned'), 'on the invoice timeline');

      // 14 days later (21 − 7): the second notice, with its 5.00 fee and 9 % interest from the due dates.
      const second = await t.at(14, (tx, s) => proposeRun(tx, s));
      assert.ok(second?.created);
      const n2 = (await runDetail(w.db, t.tenantId, second.run.id)).notices[0];
      // a: 1,190.00 × 9 % × 44 / 365 = 12.910… → 12.91; b: 595.00 × 9 % × 24 / 365 = 3.521… → 3.52
      assert.deepEqual(n2.items.filter((i) => i.level !== null).map((i) => [i.level, i.interest_days, i.interest]), [[2, 44, '12.91'], [2, 24, '3.52']]);
      assert.deepEqual([n2.level, n2.fee, n2.interest, n2.total], [2, '5.00', '16.43', '1806.43']);
      await t.at(14, (tx, s) => sendRun(tx, s, second.run.id));
      await t.sound();
      assert.equal(await t.balance('4800'), -500n, 'Cr dunning fees');
      assert.equal(await t.balance('7300'), -1643n, 'Cr interest income');
      const costs = (await openItems(w.db, t.tenantId, { customerId: c.id })).filter((i) => i.kind === 'fee' || i.kind === 'interest');
      assert.deepEqual(costs.map((i) => [i.kind, i.open_amount, i.due_date]).sort(), [['fee', 500n, t.day(21)], ['interest', 1643n, t.day(21)]]);

      // A payment of 600.00, nothing named: the letter's fee and interest first, then a (due first).
      const clearing = allocateBySection367(await openClaims(w.db, t.tenantId, c.id, 'EUR'), 60000n);
      assert.deepEqual(clearing.allocations.map((x) => [x.kind, x.amount]), [['fee', 500n], ['interest', 1643n], ['invoice', 57857n]]);
      assert.equal(clearing.allocations[2].item_id, a.id);


      // Two weeks on: the final notice lists the earlier costs; interest runs on from the last letter only.
      const third = await t.at(28, (tx, s) => proposeRun(tx, s));
      const n3 = (await runDetail(w.db, t.tenantId, third!.run.id)).notices[0];
      assert.equal(n3.level, 3);
      assert.deepEqual(n3.items.filter((i) => i.level !== null).map((i) => i.interest_days), [14, 14]);
      assert.deepEqual(n3.items.filter((i) => i.level === null).map((i) => i.kind).sort(), ['fee', 'interest']);
      assert.equal(n3.earlier_costs, '21.43');

      // Cash application clears the same way: 595.00 quoting b pays the letter's costs first, then b.
      const camt = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S-367</Id>
        <Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct><Ntry><Amt Ccy="EUR">595.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <BookgDt><Dt>${t.day(14)}</Dt></BookgDt><AcctSvcrRef>B-367</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Kunde Eins GmbH</Nm></Dbtr></RltdPties>
        <RmtInf><Ustrd>Rechnung ${b.document_number}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;
      const scope14 = () => ({ tenantId: t.tenantId, actor: systemActor, now: new Date(Date.now() + 14 * DAY) });
      await importStatementFile(w.db, scope14, 'b.xml', camt);
      assert.equal((await runCashApplication(w.db, scope14)).auto, 1);
      const rows: ExportRow[] = [];
      await exportMatches(w.db, t.tenantId, (r) => rows.push(r));
      assert.deepEqual(rows.map((r) => r.amount).sort(), ['16.43', '5.00', '573.57'].sort());
      assert.ok(rows.some((r) => r.invoice_number === b.document_number && r.amount === '573.57'));
      await t.sound();
    });

    it('leaves out disputed items and items under a promise to pay, and lets the collector review', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-2', name: 'Review Ltd', country: 'GB', email: null });
      const a = await t.invoice(c, 50, 2);
      const b = await t.invoice(c, 45, 3);
      const d = await t.invoice(c, 40, 4);
      await w.db.query('UPDATE ar_items SET in_dispute = true WHERE tenant_id = $1 AND id = $2', [t.tenantId, d.id]);
      // A promise for b until next week holds it back; a broken one (its date passed) would not.
      await t.at(0, (tx, s) => recordContact(tx, s, c.id, { kind: 'promise', text: 'Will pay b on Friday', promised_amount: '357.00', promised_date: t.day(5), documents: [b.document_number] }));
      assert.deepEqual([...(await heldItems(w.db, t.tenantId, [c.id], TODAY)).keys()], [b.id]);
      assert.deepEqual([...(await heldItems(w.db, t.tenantId, [c.id], t.day(6))).keys()], [], 'a promise past its date holds nothing');
      // Broken: its date passed with b still open and nobody spoken to since — the collector is told to call.
      assert.equal((await brokenPromises(w.db, t.tenantId, [c.id], TODAY)).size, 0, 'not broken before its day');
      const broken = (await brokenPromises(w.db, t.tenantId, [c.id], t.day(6))).get(c.id);
      assert.equal(broken?.promised_date, t.day(5));
      assert.match(nextAction({ promise: null, broken: broken!, upcoming: null, asOf: t.day(6), lastLevel: 4, level: 1, spokenSinceLetter: true, allHeld: false }),
        /promise broken \(357\.00 \w+ by .*\): call the customer/);

      const p = await t.at(0, (tx, s) => proposeRun(tx, s));
      const notice = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      assert.equal(notice.lang, 'en');
      assert.deepEqual(notice.items.map((i) => [i.document_number, i.level, i.excluded, i.held_reason]), [
        [a.document_number, 1, false, null],
        [b.document_number, null, true, `promise to pay by ${t.day(5)}`],
        [d.document_number, null, true, 'in dispute'],
      ]);
      await assert.rejects(t.at(0, (tx, s) => setItemExcluded(tx, s, notice.id, d.id, false)), (e: unknown) => e instanceof Failure && /in dispute/.test(e.message));

      // Review: another level (not below what an item had), an item out and back in, the letter out and back in.
      await t.at(0, (tx, s) => setNoticeLevel(tx, s, notice.id, 3));
      let n = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      assert.deepEqual([n.level, n.fee], [3, '10.00']);
      await assert.rejects(t.at(0, (tx, s) => setNoticeLevel(tx, s, notice.id, 9)), (e: unknown) => e instanceof Failure && e.field === 'level');
      await t.at(0, (tx, s) => setItemExcluded(tx, s, notice.id, a.id, true));
      n = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      assert.deepEqual([n.fee, n.interest, n.total], ['0.00', '0.00', '0.00'], 'a letter with nothing in it charges nothing');
      await t.at(0, (tx, s) => setItemExcluded(tx, s, notice.id, a.id, false));
      await assert.rejects(t.at(0, (tx, s) => excludeNotice(tx, s, notice.id, ' ')), (e: unknown) => e instanceof Failure && e.field === 'reason');
      await t.at(0, (tx, s) => excludeNotice(tx, s, notice.id, 'customer called, pays tomorrow'));
      await t.at(0, (tx, s) => includeNotice(tx, s, notice.id));

      // Without an email address the letter waits to be printed and posted.
      const sent = await t.at(0, (tx, s) => sendRun(tx, s, p!.run.id));
      assert.equal(sent.sent, 1);
      n = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      assert.deepEqual([n.status, n.channel, n.level], ['sent', 'letter', 3]);
      await assert.rejects(t.at(0, (tx, s) => excludeNotice(tx, s, notice.id, 'too late')), (e: unknown) => e instanceof Failure && e.code === 'invalid_state');
      await t.sound();
    });

    it('sends a run once when two people send it at the same moment', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-5', email: 'k5@example.test' });
      await t.invoice(c, 60, 3);
      const p = await t.at(0, (tx, s) => proposeRun(tx, s));
      const notice = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      await t.at(0, (tx, s) => setNoticeLevel(tx, s, notice.id, 2));
      const both = await Promise.all([t.at(0, (tx, s) => sendRun(tx, s, p!.run.id)), t.at(0, (tx, s) => sendRun(tx, s, p!.run.id))]);
      assert.deepEqual(both.map((r) => r.sent).sort(), [0, 1]);
      assert.equal(await t.balance('4800'), -500n, 'one fee, booked once');
      await t.sound();
    });

    it('drops a letter whose items were paid before it was sent', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-3', email: 'k3@example.test' });
      const a = await t.invoice(c, 50, 1);
      const p = await t.at(0, (tx, s) => proposeRun(tx, s));
      const { recordPayment } = await import('../../src/payments/payments.ts');
      await t.run((tx, s) => recordPayment(tx, s, { customer_id: c.id, amount: '119.00', apply: [{ invoice_id: a.source_id, amount: '119.00' }] }));
      const r = await t.at(0, (tx, s) => sendRun(tx, s, p!.run.id));
      assert.deepEqual([r.sent, r.dropped], [0, 1]);
      assert.equal((await runDetail(w.db, t.tenantId, p!.run.id)).notices[0].status, 'dropped');
      await t.sound();
    });

    it('keeps a letter the collector left out out of the day’s runs, and proposes it again the next day', async () => {
      const t = await tenant();
      const c = await t.customer({ customer_number: 'K-4', email: 'k4@example.test' });
      await t.invoice(c, 50, 1);
      const p = await t.at(0, (tx, s) => proposeRun(tx, s));
      const notice = (await runDetail(w.db, t.tenantId, p!.run.id)).notices[0];
      await t.at(0, (tx, s) => excludeNotice(tx, s, notice.id, 'pays on Friday'));
      assert.deepEqual((await t.at(0, (tx, s) => sendRun(tx, s, p!.run.id))).sent, 0);
      assert.equal(await t.at(0, (tx, s) => proposeRun(tx, s)), null);
      assert.ok((await t.at(1, (tx, s) => proposeRun(tx, s)))?.created);
    });

    it('ranks the worklist by amount × days × risk and marks repeat late payers', async () => {
      const t = await tenant();
      const big = await t.customer({ customer_number: 'W-BIG', name: 'Big Late' });
      const small = await t.customer({ customer_number: 'W-SMALL', name: 'Small Late' });
      await t.customer({ customer_number: 'W-OK', name: 'Pays on time' });
      await t.invoice(big, 70, 20);
      await t.invoice(big, 45, 1);
      await t.invoice(small, 40, 1);
      await t.at(0, (tx, s) => recordContact(tx, s, small.id, { kind: 'call', text: 'Left a voicemail' }));
      const rows = await worklist(w.db, t.tenantId, TODAY);
      assert.deepEqual(rows.map((r) => r.customer.customer_number), ['W-BIG', 'W-SMALL']);
      const [b, s] = rows;
      // 2,380.00 × 40 days + 119.00 × 15 days = 96,985 euro-days
      assert.equal(b.amount_days, 96985n);
      assert.ok(b.priority > s.priority);
      assert.deepEqual([b.repeat_late, b.late_times, s.repeat_late], [true, 2, false]);
      assert.equal(b.next_action, 'send friendly reminder (dunning run)');
      assert.equal(s.last_contact?.text, 'Left a voicemail');
      await assert.rejects(t.at(0, (tx, s2) => recordContact(tx, s2, small.id, { kind: 'promise', text: 'soon', promised_amount: '10.00', promised_date: t.day(-1) })),
        (e: unknown) => e instanceof Failure && e.field === 'promised_date');
    });

    describe('over HTTP', () => {
      let api: ApiWorld;
      before(async () => { api = await apiWorld(w.db); });
      after(async () => { await api.close(); });

      it('proposes, reviews and sends a run, records a contact, and refuses bad input writing nothing', async () => {
        const { tenant, token } = await api.tenantWithAdmin(`dunapi-${kind}-${process.pid}`);
        const t = w.forTenant(tenant.id);
        const product = await t.product('API-1', '50.00', 100n);
        const c = await t.customer({ customer_number: 'A-1', email: 'a1@example.test' });
        await inTx(w.db, { tenantId: tenant.id, actor: systemActor, now: new Date(Date.now() - 45 * DAY) }, async (tx, s) => {
          const order = await captureOrder(tx, s, { customer_id: c.id, lines: [{ product_id: product.id, quantity: 2 }], confirm: true });
          await invoiceShipment(tx, s, (await shipOrder(tx, s, order.id, {})).id);
        });
        const collector = await api.user(token, tenant.slug, 'Cole Collector', ['collector']);
        const sales = await api.user(token, tenant.slug, 'Sam Sales', ['sales']);
        const write = (url: string, body: unknown, who = collector.token, key = `k-${Math.random()}`) => api.call('POST', url, { token: who, body, headers: { 'idempotency-key': key } });

        const procedures = await api.call('GET', '/api/dunning/procedures', { token: collector.token });
        assert.equal(procedures.status, 200);
        assert.deepEqual(procedures.json.items[0].levels.map((l: { name: string; fee: string; interest_rate: string }) => [l.name, l.fee, l.interest_rate]),
          [['Friendly reminder', '0.00', '0'], ['Second notice', '5.00', '9'], ['Final notice', '10.00', '9'], ['Hand-over to collection agency', '40.00', '9']]);
        assert.equal((await write('/api/dunning/runs', {}, sales.token)).status, 403, 'sales does not dun');
        const bad = await write('/api/dunning/runs', { as_of: '2026-13-01' });
        assert.deepEqual([bad.status, bad.json.field], [400, 'as_of']);
        assert.equal((await api.call('GET', '/api/dunning/runs', { token: collector.token })).json.items.length, 0, 'bad input writes nothing');

        const proposed = await write('/api/dunning/runs', {});
        assert.equal(proposed.status, 201);
        const run = proposed.json.run;
        assert.equal(run.notices[0].customer.customer_number, 'A-1');
        const level = await write(`/api/dunning/notices/${run.notices[0].id}/level`, { level: 2 });
        assert.deepEqual([level.status, level.json.notices[0].level, level.json.notices[0].fee], [200, 2, '5.00']);
        const pdf = await api.call('GET', `/api/dunning/notices/${run.notices[0].id}/letter.pdf`, { token: collector.token });
        assert.deepEqual([pdf.status, pdf.headers['content-type']], [200, 'application/pdf']);

        const key = 'send-once';
        const sent = await write(`/api/dunning/runs/${run.id}/send`, {}, collector.token, key);
        assert.deepEqual([sent.status, sent.json.sent, sent.json.run.status], [200, 1, 'sent']);
        const replay = await write(`/api/dunning/runs/${run.id}/send`, {}, collector.token, key);
        assert.equal(replay.headers['idempotent-replayed'], 'true');
        const resend = await write(`/api/dunning/runs/${run.id}/send`, {});
        assert.equal(resend.json.sent, 0, 'sending again sends nothing');

        const badContact = await write(`/api/collections/customers/${c.id}/contacts`, { kind: 'promise', text: 'pays soon', promised_amount: 'lots', promised_date: addDays(TODAY, 3) });
        assert.deepEqual([badContact.status, badContact.json.field], [400, 'promised_amount']);
        const contact = await write(`/api/collections/customers/${c.id}/contacts`, { kind: 'call', text: 'Spoke to AP: payment run on Friday' }, sales.token);
        assert.equal(contact.status, 201);
        const history = await api.call('GET', `/api/collections/customers/${c.id}`, { token: collector.token });
        assert.deepEqual(history.json.contacts.map((x: { kind: string }) => x.kind), ['call', 'letter'], 'the call and the letter, newest first');

        const list = await api.call('GET', '/api/collections/worklist', { token: collector.token });
        assert.equal(list.json.items[0].customer.customer_number, 'A-1');
        assert.equal(list.json.items[0].level, 2);
        assert.equal(list.json.items[0].last_contact.kind, 'call');

        const clearing = await api.call('GET', `/api/collections/customers/${c.id}/clearing?amount=10.00`, { token: collector.token });
        assert.equal(clearing.json.allocations[0].kind, 'fee');
        assert.equal((await api.call('GET', `/api/collections/customers/${c.id}/clearing?amount=-1`, { token: collector.token })).json.field, 'amount');
        await api.settle();
        assert.deepEqual(await booksViolations(w.db, tenant.id), []);
      });
    });
  });
}
