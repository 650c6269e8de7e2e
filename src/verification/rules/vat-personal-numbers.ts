// Some member states issue VAT numbers to individuals that are (or are built like) their national
// personal identifiers, each with its own check. They live here so the country table in
// vat-country-rules.ts stays one readable line of intent per country.
import { digitAt, isCalendarDate, luhnCheckDigit, modOf, weightedSum } from './check-digits.ts';

// ---- Spain --------------------------------------------------------------------------------------

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** DNI/NIF control letter: the number mod 23 indexes a fixed alphabet. */
export function spanishDniLetter(digits: string): string {
  return DNI_LETTERS[modOf(digits, 23)];
}

/**
 * CIF (legal entities, first letter = kind of entity): a Luhn digit over the 7 digits, written either as
 * that digit or as the letter JABCDEFGHI[digit]. Sources disagree on which entity kinds use which form,
 * so both are accepted (as the tax agency's own validator does) rather than rejecting real numbers.
 */
export function spanishCifCheckOptions(sevenDigits: string): string[] {
  const d = luhnCheckDigit(sevenDigits);
  return [String(d), 'JABCDEFGHI'[d]];
}

// ---- Czech Republic (also the Slovak birth number) ---------------------------------------------

/**
 * Rodné číslo: YYMMDD + serial. Women have 50 added to the month and, since 2004, 20 may be added when
 * a day's serials run out. 9-digit numbers were issued until 1953 and carry no check digit; 10-digit ones
 * are divisible by 11 (or, for the few whose first nine digits leave 10, end in 0).
 */
export function isCzechBirthNumber(digits: string): boolean {
  const yy = Number(digits.slice(0, 2));
  const month = (Number(digits.slice(2, 4)) % 50) % 20;
  const day = Number(digits.slice(4, 6));
  let year = 1900 + yy;
  if (digits.length === 9) {
    // 9-digit numbers: YY 80–99 can only mean the 1880s/90s, and none were issued for births after 1953.
    if (yy >= 80) year -= 100;
    if (year > 1953) return false;
  } else if (year < 1954) {
    year += 100;
  }
  if (!isCalendarDate(year, month, day)) return false;
  if (digits.length === 9) return true;
  return modOf(digits.slice(0, 9), 11) % 10 === digitAt(digits, 9);
}

/** Individuals without a birth number get a 9-digit DIČ starting with 6; the check skips that 6. */
export function isCzechSpecialIndividual(digits: string): boolean {
  const remainder = weightedSum(digits.slice(1, 8), [8, 7, 6, 5, 4, 3, 2]) % 11;
  return (remainder + 8) % 10 === digitAt(digits, 8);
}

// ---- Bulgaria -----------------------------------------------------------------------------------

/** EGN (citizens): YYMMDD with 20 added to the month for 1800s births and 40 for 2000s births. */
export function isBulgarianEgn(digits: string): boolean {
  let year = 1900 + Number(digits.slice(0, 2));
  let month = Number(digits.slice(2, 4));
  if (month > 40) {
    year += 100;
    month -= 40;
  } else if (month > 20) {
    year -= 100;
    month -= 20;
  }
  if (!isCalendarDate(year, month, Number(digits.slice(4, 6)))) return false;
  return (weightedSum(digits, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === digitAt(digits, 9);
}

/** LNCh/PNF (foreigners). */
export function isBulgarianForeignerNumber(digits: string): boolean {
  return weightedSum(digits, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10 === digitAt(digits, 9);
}

/** Any other 10-digit Bulgarian tax number. A remainder giving 10 cannot be written, so it never validates. */
export function isBulgarianOtherNumber(digits: string): boolean {
  return (11 - (weightedSum(digits, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11 === digitAt(digits, 9);
}

// ---- Romania ------------------------------------------------------------------------------------

/** CNP (personal numeric code): S YYMMDD JJ NNN C, S giving sex and century. */
export function isRomanianCnp(digits: string): boolean {
  const century: Record<string, number> = { '1': 1900, '2': 1900, '3': 1800, '4': 1800, '5': 2000, '6': 2000 };
  // 7, 8 (foreign residents) and 9 (other foreigners) do not encode the century; 1900 is a stand-in
  // that still lets the day/month be checked.
  const year = (century[digits[0]] ?? 1900) + Number(digits.slice(1, 3));
  if (digits[0] === '0' || !isCalendarDate(year, Number(digits.slice(3, 5)), Number(digits.slice(5, 7)))) return false;
  const check = weightedSum(digits, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  return (check === 10 ? 1 : check) === digitAt(digits, 12);
}
