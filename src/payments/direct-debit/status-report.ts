import type { Sql } from '../../db/db.ts';
import { ImportRejected, type RowError } from '../../shared/table-file.ts';
import { parseAmount } from '../../shared/money.ts';
import { today, type Scope } from '../../shared/scope.ts';
import { parsePain002 } from './pain002.ts';
import { recordDirectDebitReturn } from './returns.ts';

export interface StatusReportImport {
  messageId: string;
  originalMessageId: string;
  /** Returns recorded now, and those recorded before (a report read twice). */
  recorded: { endToEndId: string; reasonCode: string }[];
  already: string[];
}

/**
 * Reads a pain.002 status report and records each rejected debit as a return before settlement
 * (recordDirectDebitReturn, source pain.002): a rejected batch or message rejects every debit in it. The whole
 * file or nothing: malformed XML, a debit we never sent or an amount that is not the debit's refuses it with every
 * problem named (ImportRejected), and nothing is written. Debits recorded as returned before are left as they are.
 */
export async function importStatusReport(tx: Sql, s: Scope, text: string, file: string): Promise<StatusReportImport> {
  const parsed = parsePain002(text);
  if (!parsed.ok) throw new ImportRejected(file, parsed.problems);
  const { report } = parsed;
  const problems: RowError[] = [];
  const wanted: { endToEndId: string; reasonCode: string; amount: bigint | null; where: string }[] = [];
  for (const r of report.rejections) {
    if (r.scope === 'transaction') {
      const amount = r.amount === null ? null : parseAmount(r.amount, 'EUR');
      if (r.amount !== null && (amount === null || (r.currency ?? 'EUR') !== 'EUR')) {
        problems.push({ line: 0, location: `transaction ${r.endToEndId}`, field: 'InstdAmt', message: `"${r.amount} ${r.currency ?? ''}" is no EUR amount` });
      }
      wanted.push({ endToEndId: r.endToEndId, reasonCode: r.reasonCode, amount, where: `transaction ${r.endToEndId}` });
      continue;
    }
    const rows = await tx.query<{ end_to_end_id: string }>(
      r.scope === 'batch'
        ? `SELECT t.end_to_end_id FROM dd_transactions t JOIN dd_batches b ON b.tenant_id = t.tenant_id AND b.id = t.batch_id
            WHERE t.tenant_id = $1 AND b.payment_info_id = $2 ORDER BY t.end_to_end_id`
        : `SELECT t.end_to_end_id FROM dd_transactions t JOIN dd_runs r ON r.tenant_id = t.tenant_id AND r.id = t.run_id
            WHERE t.tenant_id = $1 AND r.message_id = $2 AND t.batch_id IS NOT NULL ORDER BY t.end_to_end_id`,
      [s.tenantId, r.scope === 'batch' ? r.paymentInfoId : r.messageId]);
    const where = r.scope === 'batch' ? `batch ${r.paymentInfoId}` : `message ${r.messageId}`;
    if (!rows.length) problems.push({ line: 0, location: where, message: `no submitted ${r.scope === 'batch' ? 'PmtInfId' : 'MsgId'} of that name` });
    for (const row of rows) wanted.push({ endToEndId: row.end_to_end_id, reasonCode: r.reasonCode, amount: null, where });
  }
  const known = new Map((await tx.query<{ end_to_end_id: string; amount: bigint }>(
    'SELECT end_to_end_id, amount FROM dd_transactions WHERE tenant_id = $1 AND end_to_end_id = ANY($2::text[]) AND batch_id IS NOT NULL',
    [s.tenantId, wanted.map((w) => w.endToEndId)])).map((r) => [r.end_to_end_id, r.amount]));
  for (const w of wanted) {
    const amount = known.get(w.endToEndId);
    if (amount === undefined) problems.push({ line: 0, location: w.where, field: 'OrgnlEndToEndId', message: `no debit ${w.endToEndId} was submitted` });
    else if (w.amount !== null && w.amount !== amount) problems.push({ line: 0, location: w.where, field: 'InstdAmt', message: `the debit ${w.endToEndId} was not of that amount` });
  }
  if (problems.length) throw new ImportRejected(file, problems);

  const out: StatusReportImport = { messageId: report.messageId, originalMessageId: report.originalMessageId, recorded: [], already: [] };
  for (const w of wanted) {
    const r = await recordDirectDebitReturn(tx, s, {
      endToEndId: w.endToEndId, reasonCode: w.reasonCode, amount: known.get(w.endToEndId)!, returnedOn: report.createdOn ?? today(s), source: 'pain.002',
    });
    if (r.created) out.recorded.push({ endToEndId: w.endToEndId, reasonCode: r.return.reason_code });
    else out.already.push(w.endToEndId);
  }
  return out;
}
