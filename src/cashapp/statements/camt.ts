import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { attr, node, nodes, parseXml, text, type XmlNode } from '../../shared/xml.ts';
import type { Balance, Counterparty, Direction, ParsedLine, ParseResult, Remittance, StatementError, StatementFormat } from './model.ts';
import { balanceProblem, finishStatement, type StatementDraft } from './statement.ts';
import { isoDate, minorUnits } from './values.ts';

// The message element names carry the version in camt.052.001.01 (BkToCstmrAcctRptV01), hence the prefix match.
const KINDS = [
  { element: 'BkToCstmrStmt', format: 'camt.053', report: 'Stmt' },
  { element: 'BkToCstmrAcctRpt', format: 'camt.052', report: 'Rpt' },
  { element: 'BkToCstmrDbtCdtNtfctn', format: 'camt.054', report: 'Ntfctn' },
] as const;

const NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.(\d{3}\.\d{2})/;

export function looksLikeCamt(t: string): boolean {
  const head = t.slice(0, 4000);
  return NAMESPACE.test(head) || KINDS.some((k) => head.includes(`<${k.element}`) || head.includes(`:${k.element}`));
}

/** camt.052 / 053 / 054, any version: one statement per Rpt / Stmt / Ntfctn; only booked entries become lines. */
export function parseCamt(t: string): ParseResult {
  const xml = readXml(t);
  if (!xml.ok) return { ok: false, errors: [{ line: xml.line, message: `not well-formed XML: ${xml.message}` }] };
  const key = Object.keys(xml.root).find((k) => KINDS.some((kind) => k.startsWith(kind.element)));
  const kind = key && KINDS.find((k) => key.startsWith(k.element));
  if (!key || !kind) {
    return { ok: false, errors: [{ line: 1, message: `<${xml.rootName}> holds no camt.052, camt.053 or camt.054 message` }] };
  }
  const format: StatementFormat = kind.format;
  const version = NAMESPACE.exec(t.slice(0, 4000))?.[2];
  const message = node(xml.root, key);
  const reports = nodes(message, kind.report);
  if (!reports.length) return { ok: false, format, errors: [{ line: 1, message: `the ${format} message has no <${kind.report}>` }] };
  const where = elementLines(t, kind.report);
  const createdAt = text(message, 'GrpHdr', 'CreDtTm');

  const errors: StatementError[] = [];
  const statements = reports.map((r, i) => {
    const pos = where[i] ?? { line: 1, entries: [] };
    const draft = readReport(r, `${kind.report} ${i + 1}`, pos, format, version, createdAt, errors);
    const problem = draft && balanceProblem(draft);
    if (problem) errors.push({ line: pos.line, location: `${kind.report} ${i + 1}`, message: problem });
    return draft;
  });
  if (errors.length) return { ok: false, format, errors };
  return { ok: true, format, statements: statements.map((s) => finishStatement(s!)) };
}

/** parseXml, except that fast-xml-parser also throws on some documents its own validator passes (an unclosed `<?xml` declaration). */
function readXml(t: string): ReturnType<typeof parseXml> {
  try {
    return parseXml(t);
  } catch (e) {
    return { ok: false, line: 1, message: e instanceof Error ? e.message : String(e) };
  }
}

interface Position {
  line: number;
  entries: number[];
}

/** fast-xml-parser keeps no line numbers, so the lines of the reports and their entries are found by a scan, in document order. */
function elementLines(t: string, report: string): Position[] {
  const out: Position[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?(${report}|Ntry)(?=[\\s>/])`, 'g');
  let line = 1;
  let last = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    for (let i = last; i < m.index; i++) if (t.charCodeAt(i) === 10) line++;
    last = m.index;
    if (m[1] === report) out.push({ line, entries: [] });
    else out[out.length - 1]?.entries.push(line);
  }
  return out;
}

function readReport(
  r: XmlNode,
  where: string,
  pos: Position,
  format: StatementFormat,
  formatVersion: string | undefined,
  groupCreatedAt: string,
  errors: StatementError[],
): StatementDraft | null {
  const before = errors.length;
  const fail = (message: string, location = where, line = pos.line) => errors.push({ line, location, message });
  const statementId = text(r, 'Id');
  if (!statementId) fail('the statement has no <Id>');
  const acct = node(r, 'Acct');
  const otherId = text(acct, 'Id', 'Othr', 'Id') || text(acct, 'Id', 'PrtryAcct', 'Id') || text(acct, 'Id', 'BBAN');
  const iban = text(acct, 'Id', 'IBAN') || (isValidIban(normalizeIban(otherId)) ? normalizeIban(otherId) : '');
  const entries = nodes(r, 'Ntry');
  const balances = nodes(r, 'Bal');
  const currency =
    text(acct, 'Ccy') || attr(node(entries[0], 'Amt'), 'Ccy') || attr(node(balances[0], 'Amt'), 'Ccy');
  if (!currency) {
    fail('the account has no currency (no <Acct><Ccy>, entry or balance to tell it)');
    return null;
  }
  if (!iban && !otherId) fail('the account has no <Id>');

  let openingBalance: Balance | undefined;
  let closingBalance: Balance | undefined;
  for (const b of balances) {
    const code = text(b, 'Tp', 'CdOrPrtry', 'Cd') || text(b, 'Tp', 'Cd');
    // PRCD (the previous closing) stands in for OPBD; the other balance types (available, interim, forward) are not checked.
    if (code !== 'OPBD' && code !== 'PRCD' && code !== 'CLBD') continue;
    const name = code === 'CLBD' ? 'closing balance (CLBD)' : `opening balance (${code})`;
    const ccy = attr(node(b, 'Amt'), 'Ccy');
    if (ccy !== currency) {
      fail(`the ${name} is in ${ccy || 'no currency'}, the account in ${currency}`);
      continue;
    }
    const amount = signed(text(b, 'Amt'), currency, text(b, 'CdtDbtInd'), name, fail);
    const date = isoDate(text(b, 'Dt', 'Dt') || text(b, 'Dt', 'DtTm'));
    if (!date) fail(`the ${name} has no valid date`);
    if (amount === null || !date) continue;
    if (code === 'CLBD') closingBalance = { amount, date };
    else if (code === 'OPBD' || !openingBalance) openingBalance = { amount, date };
  }

  const created = text(r, 'CreDtTm') || groupCreatedAt;
  const lines: ParsedLine[] = [];
  entries.forEach((n, i) => {
    const location = `${where}, Ntry ${i + 1}`;
    const line = pos.entries[i] ?? pos.line;
    const status = text(n, 'Sts', 'Cd') || text(n, 'Sts');
    // Pending and information-only entries are not money on the account yet, and no booked balance includes them.
    if (status && status !== 'BOOK') return;
    const parsed = readEntry(n, currency, lines.length + 1, isoDate(created), (message) => fail(message, location, line));
    if (parsed) lines.push({ ...parsed, location, line });
  });
  if (errors.length > before) return null;

  const from = isoDate(text(r, 'FrToDt', 'FrDtTm'));
  const to = isoDate(text(r, 'FrToDt', 'ToDtTm'));
  return {
    format,
    formatVersion,
    statementId,
    sequence: text(r, 'ElctrncSeqNb') || text(r, 'LglSeqNb') || undefined,
    account: compact({
      iban: iban ? normalizeIban(iban) : undefined,
      number: iban ? undefined : otherId,
      bic: text(acct, 'Svcr', 'FinInstnId', 'BIC') || text(acct, 'Svcr', 'FinInstnId', 'BICFI') || undefined,
      name: text(acct, 'Nm') || text(acct, 'Ownr', 'Nm') || undefined,
      currency,
    }),
    openingBalance,
    closingBalance,
    createdAt: created || undefined,
    fromDate: from ?? undefined,
    toDate: to ?? undefined,
    lines,
    location: where,
  };
}

function signed(
  amountText: string,
  currency: string,
  indicator: string,
  name: string,
  fail: (m: string) => void,
): bigint | null {
  const v = minorUnits(amountText, currency);
  if (typeof v !== 'bigint' || v < 0n) {
    fail(`the ${name}: ${typeof v === 'bigint' ? `"${amountText}" is negative` : v.error}`);
    return null;
  }
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    fail(`the ${name} has CdtDbtInd "${indicator}" (expected CRDT or DBIT)`);
    return null;
  }
  return indicator === 'DBIT' ? -v : v;
}

function readEntry(
  n: XmlNode,
  currency: string,
  position: number,
  reportDate: string | null,
  fail: (m: string) => void,
): Omit<ParsedLine, 'location' | 'line'> | null {
  const ccy = attr(node(n, 'Amt'), 'Ccy');
  if (ccy !== currency) {
    fail(`the amount is in ${ccy || 'no currency'}, the account in ${currency}`);
    return null;
  }
  const amount = minorUnits(text(n, 'Amt'), currency);
  if (typeof amount !== 'bigint' || amount < 0n) {
    fail(typeof amount === 'bigint' ? `the amount "${text(n, 'Amt')}" is negative` : amount.error);
    return null;
  }
  const indicator = text(n, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    fail(`CdtDbtInd is "${indicator}" (expected CRDT or DBIT)`);
    return null;
  }
  const direction: Direction = indicator === 'CRDT' ? 'credit' : 'debit';
  const bookingText = text(n, 'BookgDt', 'Dt') || text(n, 'BookgDt', 'DtTm');
  const valueText = text(n, 'ValDt', 'Dt') || text(n, 'ValDt', 'DtTm');
  // Notifications may leave both dates out; the report's own date is then the best there is.
  const booking = bookingText ? isoDate(bookingText) : null;
  const value = valueText ? isoDate(valueText) : null;
  if ((bookingText && !booking) || (valueText && !value)) {
    fail(`"${bookingText && !booking ? bookingText : valueText}" is not a date`);
    return null;
  }
  if (!booking && !value && !reportDate) {
    fail('the entry has no booking date, no value date, and the report no creation date');
    return null;
  }
  const txs = nodes(n, 'NtryDtls', 'TxDtls');
  const txRef = txs.length === 1 ? text(txs[0], 'Refs', 'AcctSvcrRef') : '';
  const returnReason = txs.map((t) => text(t, 'RtrInf', 'Rsn', 'Cd')).find(Boolean);
  return {
    ref: text(n, 'AcctSvcrRef') || txRef || text(n, 'NtryRef') || `#${position}`,
    bookingDate: (booking ?? value ?? reportDate)!,
    valueDate: (value ?? booking ?? reportDate)!,
    amount,
    direction,
    currency,
    reversal: text(n, 'RvslInd') === 'true',
    counterparty: counterparty(txs, direction),
    remittance: remittance(n, txs, currency, amount),
    bankTxCode: bankTxCode(n),
    ...(returnReason ? { returnReason } : {}),
  };
}

/** The other side of the booking: who paid us on a credit, whom we paid on a debit. */
function counterparty(txs: XmlNode[], direction: Direction): Counterparty {
  const side = direction === 'credit' ? 'Dbtr' : 'Cdtr';
  for (const tx of txs) {
    const parties = node(tx, 'RltdPties');
    const name =
      text(parties, side, 'Nm') || text(parties, side, 'Pty', 'Nm') || text(parties, `Ultmt${side}`, 'Nm') ||
      text(parties, `Ultmt${side}`, 'Pty', 'Nm');
    const iban = text(parties, `${side}Acct`, 'Id', 'IBAN');
    const account = text(parties, `${side}Acct`, 'Id', 'Othr', 'Id');
    const agent = node(tx, 'RltdAgts', `${side}Agt`, 'FinInstnId');
    const bic = text(agent, 'BIC') || text(agent, 'BICFI');
    if (name || iban || account || bic) {
      return compact({ name: name || undefined, iban: iban ? normalizeIban(iban) : undefined, account: account || undefined, bic: bic || undefined });
    }
  }
  return {};
}

/**
 * Everything the payer wrote. A batch booking (several TxDtls, each with a structured reference and its
 * amount) or a structured remittance naming documents with amounts becomes an advice: one amount per
 * reference, for the matcher to clear item by item.
 */
function remittance(n: XmlNode, txs: XmlNode[], currency: string, entryAmount: bigint): Remittance {
  const unstructured: string[] = [];
  const structuredRefs: string[] = [];
  const advice: { invoiceRef: string; amount: bigint }[] = [];
  const add = (list: string[], v: string) => {
    if (v && !list.includes(v)) list.push(v);
  };
  let endToEndId: string | undefined;
  const perTx: { invoiceRef: string; amount: bigint }[] = [];
  for (const tx of txs) {
    for (const u of nodes(tx, 'RmtInf', 'Ustrd')) add(unstructured, text(u));
    const txRefs: string[] = [];
    for (const s of nodes(tx, 'RmtInf', 'Strd')) {
      for (const r of nodes(s, 'CdtrRefInf', 'Ref')) {
        add(structuredRefs, text(r));
        add(txRefs, text(r));
      }
      for (const doc of nodes(s, 'RfrdDocInf')) {
        const nb = text(doc, 'Nb');
        const amt = docAmount(s, currency);
        if (nb && amt !== null && nodes(s, 'RfrdDocInf').length === 1) advice.push({ invoiceRef: nb, amount: amt });
        else add(txRefs, nb);
      }
    }
    add(unstructured, text(tx, 'AddtlTxInf'));
    const e2e = text(tx, 'Refs', 'EndToEndId');
    if (e2e && e2e !== 'NOTPROVIDED') endToEndId ??= e2e;
    const txAmount = minorUnits(text(tx, 'Amt') || text(tx, 'AmtDtls', 'TxAmt', 'Amt'), currency);
    const ccy = attr(node(tx, 'Amt'), 'Ccy') || attr(node(tx, 'AmtDtls', 'TxAmt', 'Amt'), 'Ccy');
    const ref = txRefs[0];
    if (ref && ccy === currency && typeof txAmount === 'bigint' && txAmount > 0n) perTx.push({ invoiceRef: ref, amount: txAmount });
  }
  add(unstructured, text(n, 'AddtlNtryInf'));
  if (!advice.length && txs.length > 1 && perTx.length === txs.length && perTx.reduce((a, p) => a + p.amount, 0n) === entryAmount) {
    advice.push(...perTx);
  }
  return compact({ unstructured, structuredRefs, endToEndId, advice: advice.length ? advice : undefined });
}

function docAmount(strd: XmlNode, currency: string): bigint | null {
  const amt = node(strd, 'RfrdDocAmt', 'RmtdAmt') ?? node(strd, 'RfrdDocAmt', 'DuePyblAmt');
  if (!amt || attr(amt, 'Ccy') !== currency) return null;
  const v = minorUnits(text(amt), currency);
  return typeof v === 'bigint' ? v : null;
}

function bankTxCode(n: XmlNode): string | undefined {
  const domain = node(n, 'BkTxCd', 'Domn');
  if (domain) return [text(domain, 'Cd'), text(domain, 'Fmly', 'Cd'), text(domain, 'Fmly', 'SubFmlyCd')].filter(Boolean).join('/');
  return text(n, 'BkTxCd', 'Prtry', 'Cd') || undefined;
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
