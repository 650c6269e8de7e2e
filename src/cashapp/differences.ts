import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import { POSITION, post } from '../ledger/post.ts';
import { itemsByIds, reduceItem, settledIfClosed } from '../receivables/items.ts';
import { assert, notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';

export type DifferenceKind = 'discount' | 'charges' | 'write_off' | 'deduction';

const ACCOUNT: Record<DifferenceKind, AccountCode> = {
  discount: ACCOUNTS.salesDiscounts,
  charges: ACCOUNTS.bankCharges,
  write_off: ACCOUNTS.bankCharges,
  deduction: ACCOUNTS.deductions,
};

const WHAT: Record<DifferenceKind, string> = {
  discount: 'early-payment discount taken',
  charges: 'bank charges deducted on the way',
  write_off: 'small difference written off',
  deduction: 'deduction accepted',
};

/**
 * Settles the part of an item a payment did not cover for a reason the seller accepts: Dr Sales discounts, Bank
 * charges or Deductions / Cr Receivables, in the caller's transaction. `key` makes the posting once-only.
 */
export async function settleDifference(
  tx: Sql, s: Scope, o: { itemId: string; amount: bigint; kind: DifferenceKind; key: string; reason?: string },
): Promise<void> {
  assert(o.amount > 0n, 'a difference settled is positive');
  const item = (await itemsByIds(tx, s.tenantId, [o.itemId])).get(o.itemId);
  if (!item) throw notFound('open item', o.itemId);
  const reduced = await reduceItem(tx, s, item.id, o.amount, item.currency);
  const why = o.reason ? `${WHAT[o.kind]}: ${o.reason}` : WHAT[o.kind];
  await post(tx, s, {
    sourceKey: `cashapp:${o.kind}:${o.key}`,
    description: `${item.document_number}: ${why}`,
    currency: item.currency,
    lines: [
      { account: ACCOUNT[o.kind], debit: o.amount },
      { account: ACCOUNTS.receivables, credit: o.amount, customerId: item.customer_id, position: POSITION.receivable(item.source_id) },
    ],
  });
  await emit(tx, s, {
    type: 'receivable.adjusted',
    summary: `${item.document_number}: ${formatAmount(o.amount, item.currency)} ${item.currency} ${why}`,
    subjects: { customer: item.customer_id, invoice: item.kind === 'invoice' ? item.source_id : undefined, order: item.order_id ?? undefined },
    data: { item_id: item.id, kind: o.kind, amount: o.amount },
  });
  await settledIfClosed(tx, s, reduced);
}
