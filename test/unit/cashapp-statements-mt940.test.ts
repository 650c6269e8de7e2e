import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ParseResult } from '../../src/cashapp/statements/model.ts';
import { parseMt940 } from '../../src/cashapp/statements/mt940.ts';
import { readDetails } from '../../src/cashapp/statements/mt940-details.ts';

const MT940 = '../shared/samples/mt940/wolph-mt940';
const read = (p: string) => readFileSync(`${MT940}/${p}`, 'latin1');

function ok(r: ParseResult) {
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.statements;
}

function refused(r: ParseResult) {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors;
}

/** A one-statement MT940 around the given :61:/:86: lines: opening 100.00 EUR on 30 Dec 2022. */
const statement = (body: string, closing = 'C230102EUR150,00') =>
  `{1:F01BANKDEFFAXXX0000000000}{2:O940BANKDEFFXXXXN}{4:\n:20:REF1\n:25:DE89370400440532013000\n:28C:7/1\n:60F:C221230EUR100,00\n${body}:62F:${closing}\n-}\n`;

describe('MT940', () => {
  it('reads a statement: account as IBAN, balances, bank references, the :61: supplementary line', () => {
    const [s] = ok(parseMt940(read('mBank/mt940.sta')));
    assert.equal(s.format, 'mt940');
    assert.equal(s.statementId, 'ST170119CYC/1/1/1');
    assert.equal(s.sequence, '1/1');
    assert.deepEqual(s.account, { iban: 'PL29114010810000267002001002', currency: 'PLN' });
    assert.deepEqual(s.openingBalance, { amount: 40n, date: '2017-01-19' });
    assert.deepEqual(s.closingBalance, { amount: 43n, date: '2017-01-19' });
    assert.deepEqual(s.lines.map((l) => [l.ref, l.amount, l.direction, l.line]), [
      ['MB170119012058', 1n, 'credit', 6],
      ['MB170119012085', 1n, 'credit', 12],
      ['MB170119012121', 1n, 'credit', 18],
    ]);
    assert.equal(s.lines[0].bankTxCode, 'NTRF');
    assert.ok(s.lines[0].remittance.unstructured.includes('911-TRANSAKCJA IPH'));
    assert.ok(s.lines[0].remittance.unstructured.includes('TNR: 179171073864111.010001'));
  });

  it('reads German structured details: GVC, SEPA end-to-end id, remittance text, counterparty', () => {
    const [s] = ok(parseMt940(read('betterplace/with_binary_character.sta')));
    assert.deepEqual(s.account, { number: '51230800/0000007055', currency: 'EUR' });
    const [paypal] = s.lines;
    assert.equal(paypal.ref, '32-P1-TCS49518');
    assert.equal(paypal.amount, 2700n);
    assert.equal(paypal.bankTxCode, '051');
    assert.deepEqual(paypal.counterparty, { name: 'PAYPAL', account: '0175526300' });
    assert.deepEqual(paypal.remittance.unstructured, ['QQW53T2245ZGY46J ABBUCHUNG VOM PAYPAL-KONTO 100318P3TX1433EV']);

    const [sepa] = ok(parseMt940(read('betterplace/sepa_mt9401.sta')));
    assert.deepEqual(sepa.openingBalance, { amount: -123471836n, date: '2007-09-03' }, 'a debit opening balance is negative');
    const returned = sepa.lines[0];
    assert.equal(returned.remittance.endToEndId, 'TFNR 40005 00005', 'the reference ends with its subfield line');
    assert.deepEqual(returned.remittance.unstructured, ['MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag']);
    const storno = sepa.lines[5];
    assert.equal(storno.reversal, true, 'RC: reversal of a credit');
    assert.equal(storno.direction, 'debit');
    assert.equal(storno.amount, 20488n);
  });

  it('reads SWIFT-style details and Rabobank\'s EREF convention', () => {
    const [first, second] = ok(parseMt940(read('jejik/rabobank-iban.sta')));
    assert.equal(first.statementId, second.statementId, 'the bank reused the reference');
    assert.notEqual(first.fingerprint, second.fingerprint, 'but they are different statements');
    const [eref, plain] = first.lines;
    assert.equal(eref.ref, '01-01-2013 12:00 0030000987654321', 'customer reference "EREF": the end-to-end id is the reference');
    assert.equal(eref.counterparty.name, 'CONTRA ACCOUNT HOLDER', 'a value wrapped mid-word is joined');
    assert.equal(plain.ref, '#2', 'NONREF is no reference');
    assert.deepEqual(plain.remittance.unstructured, ['Reference 201301234', 'P001234567']);
    assert.equal(plain.counterparty.name, 'JOHN DOE');
  });

  it('takes a blank entry date as the value date, so both ASN files are the same statements', () => {
    const a = ok(parseMt940(read('ASNB/mt940.txt')));
    const b = ok(parseMt940(read('ASNB/mt940_with_spaces_for_entry_date.txt')));
    assert.deepEqual(a.map((s) => s.fingerprint), b.map((s) => s.fingerprint));
    assert.equal(a[0].lines[0].bookingDate, '2020-01-01');
  });

  it('reads MT942 and checks its :90C:/:90D: totals', () => {
    const [s] = ok(parseMt940(read('mBank/mt942.sta')));
    assert.equal(s.format, 'mt942');
    assert.equal(s.openingBalance, undefined);
    assert.equal(s.lines.length, 3);
    const [e] = refused(parseMt940(read('self-provided/mt942.sta')));
    assert.equal(e.location, 'line 11 (:90D:)');
    assert.match(e.message, /states 1 debits of 2,30 EUR, the lines hold 1 of 0.42/);
  });

  it('refuses the broken samples with the line and field at fault', () => {
    const [feb] = refused(parseMt940(read('self-provided/february_30.sta')));
    assert.equal(feb.location, 'line 6 (:61:)');
    assert.match(feb.message, /value date 160230 is not a date/);
    assert.match(refused(parseMt940(read('self-provided/raphaelm.sta')))[0].message, /unknown currency "DEM"/);
    assert.match(refused(parseMt940(read('self-provided/gv_codes.sta')))[0].message, /no :62F: or :62M:/);
    const [abn] = refused(parseMt940(read('jejik/abnamro.sta')));
    assert.match(abn.message, /statement 1: the balances do not add up: opening 3236.28 \+ credits 0.00 − debits 321.44 = 2914.84, but the closing balance is 876.84/);
  });

  it('dates a booking across New Year by the entry date nearest the value date', () => {
    const [s] = ok(parseMt940(statement(':61:2212310102C50,00NTRFNONREF//B1\n:86:166?00GUTSCHRIFT?20EREF+E1?21SVWZ+RE 4711\n')));
    assert.deepEqual([s.lines[0].valueDate, s.lines[0].bookingDate], ['2022-12-31', '2023-01-02']);
    assert.equal(s.lines[0].ref, 'B1');
    assert.equal(s.lines[0].remittance.endToEndId, 'E1');
    assert.deepEqual(s.lines[0].remittance.unstructured, ['RE 4711']);
  });

  it('books RD as money in and RC as money out', () => {
    const [s] = ok(parseMt940(statement(':61:230102RD80,00NTRFNONREF\n:61:230102RC30,00NTRFNONREF\n')));
    assert.deepEqual(s.lines.map((l) => [l.direction, l.reversal, l.ref]), [['credit', true, '#1'], ['debit', true, '#2']]);
  });

  it('refuses a statement that does not add up and imports none of the file', () => {
    const good = statement(':61:230102C50,00NTRFNONREF//B1\n');
    const bad = statement(':61:230102C50,01NTRFNONREF//B2\n');
    const errors = refused(parseMt940(good + bad));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 10, 'the :20: of the second statement');
    assert.match(errors[0].message, /statement 2: .*difference -0.01/);
    assert.match(refused(parseMt940(statement(':61:230102X50,00NTRF\n')))[0].message, /is not a statement line/);
    assert.match(refused(parseMt940(statement(':61:230102C50,001NTRF\n')))[0].message, /more decimals than EUR/);
  });
});

describe('MT940 :86: details', () => {
  it('reads /KEY/ layouts: counterparty, free and structured remittance', () => {
    assert.deepEqual(readDetails(['/CNTP/NL91ABNA0417164300/ABNANL2A/J. Janssen/Amsterdam/REMI/USTD//inv 1/']), {
      unstructured: ['inv 1'],
      structuredRefs: [],
      counterparty: { name: 'J. Janssen', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
    });
    assert.deepEqual(readDetails(['/REMI/STRD/CUR/1234567890123456/EREF/E-1']).structuredRefs, ['1234567890123456']);
  });

  it('finds ISO 11649 references in free text by their check digits', () => {
    const d = readDetails(['Payment RF18 5390 0754 7034 and RF19 5390 0754 7034, thanks']);
    assert.deepEqual(d.structuredRefs, ['RF18539007547034'], 'the second has wrong check digits');
    assert.deepEqual(d.unstructured, ['Payment RF18 5390 0754 7034 and RF19 5390 0754 7034, thanks']);
  });

  it('reads German subfields with any separator', () => {
    const d = readDetails(['000>100987654321', '>20ALGEMENE TUSSENREKENING KOS>21TEN VAN 01-10-2010 TOT EN M', '>22ET 31-12-2010>310390123456']);
    assert.deepEqual(d.unstructured, ['ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010']);
    assert.deepEqual(d.counterparty, { account: '0390123456' });
    assert.equal(d.code, '000');
  });
});
