import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import type { Counterparty } from './model.ts';
import { addUnique, creditorReferencesIn } from './references.ts';

/** What the :86: field of a booking says, in whichever of the three layouts banks use. */
export interface Details {
  unstructured: string[];
  structuredRefs: string[];
  endToEndId?: string;
  counterparty: Counterparty;
  /** The German business transaction code (GVC), e.g. "166" for a SEPA credit transfer received. */
  code?: string;
}

/**
 * Reads the lines of a booking's :86: field(s): German structured (GVC + ?20–?29 subfields, with SEPA
 * keywords EREF+/SVWZ+ inside), SWIFT-style keywords (/EREF/…/NAME/…/REMI/…), or free text. Banks wrap
 * structured fields at a fixed width in mid-word, so their lines are joined without a separator.
 */
export function readDetails(lines: string[]): Details {
  const joined = lines.join('');
  const gvc = /^(\d{3})([^A-Za-z0-9\s])\d\d/.exec(joined);
  if (gvc) return subfields(joined, gvc[1], gvc[2]);
  if (/^\/[A-Z]{2,9}\//.test(joined)) return keywords(joined);
  const unstructured = lines.map((l) => l.trim()).filter(Boolean);
  return { unstructured, structuredRefs: creditorReferencesIn(unstructured), counterparty: {} };
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

function subfields(text: string, code: string, separator: string): Details {
  const fields = new Map<string, string>();
  const re = new RegExp(`${separator.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')}(\\d\\d)`, 'g');
  const marks = [...text.matchAll(re)];
  marks.forEach((m, i) => {
    const value = text.slice(m.index! + m[0].length, marks[i + 1]?.index ?? text.length);
    fields.set(m[1], (fields.get(m[1]) ?? '') + value);
  });
  const join = (keys: string[]) => keys.map((k) => fields.get(k) ?? '').join('');
  const purpose = join(['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63']).trim();
  const sepa = sepaKeywords(purpose);
  const account = (fields.get('31') ?? '').trim();
  const bank = (fields.get('30') ?? '').trim();
  const name = join(['32', '33']).replace(/\s+/g, ' ').trim() || sepa.get('ABWA');
  const counterparty: Counterparty = {};
  if (name) counterparty.name = name;
  if (isValidIban(normalizeIban(account))) counterparty.iban = normalizeIban(account);
  else if (account) counterparty.account = account;
  if (BIC.test(bank)) counterparty.bic = bank;

  // A SEPA reference has at most 35 characters; what a bank glued on after one (a return reason) is text.
  const [eref, erefRest] = split35(sepa.get('EREF'));
  const [, krefRest] = split35(sepa.get('KREF'));
  const unstructured: string[] = [];
  if (sepa.size) addUnique(unstructured, sepa.get(''), sepa.get('SVWZ'), erefRest, krefRest);
  else addUnique(unstructured, purpose);
  const refs = creditorReferencesIn([...unstructured, sepa.get('KREF') ?? '', eref ?? '']);
  return compactDetails({ unstructured, structuredRefs: refs, endToEndId: eref && eref !== 'NOTPROVIDED' ? eref : undefined, counterparty, code });
}

function split35(v: string | undefined): [string | undefined, string | undefined] {
  if (!v || v.length <= 35) return [v, undefined];
  return [v.slice(0, 35).trim(), v.slice(35).trim() || undefined];
}

/** SEPA keywords in a German purpose text ("EREF+… SVWZ+…"); the text before the first keyword is under ''. */
function sepaKeywords(purpose: string): Map<string, string> {
  const out = new Map<string, string>();
  const marks = [...purpose.matchAll(/(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+/g)];
  if (!marks.length) return out;
  const head = purpose.slice(0, marks[0].index).trim();
  if (head) out.set('', head);
  marks.forEach((m, i) => {
    const value = purpose.slice(m.index! + m[0].length, marks[i + 1]?.index ?? purpose.length).trim();
    if (value && !out.has(m[1])) out.set(m[1], value);
  });
  return out;
}

// The codes of the SWIFT-style layout (Dutch banks, SEPA-era MT940s, Citi); a slash-delimited word that is not
// one of them is part of a value.
const KEYWORDS = [
  'EREF', 'PREF', 'MARF', 'CSID', 'CNTP', 'REMI', 'PURP', 'ULTC', 'ULTD', 'ULTB', 'RTRN', 'NAME', 'IBAN', 'BIC',
  'ADDR', 'ORDP', 'BENM', 'ACCW', 'ISDT', 'BUSP', 'CDTRREFTP', 'CDTRREF', 'CD', 'ISSR', 'TRCD', 'IREF', 'OCMT',
  'CHGS', 'EXCH', 'SVCL', 'RTRE', 'ATRN', 'ID', 'PT', 'FT', 'PY',
];
const KEYWORD = new RegExp(`/(${KEYWORDS.join('|')})(?=/)`, 'g');

function keywords(text: string): Details {
  const values = new Map<string, string>();
  const marks = [...text.matchAll(KEYWORD)];
  marks.forEach((m, i) => {
    const value = text.slice(m.index! + m[0].length + 1, marks[i + 1]?.index ?? text.length).replace(/\/$/, '').trim();
    if (!values.has(m[1]) || (!values.get(m[1]) && value)) values.set(m[1], value);
  });
  const counterparty: Counterparty = {};
  const [cntpAccount, cntpBic, cntpName] = (values.get('CNTP') ?? '').split('/').map((s) => s.trim());
  const name = values.get('NAME') || cntpName;
  const account = values.get('IBAN') || values.get('ACCW') || cntpAccount;
  const bic = values.get('BIC') || cntpBic;
  if (name) counterparty.name = name;
  if (account && isValidIban(normalizeIban(account))) counterparty.iban = normalizeIban(account);
  else if (account) counterparty.account = account;
  if (bic && BIC.test(bic)) counterparty.bic = bic;
  // Dutch banks mark the remittance as free text (USTD//…) or as a structured reference (STRD/CUR/…).
  const remi = values.get('REMI');
  const structured = /^STRD\/[A-Z]*\/(.*)$/.exec(remi ?? '')?.[1];
  const unstructured: string[] = [];
  if (!structured) addUnique(unstructured, values.has('REMI') ? remi!.replace(/^USTD\/\//, '') : text.trim());
  const structuredRefs: string[] = [];
  addUnique(structuredRefs, values.get('CDTRREF'), structured, ...creditorReferencesIn(unstructured));
  const eref = values.get('EREF');
  return compactDetails({ unstructured, structuredRefs, endToEndId: eref && eref !== 'NOTPROVIDED' ? eref : undefined, counterparty });
}

function compactDetails(d: Details): Details {
  if (d.endToEndId === undefined) delete d.endToEndId;
  if (d.code === undefined) delete d.code;
  return d;
}
