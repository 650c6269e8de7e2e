import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import type { Rate } from '../fx/rate.ts';
import { POSITION, post } from '../ledger/post.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { METHODS } from './payments.ts';

// A credit the customer has with us (a credit note for more than was still open) is kept as a payment of
// its own: its unapplied amount sits in Unapplied cash like any overpayment, so it can be applied to another
// invoice (POST /api/payments/:id/apply) or paid back (refundCredit) with the same bookkeeping.
export const CUSTOMER_CREDIT_METHOD = 'credit_note';

export interface Refund {
  id: string;
  payment_id: string;
  customer_id: string;
  currency: string;
  amount: bigint;
  method: string;
  reference: string | null;
  reason: string;
  refunded_on: string;
  created_at: Date;
  created_by: string;
}

const COLUMNS = 'id, payment_id, customer_id, currency, amount, method, reference, reason, refunded_on, created_at, created_by';

/**
 * Moves a customer's credit balance out of receivables into unapplied cash (Dr Receivables / Cr Unapplied
 * cash), held as a payment numbered after the document it came from. Returns the payment's id. In another
 * currency than the books: at `rate` (the invoice's), out of the receivable `position` it came from.
 */
export async function holdCustomerCredit(
  tx: Sql, s: Scope,
  c: { customerId: string; currency: string; amount: bigint; documentNumber: string; reference: string; orderId?: string | null; rate?: Rate; position?: string },
): Promise<string> {
  const id = uuidv7();
  await tx.query(
    `INSERT INTO payments (tenant_id, id, payment_number, customer_id, method, reference, currency, amount, unapplied, received_on, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)`,
    [s.tenantId, id, c.documentNumber, c.customerId, CUSTOMER_CREDIT_METHOD, c.reference, c.currency, c.amount, today(s), s.now, s.actor.name],
  );
  await post(tx, s, {
    sourceKey: `customer-credit:${id}`,
    description: `${c.documentNumber}: credit held for the customer (${c.reference})`,
    currency: c.currency,
    ...(c.rate && { rate: c.rate }),
    lines: [
      { account: ACCOUNTS.receivables, debit: c.amount, customerId: c.customerId, position: c.position },
      { account: ACCOUNTS.unappliedCash, credit: c.amount, customerId: c.customerId, position: POSITION.payment(id) },
    ],
  });
  await emit(tx, s, {
    type: 'payment.credit_held',
    summary: `${formatAmount(c.amount, c.currency)} ${c.currency} of ${c.documentNumber} held as a credit for the customer: to apply to an invoice or refund`,
    subjects: { payment: id, customer: c.customerId, order: c.orderId ?? undefined },
    data: { payment_id: id, amount: c.amount, currency: c.currency, document_number: c.documentNumber },
  });
  return id;
}

export interface RefundInput {
  paymentId: string;
  /** All that is unapplied when omitted. */
  amount?: bigint;
  /** The payment's own method when omitted (bank transfer for a customer credit). */
  method?: string;
  reference?: string | null;
  reason: string;
  orderId?: string | null;
  /** Where the money goes out from: Bank, or Gateway clearing when the gateway pays it back (a card refund, a chargeback). */
  from?: AccountCode;
}

/**
 * Pays back what a payment or customer credit has unapplied: Dr Unapplied cash / Cr Bank. In another currency
 * than the books the bank line is at the rate of the refund date and unapplied cash at the payment's; the
 * difference is a realised FX gain or loss (post()).
 */
export async function refundCredit(tx: Sql, s: Scope, r: RefundInput): Promise<Refund> {
  if (!UUID_RE.test(r.paymentId)) throw notFound('payment', r.paymentId);
  const [p] = await tx.query<{ payment_number: string; customer_id: string; currency: string; method: string; unapplied: bigint }>(
    'SELECT payment_number, customer_id, currency, method, unapplied FROM payments WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [s.tenantId, r.paymentId]);
  if (!p) throw notFound('payment', r.paymentId);
  const reason = r.reason?.trim();
  if (!reason) throw invalid('reason', 'a refund needs a reason');
  const method = r.method ?? (p.method === CUSTOMER_CREDIT_METHOD ? 'bank_transfer' : p.method);
  if (!METHODS.includes(method)) throw invalid('method', `method must be one of ${METHODS.join(', ')}`);
  const amount = r.amount ?? p.unapplied;
  if (amount <= 0n) throw invalid('amount', `${p.payment_number} has nothing unapplied to refund`);
  if (amount > p.unapplied) {
    throw new Failure('conflict', `${p.payment_number} has ${formatAmount(p.unapplied, p.currency)} ${p.currency} unapplied, ${formatAmount(amount, p.currency)} asked`, 'amount');
  }
  await tx.query('UPDATE payments SET unapplied = unapplied - $3 WHERE tenant_id = $1 AND id = $2', [s.tenantId, r.paymentId, amount]);
  const id = uuidv7();
  const [refund] = await tx.query<Refund>(
    `INSERT INTO refunds (tenant_id, id, payment_id, customer_id, currency, amount, method, reference, reason, refunded_on, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
    [s.tenantId, id, r.paymentId, p.customer_id, p.currency, amount, method, r.reference?.trim() || null, reason, today(s), s.now, s.actor.name],
  );
  await post(tx, s, {
    sourceKey: `refund:${id}`,
    description: `Refund of ${p.payment_number} by ${method}: ${reason}`,
    currency: p.currency,
    lines: [
      { account: ACCOUNTS.unappliedCash, debit: amount, customerId: p.customer_id, position: POSITION.payment(r.paymentId) },
      { account: r.from ?? ACCOUNTS.bank, credit: amount },
    ],
  });
  await emit(tx, s, {
    type: 'payment.refunded',
    summary: `${formatAmount(amount, p.currency)} ${p.currency} of ${p.payment_number} refunded by ${method}: ${reason}`,
    subjects: { payment: r.paymentId, customer: p.customer_id, order: r.orderId ?? undefined },
    data: { refund_id: id, payment_id: r.paymentId, amount, currency: p.currency, method },
  });
  return refund;
}

/** How the customer paid an open item: the method of the last payment applied to it, else bank transfer. */
export async function paymentMethodOf(db: Db | Sql, tenantId: string, arItemId: string): Promise<string> {
  const [row] = await db.query<{ method: string }>(
    `SELECT p.method FROM payment_applications a JOIN payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id
      WHERE a.tenant_id = $1 AND a.ar_item_id = $2 AND a.reversed_at IS NULL AND p.method <> $3 ORDER BY a.id DESC LIMIT 1`,
    [tenantId, arItemId, CUSTOMER_CREDIT_METHOD]);
  return row?.method ?? 'bank_transfer';
}

export async function refundsOfPayments(db: Db | Sql, tenantId: string, paymentIds: string[]): Promise<Refund[]> {
  if (!paymentIds.length) return [];
  return db.query<Refund>(`SELECT ${COLUMNS} FROM refunds WHERE tenant_id = $1 AND payment_id = ANY($2::uuid[]) ORDER BY id`, [tenantId, paymentIds]);
}

export function refundJson(r: Refund) {
  return { ...r, amount: formatAmount(r.amount, r.currency) };
}
