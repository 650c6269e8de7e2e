import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { creditorReference, isCreditorReference } from '../../src/einvoice/creditor-reference.ts';

describe('ISO 11649 creditor reference', () => {
  it('matches the standard\'s example', () => {
    // ISO 11649's own: reference 539007547034 is printed as "RF18 5390 0754 7034".
    assert.equal(creditorReference('539007547034'), 'RF18539007547034');
    assert.ok(isCreditorReference('RF18 5390 0754 7034'));
  });

  it('makes one from an invoice number: separators dropped, letters kept, check digits padded to two', () => {
    const rf = creditorReference('inv-2026-000042');
    assert.match(rf, /^RF\d{2}INV2026000042$/);
    assert.ok(isCreditorReference(rf));
    assert.equal(creditorReference('7'), 'RF097', 'one character is enough; a check of 9 is written 09');
  });

  it('refuses what cannot be one', () => {
    assert.throws(() => creditorReference('---'), RangeError);
    assert.throws(() => creditorReference('A'.repeat(22)), RangeError);
    assert.equal(creditorReference('A'.repeat(21)).length, 25);
  });

  it('catches any one digit mistyped for another digit, or a letter for another letter', () => {
    const other = (c: string) => (/\d/.test(c) ? String((Number(c) + 1) % 10) : String.fromCharCode(((c.charCodeAt(0) - 64) % 26) + 65));
    fc.assert(fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), fc.nat(), (ref, k) => {
      const rf = creditorReference(ref);
      assert.ok(isCreditorReference(rf));
      const i = 2 + (k % (rf.length - 2));
      assert.equal(isCreditorReference(rf.slice(0, i) + other(rf[i]) + rf.slice(i + 1)), false, `${rf} position ${i}`);
    }));
    assert.equal(isCreditorReference('RF18 5390 0754 7043'), false);
    assert.equal(isCreditorReference('RF18'), false);
  });
});
