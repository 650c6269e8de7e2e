import type { Db, Sql } from '../db/db.ts';
import { parseRate } from '../fx/rate.ts';
import { formatAmount } from '../shared/money.ts';

export interface TrialBalanceRow {
  account: string;
  name: string;
  type: string;
  currency: string;
  debit: bigint;
  credit: bigint;
  balance: bigint; // debit - credit
}

export interface TrialBalance {
  asOf: string | null;
  rows: TrialBalanceRow[];
  totals: { currency: string; debit: bigint; credit: bigint; balanced: boolean }[];
}

/**
 * The trial balance as of a day (all entries when asOf is left out). Per currency (the default): each entry's
 * own currency, one block per currency, each of which balances. With `base: true`: every line in the tenant's
 * base (accounting) currency, one block that balances as a whole; realised FX gains and losses show only here.
 */
export async function trialBalance(db: Db | Sql, tenantId: string, asOf?: string, opts: { base?: boolean } = {}): Promise<TrialBalance> {
  const rows = opts.base
    ? await db.query<{ account: string; name: string; type: string; currency: string; debit: bigint; credit: bigint }>(
      `SELECT l.account_code AS account, a.name, a.type, t.base_currency AS currency,
              COALESCE(SUM(l.base_debit), 0)::bigint AS debit, COALESCE(SUM(l.base_credit), 0)::bigint AS credit
         FROM journal_lines l
         JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
         JOIN accounts a ON a.tenant_id = l.tenant_id AND a.code = l.account_code
         JOIN tenants t ON t.id = l.tenant_id
        WHERE l.tenant_id = $1 AND ($2::date IS NULL OR e.entry_date <= $2::date)
        GROUP BY l.account_code, a.name, a.type, t.base_currency
        ORDER BY l.account_code`,
      [tenantId, asOf ?? null])
    // Lines with an amount in base only (exchange differences) are nothing in their entry's currency.
    : await db.query<{ account: string; name: string; type: string; currency: string; debit: bigint; credit: bigint }>(
      `SELECT l.account_code AS account, a.name, a.type, e.currency,
              COALESCE(SUM(l.debit), 0)::bigint AS debit, COALESCE(SUM(l.credit), 0)::bigint AS credit
         FROM journal_lines l
         JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
         JOIN accounts a ON a.tenant_id = l.tenant_id AND a.code = l.account_code
        WHERE l.tenant_id = $1 AND ($2::date IS NULL OR e.entry_date <= $2::date) AND (l.debit <> 0 OR l.credit <> 0)
        GROUP BY l.account_code, a.name, a.type, e.currency
        ORDER BY e.currency, l.account_code`,
      [tenantId, asOf ?? null]);
  const totals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { debit: 0n, credit: 0n };
    t.debit += r.debit;
    t.credit += r.credit;
    totals.set(r.currency, t);
  }
  return {
    asOf: asOf ?? null,
    rows: rows.map((r) => ({ ...r, balance: r.debit - r.credit })),
    totals: [...totals].map(([currency, t]) => ({ currency, ...t, balanced: t.debit === t.credit })),
  };
}

/** Balance of one account in the base currency (debit − credit), optionally for one customer. */
export async function baseAccountBalance(db: Db | Sql, tenantId: string, account: string, customerId?: string): Promise<bigint> {
  const [row] = await db.query<{ balance: bigint }>(
    `SELECT COALESCE(SUM(base_debit - base_credit), 0)::bigint AS balance FROM journal_lines
      WHERE tenant_id = $1 AND account_code = $2 AND ($3::uuid IS NULL OR customer_id = $3::uuid)`,
    [tenantId, account, customerId ?? null]);
  return row.balance;
}

/** Balance of one account per currency, optionally for one customer (the receivables control, per customer). */
export async function accountBalances(
  db: Db | Sql,
  tenantId: string,
  account: string,
  customerId?: string,
): Promise<Map<string, bigint>> {
  const rows = await db.query<{ currency: string; balance: bigint }>(
    `SELECT e.currency, COALESCE(SUM(l.debit - l.credit), 0)::bigint AS balance
       FROM journal_lines l JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
      WHERE l.tenant_id = $1 AND l.account_code = $2 AND ($3::uuid IS NULL OR l.customer_id = $3::uuid)
      GROUP BY e.currency`,
    [tenantId, account, customerId ?? null],
  );
  return new Map(rows.map((r) => [r.currency, r.balance]));
}

export function trialBalanceJson(tb: TrialBalance) {
  return {
    as_of: tb.asOf,
    rows: tb.rows.map((r) => ({
      account: r.account, name: r.name, type: r.type, currency: r.currency,
      debit: formatAmount(r.debit, r.currency), credit: formatAmount(r.credit, r.currency),
      balance: formatAmount(r.balance, r.currency),
    })),
    totals: tb.totals.map((t) => ({
      currency: t.currency, debit: formatAmount(t.debit, t.currency), credit: formatAmount(t.credit, t.currency),
      balanced: t.balanced,
    })),
  };
}

export async function journal(db: Db | Sql, tenantId: string, limit = 200) {
  const entries = await db.query<{ id: string; source_key: string; entry_date: string; description: string; currency: string; posted_at: Date; posted_by: string; reverses_entry_id: string | null }>(
    `SELECT id, source_key, entry_date, description, currency, posted_at, posted_by, reverses_entry_id
       FROM journal_entries WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`,
    [tenantId, limit],
  );
  if (!entries.length) return [];
  const [{ base_currency: base }] = await db.query<{ base_currency: string }>('SELECT base_currency FROM tenants WHERE id = $1', [tenantId]);
  const lines = await db.query<{ entry_id: string; line_no: number; account_code: string; debit: bigint; credit: bigint; customer_id: string | null;
    base_debit: bigint; base_credit: bigint; rate: string | null }>(
    `SELECT entry_id, line_no, account_code, debit, credit, customer_id, base_debit, base_credit, rate::text AS rate FROM journal_lines
      WHERE tenant_id = $1 AND entry_id = ANY($2::uuid[]) ORDER BY entry_id, line_no`,
    [tenantId, entries.map((e) => e.id)],
  );
  return entries.map((e) => ({
    ...e,
    base_currency: base,
    lines: lines.filter((l) => l.entry_id === e.id).map((l) => ({
      account: l.account_code, debit: formatAmount(l.debit, e.currency), credit: formatAmount(l.credit, e.currency),
      customer_id: l.customer_id,
      // In the base currency; the rate the line was converted at (null: base-currency entry, or an FX difference or a closing line).
      base_debit: formatAmount(l.base_debit, base), base_credit: formatAmount(l.base_credit, base),
      rate: l.rate === null || e.currency === base ? null : parseRate(l.rate),
    })),
  }));
}
