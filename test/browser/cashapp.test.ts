import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeScreens, demoLogin, logIn, screenPage, type DemoApp } from '../support/browser.ts';
import { booksViolations, paymentViolations } from '../support/invariants.ts';

const BILLING = demoLogin('billing@o2c.local');


interface OpenItem { id: string; customer_id: string; document_number: string; open_amount: string; due_date: string }
interface Customer { id: string; customer_number: string; name: string }

// A day's camt.053 for the demo's open invoices, taken through the workbench by billing: Nordwind pays an
// invoice by its number (applied alone), Rhein pays an invoice less bank charges without saying which (a
// suggestion, confirmed), Van Dijk pays an invoice short by two damaged lamps (no match: applied by hand with a
// deduction), Kleinkram pays in advance (kept on its account), the bank charges its fee (booked by rule) and a
// stranger's transfer stays unexplained on the statement. The reconciliation then explains the difference
// between statement and ledger to the cent.
describeScreens('cash application and bank reconciliation in Chromium', (demo) => {

  it('imports a statement, runs matching, works the queue and reconciles the statement', async () => {
    const { page, errors, shot } = await screenPage(demo.browser, 'cashapp');
    await page.goto(demo.url);
    await logIn(page, BILLING);

    // What the demo has open, read through the API as the web app would.
    const { items, customers } = await page.evaluate(async () => {
      const headers = { Authorization: `Bearer ${localStorage.getItem('o2c.token')}` };
      const [items, customers] = await Promise.all(['/api/receivables/open-items', '/api/customers'].map(async (path) => (await (await fetch(path, { headers })).json()).items));
      return { items, customers } as { items: OpenItem[]; customers: Customer[] };
    });
    const customer = (number: string) => customers.find((c) => c.customer_number === number)!;
    const openOf = (number: string) => items.filter((i) => i.customer_id === customer(number).id).sort((a, b) => a.due_date.localeCompare(b.due_date));
    const nordwind = openOf('C-10001')[0];
    const rhein = openOf('C-10006').at(-1)!;
    const vandijk = openOf('C-10005')[0];
    assert.ok(nordwind && rhein && vandijk, 'the demo has open invoices of Nordwind, Rhein and Van Dijk');

    const today = new Date().toISOString().slice(0, 10);
    const lines: Entry[] = [
      { ref: 'B-1', amount: nordwind.open_amount, name: 'Nordwind Handels GmbH', iban: 'DE89370400440532013000', text: `Rechnung ${nordwind.document_number}` },
      { ref: 'B-2', amount: major(minor(rhein.open_amount) - 350n), name: 'Rhein Logistik GmbH', text: 'Zahlung Kabel' },
      { ref: 'B-3', amount: major(minor(vandijk.open_amount) - 9496n), name: 'Van Dijk Retail B.V.', iban: 'NL91ABNA0417164300', text: 'VD-77812 minus 2 damaged lamps' },
      { ref: 'B-4', amount: '25.00', name: 'Kleinkram e.K.', text: 'Vorauszahlung Stuhl' },
      { ref: 'B-5', amount: '50.00', name: 'Max Mustermann', iban: 'DE77100100100123456789', text: 'Danke' },
      { ref: 'B-6', amount: '12.50', debit: true, text: 'Kontofuehrungsentgelt November' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'o2c-cashapp-'));
    const file = join(dir, `camt053-${today}.xml`);
    writeFileSync(file, camt053(today, lines));

    // Import: the statement is listed with its open lines; the same file again is refused.
    await page.getByTestId('nav-cash-application').click();
    await page.getByTestId('statement-upload').waitFor();
    await page.getByTestId('statement-file').setInputFiles(file);
    await page.getByTestId('statement-import').click();
    assert.match((await page.getByTestId('statement-imported').textContent()) ?? '', /STMT-B\b.*6 bookings, 5 receipts/);
    await page.locator('[data-testid="statement-row"][data-ref="STMT-B"]').waitFor();
    assert.equal(await page.locator('[data-testid="statement-row"][data-ref="STMT-B"] [data-testid="statement-open-lines"]').textContent(), '6');
    await page.getByTestId('statement-file').setInputFiles(file);
    await page.getByTestId('statement-import').click();
    assert.match((await page.getByTestId('statement-error').first().textContent()) ?? '', /already imported/);
    await shot('imported');

    // The run: one applied alone, one suggestion, three without a match, the fee booked by rule.
    await page.getByTestId('run-matching').click();
    await page.getByTestId('run-result').waitFor();
    assert.equal(await page.getByTestId('run-auto').textContent(), '1');
    assert.equal(await page.getByTestId('run-suggested').textContent(), '1');
    assert.equal(await page.getByTestId('run-unmatched').textContent(), '3');
    assert.match((await page.getByTestId('run-result').textContent()) ?? '', /1 bank fee or interest booking posted by rule/);
    const queue = page.getByTestId('cashapp-queue');
    await queue.locator('[data-testid="queue-line"]').nth(3).waitFor();
    assert.deepEqual(await queueRefs(page), ['B-2', 'B-3', 'B-4', 'B-5'], 'suggestions first, then what has no match');

    // The suggestion: Rhein by its name, the invoice less what banks charge; confirmed as proposed.
    await queueLine(page, 'B-2').click();
    const panel = page.locator('[data-testid="line-panel"][data-ref="B-2"]');
    await panel.waitFor();
    assert.equal(await panel.getByTestId('line-rule').textContent(), 'payer + amount less charges');
    assert.match((await panel.getByTestId('line-evidence').textContent()) ?? '', /payer C-10006 by name.*less than one open item by what banks charge/);
    assert.equal(Number(await panel.getByTestId('line-confidence').getAttribute('data-value')) < 0.9, true);
    assert.match((await panel.getByTestId('line-matches').textContent()) ?? '', new RegExp(`${rhein.document_number}.*3\\.50`));
    await shot('suggestion');
    await panel.getByTestId('action-confirm').click();
    // The line leaves the queue and the next one is shown.
    await page.locator('[data-testid="line-panel"][data-ref="B-3"]').waitFor();
    assert.deepEqual(await queueRefs(page), ['B-3', 'B-4', 'B-5']);

    // Van Dijk, known by its account, paid less than the invoice: applied by hand, the rest accepted as a deduction.
    const vd = page.locator('[data-testid="line-panel"][data-ref="B-3"]');
    assert.equal(await vd.getByTestId('line-customer').textContent(), 'C-10005 · Van Dijk Retail B.V.');
    assert.match((await vd.getByTestId('line-evidence').textContent()) ?? '', /no open item or combination of this payer fits the amount/);
    await vd.getByTestId('action-edit').click();
    const editor = vd.getByTestId('allocation-editor');
    const item = editor.locator(`[data-testid="editor-item"][data-number="${vandijk.document_number}"]`);
    await item.getByTestId('editor-tick').check();
    assert.equal(await item.getByTestId('editor-amount').inputValue(), lines[2].amount, 'a ticked item takes what the line brought');
    await item.getByTestId('editor-deduct-rest').click();
    assert.equal(await item.getByTestId('editor-deduction').inputValue(), '94.96');
    await editor.getByTestId('editor-submit').click();
    assert.match((await editor.getByRole('alert').textContent()) ?? '', /a deduction needs its reason/);
    await editor.getByTestId('editor-reason').fill('2 lamps arrived damaged, agreed with the buyer');
    await shot('edit');
    await editor.getByTestId('editor-submit').click();
    await page.locator('[data-testid="line-panel"][data-ref="B-4"]').waitFor();
    assert.deepEqual(await queueRefs(page), ['B-4', 'B-5']);

    // Kleinkram pays ahead of an order still on credit hold: the cash is kept on its account.
    const kk = page.locator('[data-testid="line-panel"][data-ref="B-4"]');
    await kk.getByTestId('action-assign').click();
    await kk.getByTestId('order-customer-search').fill('Kleinkram');
    await kk.locator('[data-testid="customer-option"]', { hasText: 'C-10004' }).getByTestId('pick-customer').click();
    await page.locator('[data-testid="line-panel"][data-ref="B-5"]').waitFor();
    assert.deepEqual(await queueRefs(page), ['B-5']);

    // Applied lines can be unapplied with a reason: Nordwind's invoice reopens, the cash stays on its account,
    // and the line waits again until a person applies it anew.
    await page.getByTestId('tab-applied').click();
    await queueLine(page, 'B-1').waitFor();
    assert.equal(await queueLine(page, 'B-1').getAttribute('data-status'), 'auto');
    await queueLine(page, 'B-1').click();
    const nw = page.locator('[data-testid="line-panel"][data-ref="B-1"]');
    assert.equal(await nw.getByTestId('line-rule').textContent(), 'reference + amount');
    await nw.getByTestId('action-unapply').click();
    await nw.getByTestId('unapply-form').locator('input[name="reason"]').fill('the customer meant another invoice');
    await nw.getByTestId('unapply-form').getByRole('button', { name: 'Unapply' }).click();
    await page.locator('[data-testid="line-panel"][data-ref="B-1"][data-status="unmatched"]').waitFor();
    await nw.getByTestId('action-edit').click();
    const again = nw.getByTestId('allocation-editor').locator(`[data-testid="editor-item"][data-number="${nordwind.document_number}"]`);
    assert.equal(await again.getByTestId('editor-amount').inputValue(), nordwind.open_amount, 'the earlier allocation is offered again');
    await nw.getByTestId('editor-submit').click();
    await page.locator('[data-testid="line-panel"][data-ref="B-1"][data-status="confirmed"]').waitFor();
    await shot('applied');

    // Reconciliation: four lines booked (three receipts and the fee), the stranger's transfer only on the
    // statement, the demo's payment booked by hand today only in the ledger; nothing unexplained.
    await page.locator('[data-testid="statement-row"][data-ref="STMT-B"]').getByTestId('statement-reconcile').click();
    await page.getByTestId('reconciliation-state').waitFor();
    assert.equal(await page.getByTestId('reconciliation-state').getAttribute('data-state'), 'reconciled');
    const movement = lines.reduce((t, l) => t + (l.debit ? -minor(l.amount) : minor(l.amount)), 0n);
    assert.equal(await page.getByTestId('rec-statement-movement').getAttribute('data-amount'), major(movement));
    assert.equal(await page.getByTestId('rec-unexplained').getAttribute('data-amount'), '0.00');
    assert.deepEqual(await page.getByTestId('rec-matched').getByTestId('rec-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')).sort()), ['B-1', 'B-2', 'B-3', 'B-4', 'B-6']);
    assert.deepEqual(await page.getByTestId('rec-statement-only').getByTestId('rec-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref'))), ['B-5']);
    const ledgerOnly = await page.getByTestId('rec-ledger-only').getByTestId('rec-ledger-entry').count();
    assert.ok(ledgerOnly >= 1, 'the demo payment booked today is only in the ledger');
    const ledger = minor((await page.getByTestId('rec-ledger-movement').getAttribute('data-amount'))!);
    const explained = minor((await page.getByTestId('rec-explained').getAttribute('data-amount'))!);
    assert.equal(ledger + explained, movement, 'ledger movement + explained = statement movement');
    await page.getByTestId('reconciliation-chart').waitFor();
    await shot('reconciliation');

    assert.deepEqual(await booksViolations(demo.db, await tenantId(demo)), []);
    assert.deepEqual(await paymentViolations(demo.db, await tenantId(demo)), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

interface Entry { ref: string; amount: string; name?: string; iban?: string; text: string; debit?: boolean }

const minor = (amount: string) => BigInt(amount.replace('-', '').replace('.', '')) * (amount.startsWith('-') ? -1n : 1n);
const major = (m: bigint) => `${m < 0n ? '-' : ''}${(m < 0n ? -m : m) / 100n}.${String((m < 0n ? -m : m) % 100n).padStart(2, '0')}`;

function queueLine(page: Page, ref: string) {
  return page.locator(`[data-testid="queue-line"][data-ref="${ref}"]`);
}

async function queueRefs(page: Page): Promise<string[]> {
  return page.getByTestId('cashapp-queue').getByTestId('queue-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref') ?? ''));
}

async function tenantId(demo: DemoApp): Promise<string> {
  const [t] = await demo.db.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'demo'`);
  return t.id;
}

/** A camt.053 of one day on the demo company's account (DE02 1203 0000 0000 2020 51). */
function camt053(date: string, entries: Entry[]): string {
  const opening = 1_000_000n;
  const closing = entries.reduce((t, e) => t + (e.debit ? -minor(e.amount) : minor(e.amount)), opening);
  const party = (e: Entry) => (e.debit ? '' : `<RltdPties>${e.name ? `<Dbtr><Nm>${e.name}</Nm></Dbtr>` : ''}${e.iban ? `<DbtrAcct><Id><IBAN>${e.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>`);
  const ntry = entries.map((e) => `
      <Ntry>
        <Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>${e.debit ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${e.debit ? 'CCRD' : 'RCDT'}</Cd><SubFmlyCd>${e.debit ? 'CHRG' : 'ESCT'}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">${e.amount}</Amt></TxAmt></AmtDtls>
          ${party(e)}
          <RmtInf><Ustrd>${e.text}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-${date}</MsgId><CreDtTm>${date}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-B</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>${date}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${major(opening)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${major(closing)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>${ntry}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
