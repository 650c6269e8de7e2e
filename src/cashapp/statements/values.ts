import { isIsoDate } from '../../shared/dates.ts';
import { exponent, isCurrency, parseAmount } from '../../shared/money.ts';

/**
 * A bank's decimal amount in minor units, or why not. Banks pad with zeros beyond the currency's exponent
 * ("5442.09000" RON is 544209); a non-zero digit beyond it is refused rather than rounded, since a statement
 * that does not add up to the cent cannot be reconciled.
 */
export function minorUnits(text: string, currency: string, decimal: '.' | ',' = '.'): bigint | { error: string } {
  if (!isCurrency(currency)) return { error: `unknown currency "${currency}"` };
  const t = text.trim();
  if (!/\d/.test(t)) return { error: `"${t}" is not an amount` };
  // Exports write a minus after the number ("12,50-") and group thousands ("1.234,56", "1,234.56", "1'234.56").
  const signed = /^[^-]+-$/.test(t) ? `-${t.slice(0, -1)}` : t;
  const group = decimal === ',' ? '.' : ',';
  const grouped = new RegExp(`^-?\\d{1,3}([${group}' ]\\d{3})+([${decimal}]\\d*)?$`).test(signed);
  const plain = grouped ? signed.replace(new RegExp(`[${group}' ]`, 'g'), '') : signed;
  const normal = decimal === ',' ? plain.replace(',', '.') : plain;
  if (decimal === ',' && plain.includes('.')) return { error: `"${t}" is not an amount with a decimal comma` };
  // A leading or trailing separator ("12." in MT940, ".5") is a valid bank amount; parseAmount wants digits on both sides.
  const padded = normal.replace(/^(-?)\./, '$10.').replace(/\.$/, '').replace(/^(-?)0+(?=\d)/, '$1');
  const v = /^-?\d+(\.\d+)?$/.test(padded) ? parseAmount(padded, currency) : null;
  if (v !== null) return v;
  if (/^-?\d+\.\d+$/.test(padded) && padded.split('.')[1].length > exponent(currency)) {
    return { error: `amount "${t}" has more decimals than ${currency} has (${exponent(currency)})` };
  }
  return { error: `"${t}" is not an amount` };
}

/** `YYYY-MM-DD` from an ISO date or date-time, or null. */
export function isoDate(text: string): string | null {
  const d = text.trim().slice(0, 10);
  return isIsoDate(d) ? d : null;
}

/** A six-digit YYMMDD date (MT940, BAI2); years before 80 are this century. */
export function yymmdd(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null;
  const yy = Number(text.slice(0, 2));
  const d = `${yy < 80 ? 2000 + yy : 1900 + yy}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  return isIsoDate(d) ? d : null;
}
