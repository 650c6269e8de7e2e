import type { Sql } from '../db/db.ts';
import { checkCredit, type CreditDecision } from '../credit/check.ts';
import { childrenOf, lockCustomer, lockCustomerWithFamily, type Customer } from '../customers/customers.ts';
import type { Scope } from '../shared/scope.ts';
import { verifyOrder, type VerificationResult } from '../verification/verify-order.ts';
import type { HoldKind, Order, OrderLine } from './model.ts';
import { orderFacts, unbilledByCustomer } from './queries.ts';

export interface CreditGroup {
  customer: Customer;
  parent: Customer | null;
  groupIds: string[];
}

/**
 * Locks what a credit decision reads: the customer, then its head office — always in that order (a head
 * office's own orders lock only the head office), so orders of one group queue instead of deadlocking.
 */
export async function lockCreditGroup(tx: Sql, s: Scope, customerId: string): Promise<CreditGroup> {
  const { customer, hasChildren } = await lockCustomerWithFamily(tx, s, customerId);
  const parent = customer.parent_id ? await lockCustomer(tx, s, customer.parent_id) : null;
  if (!parent && !hasChildren) return { customer, parent, groupIds: [customer.id] };
  const root = parent ?? customer;
  const children = await childrenOf(tx, s.tenantId, root.id);
  return { customer, parent, groupIds: [root.id, ...children.map((c) => c.id)] };
}

export interface Hold {
  kind: HoldKind;
  reasons: string[];
}

export interface CheckOutcome {
  holds: Hold[];
  credit: CreditDecision | null;
  verification: VerificationResult;
}

export async function creditCheck(tx: Sql, s: Scope, order: Order, g: CreditGroup, unbilled?: Map<string, bigint>): Promise<CreditDecision> {
  unbilled ??= await unbilledByCustomer(tx, s.tenantId, g.groupIds, order.currency, order.id);
  return checkCredit(tx, s, { customer: g.customer, parent: g.parent, groupIds: g.groupIds, orderId: order.id, amount: order.total, unbilled });
}

/** Verification, fraud and credit: every check an order passes before it may reserve stock. */
export async function runChecks(tx: Sql, s: Scope, order: Order, lines: OrderLine[], g: CreditGroup): Promise<CheckOutcome> {
  const c = g.customer;
  const facts = await orderFacts(tx, s.tenantId, c.id, g.groupIds, order.currency, order.id, s.now);
  const verification = await verifyOrder(tx, s, {
    customer: c,
    shipTo: order.ship_to ?? { name: c.name, address_line: c.address_line, city: c.city, postal_code: c.postal_code, country: c.country },
    currency: order.currency,
    total: order.total,
    lines: lines.map((l) => ({ lineNo: l.line_no, productId: l.product_id, sku: l.sku, quantity: l.quantity, unitPrice: l.unit_price, listPrice: l.list_price })),
    history: facts.history,
  });
  const credit = await creditCheck(tx, s, order, g, facts.unbilled);
  const holds: Hold[] = [];
  // The caller writes the flags with the order's new status.
  order.flags = [...order.flags.filter((f) => f.code !== 'address_incomplete'), ...verification.warnings.map((w) => ({ code: 'address_incomplete' as const, message: w }))];
  if (verification.failures.length) holds.push({ kind: 'verification', reasons: verification.failures.map((f) => f.reason) });
  if (verification.fraudHold) {
    holds.push({ kind: 'fraud', reasons: [`fraud score ${verification.fraud.score}`, ...verification.fraud.signals.map((x) => `${x.reason} (+${x.points})`)] });
  }
  if (!credit.approved) holds.push({ kind: 'credit', reasons: [credit.reason] });
  return { holds, credit, verification };
}
