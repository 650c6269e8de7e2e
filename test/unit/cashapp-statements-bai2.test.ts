import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBai2 } from '../../src/cashapp/statements/bai2.ts';
import type { ParseResult } from '../../src/cashapp/statements/model.ts';

const BAI2 = '../shared/samples/bai2';
const read = (p: string) => readFileSync(`${BAI2}/${p}`, 'utf8');

function ok(r: ParseResult) {
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.statements;
}

function refused(r: ParseResult) {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.errors;
}

// Control totals by hand: 03 amounts 100000 + 150000, 16 amounts 60000 + 10000 = 320000; the account has
// 7 records (03, 16, three 88, 16, 49), the group 9, the file 11. 1000.00 + 600.00 − 100.00 = 1500.00.
const FILE = [
  '01,BANK,CUST,260301,0800,42,,,2/',
  '02,CUST,BANK,1,260301,2400,EUR,2/',
  '03,DE89370400440532013000,EUR,010,100000,,,015,150000,,/',
  '16,175,60000,,BR1,CR1,INCOMING/',
  '88,DBNM: Acme GmbH',
  '88,EREF: E2E-1',
  '88,REMI: RE 2026-0042',
  '16,475,10000,,BR2,,FEE/',
  '49,320000,7/',
  '98,320000,1,9/',
  '99,320000,1,11/',
].join('\n');

describe('BAI2', () => {
  it('reads a file: ledger balances, credits and debits by type code, 88 keyed details', () => {
    const [s] = ok(parseBai2(FILE));
    assert.equal(s.format, 'bai2');
    assert.equal(s.statementId, '42/DE89370400440532013000');
    assert.deepEqual(s.account, { number: 'DE89370400440532013000', currency: 'EUR' });
    assert.deepEqual(s.openingBalance, { amount: 100000n, date: '2026-03-01' });
    assert.deepEqual(s.closingBalance, { amount: 150000n, date: '2026-03-01' });
    const [credit, fee] = s.lines;
    assert.deepEqual([credit.ref, credit.amount, credit.direction, credit.bankTxCode, credit.line], ['BR1', 60000n, 'credit', '175', 4]);
    assert.deepEqual(credit.counterparty, { name: 'Acme GmbH' });
    assert.equal(credit.remittance.endToEndId, 'E2E-1');
    assert.deepEqual(credit.remittance.unstructured, ['INCOMING', 'RE 2026-0042']);
    assert.deepEqual([fee.ref, fee.amount, fee.direction], ['BR2', 10000n, 'debit']);
  });

  it('checks the trailers: control totals and record counts, naming the record', () => {
    const [total] = refused(parseBai2(FILE.replace('49,320000,7/', '49,320001,7/')));
    assert.equal(total.location, 'line 9 (record 49)');
    assert.match(total.message, /control total 320001 does not match the sum of the amounts, 320000/);
    assert.match(refused(parseBai2(FILE.replace('98,320000,1,9/', '98,320000,1,10/')))[0].message, /states 10 records, the file holds 9/);
    assert.match(refused(parseBai2(FILE.replace('99,320000,1,11/', '99,320000,2,11/')))[0].message, /states 2 groups, the file holds 1/);
    assert.match(refused(parseBai2(FILE.replace('\n99,320000,1,11/', '')))[0].message, /without its file trailer \(99\): it is cut/);
  });

  it('refuses a type code that tells no direction, and balances that do not add up', () => {
    const custom = FILE.replace('16,475,10000', '16,901,10000');
    const [e] = refused(parseBai2(custom));
    assert.equal(e.line, 8);
    assert.match(e.message, /type code "901" is neither a credit \(100–399\) nor a debit \(400–699\)/);
    const [b] = refused(parseBai2(FILE.replace('010,100000', '010,100100').replace(/320000/g, '320100')));
    assert.match(b.message, /account DE89370400440532013000: the balances do not add up/);
  });

  it('reads the samples: groups, continuations of summaries, funds types', () => {
    const svb = ok(parseBai2(read('ministryofjustice-bai2/svb_us_example.bai2')));
    assert.deepEqual(
      svb.map((s) => [s.toDate, s.openingBalance?.amount, s.closingBalance?.amount, s.lines.map((l) => [l.ref, l.amount, l.direction])]),
      [
        ['2022-02-01', 34726979n, 35217175n, [['172629', 490196n, 'credit']]],
        ['2022-02-02', 35217175n, 36122975n, [['150675', 905800n, 'credit']]],
      ],
    );
    const [nwb] = ok(parseBai2(read('ministryofjustice-bai2/nwb_example.bai2')));
    assert.equal(nwb.account.currency, 'GBP');
    assert.deepEqual(nwb.lines.map((l) => [l.amount, l.direction]), [[971n, 'debit'], [100n, 'debit'], [123n, 'debit'], [1571n, 'debit'], [89n, 'credit']]);
    assert.deepEqual(nwb.lines[4].remittance.unstructured, ['TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE', 'NT SECCY AC TFR']);

    const sample2 = ok(parseBai2(read('moov-io-bai2/sample2.txt')));
    const lc = sample2.find((s) => s.account.number === '4589761203')!.lines[0];
    assert.deepEqual([lc.valueDate, lc.bookingDate, lc.ref, lc.amount], ['2004-06-22', '2004-06-20', 'SP4738', 20000000n], 'funds type V: its value date');
    assert.deepEqual(lc.remittance.unstructured, ['PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO']);
    const lockbox = sample2.find((s) => s.account.number === '9876543210')!.lines[0];
    assert.deepEqual(lockbox.remittance.unstructured, ['LOCK BOX NO.68751'], 'funds type S: three availability amounts skipped');

    const sample1 = ok(parseBai2(read('moov-io-bai2/sample1.txt')));
    assert.deepEqual(sample1.map((s) => [s.account.currency, s.lines.length]), [['CAD', 11], ['CAD', 6]]);
    assert.equal(sample1[0].lines.filter((l) => l.direction === 'credit').reduce((t, l) => t + l.amount, 0n), 208500n, 'the 100 summary total');
  });

  it('refuses the error samples', () => {
    const [e] = refused(parseBai2(read('moov-io-bai2/errors_sample-parseError.txt')));
    assert.match(e.message, /record code 00 is not a BAI2 record/);
    const totals = refused(parseBai2(read('moov-io-bai2/sample4-continuations-newline-delimited.txt')));
    assert.equal(totals[0].location, 'line 22 (record 49)');
    assert.match(totals[0].message, /control total -1260161341762 does not match the sum of the amounts, 7999960/);
    assert.match(refused(parseBai2(read('ministryofjustice-bai2/citi_example.bai2')))[0].message, /difference -0.01/);
  });

  it('reads an ACH payment: the originator as payer, RMR*IV remittance as an advice (an amount per invoice)', () => {
    const ach = [
      '01,BANK,CUST,261109,0800,43,,,2/',
      '02,CUST,BANK,1,261109,2400,USD,2/',
      '03,123456789,USD,010,0,,,015,364743,,/',
      '16,165,364743,0,BA260035139,,ORIG CO NAME:EVERGREEN PLAST',
      '88,ORIG ID:1407455575 DESC DATE:261109 CO ENTRY DESCR:PAYMENT SEC:CTX',
      '88,RMR*IV*100209583**572.07*572.07\\ RMR*IV*SO2026-05-5686**3075.',
      '88,36*3075.36\\',
      '49,729486,6/',
      '98,729486,1,8/',
      '99,729486,1,10/',
    ].join('\n');
    const [s] = ok(parseBai2(ach));
    const [l] = s.lines;
    assert.equal(l.counterparty.name, 'EVERGREEN PLAST');
    assert.deepEqual(l.remittance.advice, [{ invoiceRef: '100209583', amount: 57207n }, { invoiceRef: 'SO2026-05-5686', amount: 307536n }]);
    // Look-alikes: a segment without the amount paid makes no advice (half an advice would read as an overpayment),
    // nor does a qualifier other than IV; the keyed layout is read as before.
    const half = ach.replace('**572.07*572.07', '***572.07');
    assert.equal(ok(parseBai2(half))[0].lines[0].remittance.advice, undefined);
    const po = ach.replaceAll('RMR*IV*', 'RMR*PO*');
    assert.equal(ok(parseBai2(po))[0].lines[0].remittance.advice, undefined);
    assert.equal(ok(parseBai2(FILE))[0].lines[0].remittance.advice, undefined);
  });
});
