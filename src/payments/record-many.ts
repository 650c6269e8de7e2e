import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import { POSITION, type Posting } from '../ledger/post.ts';
import { postMany } from '../ledger/post-many.ts';
import { formatNumber, sequenceName } from '../numbering/next-number.ts';
import { settledIfClosed } from '../receivables/items.ts';
import { reduceItems } from '../receivables/reduce-many.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';

export interface AppliedPaymentInput {
  customerId: string;
  customerNumber: string;
  currency: string;
  amount: bigint;
  method: string;
  reference: string | null;
  receivedOn: string;
  /** Open items (of this customer, in its currency), the cash each gets, and what the payer was allowed to keep. */
  applications: {
    itemId: string; sourceId: string; documentNumber: string; kind: string; orderId: string | null; amount: bigint;
    allowances?: Allowance[];
  }[];
}

/**
 * Part of an item settled without cash because the seller allows it (an early-payment discount taken in its terms,
 * bank charges deducted on the way): Dr `account` / Cr Receivables, posted under the caller's `sourceKey`.
 */
export interface Allowance {
  account: AccountCode;
  amount: bigint;
  sourceKey: string;
  /** For the entry and the event: "early-payment discount taken". */
  reason: string;
}

export interface RecordedPayment {
  paymentId: string;
  paymentNumber: string;
  /** Application ids by open item id. */
  applications: Map<string, string>;
}

/**
 * Records many payments, each applied at once to open items, in a handful of statements — what recordPayment and
 * applyPayment do one by one, for bulk work (a cash application run over a statement). Same postings: Dr Bank /
 * Cr Unapplied cash per payment, Dr Unapplied cash / Cr Receivables per application; same events. Allowances are
 * settled with them. The items are reduced in one guarded statement: if any has less open than is applied and
 * allowed, nothing is recorded.
 */
export async function recordAppliedPayments(tx: Sql, s: Scope, inputs: AppliedPaymentInput[]): Promise<RecordedPayment[]> {
  if (!inputs.length) return [];
  for (const p of inputs) {
    const applied = p.applications.reduce((t, a) => t + a.amount, 0n);
    assert(p.amount > 0n && applied <= p.amount, 'a payment is positive and never applied beyond its amount');
  }
  const numbers = await tx.query<{ n: bigint }>('SELECT nextval($1::regclass) AS n FROM generate_series(1, $2::int)', [sequenceName(s.tenantId, 'payment'), inputs.length]);
  const recorded = inputs.map((p, i) => ({
    p, paymentId: uuidv7(), paymentNumber: formatNumber('PAY-', numbers[i].n),
    applications: new Map(p.applications.map((a) => [a.itemId, uuidv7()])),
  }));
  await tx.query(
    `INSERT INTO payments (tenant_id, id, payment_number, customer_id, method, reference, currency, amount, unapplied, received_on, created_at, created_by)
     SELECT $1, v.id, v.number, v.customer, v.method, v.reference, v.currency, v.amount, v.unapplied, v.received_on, $2, $3
       FROM unnest($4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::date[])
         AS v(id, number, customer, method, reference, currency, amount, unapplied, received_on)`,
    [s.tenantId, s.now, s.actor.name, recorded.map((r) => r.paymentId), recorded.map((r) => r.paymentNumber), recorded.map((r) => r.p.customerId),
      recorded.map((r) => r.p.method), recorded.map((r) => r.p.reference), recorded.map((r) => r.p.currency), recorded.map((r) => r.p.amount),
      recorded.map((r) => r.p.amount - r.p.applications.reduce((t, a) => t + a.amount, 0n)), recorded.map((r) => r.p.receivedOn)]);
  const allowed = (a: AppliedPaymentInput['applications'][number]) => (a.allowances ?? []).reduce((t, x) => t + x.amount, 0n);
  const reduced = await reduceItems(tx, s, inputs.flatMap((p) => p.applications.map((a) => ({ itemId: a.itemId, amount: a.amount + allowed(a) }))));
  const openAfter = new Map(reduced.map((i) => [i.id, i.open_amount]));
  const apps = recorded.flatMap((r) => r.p.applications.map((a) => ({ r, a, id: r.applications.get(a.itemId)! })));
  await tx.query(
    `INSERT INTO payment_applications (tenant_id, id, payment_id, ar_item_id, document_number, amount, applied_at, applied_by)
     SELECT $1, v.id, v.payment, v.item, v.number, v.amount, $2, $3
       FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::bigint[]) AS v(id, payment, item, number, amount)`,
    [s.tenantId, s.now, s.actor.name, apps.map((x) => x.id), apps.map((x) => x.r.paymentId), apps.map((x) => x.a.itemId),
      apps.map((x) => x.a.documentNumber), apps.map((x) => x.a.amount)]);
  const postings: Posting[] = [];
  for (const { p, paymentId, paymentNumber } of recorded) {
    postings.push({
      sourceKey: `payment:${paymentId}`, currency: p.currency, date: p.receivedOn,
      description: `Payment ${paymentNumber} from ${p.customerNumber}${p.reference ? ` (${p.reference})` : ''}`,
      lines: [
        { account: ACCOUNTS.bank, debit: p.amount },
        { account: ACCOUNTS.unappliedCash, credit: p.amount, customerId: p.customerId, position: POSITION.payment(paymentId) },
      ],
    });
    await emit(tx, s, {
      type: 'payment.received',
      summary: `Payment ${paymentNumber} received: ${formatAmount(p.amount, p.currency)} ${p.currency} by ${p.method}`,
      subjects: { payment: paymentId, customer: p.customerId },
      data: { payment_id: paymentId, amount: p.amount, currency: p.currency, method: p.method, reference: p.reference },
    });
  }
  for (const { r, a, id } of apps) {
    postings.push({
      sourceKey: `application:${id}`, currency: r.p.currency,
      description: `Payment ${r.paymentNumber} applied to ${a.documentNumber}`,
      lines: [
        { account: ACCOUNTS.unappliedCash, debit: a.amount, customerId: r.p.customerId, position: POSITION.payment(r.paymentId) },
        { account: ACCOUNTS.receivables, credit: a.amount, customerId: r.p.customerId, position: POSITION.receivable(a.sourceId) },
      ],
    });
    await emit(tx, s, {
      type: 'payment.applied',
      summary: `${formatAmount(a.amount, r.p.currency)} ${r.p.currency} of payment ${r.paymentNumber} applied to ${a.documentNumber}; ${formatAmount((openAfter.get(a.itemId) ?? 0n) + allowed(a), r.p.currency)} left open`,
      subjects: { payment: r.paymentId, invoice: a.kind === 'invoice' ? a.sourceId : undefined, order: a.orderId ?? undefined, customer: r.p.customerId },
      data: { application_id: id, ar_item_id: a.itemId, amount: a.amount, open_after: (openAfter.get(a.itemId) ?? 0n) + allowed(a) },
    });
    for (const x of a.allowances ?? []) {
      postings.push({
        sourceKey: x.sourceKey, currency: r.p.currency, description: `${a.documentNumber}: ${x.reason}`,
        lines: [
          { account: x.account, debit: x.amount },
          { account: ACCOUNTS.receivables, credit: x.amount, customerId: r.p.customerId, position: POSITION.receivable(a.sourceId) },
        ],
      });
      await emit(tx, s, {
        type: 'receivable.adjusted', summary: `${a.documentNumber}: ${formatAmount(x.amount, r.p.currency)} ${r.p.currency} ${x.reason}`,
        subjects: { customer: r.p.customerId, invoice: a.kind === 'invoice' ? a.sourceId : undefined, order: a.orderId ?? undefined },
        data: { item_id: a.itemId, account: x.account, amount: x.amount },
      });
    }
  }
  await postMany(tx, s, postings);
  for (const item of reduced) await settledIfClosed(tx, s, item);
  return recorded.map(({ paymentId, paymentNumber, applications }) => ({ paymentId, paymentNumber, applications }));
}
