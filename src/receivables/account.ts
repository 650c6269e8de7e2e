import { creditNoteJson, creditNotesOfCustomer } from '../billing/credit-notes.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Db } from '../db/db.ts';
import { CUSTOMER_CREDIT_METHOD } from '../payments/refunds.ts';
import { applicationsOfCustomer, listPayments, type Payment } from '../payments/payments.ts';
import { daysBetween } from '../shared/dates.ts';
import { formatAmount } from '../shared/money.ts';
import { itemJson, openItems } from './items.ts';

/**
 * A customer's account as the receivables clerk sees it: open items (invoices and their instalments, migrated
 * items, fees, interest) with days past due, what the customer has to its credit (payments on account not yet
 * applied, credits held from credit notes), its credit notes, the applications and their undoing, newest first,
 * and the balance per currency (open items − credits).
 */
export async function customerAccount(db: Db, tenantId: string, customerId: string, asOf: string, o: { includeSettled?: boolean } = {}) {
  const customer = await getCustomer(db, tenantId, customerId);
  const [items, payments, notes, applications] = await Promise.all([
    openItems(db, tenantId, { customerId: customer.id, includeSettled: o.includeSettled }),
    listPayments(db, tenantId, customer.id),
    creditNotesOfCustomer(db, tenantId, customer.id),
    applicationsOfCustomer(db, tenantId, customer.id),
  ]);
  const unapplied = payments.filter((p) => p.unapplied > 0n);
  const credit = (p: Payment) => ({
    payment_id: p.id, payment_number: p.payment_number, method: p.method, reference: p.reference, received_on: p.received_on, currency: p.currency,
    amount: formatAmount(p.amount, p.currency), unapplied: formatAmount(p.unapplied, p.currency),
  });
  const balances = new Map<string, { open: bigint; credits: bigint }>();
  const add = (currency: string, open: bigint, credits: bigint) => {
    const b = balances.get(currency) ?? { open: 0n, credits: 0n };
    balances.set(currency, { open: b.open + open, credits: b.credits + credits });
  };
  for (const i of items) add(i.currency, i.open_amount, 0n);
  for (const p of unapplied) add(p.currency, 0n, p.unapplied);
  return {
    as_of: asOf,
    customer: { id: customer.id, customer_number: customer.customer_number, name: customer.name, currency: customer.currency, payment_terms: customer.payment_terms },
    items: items.map((i) => ({ ...itemJson(i), days_past_due: i.open_amount > 0n ? daysBetween(i.due_date, asOf) : null })),
    payments_on_account: unapplied.filter((p) => p.method !== CUSTOMER_CREDIT_METHOD).map(credit),
    credits: unapplied.filter((p) => p.method === CUSTOMER_CREDIT_METHOD).map(credit),
    credit_notes: notes.map(creditNoteJson),
    applications: applications.map((a) => ({ ...a, amount: formatAmount(a.amount, a.currency) })),
    balances: [...balances].map(([currency, b]) => ({
      currency, open_items: formatAmount(b.open, currency), credits: formatAmount(b.credits, currency), balance: formatAmount(b.open - b.credits, currency),
    })),
  };
}
