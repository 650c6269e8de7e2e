import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseBai2 } from '../../src/cashapp/statements/bai2.ts';
import { parseCamt } from '../../src/cashapp/statements/camt.ts';
import { parseCsvStatement } from '../../src/cashapp/statements/csv.ts';
import { parseLockbox } from '../../src/cashapp/statements/lockbox.ts';
import type { ParseResult } from '../../src/cashapp/statements/model.ts';
import { parseMt940 } from '../../src/cashapp/statements/mt940.ts';
import { parseStatementFile } from '../../src/cashapp/statements/parse.ts';

// Outside files are hostile or broken more often than not: whatever is done to a good file, every parser
// answers with statements that hold together or with located errors, and never throws.

const sample = (p: string) => readFileSync(`../shared/samples/${p}`, 'latin1');

const SEEDS = [
  sample('camt/genkgo-camt/camt053.v2.multi.statement.xml'),
  sample('camt/oca-bank-statement-import/test-camt053-txdtls.xml'),
  sample('camt/oca-bank-statement-import/test-camt054.xml'),
  sample('mt940/wolph-mt940/betterplace/sepa_mt9401.sta'),
  sample('mt940/wolph-mt940/jejik/rabobank-iban.sta'),
  sample('mt940/wolph-mt940/mBank/mt942.sta'),
  sample('bai2/moov-io-bai2/sample2.txt'),
  sample('bai2/ministryofjustice-bai2/svb_us_example.bai2'),
  'Buchungstag;Valuta;Auftraggeber;IBAN;Verwendungszweck;Betrag;Währung;Saldo\n01.03.2026;02.03.2026;Acme;DE89370400440532013000;RE 1;1.234,56;EUR;2.234,56\n03.03.2026;03.03.2026;X;;Y;-100,00;EUR;2.134,56\n',
  'cheque_number,cheque_amount,payer,invoice_number,invoice_amount,deposit_date,currency\n1001,150.00,Acme,INV-1,100.00,2026-03-02,USD\n1001,150.00,Acme,INV-2,50.00,2026-03-02,USD\n',
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'digit'; at: number; digit: string }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'hugeNumber'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(':61:', ':86:?20', '\n16,', '\n88,', '\n-\n', '<Ntry>', '</Stmt>', ',', ';', '"', '\n', '//', '?3', '/REMI/', '-'),
    ),
  }),
  fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), digit: fc.constantFrom('0', '9', 'x', ',', '.', '-', ' ') }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('hugeNumber' as const), at: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => (text.length ? n % text.length : 0);
  const lines = text.split('\n');
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'digit': {
      // Aim at a digit when there is one after the chosen place, so amounts and dates get hit.
      const i = text.slice(at(m.at)).search(/\d/);
      const p = i < 0 ? at(m.at) : at(m.at) + i;
      return text.slice(0, p) + m.digit + text.slice(p + 1);
    }
    case 'duplicateLine': {
      const i = m.at % lines.length;
      return [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
    }
    case 'swapLines': {
      const [a, b] = [m.a % lines.length, m.b % lines.length];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'hugeNumber': {
      const i = text.slice(at(m.at)).search(/\d+/);
      const p = i < 0 ? at(m.at) : at(m.at) + i;
      return text.slice(0, p) + '99999999999999999999999' + text.slice(p);
    }
  }
}

function wellFormed(r: ParseResult, what: string) {
  if (!r.ok) {
    assert.ok(r.errors.length > 0, `${what}: refused without a reason`);
    for (const e of r.errors) assert.ok(Number.isInteger(e.line) && typeof e.message === 'string' && e.message, `${what}: ${JSON.stringify(e)}`);
    return;
  }
  for (const s of r.statements) {
    let balance = s.openingBalance?.amount ?? 0n;
    for (const l of s.lines) {
      assert.ok(l.amount >= 0n && l.ref && /^\d{4}-\d\d-\d\d$/.test(l.bookingDate), `${what}: ${l.location}`);
      balance += l.direction === 'credit' ? l.amount : -l.amount;
    }
    if (s.openingBalance && s.closingBalance) assert.equal(balance, s.closingBalance.amount, `${what}: accepted a statement that does not add up`);
  }
}

const PARSERS: [string, (t: string) => ParseResult][] = [
  ['parseStatementFile', (t) => parseStatementFile('fuzz', t, { currency: 'EUR', depositDate: '2026-03-02' })],
  ['camt', parseCamt],
  ['mt940', parseMt940],
  ['bai2', parseBai2],
  ['csv', (t) => parseCsvStatement(t, { currency: 'EUR' })],
  ['lockbox', (t) => parseLockbox(t, { currency: 'USD' })],
];

describe('bank statement parsers on malformed input', () => {
  it('never throw on mutated good files, and accept only what holds together', () => {
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const text = mutations.reduce(mutate, SEEDS[seed]);
        for (const [name, parse] of PARSERS) wellFormed(parse(text), `${name} on seed ${seed}`);
      }),
      { numRuns: 400, seed: 20260301 },
    );
  });

  it('never throw on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.array(fc.constantFrom(':20:', ':25:', ':60F:C', ':61:', ':62F:', '01,', '02,', '03,', '16,', '49,', '98,', '99,', '<Document>', ',', ';', '\n', '/', '2301', 'EUR', '12,5', '-', '?20'), { maxLength: 60 }).map((a) => a.join('')),
        ),
        (text) => {
          for (const [name, parse] of PARSERS) wellFormed(parse(text), name);
        },
      ),
      { numRuns: 400, seed: 20260302 },
    );
  });

  it('refuses the empty file and a byte-order mark alone', () => {
    for (const text of ['', '\uFEFF', '\n\n', '   ']) {
      for (const [name, parse] of PARSERS) {
        const r = parse(text);
        assert.equal(r.ok && r.statements.some((s) => s.lines.length), false, `${name} on ${JSON.stringify(text)}`);
        wellFormed(r, name);
      }
    }
  });
});
