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
  // Subfields hold 27 characters: a full one was cut wherever the text reached the limit, mid-word too, and
  // goes on in the next; a shorter one ended where its writer ended the line.
  const join = (keys: string[], lineBreak: string) => {
    const parts = keys.map((k) => fields.get(k) ?? '').filter(Boolean);
    return parts.map((p, i) => (i === 0 || parts[i - 1].length >= 27 ? p : `${lineBreak}${p}`)).join('');
  };
  const purpose = join(['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63'], '\n').trim();
  const sepa = sepaKeywords(purpose);
  const account = (fields.get('31') ?? '').trim();
  const bank = (fields.get('30') ?? '').trim();
  const name = join(['32', '33'], ' ').replace(/\s+/g, ' ').trim() || sepa.values.get('ABWA');
  const counterparty: Counterparty = {};
  if (name) counterparty.name = name;
  if (isValidIban(normalizeIban(account))) counterparty.iban = normalizeIban(account);
  else if (account) counterparty.account = account;
  if (BIC.test(bank)) counterparty.bic = bank;

  const unstructured: string[] = [];
  addUnique(unstructured, sepa.values.get('SVWZ'), ...sepa.rest);
  const eref = sepa.values.get('EREF');
  const refs = creditorReferencesIn([...unstructured, sepa.values.get('KREF') ?? '', eref ?? '']);
  return compactDetails({ unstructured, structuredRefs: refs, endToEndId: eref && eref !== 'NOTPROVIDED' ? eref : undefined, counterparty, code });
}

/**
 * SEPA keywords in a German purpose text ("EREF+… SVWZ+…", lines separated by \n). A reference keyword's
 * value ends with its line; the remittance text (SVWZ+) runs on to the next keyword. Text outside them
 * (the purpose of a pre-SEPA booking, a return reason) is kept in `rest`.
 */
function sepaKeywords(purpose: string): { values: Map<string, string>; rest: string[] } {
  const values = new Map<string, string>();
  const rest: string[] = [];
  const flat = (t: string) => t.replace(/\s*\n\s*/g, ' ').trim();
  const marks = [...purpose.matchAll(/(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+/g)];
  rest.push(flat(purpose.slice(0, marks[0]?.index ?? purpose.length)));
  marks.forEach((m, i) => {
    const value = purpose.slice(m.index! + m[0].length, marks[i + 1]?.index ?? purpose.length);
    const cut = m[1] === 'SVWZ' ? -1 : value.indexOf('\n');
    if (!values.has(m[1])) values.set(m[1], flat(cut < 0 ? value : value.slice(0, cut)));
    if (cut >= 0) rest.push(flat(value.slice(cut + 1)));
  });
  return { values, rest: rest.filter(Boolean) };
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
