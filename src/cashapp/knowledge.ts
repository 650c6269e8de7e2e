import type { Db, Sql } from '../db/db.ts';
import { customersForMatching } from '../customers/for-matching.ts';
import type { Scope } from '../shared/scope.ts';
import type { MatchCustomer, PayerKnowledge } from './match/index.ts';
import { nameWords } from './match/names.ts';
import { numberKey, remittancePatterns } from './match/references.ts';

export const accountKey = (account: string) => account.replace(/\s/g, '').toUpperCase();

/** Customers and what identifies them as payers: the IBAN in their master data, and what people taught. */
export async function loadPayers(db: Db | Sql, tenantId: string): Promise<{ customers: MatchCustomer[]; knowledge: PayerKnowledge }> {
  const [customers, accounts, aliases, patterns] = await Promise.all([
    customersForMatching(db, tenantId),
    db.query<{ account_key: string; customer_id: string }>('SELECT account_key, customer_id FROM payer_accounts WHERE tenant_id = $1', [tenantId]),
    db.query<{ alias_key: string; customer_id: string }>('SELECT alias_key, customer_id FROM payer_aliases WHERE tenant_id = $1', [tenantId]),
    db.query<{ pattern: string; customer_id: string }>('SELECT pattern, customer_id FROM remittance_patterns WHERE tenant_id = $1', [tenantId]),
  ]);
  const knowledge: PayerKnowledge = { accounts: new Map(), aliases: new Map(), patterns: new Map(patterns.map((p) => [p.pattern, p.customer_id])) };
  for (const c of customers) if (c.iban) knowledge.accounts.set(accountKey(c.iban), c.id);
  for (const a of accounts) knowledge.accounts.set(a.account_key, a.customer_id);
  for (const a of aliases) knowledge.aliases.set(a.alias_key, a.customer_id);
  return { customers: customers.map((c) => ({ id: c.id, number: c.customer_number, name: c.name, currency: c.currency })), knowledge };
}

/**
 * What a person's match teaches: the payer's account and name belong to this customer. The next payment from
 * that account or under that name is identified without a person.
 */
export async function learnPayer(
  tx: Sql, s: Scope, customerId: string,
  p: { iban?: string | null; account?: string | null; name?: string | null; remittance?: string; documents?: string[] },
): Promise<void> {
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
  // Tokens of the remittance that name no document of this match: a pattern of this payer's. One that two
  // customers write identifies neither, so it is forgotten.
  const documents = new Set((p.documents ?? []).map(numberKey));
  for (const token of remittancePatterns(p.remittance ?? '').filter((t) => !documents.has(t))) {
    const [known] = await tx.query<{ customer_id: string }>('SELECT customer_id FROM remittance_patterns WHERE tenant_id = $1 AND pattern = $2', [s.tenantId, token]);
    if (known && known.customer_id !== customerId) {
      await tx.query('DELETE FROM remittance_patterns WHERE tenant_id = $1 AND pattern = $2', [s.tenantId, token]);
    } else if (!known) {
      await tx.query('INSERT INTO remittance_patterns (tenant_id, pattern, customer_id, learned_at) VALUES ($1, $2, $3, $4)', [s.tenantId, token, customerId, s.now]);
    }
  }
}
