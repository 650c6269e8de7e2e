import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { formatAmount, isCurrency } from '../../shared/money.ts';
import type { Balance, Direction, ParsedLine, ParseResult, StatementError, StatementFormat } from './model.ts';
import { readDetails } from './mt940-details.ts';
import { addUnique } from './references.ts';
import { balanceProblem, finishStatement, type StatementDraft } from './statement.ts';
import { minorUnits, yymmdd } from './values.ts';

// Tags of MT940/MT942 (and the :NS: non-SWIFT field German banks add). A wrapped :86: line can look like a
// tag (":26:37" from a wrapped time); any other tag-like line is therefore a continuation, not a field.
const TAGS = new Set(['20', '21', '25', '25P', '28', '28C', '60F', '60M', '61', '62F', '62M', '64', '65', '86', '13', '13D', '34F', '90D', '90C', 'NS']);
const TAG_LINE = /^:(\d{2}[A-Z]?|NS):(.*)$/;

export function looksLikeMt940(t: string): boolean {
  return /^:\d{2}[A-Z]?:/m.test(t.slice(0, 20000));
}

interface Field {
  tag: string;
  lines: string[];
  line: number;
}

/**
 * SWIFT MT940 (and MT942, the intraday report). Every message (`:20:` … `-`) is one statement; the SWIFT
 * envelope ({1:…}{4:) and the bank headers some exports put before each message are skipped.
 */
export function parseMt940(t: string): ParseResult {
  const messages = splitMessages(t);
  if (!messages.length) return { ok: false, format: 'mt940', errors: [{ line: 1, message: 'no MT940 statement (a :20: field) in the file' }] };
  const errors: StatementError[] = [];
  const drafts = messages.map((m, i) => readMessage(m, i + 1, errors));
  const format: StatementFormat = messages.some(isIntraday) ? 'mt942' : 'mt940';
  if (errors.length) return { ok: false, format, errors };
  return { ok: true, format, statements: drafts.map((d) => finishStatement(d!)) };
}

/** MT942 has no opening balance but a floor limit (:34F:), a date-time (:13D:) or totals (:90D:/:90C:). */
function isIntraday(fields: Field[]): boolean {
  const tags = new Set(fields.map((f) => f.tag));
  return !tags.has('60F') && !tags.has('60M') && ['34F', '13D', '13', '90D', '90C'].some((t) => tags.has(t));
}

function splitMessages(t: string): Field[][] {
  const messages: Field[][] = [];
  let current: Field[] | null = null;
  t.split(/\r\n|\r|\n/).forEach((raw, i) => {
    // Control characters (SOH/ETX framing from some banks' transfer software) are no part of the content.
    const line = raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/^\{1:.*\{4:/, '');
    const m = TAG_LINE.exec(line);
    if (m && TAGS.has(m[1])) {
      if (m[1] === '20' || !current) {
        current = [];
        messages.push(current);
      }
      current.push({ tag: m[1], lines: [m[2]], line: i + 1 });
    } else if (/^-(\}.*|[A-Z]*)\s*$/.test(line)) {
      current = null;
    } else if (current?.length) {
      current[current.length - 1].lines.push(line);
    }
  });
  return messages;
}

function readMessage(fields: Field[], n: number, errors: StatementError[]): StatementDraft | null {
  const before = errors.length;
  const first = fields[0].line;
  const fail = (line: number, message: string, tag?: string) =>
    errors.push({ line, location: `line ${line}${tag ? ` (:${tag}:)` : ''}`, message: `statement ${n}: ${message}` });
  const get = (...tags: string[]) => fields.find((f) => tags.includes(f.tag));
  const value = (f: Field | undefined) => (f ? f.lines.join('').trim() : '');

  const reference = get('20');
  if (!reference) fail(first, 'it has no :20: (transaction reference); the file is cut or not an MT940');
  const accountField = get('25', '25P');
  if (!accountField) fail(first, 'it has no :25: (account)');
  const openingField = get('60F', '60M');
  const closingField = get('62F', '62M');
  const intraday = isIntraday(fields);
  if (!intraday && !openingField) fail(first, 'it has no :60F: or :60M: (opening balance)');
  if (!intraday && !closingField) fail(first, 'it has no :62F: or :62M: (closing balance)');

  const currency =
    (openingField && /^[CD]\d{6}([A-Z]{3})/.exec(value(openingField))?.[1]) ||
    /^([A-Z]{3})/.exec(value(get('34F')))?.[1] ||
    /^\d+([A-Z]{3})/.exec(value(get('90D', '90C')))?.[1] ||
    '';
  if (errors.length > before) return null;
  if (!isCurrency(currency)) {
    fail((openingField ?? fields[0]).line, currency ? `unknown currency "${currency}"` : 'no currency found (:60F: or :34F:)');
    return null;
  }

  const balance = (f: Field | undefined): Balance | undefined => {
    if (!f) return undefined;
    const m = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/.exec(value(f));
    const date = m && yymmdd(m[2]);
    const amount = m && minorUnits(m[4], currency, ',');
    if (!m || !date || typeof amount !== 'bigint') {
      fail(f.line, `"${value(f)}" is not a balance (C or D, date YYMMDD, currency, amount)`, f.tag);
      return undefined;
    }
    if (m[3] !== currency) fail(f.line, `the balance is in ${m[3]}, the opening balance in ${currency}`, f.tag);
    return { amount: m[1] === 'D' ? -amount : amount, date };
  };
  const openingBalance = balance(openingField);
  const closingBalance = balance(closingField);

  const lines: ParsedLine[] = [];
  let last: { field: Field; details: string[] } | null = null;
  const flush = () => {
    if (!last) return;
    const line = statementLine(last.field, last.details, currency, lines.length + 1, (m) => fail(last!.field.line, m, '61'));
    if (line) lines.push(line);
    last = null;
  };
  for (const f of fields) {
    if (f.tag === '61') {
      flush();
      last = { field: f, details: [] };
    } else if (f.tag === '86' && last) {
      last.details.push(...f.lines);
    } else if (f.tag !== 'NS' && f.tag !== '86') {
      flush();
    }
  }
  flush();
  checkTotals(fields, lines, currency, fail);
  if (errors.length > before) return null;

  const accountText = value(accountField);
  const account = accountOf(accountText, currency);
  const sequence = value(get('28C', '28')) || undefined;
  const draft: StatementDraft = {
    format: intraday ? 'mt942' : 'mt940',
    statementId: sequence ? `${value(reference)}/${sequence}` : value(reference),
    sequence,
    account,
    openingBalance,
    closingBalance,
    lines,
    location: `line ${first}`,
  };
  const problem = balanceProblem(draft);
  if (problem) fail(first, problem);
  return errors.length > before ? null : draft;
}

/** :25: is an IBAN, a "BIC/account", "bank code/account" or a bare number, sometimes with the currency appended. */
function accountOf(text: string, currency: string): StatementDraft['account'] {
  const plain = text.replace(new RegExp(`/?${currency}$`), '').trim();
  const parts = plain.split('/');
  const iban = [plain, ...parts].map(normalizeIban).find(isValidIban);
  const bic = parts.length > 1 && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(parts[0]) ? parts[0] : undefined;
  return { ...(iban ? { iban } : { number: plain }), ...(bic ? { bic } : {}), currency };
}

// :61: value date, entry date (MMDD, or blank), mark (C, D, RC, RD; EC, ED in MT942), the funds code (third
// letter of the currency, often written), amount with a decimal comma, transaction type (N + 3), references.
const STATEMENT_LINE = /^(\d{6})(\d{4}|\s{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d[\d,]*)([A-Z][A-Z0-9 ]{3})(.*)$/;

function statementLine(f: Field, detailLines: string[], currency: string, position: number, fail: (m: string) => void): ParsedLine | null {
  const [main, ...supplementary] = f.lines;
  const m = STATEMENT_LINE.exec(main.trim());
  if (!m) {
    fail(`"${main.trim()}" is not a statement line (YYMMDD[MMDD], C/D/RC/RD, amount, type, reference)`);
    return null;
  }
  const valueDate = yymmdd(m[1]);
  if (!valueDate) {
    fail(`value date ${m[1]} is not a date`);
    return null;
  }
  const bookingDate = m[2]?.trim() ? entryDate(valueDate, m[2]) : valueDate;
  if (!bookingDate) {
    fail(`entry date ${m[2]} is not a date near the value date ${valueDate}`);
    return null;
  }
  const amount = minorUnits(m[5], currency, ',');
  if (typeof amount !== 'bigint') {
    fail(amount.error);
    return null;
  }
  // A reversal of a credit (RC) takes money out again, a reversal of a debit (RD) puts it back.
  const mark = m[3];
  const direction: Direction = mark === 'C' || mark === 'EC' || mark === 'RD' ? 'credit' : 'debit';
  const { customerRef, bankRef, extra } = references(m[7]);
  const details = readDetails(detailLines);
  const unstructured = [...details.unstructured];
  const supplement = [extra, ...supplementary].map((s) => s.trim()).filter(Boolean);
  const counterparty = { ...details.counterparty };
  for (const s of [customerRef, ...supplement]) {
    if (!counterparty.iban && isValidIban(normalizeIban(s))) counterparty.iban = normalizeIban(s);
  }
  addUnique(unstructured, ...supplement.filter((s) => normalizeIban(s) !== counterparty.iban));
  // Rabobank writes the literal "EREF" as customer reference: the reference is the end-to-end id in :86:.
  const ownRef = customerRef === 'EREF' ? details.endToEndId ?? '' : customerRef;
  return {
    ref: bankRef || ownRef || `#${position}`,
    bookingDate,
    valueDate,
    amount,
    direction,
    currency,
    reversal: mark === 'RC' || mark === 'RD',
    counterparty,
    remittance: { unstructured, structuredRefs: details.structuredRefs, ...(details.endToEndId ? { endToEndId: details.endToEndId } : {}) },
    bankTxCode: details.code ?? m[6].trim(),
    location: `line ${f.line}`,
    line: f.line,
  };
}

/** The customer reference, the bank's (after //), and what some banks write after them on the same line. */
function references(rest: string): { customerRef: string; bankRef: string; extra: string } {
  const none = (s: string) => (s === 'NONREF' ? '' : s);
  const [head, ...tail] = rest.split('//');
  if (tail.length) {
    const [bank, ...extra] = tail.join('//').trim().split(/\s{2,}/);
    return { customerRef: none(head.trim()), bankRef: none(bank ?? ''), extra: extra.join(' ') };
  }
  const [customer, ...extra] = rest.trim().split(/\s{2,}/);
  return { customerRef: none(customer ?? ''), bankRef: '', extra: extra.join(' ') };
}

/** The booking date from its MMDD, in the year that puts it nearest the value date (a booking may cross New Year). */
function entryDate(valueDate: string, mmdd: string): string | null {
  const year = Number(valueDate.slice(0, 4));
  const candidates = [year - 1, year, year + 1]
    .map((y) => `${y}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`)
    .filter(isIsoDate);
  const distance = (d: string) => Math.abs(Date.parse(d) - Date.parse(valueDate));
  const best = candidates.sort((a, b) => distance(a) - distance(b))[0];
  return best && distance(best) <= 200 * 86_400_000 ? best : null;
}

/** MT942's :90D:/:90C: state the number and sum of debits and credits; they must match the lines. */
function checkTotals(fields: Field[], lines: ParsedLine[], currency: string, fail: (line: number, m: string, tag?: string) => void) {
  for (const f of fields.filter((x) => x.tag === '90D' || x.tag === '90C')) {
    const direction: Direction = f.tag === '90D' ? 'debit' : 'credit';
    const text = f.lines.join('').trim();
    const m = /^(\d+)([A-Z]{3})(\d[\d,]*)$/.exec(text);
    const sum = m && minorUnits(m[3], currency, ',');
    if (!m || typeof sum !== 'bigint') {
      fail(f.line, `"${text}" is not a count, currency and amount`, f.tag);
      continue;
    }
    const mine = lines.filter((l) => l.direction === direction);
    const total = mine.reduce((s, l) => s + l.amount, 0n);
    if (Number(m[1]) !== mine.length || sum !== total) {
      fail(f.line, `it states ${m[1]} ${direction}s of ${m[3]} ${m[2]}, the lines hold ${mine.length} of ${formatAmount(total, currency)}`, f.tag);
    }
  }
}
