// Percentages the server keeps in parts per million (50 % = 500000), converted with integer arithmetic only.

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** "12.5" → 125000; null when not a percentage from 0 to 100 with at most 4 decimals. */
export function percentToPpm(text: string): number | null {
  const m = PERCENT.exec(text.trim().replace(/\s*%$/, ''));
  if (!m) return null;
  const ppm = Number(m[1]) * 10000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= 1_000_000 ? ppm : null;
}

/** 125000 → "12.5" */
export function ppmToPercent(ppm: number): string {
  const whole = Math.floor(ppm / 10000);
  const frac = String(ppm % 10000).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** A discount the user typed: empty is fine (no discount), otherwise 0-100 with at most 4 decimals. */
export function isPercentOrEmpty(text: string): boolean {
  return text.trim() === '' || percentToPpm(text) !== null;
}
