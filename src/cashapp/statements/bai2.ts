import { isCurrency } from '../../shared/money.ts';
import type { Balance, Counterparty, Direction, ParsedLine, ParseResult, StatementError } from './model.ts';
import { addUnique, creditorReferencesIn } from './references.ts';
import { balanceProblem, finishStatement, type StatementDraft } from './statement.ts';
import { minorUnits, yymmdd } from './values.ts';

export function looksLikeBai2(t: string): boolean {
  return /^\s*0[01],/.test(t.replace(/^\uFEFF/, ''));
}

interface BaiRecord {
  code: string;
  fields: string[];
  /** Text of a 16 record's free-text field and of each 88 that continues it. */
  texts: string[];
  line: number;
  /** How many physical records (the 88s included) this one stands for, for the trailers' record counts. */
  count: number;
}

/**
 * BAI2 cash management file: 01 file, 02 group (one as-of date), 03 account with its summary and status
 * amounts, 16 transactions, 88 continuations, 49/98/99 trailers. The trailers' control totals (every
 * amount of the account's 03 and 16 records) and record counts are checked; each account of each group
 * is a statement, its 010 opening and 015 closing ledger balances checked against the transactions.
 * Amounts are integers in the currency's minor units.
 */
export function parseBai2(t: string): ParseResult {
  const errors: StatementError[] = [];
  const records = readRecords(t, errors);
  if (errors.length) return { ok: false, format: 'bai2', errors };
  const fail = (r: BaiRecord | undefined, message: string) =>
    errors.push({ line: r?.line ?? 1, location: `line ${r?.line ?? 1} (record ${r?.code ?? '—'})`, message });

  const drafts: StatementDraft[] = [];
  let i = 0;
  const next = () => records[i++];
  const peek = () => records[i];

  const header = next();
  if (header?.code !== '01') {
    fail(header, `a BAI2 file starts with a file header (01), this one with ${header ? `record ${header.code}` : 'nothing'}`);
    return { ok: false, format: 'bai2', errors };
  }
  const fileId = header.fields[4] ?? '';
  let fileTotal = 0n;
  let groups = 0;
  let fileRecords = header.count;
  while (peek() && peek().code === '02') {
    const group = next();
    groups++;
    let groupRecords = group.count;
    let groupTotal = 0n;
    let accounts = 0;
    const asOf = yymmdd(group.fields[3] ?? '');
    if (!asOf) fail(group, `as-of date "${group.fields[3] ?? ''}" is not a YYMMDD date`);
    const groupCurrency = group.fields[5] || 'USD';
    while (peek() && peek().code === '03') {
      const account = next();
      accounts++;
      const result = readAccount(account, next, peek, { fileId, asOf: asOf ?? '', currency: groupCurrency }, fail);
      groupRecords += result.records;
      groupTotal += result.total;
      if (result.draft) drafts.push(result.draft);
    }
    const trailer = next();
    if (trailer?.code !== '98') {
      fail(trailer ?? group, `the group that starts on line ${group.line} does not end with a group trailer (98)`);
      return { ok: false, format: 'bai2', errors };
    }
    groupRecords += trailer.count;
    checkTrailer(trailer, groupTotal, [accounts, groupRecords], ['accounts', 'records'], fail);
    fileTotal += groupTotal;
    fileRecords += groupRecords;
  }
  const trailer = next();
  if (trailer?.code !== '99') {
    fail(trailer, trailer ? `expected a group header (02) or the file trailer (99), found record ${trailer.code}` : 'the file ends without its file trailer (99): it is cut');
    return { ok: false, format: 'bai2', errors };
  }
  fileRecords += trailer.count;
  checkTrailer(trailer, fileTotal, [groups, fileRecords], ['groups', 'records'], fail);
  if (peek()) fail(peek(), 'records after the file trailer (99)');
  if (errors.length) return { ok: false, format: 'bai2', errors };
  return { ok: true, format: 'bai2', statements: drafts.map(finishStatement) };
}

/**
 * Records end with "/" (optional before a line break); some banks put several on one line, some wrap a
 * record's text onto the next line without an 88. The text field of a 16 runs to the end of the record
 * and may hold commas and slashes.
 */
function readRecords(t: string, errors: StatementError[]): BaiRecord[] {
  const records: BaiRecord[] = [];
  t.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((physical, index) => {
    const line = index + 1;
    if (!physical.trim()) return;
    const parts = physical.split(/\/\s+(?=\d\d,)/);
    for (const part of parts) {
      const body = part.trimEnd().replace(/\/$/, '');
      const m = /^(\d\d),(.*)$/s.exec(body);
      const last = records[records.length - 1];
      if (!m) {
        if (last?.code === '16') last.texts.push(body.trim());
        else errors.push({ line, message: `"${physical.slice(0, 40)}" is not a BAI2 record (two-digit record code and a comma)` });
        continue;
      }
      const [, code, rest] = m;
      if (!['01', '02', '03', '16', '88', '49', '98', '99'].includes(code)) {
        errors.push({ line, location: `line ${line} (record ${code})`, message: `record code ${code} is not a BAI2 record (01, 02, 03, 16, 88, 49, 98, 99)` });
        continue;
      }
      if (code === '88') {
        if (!last) {
          errors.push({ line, message: 'a continuation (88) with nothing before it' });
          continue;
        }
        last.count++;
        if (last.code === '16') last.texts.push(rest.trim());
        else last.fields.push(...rest.split(','));
        continue;
      }
      records.push({ code, fields: rest.split(','), texts: [], line, count: 1 });
    }
  });
  return records;
}

function readAccount(
  account: BaiRecord,
  next: () => BaiRecord | undefined,
  peek: () => BaiRecord | undefined,
  group: { fileId: string; asOf: string; currency: string },
  fail: (r: BaiRecord | undefined, m: string) => void,
): { draft: StatementDraft | null; total: bigint; records: number } {
  const { fileId, asOf } = group;
  const [number = '', ccy = '', ...summary] = account.fields;
  const currency = ccy || group.currency;
  let total = 0n;
  let records = account.count;
  let ok = true;
  const bad = (r: BaiRecord | undefined, m: string) => {
    ok = false;
    fail(r, m);
  };
  if (!number) bad(account, 'the account identifier (03) has no account number');
  if (!isCurrency(currency)) bad(account, `unknown currency "${currency}"`);

  let openingBalance: Balance | undefined;
  let closingBalance: Balance | undefined;
  for (let k = 0; k < summary.length; ) {
    // Some banks end a record with an empty field ("…,,,/"), which shifts the groups of an 88 that follows:
    // a type code is never empty, so an empty field where one is due is skipped; a whole empty group too.
    if (!summary[k]) {
      k += summary.slice(k, k + 4).every((f) => !f) ? 4 : 1;
      continue;
    }
    const [type, amountText = '', , funds = ''] = summary.slice(k, k + 4);
    k += 4 + extraFundsFields(funds, summary, k + 4);
    const amount = integer(amountText);
    if (amount === null) {
      bad(account, `type ${type}: amount "${amountText}" is not a whole number of minor units`);
      continue;
    }
    total += amount;
    if (amountText === '') continue;
    if (type === '010') openingBalance = { amount, date: asOf };
    if (type === '015') closingBalance = { amount, date: asOf };
  }

  const lines: ParsedLine[] = [];
  while (peek()?.code === '16') {
    const r = next()!;
    records += r.count;
    const line = transaction(r, currency, asOf, lines.length + 1, bad);
    if (line) {
      total += line.amount;
      lines.push(line);
    }
  }
  const trailer = next();
  if (trailer?.code !== '49') {
    bad(trailer ?? account, `the account that starts on line ${account.line} does not end with an account trailer (49)`);
    return { draft: null, total, records };
  }
  records += trailer.count;
  if (!checkTrailer(trailer, total, [records], ['records'], fail)) ok = false;
  if (!ok) return { draft: null, total, records };
  const draft: StatementDraft = {
    format: 'bai2',
    statementId: `${fileId}/${number}`,
    ...(fileId ? { sequence: fileId } : {}),
    account: { number, currency },
    openingBalance,
    closingBalance,
    fromDate: asOf,
    toDate: asOf,
    lines,
    location: `line ${account.line}`,
  };
  const problem = balanceProblem(draft);
  if (problem) {
    fail(account, `account ${number}: ${problem}`);
    return { draft: null, total, records };
  }
  return { draft, total, records };
}

/** Funds type V carries a value date and time, S three availability amounts, D a count of day/amount pairs. */
function extraFundsFields(funds: string, fields: string[], at: number): number {
  if (funds === 'V') return 2;
  if (funds === 'S') return 3;
  if (funds === 'D') return 1 + 2 * (Number(fields[at]) || 0);
  return 0;
}

function integer(text: string): bigint | null {
  const t = text.trim();
  if (t === '') return 0n;
  return /^[+-]?\d{1,18}$/.test(t) ? BigInt(t.replace('+', '')) : null;
}

// The detail type codes of the BAI2 specification: 100–399 credits, 400–699 debits. Loan (7xx) and
// bank-defined (9xx) codes say nothing of direction, so a transaction with one cannot be booked.
function directionOf(type: string): Direction | null {
  const n = Number(type);
  if (!/^\d{3}$/.test(type)) return null;
  if (n >= 100 && n <= 399) return 'credit';
  if (n >= 400 && n <= 699) return 'debit';
  return null;
}

function transaction(
  r: BaiRecord,
  currency: string,
  asOf: string,
  position: number,
  bad: (r: BaiRecord, m: string) => void,
): ParsedLine | null {
  const [type = '', amountText = '', funds = '', ...rest] = r.fields;
  const direction = directionOf(type);
  if (!direction) {
    bad(r, `type code "${type}" is neither a credit (100–399) nor a debit (400–699)`);
    return null;
  }
  const amount = integer(amountText);
  if (amount === null || amount < 0n || amountText.trim() === '') {
    bad(r, `amount "${amountText}" is not a positive whole number of minor units`);
    return null;
  }
  const extra = extraFundsFields(funds, rest, 0);
  const valueDate = funds === 'V' ? yymmdd(rest[0] ?? '') : asOf;
  if (!valueDate) {
    bad(r, `value date "${rest[0] ?? ''}" is not a YYMMDD date`);
    return null;
  }
  const [bankRef = '', customerRef = '', ...text] = rest.slice(extra);
  const texts = [text.join(','), ...r.texts].map((s) => s.trim()).filter(Boolean);
  const { unstructured, counterparty, endToEndId } = readTexts(texts, direction);
  const advice = direction === 'credit' ? remittanceAdvice(texts, currency) : null;
  return {
    ref: bankRef.trim() || customerRef.trim() || `#${position}`,
    bookingDate: asOf,
    valueDate,
    amount,
    direction,
    currency,
    reversal: false,
    counterparty,
    remittance: {
      unstructured, structuredRefs: creditorReferencesIn(unstructured), ...(endToEndId ? { endToEndId } : {}), ...(advice ? { advice } : {}),
    },
    bankTxCode: type,
    location: `line ${r.line}`,
    line: r.line,
  };
}

/**
 * The remittance of an ACH CCD+/CTX payment, X12 820 RMR segments the bank passes on in 88 records:
 * `RMR*IV*<invoice>*<action>*<amount paid>*<invoice amount>*<discount>` (RMR01 qualifier IV, an invoice; RMR02
 * its number; RMR04 what is paid on it), segments ended by "\" or "~". Each invoice with its amount is an advice,
 * like a camt structured remittance — only when every IV segment names an invoice and an amount paid (half an
 * advice would read as an overpayment). Segments a bank wrapped across two 88 records are joined first.
 */
export function remittanceAdvice(texts: string[], currency: string): { invoiceRef: string; amount: bigint }[] | null {
  const midSegment = (all: string) => /RMR\*[^\\~]*$/.test(all.trimEnd());
  const joined = texts.reduce((all, t) => (midSegment(all) && !/^[A-Z][A-Z0-9]{1,2}\*/.test(t) ? all + t : `${all} ${t}`), '');
  const advice: { invoiceRef: string; amount: bigint }[] = [];
  for (const m of joined.matchAll(/RMR\*([A-Z0-9]{2})\*([^*\\~]*)((?:\*[^*\\~]*)*)/g)) {
    if (m[1] !== 'IV') continue;
    const [, , paid = ''] = m[3].split('*');
    const ref = m[2].trim();
    const amount = paid.trim() ? minorUnits(paid, currency) : null;
    if (!ref || typeof amount !== 'bigint' || amount <= 0n) return null;
    advice.push({ invoiceRef: ref, amount });
  }
  return advice.length ? advice : null;
}

/** An ACH payment's originator, the payer of a credit: "ORIG CO NAME:ACME PRAIRIE TOO" (cut at 16 characters). */
const ACH_ORIGINATOR = /ORIG CO NAME:\s*(.*?)\s*(?=\b(?:ORIG ID|CO ENTRY DESCR|DESC DATE|SEC|TRACE#|EED|IND ID|IND NAME|CO ID):|$)/;

/** Some banks write the payment's parties in 88 records as "KEY: value" (DBNM debtor name, EREF end-to-end id, REMI remittance). */
function readTexts(texts: string[], direction: Direction): { unstructured: string[]; counterparty: Counterparty; endToEndId?: string } {
  const keyed = new Map<string, string>();
  const unstructured: string[] = [];
  for (const t of texts) {
    const m = /^([A-Z]{4}):\s*(.*)$/.exec(t);
    if (m) keyed.set(m[1], m[2].trim());
    else addUnique(unstructured, t);
  }
  addUnique(unstructured, keyed.get('REMI'));
  const counterparty: Counterparty = {};
  const originator = direction === 'credit' ? ACH_ORIGINATOR.exec(texts.join(' '))?.[1] : undefined;
  const name = keyed.get(direction === 'credit' ? 'DBNM' : 'CRNM') || originator || undefined;
  const account = keyed.get(direction === 'credit' ? 'DACT' : 'CACT');
  if (name) counterparty.name = name;
  if (account) counterparty.account = account;
  return { unstructured, counterparty, endToEndId: keyed.get('EREF') || undefined };
}

/** A trailer's control total and counts against what was read; false (with the error recorded) when they differ. */
function checkTrailer(
  trailer: BaiRecord,
  total: bigint,
  counts: number[],
  names: string[],
  fail: (r: BaiRecord, m: string) => void,
): boolean {
  const [totalText = '', ...countTexts] = trailer.fields;
  const stated = integer(totalText);
  let ok = true;
  if (stated === null) {
    fail(trailer, `control total "${totalText}" is not a whole number`);
    ok = false;
  } else if (stated !== total) {
    fail(trailer, `control total ${stated} does not match the sum of the amounts, ${total}`);
    ok = false;
  }
  counts.forEach((n, k) => {
    const text = (countTexts[k] ?? '').trim();
    if (text !== '' && Number(text) !== n) {
      fail(trailer, `it states ${text} ${names[k]}, the file holds ${n}`);
      ok = false;
    }
  });
  return ok;
}
