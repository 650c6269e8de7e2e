// Offline plausibility check of an EU VAT identification number: prefix, national format and check
// digit(s). It cannot tell whether the number is registered (that is VIES's job); it catches typos
// and made-up numbers before they reach an invoice, with a reason a clerk can act on.
import { VAT_RULES } from './vat-country-rules.ts';

export type VatCheck = { ok: true; country: string; normalized: string } | { ok: false; reason: string };

/** The prefixes checked: EU member states (EL for Greece), XI (Northern Ireland) and GB. */
export const VAT_PREFIXES: readonly string[] = Object.keys(VAT_RULES).sort();

/**
 * Checks `text` such as "de 136 695 976" or "NL-0044.95445.B01". Spaces, dots and dashes are removed and
 * letters upper-cased first. On success `country` is the VAT prefix (EL for Greece, not GR) and
 * `normalized` the number as it should be printed on an invoice, prefix included.
 */
export function checkVatNumber(text: string): VatCheck {
  const compact = text.replace(/[\s.\-]/g, '').toUpperCase();
  if (compact === '') return { ok: false, reason: 'VAT number is empty' };
  if (!/^[A-Z]{2}/.test(compact)) {
    return { ok: false, reason: `VAT number ${compact} must start with a two-letter country prefix such as DE` };
  }
  const country = compact.slice(0, 2);
  // Greece's ISO code is GR but its VAT prefix is EL; saying so is more useful than "unknown prefix".
  if (country === 'GR') return { ok: false, reason: `Greek VAT numbers start with EL, not GR (EL${compact.slice(2)})` };
  const rule = VAT_RULES[country];
  if (!rule) {
    return { ok: false, reason: `${country} is not an EU VAT prefix; expected one of ${VAT_PREFIXES.join(', ')}` };
  }
  const raw = compact.slice(2);
  if (!rule.pattern.test(raw)) return { ok: false, reason: `${country} VAT number must be ${country} + ${rule.format}` };
  const body = rule.canonical ? rule.canonical(raw) : raw;
  const problem = rule.check?.(body) ?? null;
  if (problem) return { ok: false, reason: `${country} VAT number ${country}${body} ${problem}` };
  return { ok: true, country, normalized: country + body };
}
