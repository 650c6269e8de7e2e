// Money is an integer count of the currency's minor units (bigint). Decimal strings in major units
// ("1234.50") are the only way amounts cross a boundary (API, CLI, CSV); floats never touch a money path.

// ISO 4217 minor-unit exponents that differ from 2, plus the common 2-decimal ones we validate against.
const EXPONENTS: Record<string, number> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};
const KNOWN_2 = new Set([
  'EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'CAD', 'AUD', 'NZD',
  'SGD', 'HKD', 'CNY', 'INR', 'ZAR', 'BRL', 'MXN', 'TRY', 'AED', 'SAR', 'ILS', 'THB', 'MYR', 'PHP', 'IDR',
]);

export function isCurrency(code: string): boolean {
  return code in EXPONENTS || KNOWN_2.has(code);
}

export function exponent(currency: string): number {
  const e = EXPONENTS[currency];
  if (e !== undefined) return e;
  if (KNOWN_2.has(currency)) return 2;
  throw new RangeError(`unknown currency ${currency}`);
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d+))?$/;

/** Parses "1234.5" into minor units; null when the text is not an amount with at most the currency's decimals. */
export function parseAmount(text: string, currency: string): bigint | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const exp = exponent(currency);
  const frac = m[3] ?? '';
  // Trailing zeros beyond the exponent are harmless ("12.500" EUR); real extra digits are an error, not a rounding.
  if (frac.length > exp && /[^0]/.test(frac.slice(exp))) return null;
  const minor = BigInt(m[2] + frac.slice(0, exp).padEnd(exp, '0'));
  return m[1] ? -minor : minor;
}

export function formatAmount(minor: bigint, currency: string): string {
  const exp = exponent(currency);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const frac = exp === 0 ? '' : '.' + digits.slice(-exp);
  return (neg ? '-' : '') + whole + frac;
}

/**
 * n / d rounded half away from zero (commercial rounding, what EN 16931 and most VAT laws expect).
 * Symmetric so that a credit note's tax is exactly the negation of the invoice's.
 */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (2n * d);
  return neg ? -q : q;
}

/** n / d rounded half to even (banker's rounding), for the tax rules that ask for it. */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r2 = (a % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

export function sum(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

/**
 * Splits total into parts proportional to weights, largest remainder first, so the parts always add up.
 * A negative total splits as the mirror image of the positive one (a credit note mirrors its invoice).
 */
export function allocate(total: bigint, weights: bigint[]): bigint[] {
  if (total < 0n) return allocate(-total, weights).map((p) => -p);
  const wsum = sum(weights);
  if (wsum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / wsum);
  let rest = total - sum(parts);
  const order = weights
    .map((w, i) => ({ i, rem: (total * w) % wsum }))
    .sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.i - b.i));
  for (let k = 0; rest > 0n; k = (k + 1) % order.length) {
    parts[order[k].i] += 1n;
    rest -= 1n;
  }
  return parts;
}
