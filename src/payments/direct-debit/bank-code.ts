// Whether two IBANs are at the same bank decides how a mandate amendment is reported: a new account at the same
// bank is named (OrgnlDbtrAcct), a move to another bank is only flagged ("SMNDA", same mandate new debtor agent).
// The bank code sits right after the check digits; its length is national (ISO 13616 registry, the common ones).
const BANK_CODE_LENGTH: Record<string, number> = {
  AT: 5, BE: 3, BG: 4, CH: 5, CY: 3, CZ: 4, DE: 8, DK: 4, EE: 2, ES: 4, FI: 3, FR: 5, GB: 4, GR: 3, HR: 7, HU: 3, IE: 4,
  IS: 4, IT: 6, LI: 5, LT: 5, LU: 3, LV: 4, MC: 5, MT: 4, NL: 4, NO: 4, PL: 3, PT: 4, RO: 4, SE: 3, SI: 5, SK: 4, SM: 6,
};

export function sameBank(a: { iban: string; bic: string | null }, b: { iban: string; bic: string | null }): boolean {
  if (a.bic && b.bic) return a.bic.slice(0, 8) === b.bic.slice(0, 8);
  if (a.iban.slice(0, 2) !== b.iban.slice(0, 2)) return false;
  const n = BANK_CODE_LENGTH[a.iban.slice(0, 2)];
  // A country we do not know the layout of: assume the same bank, so the file names the original account.
  return n === undefined || a.iban.slice(4, 4 + n) === b.iban.slice(4, 4 + n);
}
