import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { detectFormat } from '../../src/cashapp/statements/detect.ts';
import type { ParsedStatement, ParseResult } from '../../src/cashapp/statements/model.ts';
import { parseStatementFile } from '../../src/cashapp/statements/parse.ts';
import { isIsoDate } from '../../src/shared/dates.ts';

const SAMPLES = '../shared/samples';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return /LICENSE|SOURCE_COMMIT|\.json$/.test(f) ? [] : [p];
  });
}

// The samples that are whole, consistent statements. Every other sample is a fragment, a deliberately broken
// file, or a library fixture whose balances or control totals do not add up (checked by hand): those must be
// refused with a located message, never accepted and never a crash.
const ACCEPTED = new Set([
  'bai2/ministryofjustice-bai2/account_trailer_amount_blank_example.bai2',
  'bai2/ministryofjustice-bai2/nwb_example.bai2',
  'bai2/ministryofjustice-bai2/svb_us_example.bai2',
  'bai2/moov-io-bai2/sample1.txt',
  'bai2/moov-io-bai2/sample2.txt',
  'bai2/moov-io-bai2/sample3.txt',
  'camt/genkgo-camt/camt052.v1.xml',
  'camt/genkgo-camt/camt052.v2.other-account.xml',
  'camt/genkgo-camt/camt052.v2.with-account-name.xml',
  'camt/genkgo-camt/camt052.v2.xml',
  'camt/genkgo-camt/camt052.v4.xml',
  'camt/genkgo-camt/camt052.v6.Amt-zero.xml',
  'camt/genkgo-camt/camt052.v6.xml',
  'camt/genkgo-camt/camt052.v8.xml',
  'camt/genkgo-camt/camt053.v2.multi.statement.xml',
  'camt/genkgo-camt/camt053.v2.with-account-name.xml',
  'camt/genkgo-camt/camt054.v2.with-account-name.xml',
  'camt/genkgo-camt/camt054.v2.xml',
  'camt/genkgo-camt/camt054.v4.xml',
  'camt/genkgo-camt/camt054.v8-with-UETR.xml',
  'camt/genkgo-camt/camt054.v8-with-financial-institution.xml',
  'camt/genkgo-camt/camt054.v8.xml',
  'camt/genkgo-camt/camt53.only-Dt-with-DtTm.xml',
  'camt/oca-bank-statement-import/test-camt053-no-ntry.xml',
  'camt/oca-bank-statement-import/test-camt053-txdtls.xml',
  'camt/oca-bank-statement-import/test-camt054.xml',
  'mt940/wolph-mt940/ASNB/mt940.txt',
  'mt940/wolph-mt940/ASNB/mt940_with_spaces_for_entry_date.txt',
  'mt940/wolph-mt940/betterplace/sepa_mt9401.sta',
  'mt940/wolph-mt940/betterplace/with_binary_character.sta',
  'mt940/wolph-mt940/citi/mt940.txt',
  'mt940/wolph-mt940/jejik/generic.sta',
  'mt940/wolph-mt940/jejik/rabobank-iban.sta',
  'mt940/wolph-mt940/jejik/sns.sta',
  'mt940/wolph-mt940/mBank/mt940.sta',
  'mt940/wolph-mt940/mBank/mt942.sta',
  'mt940/wolph-mt940/sberbank/171011_01234945.sta',
  'mt940/wolph-mt940/self-provided/long_statement_number.sta',
]);

function checkStatement(s: ParsedStatement, where: string) {
  assert.match(s.fingerprint, /^[0-9a-f]{64}$/, where);
  assert.ok(s.statementId, `${where}: statement id`);
  let balance = s.openingBalance?.amount ?? 0n;
  for (const l of s.lines) {
    assert.equal(typeof l.amount, 'bigint', where);
    assert.ok(l.amount >= 0n, `${where} ${l.location}: amounts are never negative`);
    assert.ok(l.direction === 'credit' || l.direction === 'debit', where);
    assert.ok(isIsoDate(l.bookingDate) && isIsoDate(l.valueDate), `${where} ${l.location}: dates`);
    assert.equal(l.currency, s.account.currency, `${where} ${l.location}: currency`);
    assert.ok(l.ref, `${where} ${l.location}: a line reference, never empty`);
    assert.ok(l.line >= 1, `${where} ${l.location}: line number`);
    balance += l.direction === 'credit' ? l.amount : -l.amount;
  }
  if (s.openingBalance && s.closingBalance) assert.equal(balance, s.closingBalance.amount, `${where}: opening + lines = closing`);
}

function checkRefused(r: ParseResult, where: string) {
  assert.equal(r.ok, false, where);
  if (r.ok) return;
  assert.ok(r.errors.length > 0, where);
  for (const e of r.errors) {
    assert.equal(typeof e.line, 'number', where);
    assert.ok(e.message.length > 10, `${where}: a message that says something`);
  }
}

describe('bank statement samples', () => {
  const all = ['camt', 'mt940', 'bai2'].flatMap((d) => files(join(SAMPLES, d)));

  it('finds the samples', () => {
    assert.ok(all.length > 90, `${all.length} samples`);
  });

  for (const encoding of ['utf8', 'latin1'] as const) {
    it(`parses every whole sample and refuses every broken one with its place named (read as ${encoding})`, () => {
      const accepted: string[] = [];
      for (const path of all) {
        const name = relative(SAMPLES, path);
        const r = parseStatementFile(name, readFileSync(path, encoding));
        if (ACCEPTED.has(name)) {
          assert.ok(r.ok, `${name}: ${r.ok ? '' : JSON.stringify(r.errors)}`);
          if (r.ok) r.statements.forEach((s, i) => checkStatement(s, `${name} #${i + 1}`));
          accepted.push(name);
        } else {
          checkRefused(r, name);
        }
      }
      assert.equal(accepted.length, ACCEPTED.size);
    });
  }

  it('tells the format from the content, whatever the file is called', () => {
    const format = (p: string) => detectFormat(readFileSync(join(SAMPLES, p), 'utf8'));
    assert.equal(format('camt/genkgo-camt/camt052.v8.xml'), 'camt.052');
    assert.equal(format('camt/genkgo-camt/camt053.v8.xml'), 'camt.053');
    assert.equal(format('camt/oca-bank-statement-import/test-camt054.xml'), 'camt.054');
    assert.equal(format('mt940/wolph-mt940/mBank/mt940.sta'), 'mt940');
    assert.equal(format('mt940/wolph-mt940/ASNB/mt940.txt'), 'mt940');
    assert.equal(format('bai2/moov-io-bai2/sample1.txt'), 'bai2');
    assert.equal(format('bai2/ministryofjustice-bai2/svb_us_example.bai2'), 'bai2');
    assert.equal(format('mt940/wolph-mt940/self-provided/invalid_statement.sta'), null);
    assert.equal(format('edi/x12/node-x12/850.edi'), null);
    assert.equal(format('edi/edifact/en16931-invoic-examples/EDIFACT_EXAMPLE1.xml'), null, 'XML that is no camt message');
  });

  it('refuses files of other kinds cleanly', () => {
    for (const path of files(join(SAMPLES, 'edi'))) checkRefused(parseStatementFile(path, readFileSync(path, 'utf8')), path);
  });

  it('gives the same statement the same fingerprint, and a changed one another', () => {
    const text = readFileSync(join(SAMPLES, 'mt940/wolph-mt940/mBank/mt940.sta'), 'utf8');
    const a = parseStatementFile('a.sta', text);
    const b = parseStatementFile('renamed.sta', text.replace(/\n/g, '\r\n'));
    const c = parseStatementFile('a.sta', text.replace('MB170119012121', 'MB170119099999'));
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.statements[0].fingerprint, b.statements[0].fingerprint, 'line endings and file name do not matter');
    assert.notEqual(a.statements[0].fingerprint, c.statements[0].fingerprint, 'a different booking is a different statement');
  });
});
