// National formats and check digits of VAT identification numbers, one rule per VAT prefix: the 27 EU
// member states (Greece uses EL, not its ISO code GR), XI for Northern Ireland and GB. Algorithms follow
// the member states' published specifications as collected in the EU's VIES documentation and in
// python-stdnum; where a country has no public check (GB/XI here by choice, LV individuals) only the
// format is checked. A rule only ever rejects what the country cannot have issued: where sources
// disagree, both readings are accepted.
import { mod97 } from '../../shared/iban.ts';
import { digitAt, iso7064Mod11_10, luhnValid, modOf, weightedSum } from './check-digits.ts';
import {
  isBulgarianEgn, isBulgarianForeignerNumber, isBulgarianOtherNumber, isCzechBirthNumber,
  isCzechSpecialIndividual, isRomanianCnp, spanishCifCheckOptions, spanishDniLetter,
} from './vat-personal-numbers.ts';

export type VatRule = {
  /** What follows the prefix, for "XX VAT number must be XX + …". */
  format: string;
  /** Matched against the part after the prefix, separators removed and upper-cased. */
  pattern: RegExp;
  /** Rewrites an accepted short form into the canonical one (BE/EL old 8/9-digit numbers). */
  canonical?: (body: string) => string;
  /** Null when the number is fine, else what is wrong, completing "XX VAT number XX… ___". */
  check?: (body: string) => string | null;
};

const WRONG_DIGIT = 'has a wrong check digit';
const WRONG_DIGITS = 'has wrong check digits';
const WRONG_LETTER = 'has a wrong check letter';

const verdict = (ok: boolean, problem: string): string | null => (ok ? null : problem);

// Format-only: HMRC's check (mod 97 / mod 97-55) is deliberately not applied, see the header.
const UK_RULE: VatRule = {
  format: '9 or 12 digits, or GD/HA + 3 digits',
  // GD = government departments (000-499), HA = health authorities (500-999)
  pattern: /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
};

export const VAT_RULES: Record<string, VatRule> = {
  AT: {
    format: 'U + 8 digits',
    pattern: /^U\d{8}$/,
    // Luhn-like over the 7 digits after U, offset by 4 (hence 6 − sum).
    check: (b) => {
      let sum = 0;
      for (let i = 1; i <= 7; i++) {
        const d = digitAt(b, i);
        sum += i % 2 === 0 ? Math.floor((2 * d) / 10) + ((2 * d) % 10) : d;
      }
      return verdict((((6 - sum) % 10) + 10) % 10 === digitAt(b, 8), WRONG_DIGIT);
    },
  },
  BE: {
    format: '10 digits starting with 0 or 1',
    // Numbers issued before 2005 had 9 digits; they are the same number with a leading 0.
    pattern: /^(\d{9}|[01]\d{9})$/,
    canonical: (b) => b.padStart(10, '0'),
    check: (b) => verdict(97 - modOf(b.slice(0, 8), 97) === Number(b.slice(8)), WRONG_DIGITS),
  },
  BG: {
    format: '9 digits (legal entities) or 10 digits (individuals)',
    pattern: /^\d{9,10}$/,
    check: (b) => {
      if (b.length === 10) {
        // Citizens, foreigners and others each have their own algorithm; the number does not say which.
        const ok = isBulgarianEgn(b) || isBulgarianForeignerNumber(b) || isBulgarianOtherNumber(b);
        return verdict(ok, WRONG_DIGIT);
      }
      let r = weightedSum(b, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
      if (r === 10) r = weightedSum(b, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
      return verdict(r % 10 === digitAt(b, 8), WRONG_DIGIT);
    },
  },
  CY: {
    format: '8 digits + a check letter',
    pattern: /^\d{8}[A-Z]$/,
    check: (b) => {
      if (b.startsWith('12')) return 'cannot start with 12';
      // Digits in even positions (0, 2, …) are first mapped through a fixed table.
      const even = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
      let sum = 0;
      for (let i = 0; i < 8; i++) sum += i % 2 === 0 ? even[digitAt(b, i)] : digitAt(b, i);
      return verdict(String.fromCharCode(65 + (sum % 26)) === b[8], WRONG_LETTER);
    },
  },
  CZ: {
    format: '8, 9 or 10 digits',
    pattern: /^\d{8,10}$/,
    check: (b) => {
      if (b.length === 8) {
        // Legal entities (IČO).
        if (b[0] === '9') return 'cannot start with 9 (8-digit numbers belong to legal entities)';
        const c = (11 - (weightedSum(b, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
        return verdict((c === 0 ? 1 : c) % 10 === digitAt(b, 7), WRONG_DIGIT);
      }
      if (b.length === 9 && b[0] === '6') return verdict(isCzechSpecialIndividual(b), WRONG_DIGIT);
      // Individuals: the birth number.
      return verdict(isCzechBirthNumber(b), 'is not a valid Czech birth number (date or check digit)');
    },
  },
  DE: {
    format: '9 digits, not starting with 0',
    pattern: /^[1-9]\d{8}$/,
    check: (b) => verdict(iso7064Mod11_10(b.slice(0, 8)) === digitAt(b, 8), WRONG_DIGIT),
  },
  DK: {
    format: '8 digits, not starting with 0',
    pattern: /^[1-9]\d{7}$/,
    check: (b) => verdict(weightedSum(b, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0, WRONG_DIGIT),
  },
  EE: {
    format: '9 digits starting with 10',
    pattern: /^10\d{7}$/,
    check: (b) => verdict(weightedSum(b, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0, WRONG_DIGIT),
  },
  EL: {
    format: '9 digits',
    // Old 8-digit numbers are the same number with a leading 0.
    pattern: /^\d{8,9}$/,
    canonical: (b) => b.padStart(9, '0'),
    check: (b) => verdict((weightedSum(b, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === digitAt(b, 8), WRONG_DIGIT),
  },
  ES: {
    format: 'a letter or digit + 7 digits + a letter or digit',
    pattern: /^[0-9A-Z]\d{7}[0-9A-Z]$/,
    check: (b) => {
      const first = b[0];
      const last = b[8];
      // NIF of Spanish citizens: 8 digits + letter.
      if (first >= '0' && first <= '9') return verdict(spanishDniLetter(b.slice(0, 8)) === last, WRONG_LETTER);
      // NIE of foreigners: X/Y/Z stand for 0/1/2, then the DNI letter.
      if ('XYZ'.includes(first)) {
        return verdict(spanishDniLetter('XYZ'.indexOf(first) + b.slice(1, 8)) === last, WRONG_LETTER);
      }
      // K (minors), L (non-resident Spaniards), M (foreigners without NIE) use the DNI letter on 7 digits.
      if ('KLM'.includes(first)) return verdict(spanishDniLetter(b.slice(1, 8)) === last, WRONG_LETTER);
      // CIF of legal entities.
      if ('ABCDEFGHJNPQRSUVW'.includes(first)) {
        return verdict(spanishCifCheckOptions(b.slice(1, 8)).includes(last), 'has a wrong check character');
      }
      return `starts with ${first}, which is not a Spanish entity or person letter`;
    },
  },
  FI: {
    format: '8 digits',
    pattern: /^\d{8}$/,
    check: (b) => verdict(weightedSum(b, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0, WRONG_DIGIT),
  },
  FR: {
    format: '2 key characters + 9 digits',
    // The key may contain letters (never I or O) in numbers issued with the old scheme; those keys have
    // no published algorithm, so only the numeric key is checked: key = (12 + 3 × (SIREN mod 97)) mod 97.
    pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
    check: (b) => {
      if (!/^\d{2}/.test(b)) return null;
      return verdict((12 + 3 * modOf(b.slice(2), 97)) % 97 === Number(b.slice(0, 2)), 'has a wrong check key');
    },
  },
  HR: {
    format: '11 digits',
    pattern: /^\d{11}$/,
    check: (b) => verdict(iso7064Mod11_10(b.slice(0, 10)) === digitAt(b, 10), WRONG_DIGIT),
  },
  HU: {
    format: '8 digits',
    pattern: /^\d{8}$/,
    check: (b) => verdict(weightedSum(b, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0, WRONG_DIGIT),
  },
  IE: {
    format: '7 digits + 1 or 2 letters (old form: digit, letter, 5 digits, letter)',
    pattern: /^(\d{7}[A-W][A-W]?|\d[A-Z+*]\d{5}[A-W])$/,
    check: (b) => {
      const alphabet = 'WABCDEFGHIJKLMNOPQRSTUV';
      // New form: 7 digits, check letter, optional second letter that also counts (weight 9).
      // Old form: the digits are read as 0 + digits 3–7 + digit 1 (the second character is ignored).
      const isNew = /^\d{7}/.test(b);
      const digits = isNew ? b.slice(0, 7) : '0' + b.slice(2, 7) + b[0];
      const extra = isNew && b.length === 9 ? alphabet.indexOf(b[8]) : 0;
      const sum = weightedSum(digits, [8, 7, 6, 5, 4, 3, 2]) + 9 * extra;
      return verdict(alphabet[sum % 23] === b[7], WRONG_LETTER);
    },
  },
  IT: {
    format: '11 digits',
    pattern: /^\d{11}$/,
    check: (b) => {
      if (b.startsWith('0000000')) return 'has an all-zero company number';
      // Digits 8–10 name the issuing provincial office.
      const office = Number(b.slice(7, 10));
      if (!((office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office))) {
        return `has an unknown office code ${b.slice(7, 10)}`;
      }
      return verdict(luhnValid(b), WRONG_DIGIT);
    },
  },
  LT: {
    format: '9 digits (legal entities) or 12 digits (temporary registrations)',
    pattern: /^(\d{9}|\d{12})$/,
    check: (b) => {
      // The digit before the check digit is always 1.
      if (b[b.length - 2] !== '1') return 'must have 1 as its second-to-last digit';
      const payload = b.slice(0, -1);
      let r = weightedSum(payload, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2].slice(0, payload.length)) % 11;
      if (r === 10) r = weightedSum(payload, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4].slice(0, payload.length)) % 11;
      return verdict(r % 10 === digitAt(b, b.length - 1), WRONG_DIGIT);
    },
  },
  LU: {
    format: '8 digits',
    pattern: /^\d{8}$/,
    check: (b) => verdict(modOf(b.slice(0, 6), 89) === Number(b.slice(6)), WRONG_DIGITS),
  },
  LV: {
    format: '11 digits',
    pattern: /^\d{11}$/,
    // Legal entities start with 4–9. Individuals' numbers are personal codes whose check is not
    // officially published (and post-2017 codes carry no birth date), so those are format-only.
    check: (b) => {
      if (b[0] <= '3') return null;
      return verdict(weightedSum(b, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3, WRONG_DIGIT);
    },
  },
  MT: {
    format: '8 digits, not starting with 0',
    pattern: /^[1-9]\d{7}$/,
    // The last two digits are one two-digit check number (weights 10 and 1).
    check: (b) => verdict(weightedSum(b, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0, WRONG_DIGITS),
  },
  NL: {
    format: '9 digits + B + 2 digits',
    pattern: /^\d{9}B\d{2}$/,
    check: (b) => {
      if (b.endsWith('B00')) return 'has branch suffix B00, which is never issued';
      if (/^0{9}/.test(b)) return 'has an all-zero number';
      // Companies: the RSIN passes the "11-proof". Sole traders since 2020: the whole identifier
      // including NL and B passes ISO 7064 mod 97-10, like an IBAN.
      const elfProof = weightedSum(b, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0;
      return verdict(elfProof || mod97('NL' + b) === 1, WRONG_DIGIT);
    },
  },
  PL: {
    format: '10 digits',
    pattern: /^\d{10}$/,
    // A remainder of 10 is never issued, so it simply never matches a digit.
    check: (b) => verdict(weightedSum(b, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === digitAt(b, 9), WRONG_DIGIT),
  },
  PT: {
    format: '9 digits, not starting with 0',
    pattern: /^[1-9]\d{8}$/,
    check: (b) => {
      const c = 11 - (weightedSum(b, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
      return verdict((c >= 10 ? 0 : c) === digitAt(b, 8), WRONG_DIGIT);
    },
  },
  RO: {
    format: '2 to 10 digits not starting with 0, or a 13-digit personal code',
    pattern: /^([1-9]\d{1,9}|\d{13})$/,
    check: (b) => {
      if (b.length === 13) return verdict(isRomanianCnp(b), 'is not a valid personal code (CNP)');
      // CUI/CIF: the payload right-aligned under fixed weights.
      const payload = b.slice(0, -1).padStart(9, '0');
      const c = ((10 * weightedSum(payload, [7, 5, 3, 2, 1, 7, 5, 3, 2])) % 11) % 10;
      return verdict(c === digitAt(b, b.length - 1), WRONG_DIGIT);
    },
  },
  SE: {
    format: '12 digits (10-digit organisation number + 01)',
    pattern: /^\d{12}$/,
    check: (b) => {
      if (!b.endsWith('01')) return 'must end in 01';
      return verdict(luhnValid(b.slice(0, 10)), WRONG_DIGIT);
    },
  },
  SI: {
    format: '8 digits, not starting with 0',
    pattern: /^[1-9]\d{7}$/,
    check: (b) => {
      // 11 − remainder; 10 is written 0 and 11 (remainder 0) is never issued.
      const c = 11 - (weightedSum(b, [8, 7, 6, 5, 4, 3, 2]) % 11);
      return verdict((c === 10 ? 0 : c) === digitAt(b, 7), WRONG_DIGIT);
    },
  },
  SK: {
    format: '10 digits, not starting with 0',
    pattern: /^[1-9]\d{9}$/,
    check: (b) => {
      if (!'234789'.includes(b[2])) return 'must have 2, 3, 4, 7, 8 or 9 as its third digit';
      return verdict(modOf(b, 11) === 0, WRONG_DIGIT);
    },
  },
  XI: UK_RULE,
  GB: UK_RULE,
};
