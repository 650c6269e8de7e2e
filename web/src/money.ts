// Money in the browser: decimal strings in, integer minor units for arithmetic, decimal strings out.
// Floats never carry an amount; a number here is always a whole count of cents (or the currency's minor unit).

const EXPONENTS: Record<string, number> = {
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

export function exponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d*))?$/;

/**
 * "1234.5" → 123450 (EUR). Null when the text is not an amount, has more decimals than the currency allows
 * (other than trailing zeros) or would not fit an exact integer.
 */
export function toMinor(text: string, currency: string): number | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const exp = exponent(currency);
  const frac = m[3] ?? '';
  if (frac.length > exp && /[^0]/.test(frac.slice(exp))) return null;
  const minor = Number(m[2] + frac.slice(0, exp).padEnd(exp, '0'));
  if (!Number.isSafeInteger(minor)) return null;
  return m[1] ? -minor : minor;
}

/** 123450 → "1234.50" (EUR). */
export function fromMinor(minor: number, currency: string): string {
  const exp = exponent(currency);
  const neg = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const frac = exp === 0 ? '' : '.' + digits.slice(-exp);
  return (neg && minor !== 0 ? '-' : '') + whole + frac;
}

/** Minor units of an amount the server sent; 0 when it is missing or unreadable. */
export function minorOf(amount: string | null | undefined, currency: string): number {
  return amount == null ? 0 : toMinor(amount, currency) ?? 0;
}

/** quantity × unit price, exact (quantities are whole numbers). Null when either input is not valid. */
export function lineNet(quantity: string, unitPrice: string, currency: string): string | null {
  const q = parseQuantity(quantity);
  const p = toMinor(unitPrice, currency);
  if (q === null || p === null) return null;
  const net = q * p;
  return Number.isSafeInteger(net) ? fromMinor(net, currency) : null;
}

export function sumAmounts(amounts: string[], currency: string): string {
  return fromMinor(amounts.reduce((acc, a) => acc + minorOf(a, currency), 0), currency);
}

/** A positive whole number, or null. */
export function parseQuantity(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,12}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 ? n : null;
}

export function isZero(amount: string | null | undefined): boolean {
  return !amount || /^-?0*(\.0*)?$/.test(amount.trim());
}

export function isNegative(amount: string | null | undefined): boolean {
  return !!amount && amount.trim().startsWith('-') && !isZero(amount);
}

/** "1234567.50" → "1,234,567.50" without touching the digits. */
export function groupDigits(amount: string): string {
  const neg = amount.startsWith('-');
  const body = neg ? amount.slice(1) : amount;
  const [whole, frac] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '−' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** "1,234.50 EUR" */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount == null || amount === '') return '—';
  return `${groupDigits(amount)} ${currency}`;
}
