import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { documentTotals, type TaxableLine } from '../../src/tax/totals.ts';
import { divRoundHalfUp } from '../../src/shared/money.ts';
import { formatRate } from '../../src/tax/rates.ts';

const STANDARD = 190_000; // 19 % in ppm
const REDUCED = 70_000; // 7 %
const line = (quantity: bigint, unitPrice: bigint, taxCategory = 'standard', ratePpm = STANDARD): TaxableLine =>
  ({ quantity, unitPrice, taxCategory, ratePpm });
const cats = (t: ReturnType<typeof documentTotals>) => t.categories.map((c) => [c.category, c.ratePpm, c.taxable, c.tax]);
const perLineTax = (lines: TaxableLine[]) =>
  lines.reduce((t, l) => t + divRoundHalfUp(l.quantity * l.unitPrice * BigInt(l.ratePpm), 1_000_000n), 0n);

describe('tax: documentTotals', () => {
  it('computes the tax once per category on the category basis, not from per-line rounded taxes', () => {
    // four lines of 0.25 at 19 %: per line 0.0475 → 0.05, summed 0.20; on the basis 1.00 × 19 % = 0.19
    const std = [line(1n, 25n), line(1n, 25n), line(1n, 25n), line(1n, 25n)];
    // two lines of 0.50 at 7 %: per line 0.035 → 0.04, summed 0.08; on the basis 1.00 × 7 % = 0.07
    const red = [line(1n, 50n, 'reduced', REDUCED), line(1n, 50n, 'reduced', REDUCED)];
    const t = documentTotals([...std, ...red]);
    assert.deepEqual(t.lineNets, [25n, 25n, 25n, 25n, 50n, 50n]);
    assert.equal(t.net, 200n);
    assert.deepEqual(cats(t), [
      ['standard', STANDARD, 100n, 19n],
      ['reduced', REDUCED, 100n, 7n],
    ]);
    assert.equal(t.tax, 26n);
    assert.equal(t.total, 226n);
    assert.equal(perLineTax([...std, ...red]), 28n, 'per-line rounding would have said 0.28');
    assert.notEqual(perLineTax([...std, ...red]), t.tax);
  });

  it('multiplies quantity by unit price exactly and rounds the category tax half away from zero', () => {
    // 3 × 19.99 = 59.97; 19 % = 11.3943 → 11.39
    const a = documentTotals([line(3n, 1999n)]);
    assert.deepEqual([a.net, a.tax, a.total], [5997n, 1139n, 7136n]);
    // 0.50 at 7 % = 0.035 → 0.04 (an exact half rounds up)
    assert.equal(documentTotals([line(1n, 50n, 'reduced', REDUCED)]).tax, 4n);
    // a credit-note style negative basis mirrors it: −0.035 → −0.04
    assert.equal(documentTotals([line(1n, -50n, 'reduced', REDUCED)]).tax, -4n);
  });

  it('keeps one category with two rates apart, and zero-rated lines carry no tax', () => {
    const t = documentTotals([line(1n, 1000n, 'standard', 190_000), line(1n, 1000n, 'standard', 160_000), line(2n, 500n, 'zero', 0)]);
    assert.deepEqual(cats(t), [
      ['standard', 190_000, 1000n, 190n],
      ['standard', 160_000, 1000n, 160n],
      ['zero', 0, 1000n, 0n],
    ]);
    assert.equal(t.tax, 350n);
    assert.equal(t.total, 3350n);
  });

  it('an empty document totals zero', () => {
    const t = documentTotals([]);
    assert.deepEqual([t.lineNets, t.net, t.tax, t.total, t.categories], [[], 0n, 0n, 0n, []]);
  });

  it('rounds a line discount once per line and a document discount once per category, and taxes what is left', () => {
    // 3 × 0.99 = 2.97, 5 % off = 0.1485 → 0.15, line net 2.82; 1 × 10.00, no line discount
    // document discount 2.5 %: standard 12.82 → 0.3205 → 0.32, taxable 12.50, tax 19 % = 2.375 → 2.38
    const l1 = { ...line(3n, 99n), discountPpm: 50_000 };
    const t = documentTotals([l1, line(1n, 1000n)], { discountPpm: 25_000 });
    assert.deepEqual(t.lineNets, [282n, 1000n]);
    assert.equal(t.net, 1282n);
    assert.deepEqual(cats(t), [['standard', STANDARD, 1250n, 238n]]);
    assert.equal(t.categories[0].allowance, 32n);
    assert.equal(t.allowances, 32n);
    assert.equal(t.taxExclusive, 1250n);
    assert.equal(t.total, 1250n + 238n);
  });

  it('holds the EN 16931 sums for any lines: net = Σ line nets, tax = Σ category taxes, total = net + tax', () => {
    const lineArb = fc.record({
      quantity: fc.bigInt({ min: 1n, max: 10_000n }),
      unitPrice: fc.bigInt({ min: 0n, max: 10_000_00n }),
      cat: fc.constantFrom<[string, number]>(['standard', STANDARD], ['reduced', REDUCED], ['zero', 0], ['exempt', 0]),
    });
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 20 }), fc.constantFrom(0, 25_000, 100_000), (ls, discountPpm) => {
      const lines = ls.map((l) => line(l.quantity, l.unitPrice, l.cat[0], l.cat[1]));
      const t = documentTotals(lines, { discountPpm });
      assert.equal(t.net, t.lineNets.reduce((a, b) => a + b, 0n));
      assert.equal(t.net - t.allowances, t.categories.reduce((a, c) => a + c.taxable, 0n));
      assert.equal(t.taxExclusive, t.net - t.allowances);
      assert.equal(t.tax, t.categories.reduce((a, c) => a + c.tax, 0n));
      assert.equal(t.total, t.taxExclusive + t.tax);
      for (const c of t.categories) assert.equal(c.tax, divRoundHalfUp(c.taxable * BigInt(c.ratePpm), 1_000_000n));
      // per category, the rounded tax is within half a cent of the exact tax
      for (const c of t.categories) {
        const err = 2n * (c.tax * 1_000_000n - c.taxable * BigInt(c.ratePpm));
        assert.ok((err < 0n ? -err : err) <= 1_000_000n);
      }
    }), { numRuns: 300 });
  });

  it('formats rates in ppm as percent text', () => {
    assert.equal(formatRate(190_000), '19');
    assert.equal(formatRate(70_000), '7');
    assert.equal(formatRate(88_750), '8.875');
    assert.equal(formatRate(55_000), '5.5');
    assert.equal(formatRate(0), '0');
  });
});

describe('tax: document charges and tax-inclusive prices', () => {
  it('adds a charge to its own category: taxable = line nets − allowance + charges, the discount is on the lines only', () => {
    // 2 × 50.00 at 19 %, 5 % order discount = 5.00; freight 9.90 at 19 %, packing 3.00 zero-rated
    const t = documentTotals([line(2n, 5000n)], {
      discountPpm: 50_000, charges: [{ amount: 990n, taxCategory: 'standard', ratePpm: STANDARD }, { amount: 300n, taxCategory: 'zero', ratePpm: 0 }],
    });
    assert.deepEqual(t.chargeNets, [990n, 300n]);
    assert.equal(t.charges, 1290n);
    assert.deepEqual(t.categories.map((c) => [c.category, c.allowance, c.charges, c.taxable, c.tax]), [
      ['standard', 500n, 990n, 9500n + 990n, 1993n], // 104.90 × 19 % = 19.931 → 19.93
      ['zero', 0n, 300n, 300n, 0n],
    ]);
    assert.equal(t.taxExclusive, 10000n - 500n + 1290n);
    assert.equal(t.total, t.taxExclusive + 1993n);
    assert.equal(t.rounding, 0n);
  });

  it('prices that include tax become net once per line, tax is on the net basis, and the cent the customer was shown goes to rounding', () => {
    // two lines of 10.00 gross at 19 %: net 8.40 each (8.4034), taxable 16.80, tax 3.192 → 3.19; 19.99 against 20.00 shown
    const t = documentTotals([line(1n, 1000n), line(1n, 1000n)], { pricesIncludeTax: true });
    assert.deepEqual(t.lineNets, [840n, 840n]);
    assert.deepEqual(cats(t), [['standard', STANDARD, 1680n, 319n]]);
    assert.equal(t.taxInclusive, 1999n);
    assert.equal(t.rounding, 1n);
    assert.equal(t.total, 2000n, 'what the customer was shown');
    // 3 × 9.99 gross at 7 % = 29.97 → net 28.01 (28.0093), tax 1.9607 → 1.96, 29.97: no rounding
    const r = documentTotals([line(3n, 999n, 'reduced', REDUCED)], { pricesIncludeTax: true });
    assert.deepEqual([r.net, r.tax, r.rounding, r.total], [2801n, 196n, 0n, 2997n]);
  });

  it('with a tax-inclusive discount and charge: the gross shown less the discount per category, plus the charge as given', () => {
    // 4 × 12.99 gross, 10 % line discount (5.196 → 5.20): 46.76 gross → net 39.29 (39.2941); order discount 5 % on net: 1.96 (1.9645)
    // shipping 4.95 gross → net 4.16 (4.1597); taxable 39.29 − 1.96 + 4.16 = 41.49, tax 7.8831 → 7.88
    // shown: 46.76 − 2.34 (5 % of 46.76 = 2.338) + 4.95 = 49.37; net + tax = 41.49 + 7.88 = 49.37
    const t = documentTotals([{ ...line(4n, 1299n), discountPpm: 100_000 }], {
      pricesIncludeTax: true, discountPpm: 50_000, charges: [{ amount: 495n, taxCategory: 'standard', ratePpm: STANDARD }],
    });
    assert.deepEqual([t.lineDiscounts[0], t.lineNets[0], t.allowances, t.chargeNets[0]], [520n, 3929n, 196n, 416n]);
    assert.deepEqual(cats(t), [['standard', STANDARD, 4149n, 788n]]);
    assert.deepEqual([t.taxInclusive, t.rounding, t.total], [4937n, 0n, 4937n]);
  });

  it('for any tax-inclusive lines: total = Σ gross shown, the rounding is a few cents at most, and the EN 16931 sums hold', () => {
    const lineArb = fc.record({
      quantity: fc.bigInt({ min: 1n, max: 50n }),
      unitPrice: fc.bigInt({ min: 1n, max: 100_000n }),
      cat: fc.constantFrom<[string, number]>(['standard', STANDARD], ['reduced', REDUCED], ['zero', 0]),
    });
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), (ls) => {
      const lines = ls.map((l) => line(l.quantity, l.unitPrice, l.cat[0], l.cat[1]));
      const t = documentTotals(lines, { pricesIncludeTax: true });
      assert.equal(t.total, lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0n));
      assert.equal(t.total, t.taxExclusive + t.tax + t.rounding);
      assert.equal(t.net, t.lineNets.reduce((a, b) => a + b, 0n));
      for (const c of t.categories) assert.equal(c.tax, divRoundHalfUp(c.taxable * BigInt(c.ratePpm), 1_000_000n));
      // each line's net is off by at most half a cent, times (1 + rate) in gross, plus half a cent per category's tax
      const bound = BigInt(lines.length) + BigInt(t.categories.length);
      assert.ok((t.rounding < 0n ? -t.rounding : t.rounding) <= bound, `rounding ${t.rounding}`);
    }), { numRuns: 300 });
  });
});
