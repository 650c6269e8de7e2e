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
  /** Read with a two-digit year widened ("26/12345" → "2026-12345"): a reading of what was written, not the text itself. */
  widened?: boolean;
  /** Where in the texts it was written: "text:first token:last token" per place (none for RF references). */
  spans: string[];
  /**
   * Per place (parallel to spans): the letters written before the number's digits there, nearest first — glued to
   * its first digits ("RE2026-…" → RE), the letter tokens before them ("RE-Nr A/26/2402" → A, NR, RE).
   */
  before: string[][];
}

// ISO (2026-11-20), European (20.11.2026, 20.11.26) and US dates (11/20/2026, month first).
const DATE = /(?<![\dA-Z])(?:(?:19|20)\d\d([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\2(?:(?:19|20)?\d\d)|(?:0?[1-9]|1[0-2])([-./])(?:0?[1-9]|[12]\d|3[01])\3(?:19|20)\d\d)(?![\dA-Z])/g;

/**
 * A label saying that the number after it is no document of ours: the payer's tax number, VAT id, its customer
 * number with us ("StNr 143/474/97785", "USt-IdNr DE123456789", "Kd-Nr. 56218", "Client K-26836"). Read as a
 * reference, such a number names whatever invoice happens to share its digits.
 */
const NOT_A_REFERENCE = new RegExp(
  '(?<![A-Z])(?:' + [
    'ST(?:EUER)?[- ]?(?:NR|NUMMER)', 'UST[- ]?ID(?:[- ]?NR)?', 'VAT[- ]?(?:ID|NO|REG)', 'TAX[- ]?(?:ID|NO)', 'SIRE[NT]',
    'KD[- ]?NR', 'KUNDEN?[- ]?(?:NR|NUMMER)', 'KLANT(?:EN)?[- ]?(?:NR|NUMMER)', 'CLIENT[- ]?(?:NO|NR|N°|NUM(?:ERO|ÉRO)?)',
    'CUSTOMER[- ]?(?:NO|NR|NUMBER|ID|#)', 'CUST[- ]?(?:NO|ID|#)',
  ].join('|') + ')\\.?\\s*[:#]?\\s*(?:[A-Z]{1,3}-?\\s?)?\\d+(?:[/.-]\\d+)*(?![\\dA-Z])' +
  // "Client 17158", "Customer 31018": the bare word before digits only.
  '|(?<![A-Z])(?:CLIENT|CUSTOMER|KUNDE)\\s*[:#]?\\s*\\d+(?![\\dA-Z/.-])',
  'g',
);

/** The most tokens one document number is written in ("INV 2026 / 000123" is three). */
const MAX_RUN = 4;

/**
 * Every string in a remittance that could be a document number: valid RF references (their body), and every run
 * of one to four adjacent tokens joined ("INV 2026 000123", "INV-2026-000123", "2026/000123" alike). Tokens split
 * on spaces and on the separators people put inside or between numbers (- / . _ , ; + & : #) and "and"/"und", so
 * that several invoices in one line ("2026/101/2026/102", "90.015.313 u. 9001-5406") are found. Each candidate
 * keeps where it was written, so that a reading of a longer or shorter run over the same place can be set aside.
 * A two-digit year before a running number ("26/12345", "INV-26-000123") is also read with its century.
 */
export function referenceCandidates(texts: string[]): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (raw: string, source: Candidate['source'], span: string | null, widened = false, before: string[] = []) => {
    const key = numberKey(raw);
    if (key.length < 3) return;
    const prior = out.get(key);
    if (prior) {
      if (span && !prior.spans.includes(span)) {
        prior.spans.push(span);
        prior.before.push(before);
      }
      if (!widened) prior.widened = false;
      return;
    }
    out.set(key, { key, groups: groupKey(raw), source, widened, spans: span ? [span] : [], before: span ? [before] : [] });
  };
  texts.forEach((raw, t) => {
    // A date ("2026-11-20", "20.11.2026", "20.11.26") names no document; read as numbers it would ("2026-11").
    const text = raw.toUpperCase().replace(DATE, ' ').replace(NOT_A_REFERENCE, ' ');
    for (const m of text.matchAll(/RF\s?\d{2}(?:\s?[A-Z0-9]){1,21}/g)) {
      // An RF reference ends where a longer alphanumeric run would break its check digits: try shorter bodies.
      const compact = m[0].replace(/\s/g, '');
      for (let end = compact.length; end > 4; end--) {
        if (isCreditorReference(compact.slice(0, end))) {
          add(compact.slice(4, end), 'rf', null);
          break;
        }
      }
    }
    // "*", "=" and "|" too: X12 remittance ("RMR*IV*100209583**572.07"), "INV=amount" lists.
    // Each token with what separates it from the one before ("A/26": "/" — written as one number; "Rg. 26": not).
    const tokens: string[] = [];
    const gaps: string[] = [];
    let gap = '';
    text.split(/([\s,;+&.:#()\/\\_*=|-]+|\bAND\b|\bUND\b|\bU\b|\bET\b)/).forEach((piece, k) => {
      const token = k % 2 ? '' : piece.replace(/[^A-Z0-9]+/g, '');
      if (token) {
        tokens.push(token);
        gaps.push(gap);
        gap = '';
      } else gap += piece ?? '';
    });
    const digits = tokens.map((x) => /\d/.test(x));
    for (let i = 0; i < tokens.length; i++) {
      for (let n = 1; n <= MAX_RUN && i + n <= tokens.length; n++) {
        // A number ends in digits (or a letter an OCR read for one, inside a token holding digits): a run ending
        // in a word ("2026-123-DANKE") is no reading of anything a run without it is not.
        // A single letter after a number is a check letter ("2026-4470-R", "INVOICE 2026 3188 L"): part of it.
        const checkLetter = n > 2 && tokens[i + n - 1].length === 1 && digits[i + n - 2];
        if (!digits[i + n - 1] && !checkLetter && (n > 1 || tokens[i].length > 12)) continue;
        // A word after a number ends it: "2026 StNr 143" is no number, nor "SO2026 DATED 06": a label or a word
        // between two numbers separates them. (A prefix before the number, "RE NR 2026 …", is part of no reading
        // either but harms none: the number without it is read too.)
        if (n > 1 && tokens.slice(i + 1, i + n - 1).some((x, k) => !digits[i + 1 + k] && x.length >= 3 && digits.slice(i, i + 1 + k).some(Boolean))) break;
        const run = tokens.slice(i, i + n);
        const span = `${t}:${i}:${i + n - 1}`;
        const written = run.join('-');
        const joined = unOcr(written);
        const before = lettersBefore(tokens, gaps, digits, i, i + n - 1);
        add(joined, 'text', span, false, before);
        // A check letter at the end ("20264762T" for 2026-4762-T) is no OCR slip: read as written too.
        if (joined !== written && /[A-Z]$/.test(written)) add(written, 'text', span, false, before);
        // "26/12345", "RE 26-12345": a two-digit year (not a day or month: a longer running number follows).
        const y = /^([A-Z]*-?)(\d{2})-(\d{3,}(?:-\d+)*)$/.exec(joined);
        if (y && !/^RF-?$/.test(y[1]) && Number(y[2]) >= 15) add(`${y[1]}20${y[2]}-${y[3]}`, 'text', span, true, before);
      }
    }
  });
  return [...out.values()];
}

/** The letters written before the first digits of the run tokens[first..last], nearest first (at most three tokens back). */
function lettersBefore(tokens: string[], gaps: string[], digits: boolean[], first: number, last: number): string[] {
  let k = first;
  while (k <= last && !digits[k]) k++;
  if (k > last) return [];
  const out: string[] = [];
  const glued = /^[A-Z]+(?=\d)/.exec(tokens[k]);
  if (glued) out.push(glued[0]);
  // Letters joined to the number without a space ("A/26/2402", "RE-Nr.A-26"), and the nearest word before it when it
  // has two or three letters ("SO 2026-06-2541"; "Rg. 26/02698", "E.K 26/…" name none: one letter, or a label).
  for (let j = k - 1; j >= 0 && j >= k - 3 && !digits[j]; j--) {
    const joined = !/\s/.test(gaps[j + 1]) && gaps[j + 1] !== '';
    if (!joined && !(j === k - 1 && tokens[j].length >= 2 && tokens[j].length <= 3 && !LEGAL_FORMS.has(tokens[j]))) break;
    out.push(tokens[j]);
  }
  return out;
}

/** Legal forms ending a name written before a number ("… GMBH 2026/123"): no prefix. */
const LEGAL_FORMS = new Set(['AG', 'KG', 'UG', 'EK', 'OHG', 'BV', 'NV', 'VOF', 'SA', 'SAS', 'SRL', 'SPA', 'LTD', 'INC', 'PLC', 'LLC', 'LLP', 'CO', 'KFT', 'AB', 'AS', 'OY', 'SE', 'GES', 'MBH', 'EV']);

/**
 * Words written before a number that say what it is rather than being part of it ("RE-Nr", "Rechnung", "Inv",
 * "Invoice No", "Facture", "Fact.", "Ref"), and short words that are no prefix ("for", "vom", "de").
 */
const LABELS = new Set([
  'RE', 'RG', 'RGN', 'RGNR', 'RENR', 'RECH', 'RECHN', 'RECHNR', 'RECHNUNG', 'RECHNUNGEN', 'RECHNUNGSNR', 'RECHNUNGSNUMMER', 'BELEG', 'BELEGNR',
  'NR', 'NRN', 'NRS', 'NO', 'NOS', 'N', 'NUM', 'NUMBER', 'NUMMER', 'NB', 'NBR', 'INV', 'INVS', 'INVOICE', 'INVOICES', 'INVNO', 'INVNR', 'INVNUM',
  'FACTURE', 'FACTURES', 'FACT', 'FACTNO', 'FAKT', 'FACTUUR', 'FAKTURA', 'FAC', 'FA', 'FT', 'BILL', 'DOC', 'REF', 'REFS', 'REFERENZ', 'REFERENCE',
  'ZAHLUNG', 'PAYMENT', 'PAY', 'PMT', 'PAYT', 'FOR', 'FUER', 'FUR', 'VOM', 'VON', 'ZU', 'ZUR', 'PER', 'THE', 'OF', 'TO', 'DE', 'DU', 'LA', 'LE',
  'OUR', 'YOUR', 'ID', 'EUR', 'USD', 'GBP', 'CHF', 'RATE', 'TEIL', 'AU', 'EN', 'IN', 'ON', 'BY', 'VIA', 'BIS', 'AB', 'MIT', 'ACC', 'ACCT',
  // Other languages' invoice words and abbreviations: factura (fra., fac.), fattura (fatt.), fatura, faktura (FV).
  'FRA', 'FRAS', 'FACTURA', 'FACTURAS', 'FATT', 'FATTURA', 'FAT', 'FATURA', 'FV', 'FAK', 'FAKTURY', 'FACTUURNR', 'RIF', 'REC', 'INVC', 'NUMERO', 'NRO',
]);

/**
 * Whether what was written before a number names another series than the item's: the payer wrote letters that
 * are no label ("A/26/2402") and the item's number has other letters (RE-26-02402) — a reading by digits only, of a
 * number that is not this one. An item whose number has no letters, or whose prefix the payer left out or put
 * before a label ("Inv 2026/15308", "RE2026-123" for RE-2026-000123), does not conflict; nor does a word.
 */
export function prefixConflict(before: string[], itemNumber: string): boolean {
  const head = /^[^0-9]*/.exec(itemNumber.toUpperCase())![0];
  const groups = head.split(/[^A-Z]+/).filter(Boolean);
  if (!groups.length) return false;
  const whole = groups.join('');
  for (const w of before) {
    if (w === whole || groups.includes(w)) return false;
    if (LABELS.has(w)) continue;
    return w.length <= 4 && !LEGAL_FORMS.has(w);
  }
  return false;
}

/** Whether two spans ("text:first:last") share a token. */
export function spansOverlap(a: string, b: string): boolean {
  const [ta, fa, la] = a.split(':').map(Number);
  const [tb, fb, lb] = b.split(':').map(Number);
  return ta === tb && fa <= lb && fb <= la;
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
