// Generic check-digit arithmetic shared by the national VAT rules. Every function takes a string of
// decimal digits that the caller has already matched against a pattern, so none of them re-validates.

/** Σ weight[i] × digit[i] over the first weights.length digits. */
export function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * digitAt(digits, i);
  return sum;
}

export function digitAt(digits: string, i: number): number {
  return digits.charCodeAt(i) - 48;
}

/** Luhn (ISO/IEC 7812-1): doubling every second digit from the right, the total must end in 0. */
export function luhnValid(digits: string): boolean {
  return luhnSum(digits) % 10 === 0;
}

/** The digit that, appended to the payload, makes it pass Luhn. */
export function luhnCheckDigit(payload: string): number {
  return (10 - (luhnSum(payload + '0') % 10)) % 10;
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digitAt(digits, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9; // the digit sum of 10…18
    }
    sum += d;
  }
  return sum;
}

/**
 * ISO 7064 MOD 11,10 (a hybrid system: running value mod 10, then doubled mod 11); used by DE and HR.
 * Returns the check digit for the payload.
 */
export function iso7064Mod11_10(payload: string): number {
  let product = 10;
  for (let i = 0; i < payload.length; i++) {
    let sum = (digitAt(payload, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10;
}

/** The remainder of a long digit string by a small modulus, without going through floats. */
export function modOf(digits: string, modulus: number): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + digitAt(digits, i)) % modulus;
  return r;
}

/** Whether year-month-day is a real calendar date (Gregorian). Used for dates embedded in personal numbers. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}
