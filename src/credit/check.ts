import type { Db, Sql } from '../db/db.ts';
import type { Customer } from '../customers/customers.ts';
import { openBalance } from '../receivables/items.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';

export interface CreditDecision {
  approved: boolean;
  reason: string;
  exposure: bigint; // open receivables + unbilled orders + this order
  openReceivables: bigint;
  unbilledOrders: bigint;
  limit: bigint | null;
}

/**
 * The credit check: exposure = open receivables + open unbilled orders + this order, against the
 * customer's limit. The caller must hold the customer's row lock (customers.lockCustomer) so that
 * concurrent orders of one customer are checked one after the other and cannot overdraw together.
 */
export async function checkCredit(
  tx: Sql, s: Scope,
  input: { customer: Customer; orderId: string; amount: bigint; unbilledOrders: bigint },
): Promise<CreditDecision> {
  const c = input.customer;
  const openReceivables = await openBalance(tx, s.tenantId, c.id, c.currency);
  const exposure = openReceivables + input.unbilledOrders + input.amount;
  const fmt = (v: bigint) => `${formatAmount(v, c.currency)} ${c.currency}`;
  const approved = c.credit_limit === null || exposure <= c.credit_limit;
  const reason = c.credit_limit === null
    ? 'no credit limit set'
    : approved
      ? `exposure ${fmt(exposure)} within limit ${fmt(c.credit_limit)}`
      : `exposure ${fmt(exposure)} exceeds limit ${fmt(c.credit_limit)} by ${fmt(exposure - c.credit_limit)}`;
  const decision = { approved, reason, exposure, openReceivables, unbilledOrders: input.unbilledOrders, limit: c.credit_limit };
  await record(tx, s, input.orderId, c, input.amount, decision, approved ? 'approved' : 'held');
  return decision;
}

/** A person with the credit role lets a held order through; recorded with who and why. */
export async function recordRelease(
  tx: Sql, s: Scope, input: { customer: Customer; orderId: string; amount: bigint; unbilledOrders: bigint; reason: string },
): Promise<void> {
  const openReceivables = await openBalance(tx, s.tenantId, input.customer.id, input.customer.currency);
  await record(tx, s, input.orderId, input.customer, input.amount, {
    approved: true, reason: input.reason, exposure: openReceivables + input.unbilledOrders + input.amount,
    openReceivables, unbilledOrders: input.unbilledOrders, limit: input.customer.credit_limit,
  }, 'released');
}

async function record(tx: Sql, s: Scope, orderId: string, c: Customer, amount: bigint, d: CreditDecision, outcome: string) {
  await tx.query(
    `INSERT INTO credit_decisions (tenant_id, id, order_id, customer_id, outcome, currency, order_amount, open_receivables,
       unbilled_orders, credit_limit, reason, decided_at, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [s.tenantId, uuidv7(), orderId, c.id, outcome, c.currency, amount, d.openReceivables, d.unbilledOrders, d.limit, d.reason,
      s.now, s.actor.name],
  );
}

export async function creditDecisions(db: Db | Sql, tenantId: string, orderId: string) {
  return db.query(
    `SELECT outcome, currency, order_amount, open_receivables, unbilled_orders, credit_limit, reason, decided_at, decided_by
       FROM credit_decisions WHERE tenant_id = $1 AND order_id = $2 ORDER BY id`, [tenantId, orderId]);
}
