import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { convert, parseRate } from '../../src/fx/rate.ts';
import { POSITION, resolveBase, type PositionState, type PostingLine } from '../../src/ledger/post.ts';

describe('fx: rates are exact decimals', () => {
  it('normalises rate text and refuses what is no positive rate', () => {
    assert.equal(parseRate('0.9200'), '0.92');
    assert.equal(parseRate(' 1.000 '), '1');
    assert.equal(parseRate('007.5'), '7.5');
    assert.equal(parseRate('0.000000000001'), '0.000000000001', '12 decimals');
    assert.equal(parseRate('123456789012.5'), '123456789012.5', '12 digits before the point');
    for (const bad of ['0', '0.000', '-0.92', '0.0000000000001', '1e-3', '0,92', '', '.92', '1234567890123']) assert.equal(parseRate(bad), null, bad);
  });
});

describe('fx: convert rounds once, half up, to the target minor unit', () => {
  it('converts between currencies of any exponent', () => {
    assert.equal(convert(39270n, '0.92', 'USD', 'EUR'), 36128n, '392.70 × 0.92 = 361.284 → 361.28');
    assert.equal(convert(39270n, '0.93', 'USD', 'EUR'), 36521n, '365.211 → 365.21');
    assert.equal(convert(13090n, '0.95', 'USD', 'EUR'), 12436n, '124.355 → 124.36: a half goes up');
    assert.equal(convert(5n, '0.9', 'USD', 'EUR'), 5n, '0.045 → 0.05');
    assert.equal(convert(4n, '0.9', 'USD', 'EUR'), 4n, '0.036 → 0.04');
    assert.equal(convert(1000n, '0.00615', 'JPY', 'EUR'), 615n, '1000 JPY × 0.00615 = 6.15 EUR');
    assert.equal(convert(1n, '0.00615', 'JPY', 'EUR'), 1n, '0.00615 EUR → 0.01');
    assert.equal(convert(12345n, '162.5', 'EUR', 'JPY'), 20061n, '123.45 × 162.5 = 20060.625 → 20061 JPY');
    assert.equal(convert(1000n, '3.2', 'KWD', 'EUR'), 320n, '1.000 KWD × 3.2 = 3.20 EUR');
    assert.equal(convert(100n, '1', 'EUR', 'EUR'), 100n);
    assert.equal(convert(-39270n, '0.92', 'USD', 'EUR'), -36128n, 'symmetric for negatives');
  });

  it('is the exact product rounded half up (checked against a plain rational computation)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 0, max: 8 }), (amount, units, scale) => {
      const rate = parseRate(`${Math.floor(units / 10 ** scale)}.${String(units % 10 ** scale).padStart(scale, '0')}`.replace(/\.$/, ''));
      if (!rate) return;
      const got = convert(amount, rate, 'USD', 'EUR');
      const [w, f = ''] = rate.split('.');
      const num = amount * BigInt(w + f);
      const den = 10n ** BigInt(f.length);
      // got is the integer nearest num/den, halves up: |got − num/den| ≤ 1/2 and not below on an exact half
      assert.ok(2n * (got * den - num) <= den && 2n * (num - got * den) < den, `${amount} × ${rate} → ${got}`);
    }));
  });
});

const usd = (lines: PostingLine[], rate: string, positions?: Map<string, PositionState>) =>
  resolveBase(lines, { sourceKey: 'test', currency: 'USD', base: 'EUR', rate, positions });
const bases = (lines: ReturnType<typeof resolveBase>) => lines.map((l) => `${l.account} ${l.base}`);

describe('ledger: base amounts of an entry (the rounding rule)', () => {
  it('converts each line on its own; an entry that balances after rounding is left as it is', () => {
    // 392.70 = 330.00 + 62.70 USD at 0.92: 361.28 = 303.60 + 57.68 EUR
    const r = usd([{ account: '1100', debit: 39270n }, { account: '4000', credit: 33000n }, { account: '2100', credit: 6270n }], '0.92');
    assert.deepEqual(bases(r), ['1100 36128', '4000 -30360', '2100 -5768']);
    assert.ok(r.every((l) => l.rate === '0.92'));
  });

  it('puts a rounding difference on the largest line of the short side', () => {
    // at 0.5: 0.02 → 0.01, 0.01 → 0.005 → 0.01, 0.01 → 0.01: credits 2, debits 1 — the debit side is short
    assert.deepEqual(bases(usd([{ account: '1100', debit: 2n }, { account: '4000', credit: 1n }, { account: '2100', credit: 1n }], '0.5')),
      ['1100 2', '4000 -1', '2100 -1']);
    // at 0.3: 0.05 → 0.015 → 0.02, 0.04 → 0.012 → 0.01, 0.01 → 0.003 → 0: debits 2, credits 1 — the largest credit grows
    assert.deepEqual(bases(usd([{ account: '1100', debit: 5n }, { account: '4000', credit: 4n }, { account: '2100', credit: 1n }], '0.3')),
      ['1100 2', '4000 -2', '2100 0']);
    // of equal lines on the short side the first takes it: at 0.25, 0.01 → 0.0025 → 0 twice, 0.02 → 0.005 → 0.01
    assert.deepEqual(bases(usd([{ account: '1000', debit: 1n }, { account: '1100', debit: 1n }, { account: '4000', credit: 2n }], '0.25')),
      ['1000 1', '1100 0', '4000 -1']);
  });

  it('every entry balances in base whatever the amounts and the rate', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 10 ** 6 }), (credits, units) => {
      const rate = parseRate(`${Math.floor(units / 1e4)}.${String(units % 1e4).padStart(4, '0')}`)!;
      const total = credits.reduce((a, c) => a + c, 0n);
      const lines: PostingLine[] = [{ account: '1100', debit: total }, ...credits.map((c) => ({ account: '4000' as const, credit: c }))];
      const r = usd(lines, rate);
      assert.equal(r.reduce((a, l) => a + l.base, 0n), 0n);
      // each line stays within a minor unit per line of its own conversion, and on its own side
      for (const l of r) {
        const own = convert(l.debit, rate, 'USD', 'EUR') - convert(l.credit, rate, 'USD', 'EUR');
        assert.ok((l.base - own) ** 2n <= BigInt(lines.length) ** 2n);
        assert.ok(l.debit > 0n ? l.base >= 0n : l.base <= 0n);
      }
    }));
  });

  it('refuses a difference larger than rounding', () => {
    assert.throws(() => usd([{ account: '1100', debit: 100n }, { account: '4000', credit: 100n, baseCredit: 50n }], '0.92'), /more than rounding/);
  });

  it('a line on an open position is converted at the position\'s rate; the difference is a realised FX gain or loss', () => {
    const positions = new Map<string, PositionState>([
      [POSITION.payment('p'), { amount: -39270n, base: -36521n, rate: '0.93' }],
      [POSITION.receivable('i'), { amount: 39270n, base: 36128n, rate: '0.92' }],
    ]);
    // applied in part: 100.00 USD at 0.93 = 93.00 out of unapplied cash, at 0.92 = 92.00 off the receivable: gain 1.00
    const part = usd([{ account: '2200', debit: 10000n, position: POSITION.payment('p') }, { account: '1100', credit: 10000n, position: POSITION.receivable('i') }], '1', positions);
    assert.deepEqual(bases(part), ['2200 9300', '1100 -9200', '7100 -100']);
    assert.deepEqual(part.map((l) => l.rate), ['0.93', '0.92', null]);
    // applied in full: each position gives exactly what it carries
    const full = usd([{ account: '2200', debit: 39270n, position: POSITION.payment('p') }, { account: '1100', credit: 39270n, position: POSITION.receivable('i') }], '1', positions);
    assert.deepEqual(bases(full), ['2200 36521', '1100 -36128', '7100 -393']);
    // paid back at a higher rate than received: a loss
    const refund = usd([{ account: '2200', debit: 39270n, position: POSITION.payment('p') }, { account: '1000', credit: 39270n }], '0.95', positions);
    assert.deepEqual(bases(refund), ['2200 36521', '1000 -37307', '7200 786']);
  });

  it('a position brought to zero takes what it carries, whatever its partial moves rounded to', () => {
    // 0.03 USD at 0.5 was booked as 0.02 EUR; taking 0.01 three times would give 0.01 each: the last takes what is left
    const key = POSITION.receivable('x');
    const after = (amount: bigint, base: bigint) => new Map<string, PositionState>([[key, { amount, base, rate: '0.5' }]]);
    const one = usd([{ account: '2200', debit: 1n, baseDebit: 1n }, { account: '1100', credit: 1n, position: key }], '0.5', after(3n, 2n));
    assert.deepEqual(bases(one), ['2200 1', '1100 -1']);
    const last = usd([{ account: '2200', debit: 1n, baseDebit: 1n }, { account: '1100', credit: 1n, position: key }], '0.5', after(1n, 0n));
    assert.deepEqual(bases(last), ['2200 1', '1100 0', '7100 -1']);
  });
});
