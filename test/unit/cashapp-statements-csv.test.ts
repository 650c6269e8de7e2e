import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { guessDelimiter, guessMapping, parseCsvStatement, readHeader } from '../../src/cashapp/statements/csv.ts';
import { detectFormat } from '../../src/cashapp/statements/detect.ts';
import { parseLockbox } from '../../src/cashapp/statements/lockbox.ts';
import type { CsvMapping, ParseResult } from '../../src/cashapp/statements/model.ts';
import { parseStatementFile } from '../../src/cashapp/statements/parse.ts';

function ok(r: ParseResult) {
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.statements;
}

function refused(r: ParseResult) {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors;
}

// A German online-banking export: semicolons, decimal comma, DD.MM.YYYY, a running balance.
const GERMAN = [
  'Buchungstag;Valuta;Auftraggeber/Empfänger;IBAN;Verwendungszweck;Betrag;Währung;Saldo',
  '01.03.2026;02.03.2026;Acme GmbH;DE89 3704 0044 0532 0130 00;RE 2026-0042 RF18 5390 0754 7034;1.234,56;EUR;2.234,56',
  '03.03.2026;03.03.2026;Stadtwerke;;Strom März;-100,00;EUR;2.134,56',
].join('\n');

// An English export: credit and debit columns, decimal point, ISO dates, a bank reference.
const ENGLISH = [
  'Date,Reference,Description,Paid in,Paid out,Counterparty',
  '2026-03-02,TX-1,"Invoice 42, thanks",1500.00,,Beta Ltd',
  '2026-03-04,TX-2,Card fee,,2.50,',
].join('\n');

describe('bank CSV', () => {
  it('guesses the mapping of common exports from the header and a few rows', () => {
    const head = readHeader(GERMAN, guessDelimiter(GERMAN))!;
    const guess = guessMapping(head.header, head.samples, ';');
    assert.ok(guess.ok);
    assert.deepEqual(guess.mapping, {
      delimiter: ';',
      decimal: ',',
      dateFormat: 'DD.MM.YYYY',
      columns: {
        bookingDate: 'Buchungstag', valueDate: 'Valuta', amount: 'Betrag', currency: 'Währung', name: 'Auftraggeber/Empfänger',
        iban: 'IBAN', text: 'Verwendungszweck', balanceAfter: 'Saldo',
      },
    });
    const english = guessMapping(['Date', 'Reference', 'Description', 'Paid in', 'Paid out'], [['03/15/2026', 'r', 'd', '1.00', '']]);
    assert.ok(english.ok);
    assert.equal(english.mapping.dateFormat, 'MM/DD/YYYY', 'a middle part above 12 tells the order');
    assert.deepEqual([english.mapping.columns.credit, english.mapping.columns.debit], ['Paid in', 'Paid out']);
    const none = guessMapping(['Foo', 'Bar']);
    assert.equal(none.ok, false);
  });

  it('reads two-digit years and one-digit days as banks export them, and names a mapping\'s unknown date format', () => {
    const short = GERMAN.replace('01.03.2026;02.03.2026', '1.3.26;02.03.26').replace('03.03.2026;03.03.2026', '03.03.26;3.3.26');
    const [s] = ok(parseStatementFile('umsaetze.csv', short));
    assert.deepEqual(s.lines.map((l) => [l.bookingDate, l.valueDate]), [['2026-03-01', '2026-03-02'], ['2026-03-03', '2026-03-03']]);
    const mapping: CsvMapping = { delimiter: ',', decimal: '.', dateFormat: 'MM/DD/YY', columns: { bookingDate: 'Date', amount: 'Amount', text: 'Memo' } };
    const us = 'Date,Amount,Memo\n11/09/26,12.50,Invoice 7\n';
    assert.equal(ok(parseCsvStatement(us, { csvMapping: mapping, currency: 'USD' }))[0].lines[0].bookingDate, '2026-11-09');
    const [e] = refused(parseCsvStatement(us, { csvMapping: { ...mapping, dateFormat: 'D.M.Y' as CsvMapping['dateFormat'] }, currency: 'USD' }));
    assert.equal(e.field, 'dateFormat');
    assert.match(e.message, /dateFormat "D\.M\.Y" is none of YYYY-MM-DD, .*DD\.MM\.YY/);
  });

  it('reads an export with a guessed mapping, checks the running balance and derives the balances', () => {
    assert.equal(detectFormat(GERMAN), 'csv');
    const [s] = ok(parseStatementFile('umsaetze.csv', GERMAN));
    assert.equal(s.format, 'csv');
    assert.deepEqual([s.openingBalance?.amount, s.closingBalance?.amount], [100000n, 213456n]);
    const [credit, debit] = s.lines;
    assert.deepEqual([credit.amount, credit.direction, credit.bookingDate, credit.valueDate], [123456n, 'credit', '2026-03-01', '2026-03-02']);
    assert.deepEqual(credit.counterparty, { name: 'Acme GmbH', iban: 'DE89370400440532013000' });
    assert.deepEqual(credit.remittance.structuredRefs, ['RF18539007547034']);
    assert.deepEqual([debit.amount, debit.direction, debit.ref], [10000n, 'debit', '#2']);
    const [e] = refused(parseStatementFile('umsaetze.csv', GERMAN.replace('2.134,56', '2.134,57')));
    assert.equal(e.line, 3);
    assert.equal(e.field, 'Saldo');
    assert.match(e.message, /should be 2134.56 .* the file says 2134.57/);
  });

  it('reads credit and debit columns with a saved mapping and the account currency', () => {
    const mapping: CsvMapping = {
      delimiter: ',', decimal: '.', dateFormat: 'YYYY-MM-DD',
      columns: { bookingDate: 'Date', reference: 'Reference', text: 'Description', credit: 'Paid in', debit: 'Paid out', name: 'Counterparty' },
    };
    const [s] = ok(parseCsvStatement(ENGLISH, { csvMapping: mapping, currency: 'GBP' }));
    assert.deepEqual(s.lines.map((l) => [l.ref, l.amount, l.direction, l.currency]), [['TX-1', 150000n, 'credit', 'GBP'], ['TX-2', 250n, 'debit', 'GBP']]);
    assert.deepEqual(s.lines[0].remittance.unstructured, ['Invoice 42, thanks']);
    assert.equal(s.openingBalance, undefined);
    assert.match(refused(parseCsvStatement(ENGLISH, { csvMapping: mapping }))[0].message, /no currency/);
    const [missing] = refused(parseCsvStatement(ENGLISH, { csvMapping: { ...mapping, columns: { ...mapping.columns, bookingDate: 'Datum' } }, currency: 'GBP' }));
    assert.match(missing.message, /the mapped bookingDate column "Datum" is not in the file/);
  });

  it('names the row and column of every bad value and imports nothing', () => {
    const bad = GERMAN.replace('01.03.2026;02.03.2026', '31.02.2026;02.03.2026').replace('-100,00', '-100.00');
    const errors = refused(parseStatementFile('umsaetze.csv', bad));
    assert.deepEqual(errors.map((e) => [e.line, e.field]), [[2, 'Buchungstag'], [3, 'Betrag']]);
    assert.match(errors[0].message, /"31.02.2026" is not a date in the format DD.MM.YYYY/);
    assert.match(errors[1].message, /not an amount with a decimal comma/);
  });

  it('reads a direction column and amounts with a trailing minus', () => {
    const text = 'Datum;Naam / Omschrijving;Af Bij;Bedrag (EUR);Mededelingen\n20260301;Acme;Bij;12,50;RE 1\n20260302;Bank;Af;3,00-;kosten\n';
    const [s] = ok(parseStatementFile('ing.csv', text, { currency: 'EUR' }));
    assert.deepEqual(s.lines.map((l) => [l.direction, l.amount, l.bookingDate]), [['credit', 1250n, '2026-03-01'], ['debit', 300n, '2026-03-02']]);
  });
});

describe('lockbox CSV', () => {
  const LOCKBOX = [
    'Cheque_Number,Cheque_Amount,Payer,Invoice_Number,Invoice_Amount,Deposit_Date',
    '1001,150.00,Acme Inc,INV-1,100.00,2026-03-02',
    '1001,150.00,Acme Inc,INV-2,50.00,2026-03-02',
    '1002,75.50,Beta LLC,INV-9,70.00,2026-03-02',
  ].join('\n');

  it('makes one credit per cheque with an amount per invoice it pays', () => {
    assert.equal(detectFormat(LOCKBOX), 'lockbox');
    const [s] = ok(parseStatementFile('lockbox.csv', LOCKBOX, { currency: 'USD' }));
    assert.equal(s.format, 'lockbox');
    assert.deepEqual(s.lines.map((l) => [l.ref, l.amount, l.direction, l.counterparty.name, l.line]), [
      ['1001', 15000n, 'credit', 'Acme Inc', 2],
      ['1002', 7550n, 'credit', 'Beta LLC', 4],
    ]);
    assert.deepEqual(s.lines[0].remittance.advice, [{ invoiceRef: 'INV-1', amount: 10000n }, { invoiceRef: 'INV-2', amount: 5000n }]);
    assert.deepEqual(s.lines[1].remittance.advice, [{ invoiceRef: 'INV-9', amount: 7000n }], 'less than the cheque: the rest stays unapplied');
  });

  it('refuses invoices over the cheque, a cheque split over the file, a changed cheque amount', () => {
    const over = refused(parseLockbox(LOCKBOX.replace('INV-2,50.00', 'INV-2,50.01'), { currency: 'USD' }));
    assert.match(over[0].message, /the invoices of cheque 1001 add up to 150.01, more than the cheque's 150.00/);
    const split = refused(parseLockbox(`${LOCKBOX}\n1001,150.00,Acme Inc,INV-3,0.01,2026-03-02`, { currency: 'USD' }));
    assert.deepEqual([split[0].line, split[0].message], [5, 'cheque 1001 came before on line 2; the rows of a cheque must be together']);
    const changed = refused(parseLockbox(LOCKBOX.replace('1001,150.00,Acme Inc,INV-2', '1001,151.00,Acme Inc,INV-2'), { currency: 'USD' }));
    assert.equal(changed[0].line, 3);
    assert.match(refused(parseLockbox(LOCKBOX))[0].message, /no currency/);
    assert.match(refused(parseLockbox('Cheque Number,Payer,Invoice Number\n1,a,b'))[0].message, /header: missing cheque amount, invoice amount/);
  });

  it('takes the deposit date from the options when the file has none', () => {
    const text = 'check number,check amount,invoice number,invoice amount,currency\n77,10.00,INV-5,10.00,USD\n';
    assert.match(refused(parseLockbox(text))[0].message, /no deposit date/);
    const [s] = ok(parseLockbox(text, { depositDate: '2026-03-05' }));
    assert.deepEqual([s.lines[0].bookingDate, s.account.currency], ['2026-03-05', 'USD']);
  });
});
