import type { Sql } from '../db/db.ts';
import { baseCurrency } from '../fx/rates.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { post, type Posting } from './post.ts';

/**
 * Posts many entries in two statements (entries, then their lines) instead of two per entry: for bulk work such
 * as a cash application run. Entries in the base currency only take this path; the others go through post(),
 * which tracks their foreign-currency positions. Every entry balances (asserted) and is posted once: a source
 * key posted before fails the whole call, as post() does for one.
 */
export async function postMany(tx: Sql, s: Scope, postings: Posting[]): Promise<void> {
  if (!postings.length) return;
  const base = await baseCurrency(tx, s);
  const foreign = postings.filter((p) => p.currency !== base);
  const local = postings.filter((p) => p.currency === base);
  for (const p of foreign) await post(tx, s, p);
  if (!local.length) return;
  const entries = local.map((p) => {
    const lines = p.lines.filter((l) => (l.debit ?? 0n) !== 0n || (l.credit ?? 0n) !== 0n);
    let balance = 0n;
    for (const l of lines) {
      const debit = l.debit ?? 0n;
      const credit = l.credit ?? 0n;
      assert(debit >= 0n && credit >= 0n && (debit === 0n || credit === 0n), `entry ${p.sourceKey}: a line debits or credits a positive amount`);
      assert(l.baseDebit === undefined && l.baseCredit === undefined, `entry ${p.sourceKey} is in the base currency: no other base amount`);
      balance += debit - credit;
    }
    assert(balance === 0n, `entry ${p.sourceKey} unbalanced by ${balance}`);
    assert(lines.length >= 2, `entry ${p.sourceKey} has fewer than two lines`);
    return { id: uuidv7(), p, lines };
  });
  const inserted = await tx.query<{ source_key: string }>(
    `INSERT INTO journal_entries (tenant_id, id, source_key, entry_date, description, currency, posted_at, posted_by)
     SELECT $1, v.id, v.source_key, v.entry_date, v.description, v.currency, $2, $3
       FROM unnest($4::uuid[], $5::text[], $6::date[], $7::text[], $8::text[]) AS v(id, source_key, entry_date, description, currency)
     ON CONFLICT (tenant_id, source_key) DO NOTHING RETURNING source_key`,
    [s.tenantId, s.now, s.actor.name, entries.map((e) => e.id), entries.map((e) => e.p.sourceKey), entries.map((e) => e.p.date ?? today(s)),
      entries.map((e) => e.p.description), entries.map((e) => e.p.currency)]);
  if (inserted.length !== entries.length) {
    const done = new Set(inserted.map((r) => r.source_key));
    throw new Failure('conflict', `already posted: ${entries.find((e) => !done.has(e.p.sourceKey))!.p.sourceKey}`);
  }
  const rows = entries.flatMap((e) => e.lines.map((l, i) => ({ entry: e.id, n: i + 1, l })));
  await tx.query(
    `INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_code, debit, credit, customer_id, base_debit, base_credit, rate, position_key)
     SELECT $1, v.entry, v.n, v.account, v.debit, v.credit, v.customer, v.debit, v.credit, NULL, NULL
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::bigint[], $6::bigint[], $7::uuid[]) AS v(entry, n, account, debit, credit, customer)`,
    [s.tenantId, rows.map((r) => r.entry), rows.map((r) => r.n), rows.map((r) => r.l.account), rows.map((r) => r.l.debit ?? 0n),
      rows.map((r) => r.l.credit ?? 0n), rows.map((r) => r.l.customerId ?? null)]);
}
