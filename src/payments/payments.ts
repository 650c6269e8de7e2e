import type { Db, Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import { POSITION, post, reverse } from '../ledger/post.ts';
import { formatNumber, nextInSequence } from '../numbering/next-number.ts';
import { itemName, itemsByIds, itemsOfSource, reduceItem, restoreItem, settledIfClosed, type ArItem } from '../receivables/items.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { assert, Failure, invalid, notFound } from '../shared/failure.ts';
import { isIsoDate } from '../shared/dates.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';

export const METHODS = ['bank_transfer', 'card', 'wallet', 'direct_debit', 'cheque', 'cash'];

export interface Payment {
  id: string;
  payment_number: string;
  customer_id: string;
  method: string;
  reference: string | null;
  currency: string;
  amount: bigint;
  unapplied: bigint;
  received_on: string;
  created_at: Date;
  created_by: string;
}

export interface ApplicationInput {
  invoice_id: string;
  amount: string;
}

export interface RecordPaymentInput {
  customer_id: string;
  amount: string;
  currency?: string;
  method?: string;
  reference?: string | null;
  received_on?: string;
  apply?: ApplicationInput[];
}

const COLUMNS = 'id, payment_number, customer_id, method, reference, currency, amount, unapplied, received_on, created_at, created_by';

/**
 * Records money received: Dr Bank / Cr Unapplied cash. Applications (now or later) move it from unapplied
 * cash to the invoices: Dr Unapplied cash / Cr Receivables. In another currency than the books the payment is
 * booked at the rate of the day it was received (post() looks it up); an application takes unapplied cash at
 * that rate and the receivable at its invoice's, and books the difference as realised FX gain or loss.
 * Money taken by a payment gateway is debited to `into` Gateway clearing instead, until the gateway pays out.
 */
export async function recordPayment(tx: Sql, s: Scope, input: RecordPaymentInput, into: AccountCode = ACCOUNTS.bank): Promise<Payment> {
  const customer = await getCustomer(tx, s.tenantId, input.customer_id ?? '').catch(() => {
    throw invalid('customer_id', `customer ${input.customer_id} not found`);
  });
  const currency = (input.currency ?? customer.currency).toUpperCase();
  if (currency !== customer.currency) throw invalid('currency', `${customer.customer_number} pays in ${customer.currency}`);
  const amount = parseAmount(String(input.amount ?? ''), currency);
  if (amount === null || amount <= 0n) throw invalid('amount', `amount "${input.amount}" is not a positive amount in ${currency}`);
  const method = input.method ?? 'bank_transfer';
  if (!METHODS.includes(method)) throw invalid('method', `method must be one of ${METHODS.join(', ')}`);
  const receivedOn = input.received_on ?? today(s);
  if (!isIsoDate(receivedOn)) throw invalid('received_on', `"${receivedOn}" is not a date (YYYY-MM-DD)`);
  const reference = input.reference?.trim() || null;

  const id = uuidv7();
  const number = formatNumber('PAY-', await nextInSequence(tx, s.tenantId, 'payment'));
  const [payment] = await tx.query<Payment>(
    `INSERT INTO payments (tenant_id, id, payment_number, customer_id, method, reference, currency, amount, unapplied, received_on, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [s.tenantId, id, number, customer.id, method, reference, currency, amount, receivedOn, s.now, s.actor.name],
  );
  await post(tx, s, {
    sourceKey: `payment:${id}`,
    description: `Payment ${number} from ${customer.customer_number}${reference ? ` (${reference})` : ''}`,
    currency,
    date: receivedOn,
    lines: [
      { account: into, debit: amount },
      { account: ACCOUNTS.unappliedCash, credit: amount, customerId: customer.id, position: POSITION.payment(id) },
    ],
  });
  await emit(tx, s, {
    type: 'payment.received',
    summary: `Payment ${number} received: ${formatAmount(amount, currency)} ${currency} by ${method}`,
    subjects: { payment: id, customer: customer.id },
    data: { payment_id: id, amount, currency, method, reference },
  });
  if (input.apply?.length) return applyPayment(tx, s, id, input.apply);
  return payment;
}

async function lockPayment(tx: Sql, s: Scope, id: string): Promise<Payment> {
  if (!UUID_RE.test(id)) throw notFound('payment', id);
  const [p] = await tx.query<Payment>(`SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!p) throw notFound('payment', id);
  return p;
}

/**
 * Applies a payment to invoices, fully or partly. The payment row is locked first and every open item
 * after it, so two applications can never spend the same cash or pay the same invoice twice. An invoice due in
 * instalments takes the amount part by part in the order they fall due (one application per part).
 */
export async function applyPayment(tx: Sql, s: Scope, paymentId: string, apply: ApplicationInput[]): Promise<Payment> {
  if (!Array.isArray(apply) || !apply.length) throw invalid('apply', 'name at least one invoice to apply to');
  const payment = await lockPayment(tx, s, paymentId);
  const wanted: ItemApplication[] = [];
  for (const [i, a] of apply.entries()) {
    const field = `apply[${i}]`;
    const items = UUID_RE.test(a.invoice_id ?? '') ? await itemsOfSource(tx, s.tenantId, a.invoice_id) : [];
    if (!items.length) throw invalid(`${field}.invoice_id`, `invoice ${a.invoice_id} has no open item`);
    const amount = parseAmount(String(a.amount ?? ''), payment.currency);
    if (amount === null || amount <= 0n) throw invalid(`${field}.amount`, `amount "${a.amount}" is not a positive amount in ${payment.currency}`);
    const open = items.reduce((t, x) => t + x.open_amount, 0n);
    if (amount > open) throw new Failure('conflict', `${items[0].document_number} has only ${formatAmount(open, payment.currency)} ${payment.currency} open`, `${field}.amount`);
    let left = amount;
    for (const item of items) {
      const take = item.open_amount < left ? item.open_amount : left;
      if (take > 0n) wanted.push({ item, amount: take, field });
      left -= take;
    }
  }
  return applyLocked(tx, s, payment, wanted);
}

export interface ItemApplication {
  item: ArItem;
  amount: bigint;
  /** The input field to name when this application is refused. */
  field: string;
}

/** Applies a payment to open items named by their ids (cash application knows the items, not only the invoices). */
export async function applyPaymentToItems(tx: Sql, s: Scope, paymentId: string, apply: { itemId: string; amount: bigint }[]): Promise<Payment> {
  const payment = await lockPayment(tx, s, paymentId);
  const items = await itemsByIds(tx, s.tenantId, apply.map((a) => a.itemId));
  return applyLocked(tx, s, payment, apply.map((a, i) => {
    const item = items.get(a.itemId);
    if (!item) throw invalid(`apply[${i}].item_id`, `open item ${a.itemId} not found`);
    return { item, amount: a.amount, field: `apply[${i}]` };
  }));
}

async function applyLocked(tx: Sql, s: Scope, payment: Payment, wanted: ItemApplication[]): Promise<Payment> {
  for (const w of wanted) {
    if (w.item.customer_id !== payment.customer_id) throw invalid(`${w.field}.invoice_id`, `invoice ${w.item.document_number} belongs to another customer`);
    assert(w.amount > 0n, 'an application is positive');
  }
  const total = wanted.reduce((t, w) => t + w.amount, 0n);
  if (total > payment.unapplied) {
    throw new Failure('conflict', `payment ${payment.payment_number} has ${formatAmount(payment.unapplied, payment.currency)} unapplied, ${formatAmount(total, payment.currency)} asked`, 'apply');
  }
  for (const w of wanted) {
    const reduced = await reduceItem(tx, s, w.item.id, w.amount, payment.currency).catch((e) => {
      if (e instanceof Failure && e.field === 'amount') throw new Failure(e.code, e.message, `${w.field}.amount`);
      throw e;
    });
    const appId = uuidv7();
    await tx.query(
      `INSERT INTO payment_applications (tenant_id, id, payment_id, ar_item_id, document_number, amount, applied_at, applied_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.tenantId, appId, payment.id, w.item.id, w.item.document_number, w.amount, s.now, s.actor.name],
    );
    await post(tx, s, {
      sourceKey: `application:${appId}`,
      description: `Payment ${payment.payment_number} applied to ${itemName(w.item)}`,
      currency: payment.currency,
      lines: [
        { account: ACCOUNTS.unappliedCash, debit: w.amount, customerId: payment.customer_id, position: POSITION.payment(payment.id) },
        { account: ACCOUNTS.receivables, credit: w.amount, customerId: payment.customer_id, position: POSITION.receivable(w.item.source_id) },
      ],
    });
    await emit(tx, s, {
      type: 'payment.applied',
      summary: `${formatAmount(w.amount, payment.currency)} ${payment.currency} of payment ${payment.payment_number} applied to ${itemName(w.item)}; ${formatAmount(reduced.open_amount, payment.currency)} left open`,
      subjects: { payment: payment.id, invoice: w.item.kind === 'invoice' ? w.item.source_id : undefined, order: w.item.order_id ?? undefined, customer: payment.customer_id },
      data: { application_id: appId, ar_item_id: w.item.id, amount: w.amount, open_after: reduced.open_amount },
    });
    await settledIfClosed(tx, s, reduced);
  }
  const [updated] = await tx.query<Payment>(
    `UPDATE payments SET unapplied = unapplied - $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, payment.id, total],
  );
  assert(updated.unapplied >= 0n, 'a payment is never applied beyond its amount');
  return updated;
}

/** Undoes one application: the posting is reversed, the invoice reopens for that amount, the cash is unapplied again. */
export async function unapply(tx: Sql, s: Scope, applicationId: string, reason: string): Promise<Payment> {
  if (!reason?.trim()) throw invalid('reason', 'unapplying needs a reason');
  if (!UUID_RE.test(applicationId)) throw notFound('application', applicationId);
  const [app] = await tx.query<{ id: string; payment_id: string; ar_item_id: string; amount: bigint; reversed_at: Date | null }>(
    'SELECT id, payment_id, ar_item_id, amount, reversed_at FROM payment_applications WHERE tenant_id = $1 AND id = $2',
    [s.tenantId, applicationId]);
  if (!app) throw notFound('application', applicationId);
  const payment = await lockPayment(tx, s, app.payment_id);
  const [locked] = await tx.query<{ reversed_at: Date | null }>(
    'SELECT reversed_at FROM payment_applications WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [s.tenantId, applicationId]);
  if (locked.reversed_at) throw new Failure('invalid_state', 'this application was already undone');
  await tx.query(
    'UPDATE payment_applications SET reversed_at = $3, reversed_by = $4, reverse_reason = $5 WHERE tenant_id = $1 AND id = $2',
    [s.tenantId, applicationId, s.now, s.actor.name, reason.trim()]);
  await restoreItem(tx, s, app.ar_item_id, app.amount);
  await reverse(tx, s, `application:${applicationId}`, reason.trim());
  const [updated] = await tx.query<Payment>(
    `UPDATE payments SET unapplied = unapplied + $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, payment.id, app.amount]);
  await emit(tx, s, {
    type: 'payment.unapplied',
    summary: `${formatAmount(app.amount, payment.currency)} ${payment.currency} of payment ${payment.payment_number} unapplied: ${reason.trim()}`,
    subjects: { payment: payment.id, customer: payment.customer_id },
    data: { application_id: applicationId, amount: app.amount },
  });
  return updated;
}

export async function getPayment(db: Db | Sql, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw notFound('payment', id);
  const [payment] = await db.query<Payment>(`SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!payment) throw notFound('payment', id);
  const applications = await db.query<{ id: string; ar_item_id: string; document_number: string; amount: bigint; applied_at: Date; applied_by: string; reversed_at: Date | null; reverse_reason: string | null }>(
    `SELECT id, ar_item_id, document_number, amount, applied_at, applied_by, reversed_at, reverse_reason
       FROM payment_applications WHERE tenant_id = $1 AND payment_id = $2 ORDER BY id`, [tenantId, id]);
  return { payment, applications };
}

export interface ApplicationRecord {
  id: string;
  payment_id: string;
  payment_number: string;
  ar_item_id: string;
  document_number: string;
  currency: string;
  amount: bigint;
  applied_at: Date;
  applied_by: string;
  reversed_at: Date | null;
  reversed_by: string | null;
  reverse_reason: string | null;
}

/** A customer's applications, newest first, each with its undoing if it was undone: the apply/unapply history. */
export async function applicationsOfCustomer(db: Db | Sql, tenantId: string, customerId: string): Promise<ApplicationRecord[]> {
  return db.query<ApplicationRecord>(
    `SELECT a.id, a.payment_id, p.payment_number, a.ar_item_id, a.document_number, p.currency, a.amount, a.applied_at, a.applied_by,
            a.reversed_at, a.reversed_by, a.reverse_reason
       FROM payments p JOIN payment_applications a ON a.tenant_id = p.tenant_id AND a.payment_id = p.id
      WHERE p.tenant_id = $1 AND p.customer_id = $2 ORDER BY a.id DESC LIMIT 1000`, [tenantId, customerId]);
}

export async function listPayments(db: Db | Sql, tenantId: string, customerId?: string): Promise<Payment[]> {
  return db.query<Payment>(
    `SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid) ORDER BY id DESC LIMIT 500`,
    [tenantId, customerId ?? null]);
}

export function paymentJson(p: Payment, applications?: Awaited<ReturnType<typeof getPayment>>['applications']) {
  const m = (v: bigint) => formatAmount(v, p.currency);
  return {
    ...p, amount: m(p.amount), unapplied: m(p.unapplied),
    ...(applications && { applications: applications.map((a) => ({ ...a, amount: m(a.amount) })) }),
  };
}
