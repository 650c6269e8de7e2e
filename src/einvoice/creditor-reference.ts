import { mod97 } from '../shared/iban.ts';

// ISO 11649 structured creditor reference: "RF", two check digits, then the reference (1-21 letters or digits).
// The check digits make (reference + "RF" + digits) mod 97 = 1 with letters as numbers (A=10 … Z=35), the IBAN
// arithmetic, so a bank can reject a mistyped reference before the payment ever reaches the seller.

/** The RF reference of a document number ("INV-2026-000042" → "RF45INV2026000042"): separators dropped, upper-cased. */
export function creditorReference(documentNumber: string): string {
  const ref = documentNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (ref.length < 1 || ref.length > 21) {
    throw new RangeError(`"${documentNumber}" does not make an ISO 11649 reference: it needs 1 to 21 letters or digits, has ${ref.length}`);
  }
  const check = 98 - mod97(`${ref}RF00`);
  return `RF${String(check).padStart(2, '0')}${ref}`;
}

/** Whether text (spaces allowed, as printed in groups of four) is a well-formed RF reference with right check digits. */
export function isCreditorReference(text: string): boolean {
  const rf = text.replace(/ /g, '').toUpperCase();
  return /^RF\d{2}[A-Z0-9]{1,21}$/.test(rf) && mod97(rf.slice(4) + rf.slice(0, 4)) === 1;
}
