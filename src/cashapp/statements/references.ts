import { isCreditorReference } from '../../einvoice/creditor-reference.ts';

/**
 * ISO 11649 references (RF…) a payer typed into free text, checked by their check digits so that a word
 * that merely starts with RF is not taken for one. Printed groups ("RF18 5390 0754 7034") are joined.
 */
export function creditorReferencesIn(texts: string[]): string[] {
  const found: string[] = [];
  for (const t of texts) {
    for (const m of t.toUpperCase().matchAll(/\bRF\d{2}(?: ?[A-Z0-9]){1,21}/g)) {
      // The greedy match may run into the next word; the longest prefix with right check digits is the reference.
      const compact = m[0].replace(/ /g, '');
      for (let end = compact.length; end > 4; end--) {
        const rf = compact.slice(0, end);
        if (isCreditorReference(rf)) {
          if (!found.includes(rf)) found.push(rf);
          break;
        }
      }
    }
  }
  return found;
}

/** Adds to a list what it does not hold yet, skipping empty values, so references stay unique and in order. */
export function addUnique(list: string[], ...values: (string | undefined)[]): void {
  for (const v of values) if (v && !list.includes(v)) list.push(v);
}
