import { writeAtCommit, type Db, type Sql } from '../db/db.ts';
import type { Customer } from '../customers/customers.ts';
import { openBalances, paymentBehaviour } from '../receivables/behaviour.ts';
import { addDays } from '../shared/dates.ts';
import { uuidv7 } from '../shared/ids.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { memoized, today } from '../shared/scope.ts';
import { creditSettings } from './settings.ts';

export interface CreditDecision {
  approved: boolean;
  /** Approved over the limit by the good-payer rule. */
  automatic: boolean;
  reason: string;
  exposure: bigint; // open receivables + unbilled orders + this order
  openReceivables: bigint;
  unbilledOrders: bigint;
  limit: bigint | null;
}

export interface CreditInput {
  /** The customer, its row locked by the caller (and its parent's before it), so that concurrent orders queue. */
  customer: Customer;
  /** The head office whose limit also covers this customer, locked too. */
  parent: Customer | null;
  /** Every customer under the same head office (itself included), for the group exposure. */
  groupIds: string[];
  orderId: string;
  amount: bigint;
  /** Confirmed and shipped-not-invoiced orders per customer of the group, this order left out. */
  unbilled: Map<string, bigint>;
}

/**
 * The credit check, the same at every entry point (new order, amendment, reopened or copied order, import,
 * EDI): exposure = open receivables + unbilled orders + this order, against the customer's own limit and,
 * for a branch, against its head office's limit over the whole group. Over a limit, a returning customer
 * that pays well is approved automatically within the tolerated overrun (credit settings); anyone else
 * waits for a person in the credit review queue.
 */
export async function checkCredit(tx: Sql, s: Scope, input: CreditInput): Promise<CreditDecision> {
  const c = input.customer;
  const root = input.parent ?? c;
  const ar = await openBalances(tx, s.tenantId, input.groupIds, c.currency);
  const own = { ar: ar.get(c.id) ?? 0n, unbilled: input.unbilled.get(c.id) ?? 0n };
  const exposure = own.ar + own.unbilled + input.amount;
  const groupExposure = input.groupIds.reduce((t, id) => t + (ar.get(id) ?? 0n) + (input.unbilled.get(id) ?? 0n), 0n) + input.amount;
  const fmt = (v: bigint) => `${formatAmount(v, c.currency)} ${c.currency}`;

  const breaches: { what: string; exposure: bigint; limit: bigint }[] = [];
  if (c.credit_limit !== null && exposure > c.credit_limit) breaches.push({ what: `exposure ${fmt(exposure)} exceeds the limit ${fmt(c.credit_limit)}`, exposure, limit: c.credit_limit });
  const isGroup = input.groupIds.length > 1;
  if (isGroup && root.credit_limit !== null && groupExposure > root.credit_limit) {
    breaches.push({ what: `group exposure ${fmt(groupExposure)} exceeds ${root.customer_number}'s group limit ${fmt(root.credit_limit)}`, exposure: groupExposure, limit: root.credit_limit });
  }

  let approved = breaches.length === 0;
  let automatic = false;
  let reason: string;
  if (approved) {
    const parts = [c.credit_limit === null ? 'no credit limit set' : `exposure ${fmt(exposure)} within limit ${fmt(c.credit_limit)}`];
    if (isGroup && root.credit_limit !== null) parts.push(`group exposure ${fmt(groupExposure)} within ${fmt(root.credit_limit)}`);
    reason = parts.join('; ');
  } else {
    const settings = await memoized(s, 'credit-settings', () => creditSettings(tx, s.tenantId));
    const asOf = today(s);
    const b = await paymentBehaviour(tx, s.tenantId, [c.id], addDays(asOf, -30 * settings.history_months), asOf);
    const withinOverrun = breaches.every((x) => x.exposure * 1_000_000n <= x.limit * BigInt(1_000_000 + settings.overrun_ppm));
    const goodPayer = b.paidItems >= settings.min_paid_items && b.maxDaysLate <= settings.max_days_late && b.overdueAmount === 0n;
    if (settings.auto_approve && goodPayer && withinOverrun) {
      approved = true;
      automatic = true;
      reason = `${breaches.map((x) => x.what).join('; ')}, approved automatically: good payment history (${b.paidItems} items paid in ${settings.history_months} months, at most ${b.maxDaysLate} days late, nothing overdue) and within the ${settings.overrun_ppm / 10000} % tolerance`;
    } else {
      reason = breaches.map((x) => x.what).join('; ');
      if (b.overdueAmount > 0n) reason += `; ${fmt(b.overdueAmount)} overdue now (up to ${b.maxDaysOverdue} days)`;
    }
  }
  const decision: CreditDecision = { approved, automatic, reason, exposure, openReceivables: own.ar, unbilledOrders: own.unbilled, limit: c.credit_limit };
  await record(tx, s, input.orderId, c, input.amount, decision, approved ? 'approved' : 'held');
  return decision;
}

/** A person with the credit role lets a held order through; recorded with who and why. */
export async function recordRelease(
  tx: Sql, s: Scope, input: { customer: Customer; orderId: string; amount: bigint; unbilledOrders: bigint; reason: string },
): Promise<void> {
  const ar = (await openBalances(tx, s.tenantId, [input.customer.id], input.customer.currency)).get(input.customer.id) ?? 0n;
  await record(tx, s, input.orderId, input.customer, input.amount, {
    approved: true, automatic: false, reason: input.reason, exposure: ar + input.unbilledOrders + input.amount,
    openReceivables: ar, unbilledOrders: input.unbilledOrders, limit: input.customer.credit_limit,
  }, 'released');
}

type DecisionRow = [string, string, string, string, string, string, bigint, bigint, bigint, bigint | null, string, Date, string];
const unwritten = new WeakMap<Sql, DecisionRow[]>();

/** Decisions are kept for the audit trail and read only after the fact: they are written once, before the commit. */
async function record(tx: Sql, s: Scope, orderId: string, c: Customer, amount: bigint, d: CreditDecision, outcome: string) {
  let rows = unwritten.get(tx);
  if (!rows) {
    const list: DecisionRow[] = [];
    rows = list;
    unwritten.set(tx, list);
    writeAtCommit(tx, () => {
      unwritten.delete(tx);
      const col = (i: number) => list.map((r) => r[i]);
      return [{
        sql: `INSERT INTO credit_decisions (tenant_id, id, order_id, customer_id, outcome, currency, order_amount, open_receivables,
           unbilled_orders, credit_limit, reason, decided_at, decided_by)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
           $10::bigint[], $11::text[], $12::timestamptz[], $13::text[])`,
        params: Array.from({ length: 13 }, (_, i) => col(i)),
      }];
    });
  }
  rows.push([s.tenantId, uuidv7(), orderId, c.id, outcome, c.currency, amount, d.openReceivables, d.unbilledOrders, d.limit, d.reason, s.now, s.actor.name]);
}

export async function creditDecisions(db: Db | Sql, tenantId: string, orderId: string) {
  return db.query(
    `SELECT outcome, currency, order_amount, open_receivables, unbilled_orders, credit_limit, reason, decided_at, decided_by
       FROM credit_decisions WHERE tenant_id = $1 AND order_id = $2 ORDER BY id`, [tenantId, orderId]);
}
