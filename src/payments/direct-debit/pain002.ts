import type { RowError } from '../../shared/table-file.ts';
import { looksLikeXml, nodes, parseXml, text, type XmlNode } from '../../shared/xml.ts';

// ISO 20022 pain.002 (payment status report): the bank's answer to a collection file. What matters here are the
// rejects before settlement — a whole message (GrpSts RJCT), a whole payment-information block (PmtInfSts RJCT)
// or single transactions (TxSts RJCT), each with its reason (StsRsnInf/Rsn/Cd, an ISO external status reason
// code such as AC04 or AM04). Accepted and pending statuses are read and ignored. Versions .001.03 to .001.10 name
// these elements alike. The parser never throws: bad input comes back as problems with the line or element.

export type Rejection =
  | { scope: 'message'; messageId: string; reasonCode: string }
  | { scope: 'batch'; paymentInfoId: string; reasonCode: string }
  | { scope: 'transaction'; endToEndId: string; reasonCode: string; amount: string | null; currency: string | null };

export interface StatusReport {
  messageId: string;
  createdOn: string | null;
  originalMessageId: string;
  rejections: Rejection[];
}

export type StatusReportResult = { ok: true; report: StatusReport } | { ok: false; problems: RowError[] };

const REJECTED = 'RJCT';

function reason(n: XmlNode | undefined): string {
  for (const r of nodes(n, 'StsRsnInf', 'Rsn')) {
    const code = text(r, 'Cd') || text(r, 'Prtry');
    if (code) return code.toUpperCase();
  }
  // A reject without a code still is a reject: NARR is ISO's "reason given in narrative" (or none at all).
  return 'NARR';
}

// The XML validator reports a file cut short as "Invalid '[ "Document", "GrpHdr" ]' found.": name the elements.
function readable(message: string): string {
  const open = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(message);
  if (!open) return message;
  try {
    return `the file ends inside <${(JSON.parse(open[1]) as string[]).join('>, <')}> (cut short?)`;
  } catch {
    return message;
  }
}

export function parsePain002(input: string): StatusReportResult {
  if (!looksLikeXml(input)) return { ok: false, problems: [{ line: 1, message: 'not an XML document (a pain.002 status report is expected)' }] };
  const parsed = parseXml(input);
  if (!parsed.ok) return { ok: false, problems: [{ line: parsed.line, message: `malformed XML: ${readable(parsed.message)}` }] };
  const doc = parsed.rootName === 'Document' ? parsed.root : undefined;
  const [report] = nodes(doc, 'CstmrPmtStsRpt');
  if (!report) return { ok: false, problems: [{ line: 1, location: parsed.rootName, message: `<${parsed.rootName}> is no pain.002 status report (Document/CstmrPmtStsRpt expected)` }] };
  const problems: RowError[] = [];
  const missing = (location: string, field: string, why: string) => problems.push({ line: 0, location, field, message: `missing ${why}` });
  const messageId = text(report, 'GrpHdr', 'MsgId');
  if (!messageId) missing('GrpHdr', 'MsgId', '(the report\'s own id)');
  const created = text(report, 'GrpHdr', 'CreDtTm').slice(0, 10);
  const [group] = nodes(report, 'OrgnlGrpInfAndSts');
  const originalMessageId = text(group, 'OrgnlMsgId');
  if (!originalMessageId) missing('OrgnlGrpInfAndSts', 'OrgnlMsgId', '(which collection file does this report answer?)');

  const rejections: Rejection[] = [];
  const batches = nodes(report, 'OrgnlPmtInfAndSts');
  if (text(group, 'GrpSts') === REJECTED && !batches.some((b) => nodes(b, 'TxInfAndSts').length)) {
    rejections.push({ scope: 'message', messageId: originalMessageId, reasonCode: reason(group) });
  }
  for (const [i, b] of batches.entries()) {
    const paymentInfoId = text(b, 'OrgnlPmtInfId');
    const txs = nodes(b, 'TxInfAndSts');
    if (text(b, 'PmtInfSts') === REJECTED && !txs.length) {
      if (!paymentInfoId) missing(`OrgnlPmtInfAndSts[${i + 1}]`, 'OrgnlPmtInfId', 'for a rejected batch');
      else rejections.push({ scope: 'batch', paymentInfoId, reasonCode: reason(b) });
    }
    for (const [k, t] of txs.entries()) {
      if (text(t, 'TxSts') !== REJECTED) continue;
      const endToEndId = text(t, 'OrgnlEndToEndId');
      if (!endToEndId) {
        missing(`OrgnlPmtInfAndSts[${i + 1}]/TxInfAndSts[${k + 1}]`, 'OrgnlEndToEndId', 'for a rejected transaction');
        continue;
      }
      const amt = nodes(t, 'OrgnlTxRef', 'Amt', 'InstdAmt')[0];
      rejections.push({
        scope: 'transaction', endToEndId, reasonCode: reason(t),
        amount: amt === undefined ? null : text(amt) || null,
        currency: amt === undefined || typeof amt !== 'object' ? null : String(amt['@Ccy'] ?? '') || null,
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, report: { messageId, createdOn: /^\d{4}-\d{2}-\d{2}$/.test(created) ? created : null, originalMessageId, rejections } };
}
