import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, divRoundHalfEven, divRoundHalfUp, exponent, formatAmount, isCurrency, parseAmount, sum } from '../../src/shared/money.ts';

describe('money: exponents', () => {
  it('knows 0, 2 and 3 decimal currencies', () => {
    assert.equal(exponent('JPY'), 0);
    assert.equal(exponent('EUR'), 2);
    assert.equal(exponent('KWD'), 3);
    assert.ok(isCurrency('USD'));
    assert.ok(!isCurrency('XXX'));
    assert.ok(!isCurrency('eur'), 'codes are upper case');
    assert.throws(() => exponent('XXX'), RangeError);
  });
});

describe('money: parseAmount', () => {
  it('parses two-decimal currencies into minor units', () => {
    assert.equal(parseAmount('1234.50', 'EUR'), 123450n);
    assert.equal(parseAmount('1234.5', 'EUR'), 123450n);
    assert.equal(parseAmount('1234', 'EUR'), 123400n);
    assert.equal(parseAmount('0.01', 'EUR'), 1n);
    assert.equal(parseAmount('0', 'EUR'), 0n);
    assert.equal(parseAmount('  7.10 ', 'EUR'), 710n, 'surrounding blanks are trimmed');
    assert.equal(parseAmount('999999999999999.99', 'EUR'), 99999999999999999n, '15 integer digits fit');
  });

  it('parses zero-decimal currencies', () => {
    assert.equal(parseAmount('1500', 'JPY'), 1500n);
    assert.equal(parseAmount('1500.0', 'JPY'), 1500n, 'a trailing zero fraction is harmless');
    assert.equal(parseAmount('1500.5', 'JPY'), null);
    assert.equal(parseAmount('1', 'KRW'), 1n);
  });

  it('parses three-decimal currencies', () => {
    assert.equal(parseAmount('1.234', 'KWD'), 1234n);
    assert.equal(parseAmount('1.2', 'KWD'), 1200n);
    assert.equal(parseAmount('0.001', 'BHD'), 1n);
    assert.equal(parseAmount('1.2345', 'KWD'), null);
    assert.equal(parseAmount('1.2340', 'KWD'), 1234n);
  });

  it('rejects extra significant digits instead of rounding them', () => {
    assert.equal(parseAmount('12.505', 'EUR'), null);
    assert.equal(parseAmount('12.001', 'EUR'), null);
    assert.equal(parseAmount('12.500', 'EUR'), 1250n, 'trailing zeros beyond the exponent are fine');
    assert.equal(parseAmount('12.5000000', 'EUR'), 1250n);
  });

  it('parses negative amounts', () => {
    assert.equal(parseAmount('-1.23', 'EUR'), -123n);
    assert.equal(parseAmount('-0.05', 'EUR'), -5n);
    assert.equal(parseAmount('-7', 'JPY'), -7n);
    assert.equal(parseAmount('-0.007', 'KWD'), -7n);
  });

  it('rejects text that is not an amount', () => {
    for (const bad of ['', ' ', 'abc', '1,23', '1.', '.5', '+1', '1e3', '1 000', '--1', '1.2.3', '0x10', 'NaN', 'Infinity', '1234567890123456', '12,-']) {
      assert.equal(parseAmount(bad, 'EUR'), null, `"${bad}" must be rejected`);
    }
  });
});

describe('money: formatAmount', () => {
  it('formats across exponents', () => {
    assert.equal(formatAmount(123450n, 'EUR'), '1234.50');
    assert.equal(formatAmount(5n, 'EUR'), '0.05');
    assert.equal(formatAmount(0n, 'EUR'), '0.00');
    assert.equal(formatAmount(-5n, 'EUR'), '-0.05');
    assert.equal(formatAmount(-123450n, 'EUR'), '-1234.50');
    assert.equal(formatAmount(1500n, 'JPY'), '1500');
    assert.equal(formatAmount(0n, 'JPY'), '0');
    assert.equal(formatAmount(-7n, 'JPY'), '-7');
    assert.equal(formatAmount(1234n, 'KWD'), '1.234');
    assert.equal(formatAmount(5n, 'KWD'), '0.005');
    assert.equal(formatAmount(-5n, 'KWD'), '-0.005');
  });

  it('round-trips through parseAmount for every exponent', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }), fc.constantFrom('EUR', 'JPY', 'KWD'),
      (minor, currency) => {
        // 15 integer digits at most
        fc.pre((minor < 0n ? -minor : minor) < 10n ** BigInt(15 + exponent(currency)));
        assert.equal(parseAmount(formatAmount(minor, currency), currency), minor);
      },
    ), { numRuns: 300 });
  });
});

describe('money: rounding division', () => {
  it('divRoundHalfUp rounds halves away from zero, symmetrically', () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 3n], [-5n, 2n, -3n], [1n, 2n, 1n], [-1n, 2n, -1n], [3n, 2n, 2n], [-3n, 2n, -2n],
      [4n, 3n, 1n], [5n, 3n, 2n], [-4n, 3n, -1n], [-5n, 3n, -2n], [0n, 7n, 0n], [10n, 5n, 2n],
      [11_394_300n, 1_000_000n, 11n], // 19 % of 59.97 = 11.3943 → 11.39 (in cents × ppm)
      [2_850_000n, 1_000_000n, 3n], // 0.0285 → 0.03
      [-2_850_000n, 1_000_000n, -3n],
      [2_849_999n, 1_000_000n, 3n], [2_499_999n, 1_000_000n, 2n], [2_500_000n, 1_000_000n, 3n], [-2_500_000n, 1_000_000n, -3n],
    ];
    for (const [n, d, q] of cases) assert.equal(divRoundHalfUp(n, d), q, `${n}/${d}`);
  });

  it('divRoundHalfEven rounds halves to the even neighbour, symmetrically', () => {
    const cases: [bigint, bigint, bigint][] = [
      [1n, 2n, 0n], [3n, 2n, 2n], [5n, 2n, 2n], [7n, 2n, 4n], [9n, 2n, 4n],
      [-1n, 2n, 0n], [-3n, 2n, -2n], [-5n, 2n, -2n], [-7n, 2n, -4n], [-9n, 2n, -4n],
      [10n, 4n, 2n], [14n, 4n, 4n], [-10n, 4n, -2n], [-14n, 4n, -4n],
      [11n, 4n, 3n], [-11n, 4n, -3n], [9n, 4n, 2n], [-9n, 4n, -2n], [0n, 3n, 0n], [6n, 3n, 2n],
    ];
    for (const [n, d, q] of cases) assert.equal(divRoundHalfEven(n, d), q, `${n}/${d}`);
  });

  it('both roundings agree off the half and stay within half a unit of the exact quotient', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 7n }), (n, d) => {
      const up = divRoundHalfUp(n, d);
      const even = divRoundHalfEven(n, d);
      // |q·d − n| ≤ d/2, i.e. |2(q·d − n)| ≤ d
      const err = (q: bigint) => { const e = 2n * (q * d - n); return e < 0n ? -e : e; };
      assert.ok(err(up) <= d);
      assert.ok(err(even) <= d);
      if (err(up) !== d) assert.equal(up, even, 'only exact halves may differ');
      assert.equal(divRoundHalfUp(-n, d), -up);
      assert.equal(divRoundHalfEven(-n, d), -even);
    }), { numRuns: 500 });
  });

  it('refuses a zero or negative divisor', () => {
    assert.throws(() => divRoundHalfUp(1n, 0n), RangeError);
    assert.throws(() => divRoundHalfUp(1n, -2n), RangeError);
    assert.throws(() => divRoundHalfEven(1n, 0n), RangeError);
    assert.throws(() => divRoundHalfEven(1n, -2n), RangeError);
  });
});

describe('money: allocate', () => {
  it('splits evenly with the remainder going to the first parts', () => {
    assert.deepEqual(allocate(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
    assert.deepEqual(allocate(10n, [1n, 2n]), [3n, 7n]); // 3.33 / 6.67: the larger remainder gets the cent
    assert.deepEqual(allocate(5n, [0n, 1n]), [0n, 5n]);
    assert.deepEqual(allocate(0n, [3n, 4n]), [0n, 0n]);
    assert.deepEqual(allocate(7n, [0n, 0n]), [0n, 0n], 'nothing to weigh by');
    assert.deepEqual(allocate(1n, [1n, 1n, 1n, 1n]), [1n, 0n, 0n, 0n]);
  });

  it('always sums exactly, whatever the sign of the total', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 12 }),
      (total, weights) => {
        fc.pre(sum(weights) > 0n);
        const parts = allocate(total, weights);
        assert.equal(parts.length, weights.length);
        assert.equal(sum(parts), total);
      },
    ), { numRuns: 500 });
  });

  it('gives each part its exact share to within one unit, and zero weights nothing', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 12 }),
      (total, weights) => {
        const wsum = sum(weights);
        fc.pre(wsum > 0n);
        const parts = allocate(total, weights);
        parts.forEach((p, i) => {
          const diff = p * wsum - total * weights[i]; // (part − exact share) × wsum
          assert.ok((diff < 0n ? -diff : diff) < wsum, `part ${i} strays a unit or more from its share`);
          if (weights[i] === 0n) assert.equal(p, 0n);
        });
      },
    ), { numRuns: 500 });
  });

  it('splits a negative total as the mirror image of the positive one (credit notes mirror invoices)', () => {
    // 10 by 1:2 is 3.33 / 6.67 → [3, 7]; −10 must be [−3, −7], not [−4, −6].
    assert.deepEqual(allocate(-10n, [1n, 2n]), [-3n, -7n]);
    // a part with weight 0 gets nothing, whatever the sign
    assert.deepEqual(allocate(-1n, [1n, 0n, 1n]), [-1n, 0n, 0n]);
    fc.assert(fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 9n }),
      fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 1, maxLength: 8 }),
      (total, weights) => {
        fc.pre(sum(weights) > 0n);
        assert.deepEqual(allocate(-total, weights), allocate(total, weights).map((p) => -p));
      },
    ), { numRuns: 300 });
  });
});
