import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIban, mod97, normalizeIban } from '../../src/shared/iban.ts';
import { validateCustomer } from '../../src/customers/customers.ts';
import { Failure } from '../../src/shared/failure.ts';

const VALID = [
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'NL91ABNA0417164300',
  'FR1420041010050500013M02606',
  'BE68539007547034',
  'AT611904300234573201',
  'CH9300762011623852957',
  'NO9386011117947', // 15 characters, the shortest in use
  'MT84MALT011000012345MTLCAST001S', // 31 characters, letters in the account part
];

describe('IBAN', () => {
  it('accepts valid IBANs', () => {
    for (const iban of VALID) assert.ok(isValidIban(iban), iban);
  });

  it('normalises blanks, dashes and case before checking', () => {
    assert.equal(normalizeIban(' de89 3704-0044 0532 0130 00 '), 'DE89370400440532013000');
    assert.ok(isValidIban(normalizeIban('gb82 west 1234 5698 7654 32')));
    assert.ok(!isValidIban('de89370400440532013000'), 'the check itself wants the normal form');
  });

  it('rejects a wrong check digit, a changed digit and swapped digits', () => {
    assert.ok(!isValidIban('DE88370400440532013000'));
    assert.ok(!isValidIban('DE89370400440532013001'));
    assert.ok(!isValidIban('DE89370400440532031000'));
    assert.ok(!isValidIban('GB82WEST12345698765423'));
    for (const iban of VALID) {
      // any single changed digit in the account part is caught by mod 97
      const i = iban.search(/\d(?=\D*$)/);
      const d = iban[i];
      const changed = iban.slice(0, i) + ((+d + 1) % 10) + iban.slice(i + 1);
      assert.ok(!isValidIban(changed), changed);
    }
  });

  it('rejects malformed text', () => {
    for (const bad of ['', 'DE89', 'DE8937040044', '89DE370400440532013000', 'DEXX370400440532013000',
      'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000!', 'D189370400440532013000', 'DE89' + '1'.repeat(31)]) {
      assert.ok(!isValidIban(bad), `"${bad}"`);
    }
  });

  it('computes mod 97 over letters and digits', () => {
    assert.equal(mod97('0'), 0);
    assert.equal(mod97('97'), 0);
    assert.equal(mod97('98'), 1);
    assert.equal(mod97('A'), 10); // A = 10
    assert.equal(mod97('Z'), 35);
    // the textbook: 3704 0044 0532 0130 00 + DE89 → 370400440532013000131489 mod 97 = 1
    assert.equal(mod97('370400440532013000DE89'), 1);
    assert.equal(Number(BigInt('370400440532013000131489') % 97n), 1);
  });

  it('customer validation normalises a valid IBAN and names the field for a wrong one', () => {
    const base = { name: 'ACME', country: 'DE', currency: 'EUR' };
    assert.equal(validateCustomer({ ...base, iban: 'de89 3704 0044 0532 0130 00' }).iban, 'DE89370400440532013000');
    assert.equal(validateCustomer({ ...base, iban: '  ' }).iban, null);
    assert.throws(() => validateCustomer({ ...base, iban: 'DE88370400440532013000' }),
      (e: unknown) => e instanceof Failure && e.code === 'invalid_input' && e.field === 'iban');
  });
});
