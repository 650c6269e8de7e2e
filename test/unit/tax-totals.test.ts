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
