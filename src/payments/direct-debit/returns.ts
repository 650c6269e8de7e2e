import type { Db, Sql } from '../../db/db.ts';
import { emit } from '../../events/emit.ts';
import { ACCOUNTS } from '../../ledger/chart.ts';
import { post } from '../../ledger/post.ts';
import { refundCredit } from '../../payments/refunds.ts';
import { getPayment, unapply } from '../../payments/payments.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { flagMandate, revokeAfterReturn } from './mandates.ts';
import { FLAGGING, reasonText, REVOKING } from './reasons.ts';
import { TX_COLUMNS, type DdTransaction } from './runs.ts';

export const RETURN_SOURCES = ['api', 'cli', 'pain.002', 'statement'] as const;

export interface DirectDebitReturnInput {
  endToEndId: string;
  /** ISO external status reason code: AC04, AM04, MD01, MD06, MS02, SL01… */
  reasonCode: string;
  /** EUR cents: the debit's amount (R-transactions return the whole debit; the bank's fee comes as `fee`). */
  amount: bigint;
  returnedOn: string;
  /** EUR cents the bank charged for the return, booked to 6420 Bank charges. */
  fee?: bigint;
  source?: (typeof RETURN_SOURCES)[number];
}

export interface DirectDebitReturn {
  id: string;
  transaction_id: string;
  end_to_end_id: string;
  reason_code: string;
  amount: bigint;
  fee: bigint;
  returned_on: string;
  before_settlement: boolean;
  source: string;
  created_at: Date;
}

const RETURN_COLUMNS = `r.id, r.transaction_id, t.end_to_end_id, r.reason_code, r.amount, r.fee, r.returned_on::text AS returned_on, r.before_settlement, r.source, r.created_at`;

async function returnOf(db: Db | Sql, tenantId: string, transactionId: string): Promise<DirectDebitReturn | null> {
  const [r] = await db.query<DirectDebitReturn>(
    `SELECT ${RETURN_COLUMNS} FROM dd_returns r JOIN dd_transactions t ON t.tenant_id = r.tenant_id AND t.id = r.transaction_id
      WHERE r.tenant_id = $1 AND r.transaction_id = $2`, [tenantId, transactionId]);
  return r ?? null;
}

/**
 * A debit came back (an R-transaction: reject before settlement, return after it, refund at the debtor's request).
 * The payment's applications are undone — the invoices are open again and dunnable — and the money goes back:
 * Dr 1100 Receivables / Cr 1000 Bank, or Cr 1310 Direct debits in collection while the bank has not credited the
 * batch yet (it will credit that much less). A fee the bank charged goes Dr 6420 Bank charges / Cr 1000 Bank.
 * A void mandate (MD01, AC04, AC06…) is revoked; some reasons (MS02, SL01, MD06…) flag it for a look; AM04 leaves
 * it, and the next run presents the invoice again. A rejected first debit (FRST) makes the next one first again.
 * Once per debit: a second return for the same EndToEndId books nothing and answers the first (created false);
 * an EndToEndId we never sent is refused (404, field end_to_end_id).
 */
export async function recordDirectDebitReturn(
  tx: Sql, s: Scope, input: DirectDebitReturnInput,
): Promise<{ created: boolean; return: DirectDebitReturn; /** The ledger entries booked (none when it was booked before). */ sourceKeys: string[] }> {
  const e2e = String(input.endToEndId ?? '').trim();
  if (!e2e) throw invalid('end_to_end_id', 'the EndToEndId of the returned debit is required');
  const code = String(input.reasonCode ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9]{4}$/.test(code)) throw invalid('reason_code', `"${input.reasonCode}" is no ISO reason code (four letters or digits, e.g. AM04)`);
  if (!isIsoDate(String(input.returnedOn ?? ''))) throw invalid('returned_on', `"${input.returnedOn}" is not a date (YYYY-MM-DD)`);
  const fee = input.fee ?? 0n;
  if (typeof fee !== 'bigint' || fee < 0n) throw invalid('fee', 'the return fee is zero or positive');

  const [t] = await tx.query<DdTransaction>(`SELECT ${TX_COLUMNS} FROM dd_transactions WHERE tenant_id = $1 AND end_to_end_id = $2 FOR UPDATE`, [s.tenantId, e2e]);
  if (!t) throw new Failure('not_found', `no direct debit with EndToEndId ${e2e} was submitted`, 'end_to_end_id');
  const prior = await returnOf(tx, s.tenantId, t.id);
  if (prior) return { created: false, return: prior, sourceKeys: [] };
  if (t.status !== 'submitted' || !t.payment_id || !t.batch_id) throw new Failure('invalid_state', `debit ${e2e} is ${t.status}: only a submitted debit can come back`, 'end_to_end_id');
  if (input.amount !== t.amount) {
    throw invalid('amount', `debit ${e2e} was ${formatAmount(t.amount, 'EUR')} EUR; a return is for the whole debit (a bank fee goes in fee)`);
  }
  const [batch] = await tx.query<{ settled_at: Date | null; sequence: string }>(
    'SELECT settled_at, sequence FROM dd_batches WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [s.tenantId, t.batch_id]);
  const beforeSettlement = batch.settled_at === null;
  const why = `direct debit ${e2e} returned: ${reasonText(code)}`;

  const { applications } = await getPayment(tx, s.tenantId, t.payment_id);
  for (const a of applications.filter((x) => !x.reversed_at)) await unapply(tx, s, a.id, why);
  const refund = await refundCredit(tx, s, {
    paymentId: t.payment_id, amount: t.amount, method: 'direct_debit', reference: e2e, reason: why,
    from: beforeSettlement ? ACCOUNTS.directDebitsInCollection : ACCOUNTS.bank,
  });
  const id = uuidv7();
  if (fee > 0n) {
    await post(tx, s, {
      sourceKey: `dd-return-fee:${id}`, description: `Bank fee for the return of direct debit ${e2e} (${code})`, currency: 'EUR', date: input.returnedOn,
      lines: [{ account: ACCOUNTS.bankCharges, debit: fee }, { account: ACCOUNTS.bank, credit: fee }],
    });
  }
  await tx.query(
    `INSERT INTO dd_returns (tenant_id, id, transaction_id, reason_code, amount, fee, returned_on, before_settlement, source, refund_id, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [s.tenantId, id, t.id, code, t.amount, fee, input.returnedOn, beforeSettlement, input.source ?? 'api', refund.id, s.now, s.actor.name]);
  await tx.query(`UPDATE dd_transactions SET status = 'returned' WHERE tenant_id = $1 AND id = $2`, [s.tenantId, t.id]);
  await tx.query('UPDATE dd_transaction_items SET active = false WHERE tenant_id = $1 AND transaction_id = $2', [s.tenantId, t.id]);

  if (REVOKING.has(code)) await revokeAfterReturn(tx, s, t.mandate_id, `debit ${e2e} returned ${reasonText(code)}`);
  else if (FLAGGING.has(code)) await flagMandate(tx, s, t.mandate_id, `debit ${e2e} returned ${reasonText(code)} on ${input.returnedOn}`);
  if (t.sequence === 'FRST' && beforeSettlement) {
    // The bank never saw the mandate used: the next debit under it is its first again.
    await tx.query(
      `UPDATE dd_mandates SET first_collected_on = NULL WHERE tenant_id = $1 AND id = $2
          AND NOT EXISTS (SELECT 1 FROM dd_transactions o WHERE o.tenant_id = $1 AND o.mandate_id = $2 AND o.status = 'submitted')`,
      [s.tenantId, t.mandate_id]);
  }
  await emit(tx, s, {
    type: 'direct_debit.returned',
    summary: `Direct debit ${e2e} of ${formatAmount(t.amount, 'EUR')} EUR returned (${reasonText(code)})${beforeSettlement ? ' before settlement' : ''}: ${t.remittance ?? ''} open again`,
    subjects: { customer: t.customer_id, payment: t.payment_id },
    data: { return_id: id, end_to_end_id: e2e, reason_code: code, amount: t.amount, fee, before_settlement: beforeSettlement },
  });
  return { created: true, return: (await returnOf(tx, s.tenantId, t.id))!, sourceKeys: [`refund:${refund.id}`, ...(fee > 0n ? [`dd-return-fee:${id}`] : [])] };
}

export async function listReturns(db: Db | Sql, tenantId: string): Promise<(DirectDebitReturn & { customer_id: string; remittance: string | null })[]> {
  return db.query(
    `SELECT ${RETURN_COLUMNS}, t.customer_id, t.remittance FROM dd_returns r JOIN dd_transactions t ON t.tenant_id = r.tenant_id AND t.id = r.transaction_id
      WHERE r.tenant_id = $1 ORDER BY r.id DESC LIMIT 500`, [tenantId]);
}

export function returnJson(r: DirectDebitReturn) {
  return { ...r, amount: formatAmount(r.amount, 'EUR'), fee: formatAmount(r.fee, 'EUR'), currency: 'EUR', reason: reasonText(r.reason_code) };
}
