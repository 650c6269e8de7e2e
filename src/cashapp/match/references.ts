import { isCreditorReference } from '../../einvoice/creditor-reference.ts';

// How document numbers are compared, whatever way a payer retyped them: "INV-2026-000123", "inv 2026/000123",
// "Inv.Nr. INV2026000123" all become the key "INV2026000123"; the digit key "2026000123" (digits only, leading
// zeros dropped) also finds "Rechnung 2026000123" and "RE 0002026000123".

/** Upper-case letters and digits only. */
export function numberKey(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The digits of a key without leading zeros; '' when it has fewer than MIN_DIGITS, too short to identify anything. */
export function digitKey(text: string): string {
  const d = text.replace(/\D/g, '').replace(/^0+/, '');
  return d.length >= MIN_DIGITS ? d : '';
}

export const MIN_DIGITS = 4;

/**
 * The digit groups of a number, each without its leading zeros ("INV-2026-000123" → "2026.123"), so that a payer
 * who drops the zeros inside ("2026-123") still finds it; '' for a number of fewer than two groups.
 */
export function groupKey(text: string): string {
  const groups = text.split(/\D+/).filter(Boolean).map((g) => g.replace(/^0+(?=\d)/, ''));
  return groups.length >= 2 ? groups.join('.') : '';
}

// Letters an OCR or a hurried typist puts for digits: only inside a token that is mostly digits already.
const LOOKALIKE: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', T: '1', Z: '2', S: '5', B: '8', G: '6' };

function unOcr(token: string): string {
  const digits = token.replace(/\D/g, '').length;
  if (digits < MIN_DIGITS - 1 || digits * 3 < token.replace(/[^A-Z0-9]/g, '').length * 2) return token;
  // Keep a leading prefix of two or more letters ("INV", "RE") and repair the digit part after it.
  const m = /^([A-Z]{2,}|)(.*)$/.exec(token)!;
  return m[1] + m[2].replace(/[A-Z]/g, (c) => LOOKALIKE[c] ?? c);
}

export interface Candidate {
  key: string;
  /** groupKey of the text as written, separators kept. */
  groups: string;
  /** rf: an ISO 11649 reference with valid check digits; text: found in the free text. */
  source: 'rf' | 'text';
}

/**
 * Every string in a remittance that could be a document number: valid RF references (their body), each
 * token, and runs of two or three adjacent tokens joined ("INV 2026 000123"). Tokens split on spaces,
 * commas, semicolons, plus signs, ampersands and "and"/"und", so that several invoices in one line are found.
 */
export function referenceCandidates(texts: string[]): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (raw: string, source: Candidate['source']) => {
    const key = numberKey(raw);
    if (key.length < 3 || (out.get(key)?.source === 'rf')) return;
    out.set(key, { key, groups: groupKey(raw), source });
  };
  for (const raw of texts) {
    const text = raw.toUpperCase();
    for (const m of text.matchAll(/RF\s?\d{2}(?:\s?[A-Z0-9]){1,21}/g)) {
      // An RF reference ends where a longer alphanumeric run would break its check digits: try shorter bodies.
      const compact = m[0].replace(/\s/g, '');
      for (let end = compact.length; end > 4; end--) {
        if (isCreditorReference(compact.slice(0, end))) {
          add(compact.slice(4, end), 'rf');
          break;
        }
      }
    }
    const tokens = text.split(/[\s,;+&.:#()]+|\bAND\b|\bUND\b/).map((t) => unOcr(t.replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, ''))).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      add(tokens[i], 'text');
      if (i + 1 < tokens.length) add(`${tokens[i]}-${tokens[i + 1]}`, 'text');
      if (i + 2 < tokens.length) add(`${tokens[i]}-${tokens[i + 1]}-${tokens[i + 2]}`, 'text');
    }
  }
  return [...out.values()];
}

/**
 * Whether two digit keys are one slip apart: one digit changed, two neighbours swapped, one digit left out or
 * one added. That is how people mistype a number; it also turns one document number into another one.
 */
export function oneSlipApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Tokens worth learning: five or more letters and digits, at least three of them digits, not a date. */
export function remittancePatterns(text: string): string[] {
  const tokens = text.toUpperCase().split(/[\s,;:+&()]+/).map(numberKey)
    .filter((t) => t.length >= 5 && (t.match(/\d/g) ?? []).length >= 3 && !/^(19|20)\d{6}$/.test(t) && !/^\d{1,2}\d{2}(19|20)\d{2}$/.test(t));
  return [...new Set(tokens)];
}
