import type { Db, Sql } from '../db/db.ts';
import { customersForMatching } from '../customers/for-matching.ts';
import type { Scope } from '../shared/scope.ts';
import type { MatchCustomer, PayerKnowledge } from './match/index.ts';
import { nameWords } from './match/names.ts';

export const accountKey = (account: string) => account.replace(/\s/g, '').toUpperCase();

/** Customers and what identifies them as payers: the IBAN in their master data, and what people taught. */
export async function loadPayers(db: Db | Sql, tenantId: string): Promise<{ customers: MatchCustomer[]; knowledge: PayerKnowledge }> {
  const [customers, accounts, aliases] = await Promise.all([
    customersForMatching(db, tenantId),
    db.query<{ account_key: string; customer_id: string }>('SELECT account_key, customer_id FROM payer_accounts WHERE tenant_id = $1', [tenantId]),
    db.query<{ alias_key: string; customer_id: string }>('SELECT alias_key, customer_id FROM payer_aliases WHERE tenant_id = $1', [tenantId]),
  ]);
  const knowledge: PayerKnowledge = { accounts: new Map(), aliases: new Map() };
  for (const c of customers) if (c.iban) knowledge.accounts.set(accountKey(c.iban), c.id);
  for (const a of accounts) knowledge.accounts.set(a.account_key, a.customer_id);
  for (const a of aliases) knowledge.aliases.set(a.alias_key, a.customer_id);
  return { customers: customers.map((c) => ({ id: c.id, number: c.customer_number, name: c.name, currency: c.currency })), knowledge };
}

/**
 * What a person's match teaches: the payer's account and name belong to this customer. The next payment from
 * that account or under that name is identified without a person.
 */
export async function learnPayer(tx: Sql, s: Scope, customerId: string, p: { iban?: string | null; account?: string | null; name?: string | null }): Promise<void> {
  for (const acc of [p.iban, p.account]) {
    if (!acc?.trim()) continue;
    await tx.query(
      `INSERT INTO payer_accounts (tenant_id, account_key, customer_id, learned_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, account_key) DO UPDATE SET customer_id = EXCLUDED.customer_id, learned_at = EXCLUDED.learned_at`,
      [s.tenantId, accountKey(acc), customerId, s.now]);
  }
  const words = p.name ? nameWords(p.name) : [];
  if (words.length) {
    await tx.query(
      `INSERT INTO payer_aliases (tenant_id, alias_key, customer_id, learned_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, alias_key) DO UPDATE SET customer_id = EXCLUDED.customer_id, learned_at = EXCLUDED.learned_at`,
      [s.tenantId, words.join(' '), customerId, s.now]);
  }
}
