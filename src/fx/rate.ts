import { divRoundHalfUp, exponent } from '../shared/money.ts';

// An exchange rate is an exact decimal: how many units of the tenant's base (accounting) currency one unit of
// the other currency is worth ("0.92": 1 USD = 0.92 EUR for a EUR tenant). It travels as normalised decimal
// text ("0.92", "1", "0.00615") and is stored as numeric(24,12): up to 12 digits before the point and 12 after.
// Floats never touch it.
export type Rate = string;

export const RATE_DECIMALS = 12;
const RATE_RE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** Normalised rate text ("0.920000" → "0.92", "01" → "1"), or null when the text is no positive rate of at most 12 decimals. */
export function parseRate(text: string): Rate | null {
  const m = RATE_RE.exec(text.trim());
  if (!m) return null;
  const whole = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (/^0+$/.test(whole) && frac === '') return null;
  return frac ? `${whole}.${frac}` : whole;
}

/** A rate as an integer and its decimal scale: "0.92" → 92n / 10². */
function scaled(rate: Rate): { units: bigint; scale: number } {
  const r = parseRate(rate);
  if (r === null) throw new RangeError(`not an exchange rate: "${rate}"`);
  const [whole, frac = ''] = r.split('.');
  return { units: BigInt(whole + frac), scale: frac.length };
}

export function isUnitRate(rate: Rate): boolean {
  return parseRate(rate) === '1';
}

/**
 * `amount` minor units of `from` in minor units of `to` at `rate` (units of `to` per unit of `from`), computed
 * exactly and rounded once, half away from zero (half-up on positive amounts, symmetric on negative ones):
 * 392.70 USD at 0.92 = 361.284 → 361.28 EUR; 0.05 USD at 0.93 = 0.0465 → 0.05 EUR.
 */
export function convert(amount: bigint, rate: Rate, from: string, to: string): bigint {
  const { units, scale } = scaled(rate);
  const ef = exponent(from);
  const et = exponent(to);
  // amount / 10^ef × units / 10^scale × 10^et
  return divRoundHalfUp(amount * units * 10n ** BigInt(et), 10n ** BigInt(scale + ef));
}
