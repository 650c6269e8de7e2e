// Postal code plausibility for an address: does the code have the shape its country uses? Meant to
// catch swapped fields ("Berlin" as postal code), missing digits and codes of the wrong country before
// a label is printed or tax is determined by region; it does not know which codes exist.
import { NO_POSTAL_CODE, POSTAL_CODE_OPTIONAL, POSTAL_FORMATS } from './postal-code-formats.ts';

export type PostalCodeCheck = { ok: true } | { ok: false; reason: string };

/**
 * `country` is an ISO 3166-1 alpha-2 code (case and surrounding blanks ignored). Countries with no known
 * format pass whatever is given: knowing too little is no reason to block an order. Whether the country
 * code itself exists is isKnownCountry's question, not this one's.
 */
export function checkPostalCode(country: string, postalCode: string | null | undefined): PostalCodeCheck {
  const cc = country.trim().toUpperCase();
  const shown = (postalCode ?? '').trim(); // quoted back as the person typed it
  const code = shown.toUpperCase().replace(/\s+/g, ' ');

  if (NO_POSTAL_CODE.has(cc)) {
    return code === '' ? { ok: true } : { ok: false, reason: `${cc} does not use postal codes, so "${shown}" looks wrong` };
  }
  const format = POSTAL_FORMATS[cc];
  if (!format) return { ok: true };
  if (code === '') {
    if (POSTAL_CODE_OPTIONAL.has(cc)) return { ok: true };
    return { ok: false, reason: `${cc} addresses need a postal code (${format.shape}, e.g. ${format.example})` };
  }
  if (!format.pattern.test(code)) {
    return { ok: false, reason: `${cc} postal code "${shown}" is not valid: ${cc} postal codes are ${format.shape}, e.g. ${format.example}` };
  }
  return { ok: true };
}
