import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCamt } from '../../src/cashapp/statements/camt.ts';
import type { ParseResult } from '../../src/cashapp/statements/model.ts';

const CAMT = '../shared/samples/camt';
const read = (p: string) => readFileSync(`${CAMT}/${p}`, 'utf8');

function ok(r: ParseResult) {
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.statements;
}

function refused(r: ParseResult) {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors;
}

describe('camt.053', () => {
  it('reads version 001.02 with several statements, each checked and fingerprinted', () => {
    const [first, second] = ok(parseCamt(read('genkgo-camt/camt053.v2.multi.statement.xml')));
    assert.equal(first.format, 'camt.053');
    assert.equal(first.formatVersion, '001.02');
    assert.equal(first.statementId, '253EURNL26VAYB8060476890');
    assert.equal(first.sequence, '12312');
    assert.deepEqual(first.account, { iban: 'NL26VAYB8060476890', currency: 'EUR' });
    assert.deepEqual(first.openingBalance, { amount: 1815n, date: '2014-12-30' });
    assert.deepEqual(first.closingBalance, { amount: 2700n, date: '2014-12-31' });
    assert.equal(first.lines.length, 1);
    const [credit] = first.lines;
    assert.equal(credit.amount, 885n);
    assert.equal(credit.direction, 'credit');
    assert.equal(credit.bookingDate, '2014-12-31');
    assert.equal(credit.valueDate, '2015-01-02');
    assert.equal(credit.ref, '#1', 'no AcctSvcrRef: the position stands in');
    assert.equal(credit.remittance.endToEndId, '000000001');
    assert.deepEqual(credit.remittance.unstructured, ['Transaction Description 1']);
    assert.equal(credit.location, 'Stmt 1, Ntry 1');
    assert.equal(credit.line, 66);

    assert.equal(second.statementId, '254EURNL26VAYB8060476890');
    assert.deepEqual([second.openingBalance?.amount, second.closingBalance?.amount], [2700n, 2000n]);
    const [debit] = second.lines;
    assert.equal(debit.direction, 'debit');
    assert.equal(debit.amount, 700n);
    assert.deepEqual(debit.counterparty, { name: 'Company Name 2', iban: 'NL56AGDH9619008421' }, 'on a debit the other side is the creditor');
    assert.notEqual(first.fingerprint, second.fingerprint);
  });

  it('reads version 001.08 (parties under Pty, booking date as a date-time, status as a code)', () => {
    // The sample's closing balance is in SEK on a EUR account; with it put right the statement balances.
    const text = read('genkgo-camt/camt053.v8.xml');
    assert.match(refused(parseCamt(text))[0].message, /closing balance \(CLBD\) is in SEK, the account in EUR/);
    const [s] = ok(parseCamt(text.replace(/<Amt Ccy="SEK">27.00<\/Amt>\s*<CdtDbtInd>DBIT/, '<Amt Ccy="EUR">27.00</Amt><CdtDbtInd>CRDT')));
    assert.equal(s.formatVersion, '001.08');
    assert.deepEqual(s.account, { iban: 'NL26VAYB8060476890', name: 'FINPETROL', currency: 'EUR' }, 'an IBAN given as Othr/Id is still an IBAN');
    const [l] = s.lines;
    assert.equal(l.ref, 'AAAASESS-FP-CN_98765/01');
    assert.equal(l.bookingDate, '2014-12-31');
    assert.deepEqual(l.counterparty, { name: 'NAME NAME', iban: 'NL56AGDH9619008421' });
    assert.deepEqual(l.remittance.structuredRefs, ['4654654654654654']);
    assert.equal(l.remittance.endToEndId, 'MUELL/FINP/RA12345');
    assert.equal(l.bankTxCode, 'PMNT/RCDT/BOOK');
  });

  it('takes extra decimals that are zeros ("5442.09000" RON) and refuses any that are not', () => {
    const text = read('genkgo-camt/camt53.only-Dt-with-DtTm.xml');
    const [s] = ok(parseCamt(text));
    assert.deepEqual(s.openingBalance, { amount: 544209n, date: '2025-07-23' });
    assert.equal(s.account.currency, 'RON', 'no Acct/Ccy: the balance tells it');
    const [e] = refused(parseCamt(text.replace('5442.09000', '5442.09001')));
    assert.match(e.message, /"5442.09001" has more decimals than RON has \(2\)/);
  });

  it('refuses a statement whose balances do not add up, naming it and the difference', () => {
    const [e] = refused(parseCamt(read('oca-bank-statement-import/test-camt053.xml')));
    assert.equal(e.location, 'Stmt 1');
    assert.equal(e.line, 7);
    assert.match(e.message, /opening 15568.27 \+ credits 1405.31 − debits 1418.30 = 15555.28, but the closing balance is 15121.12/);
  });

  it('keeps the reversal flag and the direction the bank booked', () => {
    const text = read('oca-bank-statement-import/test-camt053.xml').replace('15121.12', '15555.28');
    const [s] = ok(parseCamt(text));
    const reversed = s.lines[1];
    assert.equal(reversed.reversal, true);
    assert.equal(reversed.direction, 'debit');
    assert.equal(reversed.amount, 66405n);
    assert.equal(reversed.remittance.advice, undefined, 'no structured references: no advice');
    assert.deepEqual(s.lines[2].remittance.unstructured, ['#RD PARTY MEDIA CUSNO 90782 4210773'], 'AddtlTxInf counts as text');
  });

  it('turns a batch booking with a reference and amount per transaction into a remittance advice', () => {
    const [s] = ok(parseCamt(read('oca-bank-statement-import/test-camt053-txdtls.xml')));
    const [l] = s.lines;
    assert.equal(l.amount, 348300n);
    assert.equal(l.ref, '20170323001234567891234567891234');
    assert.deepEqual(l.remittance.advice, [
      { invoiceRef: '302388292000011111111111111', amount: 218700n },
      { invoiceRef: '302388292000022222222222222', amount: 129600n },
    ]);
    assert.deepEqual(s.lines.map((x) => x.line), [53]);
  });

  it('reads a statement with no entries and equal balances', () => {
    const [s] = ok(parseCamt(read('oca-bank-statement-import/test-camt053-no-ntry.xml')));
    assert.equal(s.lines.length, 0);
    assert.deepEqual([s.openingBalance?.amount, s.closingBalance?.amount, s.account.currency], [152076n, 152076n, 'CHF']);
  });

  it('refuses a message without statements and XML that is not well-formed, with the line', () => {
    assert.match(refused(parseCamt(read('genkgo-camt/camt053.v2.wrong.xml')))[0].message, /has no <Stmt>/);
    const cut = read('genkgo-camt/camt053.v2.multi.statement.xml').split('\n').slice(0, 80).join('\n');
    const [e] = refused(parseCamt(cut));
    assert.match(e.message, /not well-formed XML: the file ends with <Document>, <BkToCstmrStmt>, .* still open \(cut short\?\)/);
    assert.equal(e.line, 80, 'where it was cut');
    const declaration = read('genkgo-camt/camt053.v2.multi.statement.xml').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml verUTF-8"?>');
    assert.match(refused(parseCamt(declaration))[0].message, /not well-formed XML/, 'which the XML library throws on after validating it');
  });

  it('names the entry at fault and imports nothing of the file', () => {
    const text = read('genkgo-camt/camt053.v2.multi.statement.xml');
    const errors = refused(parseCamt(text.replace('<CdtDbtInd>DBIT</CdtDbtInd>\n                <RvslInd>', '<CdtDbtInd>DEBIT</CdtDbtInd>\n                <RvslInd>')));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].location, 'Stmt 2, Ntry 1');
    assert.equal(errors[0].line, 145);
    assert.match(errors[0].message, /CdtDbtInd is "DEBIT"/);
    assert.match(refused(parseCamt(text.replace('<Amt Ccy="EUR">8.85</Amt>', '<Amt Ccy="EUR">8,85</Amt>')))[0].message, /"8,85" is not an amount/);
    assert.match(refused(parseCamt(text.replace('<Amt Ccy="EUR">8.85</Amt>', '<Amt Ccy="XYZ">8.85</Amt>')))[0].message, /in XYZ, the account in EUR/);
  });
});

describe('camt.054 and camt.052', () => {
  it('reads a notification (no balances) with its structured reference and debtor', () => {
    const [s] = ok(parseCamt(read('oca-bank-statement-import/test-camt054.xml')));
    assert.equal(s.format, 'camt.054');
    assert.equal(s.formatVersion, '001.04');
    assert.equal(s.openingBalance, undefined);
    assert.deepEqual([s.fromDate, s.toDate], ['2022-01-26', '2022-01-26']);
    const [l] = s.lines;
    assert.equal(l.ref, '98888208N8');
    assert.equal(l.amount, 500n);
    assert.deepEqual(l.counterparty, { name: 'Test Customer', iban: 'NL46ABNA0499998748' });
    assert.deepEqual(l.remittance.structuredRefs, ['000000000000000000000000003']);
    assert.equal(l.remittance.endToEndId, 'ENDTOENDID-01');
    assert.equal(l.bankTxCode, 'PMNT/RCDT/VCOM');
  });

  it('dates a booked notification entry without dates by the notification', () => {
    const [s] = ok(parseCamt(read('genkgo-camt/camt054.v8-with-UETR.xml')));
    assert.equal(s.formatVersion, '001.08');
    assert.deepEqual([s.lines[0].bookingDate, s.lines[0].valueDate], ['2007-10-18', '2007-10-18']);
    assert.equal(s.lines[0].amount, 20000000n, 'SEK 200000 in öre');
  });

  it('reads intraday reports and leaves pending entries out', () => {
    const [v8] = ok(parseCamt(read('genkgo-camt/camt052.v8.xml')));
    assert.equal(v8.format, 'camt.052');
    assert.equal(v8.lines[0].ref, 'AAAASESS-FP-ACCR-01');
    const [v1] = ok(parseCamt(read('genkgo-camt/camt052.v1.xml')));
    assert.deepEqual(v1.account, { iban: 'CH2801234000123456789', name: 'FINPETROL', currency: 'SEK' }, '001.01: a proprietary id that is an IBAN');
    const [pending] = ok(parseCamt(read('genkgo-camt/camt052.v4.xml')));
    assert.equal(pending.lines.length, 0, 'the only entry is PDNG');
  });
});
