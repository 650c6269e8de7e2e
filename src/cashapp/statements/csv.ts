import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { formatAmount, isCurrency } from '../../shared/money.ts';
import { readCsv, type CsvRecord } from '../../shared/csv.ts';
import { DATE_FORMATS, type CsvMapping, type DateFormat, type ParsedLine, type ParseOptions, type ParseResult, type StatementError } from './model.ts';
import { creditorReferencesIn } from './references.ts';
import { balanceProblem, finishStatement, type StatementDraft } from './statement.ts';
import { minorUnits } from './values.ts';

type Column = keyof CsvMapping['columns'];

// Header texts of common bank exports (English, German, Dutch, French), normalised: lower case, no
// punctuation but "/", no "(EUR)"-style suffix.
const ALIASES: Record<Column, string[]> = {
  bookingDate: ['booking date', 'date', 'transaction date', 'posting date', 'completed date', 'buchungstag', 'buchungsdatum', 'datum', 'date operation', 'date de comptabilisation', 'entry date'],
  valueDate: ['value date', 'valuta', 'valutadatum', 'wertstellung', 'rentedatum', 'date de valeur', 'valuedate'],
  amount: ['amount', 'betrag', 'bedrag', 'montant', 'transaction amount', 'umsatz', 'importe'],
  credit: ['credit', 'credit amount', 'haben', 'paid in', 'money in', 'deposit', 'deposits', 'credits'],
  debit: ['debit', 'debit amount', 'soll', 'paid out', 'money out', 'withdrawal', 'withdrawals', 'debits'],
  direction: ['af bij', 'debit/credit', 'credit/debit', 'soll/haben', 'd/c', 'c/d', 'cdtdbtind', 'dr/cr', 'cr/dr'],
  currency: ['currency', 'wahrung', 'waehrung', 'munt', 'devise', 'ccy'],
  reference: ['reference', 'bank reference', 'transaction id', 'transaction reference', 'referenz', 'bankreferenz', 'volgnr', 'reference number', 'ref'],
  name: ['name', 'counterparty', 'counterparty name', 'payer', 'payer name', 'beneficiary', 'naam tegenpartij', 'naam / omschrijving', 'naam/omschrijving', 'auftraggeber', 'auftraggeber/empfanger', 'empfanger/auftraggeber', 'auftraggeber / begunstigter', 'begunstigter/zahlungspflichtiger', 'beguenstigter/zahlungspflichtiger', 'zahlungspflichtiger', 'empfanger', 'nom'],
  iban: ['iban', 'counterparty iban', 'tegenrekening', 'tegenrekening iban/bban', 'kontonummer/iban', 'iban zahlungspflichtiger', 'iban auftraggeber', 'counterparty account'],
  bic: ['bic', 'bic swift-code', 'counterparty bic', 'bic tegenpartij'],
  text: ['text', 'description', 'details', 'remittance', 'remittance information', 'purpose', 'verwendungszweck', 'mededelingen', 'omschrijving', 'omschrijving-1', 'memo', 'narrative', 'libelle', 'payment reference', 'buchungstext'],
  account: ['account', 'own account', 'iban/bban', 'auftragskonto', 'rekening', 'account number', 'konto'],
  balanceAfter: ['balance', 'balance after', 'saldo', 'saldo na trn', 'running balance', 'kontostand', 'solde'],
};

export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/[^a-z0-9/ -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The delimiter a CSV export uses: the candidate that splits its first line most often, outside quotes. */
export function guessDelimiter(text: string): CsvMapping['delimiter'] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = ([',', ';', '\t', '|'] as const).map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * A mapping for a bank CSV from its header (and a few rows, to tell the decimal separator and the date
 * format), or the reason none fits. Meant as the proposal a person confirms and saves for the account.
 */
export function guessMapping(
  header: string[],
  samples: string[][] = [],
  delimiter: CsvMapping['delimiter'] = ',',
): { ok: true; mapping: CsvMapping } | { ok: false; message: string } {
  const names = header.map(normalizeHeader);
  const columns: Partial<CsvMapping['columns']> = {};
  const taken = new Set<number>();
  for (const column of Object.keys(ALIASES) as Column[]) {
    const i = names.findIndex((n, k) => !taken.has(k) && ALIASES[column].includes(n));
    if (i >= 0) {
      columns[column] = header[i].trim();
      taken.add(i);
    }
  }
  if (!columns.bookingDate && columns.valueDate) columns.bookingDate = columns.valueDate;
  if (!columns.bookingDate) return { ok: false, message: `no date column among ${header.map((h) => `"${h.trim()}"`).join(', ')}` };
  if (!columns.amount && !(columns.credit && columns.debit)) {
    return { ok: false, message: 'no amount column (nor a credit and a debit column)' };
  }
  const values = (column: string | undefined) => {
    const i = column === undefined ? -1 : header.findIndex((h) => h.trim() === column);
    return i < 0 ? [] : samples.map((r) => (r[i] ?? '').trim()).filter(Boolean);
  };
  const amounts = [...values(columns.amount), ...values(columns.credit), ...values(columns.debit)];
  const decimal = amounts.some((a) => /,\d{1,3}$/.test(a) && !/\.\d{1,3}$/.test(a) && !/^\d{1,3}(,\d{3})+$/.test(a)) ? ',' : '.';
  const dateFormat = guessDateFormat(values(columns.bookingDate));
  return { ok: true, mapping: { delimiter, decimal, dateFormat, columns: columns as CsvMapping['columns'] } };
}

function guessDateFormat(dates: string[]): CsvMapping['dateFormat'] {
  const all = (re: RegExp) => dates.length > 0 && dates.every((d) => re.test(d));
  if (all(/^\d{4}-\d\d-\d\d/)) return 'YYYY-MM-DD';
  if (all(/^\d{8}$/)) return 'YYYYMMDD';
  if (all(/^\d{1,2}\.\d{1,2}\.(\d\d|\d{4})$/)) return 'DD.MM.YYYY';
  if (all(/^\d{1,2}-\d{1,2}-(\d\d|\d{4})$/)) return 'DD-MM-YYYY';
  // Slashes are ambiguous; a first part above 12 settles it, else the European order is assumed.
  if (all(/^\d{1,2}\/\d{1,2}\/(\d\d|\d{4})$/)) return dates.some((d) => Number(d.split('/')[1]) > 12) ? 'MM/DD/YYYY' : 'DD/MM/YYYY';
  return 'YYYY-MM-DD';
}

// Day, month and year in the order each format names them; a two-digit year is this century's (bank exports
// write "09.11.26"), and the YY and YYYY names of a format read both.
const DAY_FIRST = (sep: string) => new RegExp(`^(\\d{1,2})\\${sep}(\\d{1,2})\\${sep}(\\d{4}|\\d\\d)$`);
const DATE_PATTERNS: Record<DateFormat, [RegExp, (m: RegExpExecArray) => [string, string, string]]> = {
  'YYYY-MM-DD': [/^(\d{4})-(\d\d)-(\d\d)(?:[T ].*)?$/, (m) => [m[1], m[2], m[3]]],
  YYYYMMDD: [/^(\d{4})(\d\d)(\d\d)$/, (m) => [m[1], m[2], m[3]]],
  'DD.MM.YYYY': [DAY_FIRST('.'), (m) => [m[3], m[2], m[1]]],
  'DD.MM.YY': [DAY_FIRST('.'), (m) => [m[3], m[2], m[1]]],
  'DD/MM/YYYY': [DAY_FIRST('/'), (m) => [m[3], m[2], m[1]]],
  'DD/MM/YY': [DAY_FIRST('/'), (m) => [m[3], m[2], m[1]]],
  'MM/DD/YYYY': [DAY_FIRST('/'), (m) => [m[3], m[1], m[2]]],
  'MM/DD/YY': [DAY_FIRST('/'), (m) => [m[3], m[1], m[2]]],
  'DD-MM-YYYY': [DAY_FIRST('-'), (m) => [m[3], m[2], m[1]]],
  'DD-MM-YY': [DAY_FIRST('-'), (m) => [m[3], m[2], m[1]]],
};

export function parseDate(text: string, format: CsvMapping['dateFormat']): string | null {
  const [re, parts] = DATE_PATTERNS[format];
  const m = re.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = parts(m);
  const iso = `${y.length === 2 ? `20${y}` : y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Reads the header row of a CSV with the given delimiter, with the first rows after it. */
export function readHeader(text: string, delimiter: string, rows = 20): { header: string[]; samples: string[][]; line: number } | null {
  const records: CsvRecord[] = [];
  for (const r of readCsv(text, delimiter)) {
    if ('fields' in r) records.push(r);
    if (records.length > rows) break;
  }
  if (!records.length) return null;
  return { header: records[0].fields, samples: records.slice(1).map((r) => r.fields), line: records[0].line };
}

const CREDIT_MARKS = new Set(['c', 'cr', 'credit', 'h', 'haben', 'bij', '+', 'crdt']);
const DEBIT_MARKS = new Set(['d', 'dr', 'debit', 's', 'soll', 'af', '-', 'dbit']);

/**
 * A bank's CSV export read with a column mapping (given, or guessed from the header): one statement of
 * one currency. With a balance column every row's running balance is checked, and the statement gets
 * its opening and closing balances from it.
 */
export function parseCsvStatement(text: string, options: ParseOptions = {}): ParseResult {
  const fail = (line: number, message: string, field?: string): ParseResult => ({ ok: false, format: 'csv', errors: [{ line, field, message }] });
  let mapping = options.csvMapping;
  if (mapping && !DATE_FORMATS.includes(mapping.dateFormat)) {
    return fail(1, `the column mapping's dateFormat "${mapping.dateFormat}" is none of ${DATE_FORMATS.join(', ')}`, 'dateFormat');
  }
  if (!mapping) {
    const delimiter = guessDelimiter(text);
    const head = readHeader(text, delimiter);
    if (!head) return fail(1, 'the file is empty');
    const guess = guessMapping(head.header, head.samples, delimiter);
    if (!guess.ok) return fail(head.line, `header: ${guess.message}; give a column mapping for this bank's export`);
    mapping = guess.mapping;
  }
  const errors: StatementError[] = [];
  const indexOf = new Map<Column, number>();
  const lines: ParsedLine[] = [];
  let header: string[] | null = null;
  let headerLine = 1;
  const accounts = new Set<string>();
  const currencies = new Set<string>();
  let previousBalance: bigint | null = null;
  let openingBalance: bigint | null = null;
  let closingBalance: bigint | null = null;

  for (const rec of readCsv(text, mapping.delimiter)) {
    if ('error' in rec) {
      errors.push({ line: rec.line, message: rec.error });
      continue;
    }
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      headerLine = rec.line;
      const normalized = header.map((h) => h.toLowerCase());
      for (const [column, name] of Object.entries(mapping.columns) as [Column, string | undefined][]) {
        if (name === undefined || name === '') continue;
        const i = normalized.indexOf(name.trim().toLowerCase());
        if (i < 0) errors.push({ line: rec.line, message: `header: the mapped ${column} column "${name}" is not in the file` });
        else indexOf.set(column, i);
      }
      if (!indexOf.has('amount') && !(indexOf.has('credit') || indexOf.has('debit')) && !errors.length) {
        errors.push({ line: rec.line, message: 'header: the mapping names neither an amount column nor credit/debit columns' });
      }
      if (errors.length) return { ok: false, format: 'csv', errors };
      continue;
    }
    const get = (c: Column) => {
      const i = indexOf.get(c);
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    const bad = (field: string, message: string) => errors.push({ line: rec.line, field: mapping!.columns[field as Column] ?? field, message });
    if (rec.fields.length !== header.length) {
      errors.push({ line: rec.line, message: `${rec.fields.length} fields, the header has ${header.length}` });
      continue;
    }
    const currency = (get('currency') || mapping.currency || options.currency || '').toUpperCase();
    if (!currency) {
      bad('currency', 'no currency: map a currency column or give the account\'s currency');
      continue;
    }
    if (!isCurrency(currency)) {
      bad('currency', `unknown currency "${currency}"`);
      continue;
    }
    currencies.add(currency);
    const bookingDate = parseDate(get('bookingDate'), mapping.dateFormat);
    if (!bookingDate) {
      bad('bookingDate', `"${get('bookingDate')}" is not a date in the format ${mapping.dateFormat}`);
      continue;
    }
    const valueText = get('valueDate');
    const valueDate = valueText ? parseDate(valueText, mapping.dateFormat) : bookingDate;
    if (!valueDate) {
      bad('valueDate', `"${valueText}" is not a date in the format ${mapping.dateFormat}`);
      continue;
    }
    const signed = signedAmount(get, mapping, currency, bad);
    if (signed === null) continue;
    const balanceText = get('balanceAfter');
    if (indexOf.has('balanceAfter')) {
      const balance = minorUnits(balanceText.replace(/\s/g, ''), currency, mapping.decimal);
      if (typeof balance !== 'bigint') {
        bad('balanceAfter', balance.error);
        continue;
      }
      if (previousBalance !== null && previousBalance + signed !== balance) {
        const f = (v: bigint) => formatAmount(v, currency);
        bad('balanceAfter', `the balance after this booking should be ${f(previousBalance + signed)} (the row before plus this amount), the file says ${f(balance)}`);
      }
      openingBalance ??= balance - signed;
      previousBalance = closingBalance = balance;
    }
    const iban = get('iban');
    const account = get('account');
    if (account) accounts.add(normalizeIban(account));
    const text = get('text');
    const unstructured = text ? [text] : [];
    lines.push({
      ref: get('reference') || `#${lines.length + 1}`,
      bookingDate,
      valueDate,
      amount: signed < 0n ? -signed : signed,
      direction: signed < 0n ? 'debit' : 'credit',
      currency,
      reversal: false,
      counterparty: {
        ...(get('name') ? { name: get('name') } : {}),
        ...(iban && isValidIban(normalizeIban(iban)) ? { iban: normalizeIban(iban) } : iban ? { account: iban } : {}),
        ...(get('bic') ? { bic: get('bic').toUpperCase() } : {}),
      },
      remittance: { unstructured, structuredRefs: creditorReferencesIn(unstructured) },
      location: `line ${rec.line}`,
      line: rec.line,
    });
  }
  if (!header) return fail(1, 'the file is empty');
  if (currencies.size > 1) errors.push({ line: headerLine, message: `the file mixes currencies (${[...currencies].join(', ')}); a statement has one` });
  if (accounts.size > 1) errors.push({ line: headerLine, message: `the file holds several accounts (${[...accounts].join(', ')}); a statement has one` });
  if (errors.length) return { ok: false, format: 'csv', errors };

  const currency = [...currencies][0] ?? (mapping.currency || options.currency || '');
  if (!isCurrency(currency)) return fail(headerLine, 'no booking and no currency: give the account\'s currency');
  const dates = lines.map((l) => l.bookingDate).sort();
  const own = [...accounts][0];
  const draft: StatementDraft = {
    format: 'csv',
    statementId: dates.length ? `${dates[0]}..${dates[dates.length - 1]}` : 'empty',
    account: { ...(own ? (isValidIban(own) ? { iban: own } : { number: own }) : {}), currency },
    ...(openingBalance !== null ? { openingBalance: { amount: openingBalance, date: dates[0] } } : {}),
    ...(closingBalance !== null ? { closingBalance: { amount: closingBalance, date: dates[dates.length - 1] } } : {}),
    lines,
    location: `line ${headerLine}`,
  };
  const problem = balanceProblem(draft);
  if (problem) return fail(headerLine, problem);
  return { ok: true, format: 'csv', statements: [finishStatement(draft)] };
}

/** The row's amount, signed (negative = money out), from an amount column (signed or with a direction column) or credit/debit columns. */
function signedAmount(
  get: (c: Column) => string,
  mapping: CsvMapping,
  currency: string,
  bad: (field: string, message: string) => void,
): bigint | null {
  const parse = (column: Column): bigint | null => {
    const text = get(column).replace(/\s/g, '').replace(/^\+/, '');
    if (text === '') return 0n;
    const v = minorUnits(text, currency, mapping.decimal);
    if (typeof v === 'bigint') return v;
    bad(column, v.error);
    return null;
  };
  if (mapping.columns.amount) {
    const v = parse('amount');
    if (v === null) return null;
    if (!mapping.columns.direction) return v;
    const mark = get('direction').toLowerCase();
    if (CREDIT_MARKS.has(mark)) return v < 0n ? -v : v;
    if (DEBIT_MARKS.has(mark)) return v < 0n ? v : -v;
    bad('direction', `"${get('direction')}" says neither credit nor debit`);
    return null;
  }
  const credit = parse('credit');
  const debit = parse('debit');
  if (credit === null || debit === null) return null;
  if (credit !== 0n && debit !== 0n) {
    bad('credit', 'both the credit and the debit column hold an amount');
    return null;
  }
  return credit !== 0n ? (credit < 0n ? -credit : credit) : debit < 0n ? debit : -debit;
}
