import type { Sql } from '../db/db.ts';
import { collectionsAwaitingBank } from '../payments/direct-debit/awaiting-bank.ts';
import { recordDirectDebitReturn } from '../payments/direct-debit/returns.ts';
import { settleCollectionFromStatement } from '../payments/direct-debit/settle.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import type { StatementLine } from './lines.ts';

export type AwaitingBank = Awaited<ReturnType<typeof collectionsAwaitingBank>>;

/** ISO "reason not specified": a return the statement does not say why of. */
const UNSPECIFIED = 'MS03';

/**
 * Whether a line is the bank's answer to our direct debits rather than a customer's receipt: a credit naming a batch
 * or file not credited yet (the bank pays out a collection as one booking), or a debit carrying the EndToEndId of a
 * debit we sent, for at least its amount (it came back; anything above is the bank's fee).
 */
export function directDebitAnswer(line: StatementLine, awaiting: AwaitingBank): 'settlement' | 'return' | null {
  if (line.currency !== 'EUR') return null;
  if (line.direction === 'debit') {
    const sent = line.end_to_end_id ? awaiting.debits.get(line.end_to_end_id) : undefined;
    return sent !== undefined && line.amount >= sent ? 'return' : null;
  }
  if (!awaiting.references.size) return null;
  const text = `${line.remittance} ${line.end_to_end_id ?? ''}`.toUpperCase();
  for (const ref of awaiting.references) if (text.includes(ref)) return 'settlement';
  return null;
}

/**
 * Books such a line through the direct-debit context (settlement: Dr Bank / Cr 1310; return: the invoices open again,
 * the money and the fee out of the bank) and records on the line the entries it caused, for reconciliation. A
 * credit that does not fit the batch it names waits for a person, saying what was expected.
 */
export async function bookDirectDebitAnswer(tx: Sql, s: Scope, line: StatementLine, kind: 'settlement' | 'return', awaiting: AwaitingBank): Promise<void> {
  const mark = (status: 'confirmed' | 'unmatched', rule: string | null, evidence: string, keys: string[]) => tx.query(
    `UPDATE statement_lines SET status = $3, rule = $4, confidence = CASE WHEN $4::text IS NULL THEN NULL ELSE 1000 END, evidence = $5, ledger_keys = $6,
            matched_at = $7, matched_by = $8
      WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, line.id, status, rule, evidence, keys.length ? keys.join('\n') : null, s.now, s.actor.name]);
  if (kind === 'return') {
    const sent = awaiting.debits.get(line.end_to_end_id!)!;
    const reason = line.return_reason ?? UNSPECIFIED;
    const r = await recordDirectDebitReturn(tx, s, {
      endToEndId: line.end_to_end_id!, reasonCode: reason, amount: sent, fee: line.amount - sent, returnedOn: line.booking_date, source: 'statement',
    });
    await mark('confirmed', 'bank rule: direct debit returned', `direct debit ${line.end_to_end_id} returned (${reason})`, r.sourceKeys);
    return;
  }
  const r = await settleCollectionFromStatement(tx, s, {
    amount: line.amount, currency: line.currency, bookedOn: line.booking_date, reference: `${line.remittance} ${line.end_to_end_id ?? ''}`,
  });
  if (r.outcome === 'settled') {
    await mark('confirmed', 'bank rule: direct debit collection', `direct debit batch ${r.paymentInfoIds.join(', ')} credited`, r.sourceKeys);
  } else if (r.outcome === 'amount_mismatch') {
    await mark('unmatched', null, `names direct debit batch ${r.paymentInfoIds.join(', ')}, which is owed ${formatAmount(r.expected, 'EUR')} EUR: returns not booked yet?`, []);
  } else {
    await mark('unmatched', null, `names direct debit batch ${'paymentInfoIds' in r ? r.paymentInfoIds.join(', ') : ''}, already credited`, []);
  }
}
