import { mod97 } from '../../shared/iban.ts';

// The SEPA creditor identifier (CI): country code, two check digits, a three-character creditor business code
// the creditor may choose freely ("ZZZ" by default) and the national identifier, at most 35 characters. The
// check digits are ISO 7064 MOD 97-10 over the national identifier and the country code — the business code is
// left out of the check, so a creditor can change it without a new identifier (EPC262-08).

export function normalizeCreditorId(text: string): string {
  return text.replace(/\s/g, '').toUpperCase();
}

/** Why a creditor identifier is not one, or null when it is. */
export function creditorIdProblem(ci: string): string | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(ci)) {
    return `creditor identifier "${ci}" is not country (2 letters), check digits (2), business code (3), national id (up to 28 letters or digits)`;
  }
  return mod97(ci.slice(7) + ci.slice(0, 4)) === 1 ? null : `creditor identifier ${ci} has wrong check digits`;
}

/** The check digits a national identifier gets in a country: 98 − (national id + country + "00") mod 97. */
export function creditorIdCheckDigits(country: string, nationalId: string): string {
  return String(98 - mod97(nationalId.toUpperCase() + country.toUpperCase() + '00')).padStart(2, '0');
}
