import type { Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import type { AccountCode } from './chart.ts';

export interface PostingLine {
  account: AccountCode;
  debit?: bigint;
  credit?: bigint;
  /** Set on receivable and unapplied-cash lines so the subledger can be tied out per customer. */
  customerId?: string;
}

export interface Posting {
  /** What caused the entry, unique per tenant ("invoice:<id>"): posting the same event twice is refused. */
  sourceKey: string;
  description: string;
  currency: string;
  date?: string;
  lines: PostingLine[];
}

/**
 * Posts one journal entry in the caller's transaction. Entries are immutable: a correction is a reversal
 * (reverse()), never an update. Zero lines are dropped so that e.g. a zero-tax invoice has no tax line.
 */
export async function post(tx: Sql, s: Scope, p: Posting): Promise<string> {
  const lines = p.lines
    .map((l) => ({ ...l, debit: l.debit ?? 0n, credit: l.credit ?? 0n }))
    .filter((l) => l.debit !== 0n || l.credit !== 0n);
  let debits = 0n;
  let credits = 0n;
  for (const l of lines) {
    assert(l.debit >= 0n && l.credit >= 0n, `negative amount on ${l.account} in ${p.sourceKey}`);
    assert(l.debit === 0n || l.credit === 0n, `line both debits and credits ${l.account} in ${p.sourceKey}`);
    debits += l.debit;
    credits += l.credit;
  }
  assert(debits === credits, `entry ${p.sourceKey} unbalanced: debits ${debits} credits ${credits}`);
  if (lines.length === 0) return '';
  assert(lines.length >= 2, `entry ${p.sourceKey} has a single line`);

  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO journal_entries (tenant_id, id, source_key, entry_date, description, currency, posted_at, posted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, source_key) DO NOTHING RETURNING id`,
    [s.tenantId, id, p.sourceKey, p.date ?? today(s), p.description, p.currency, s.now, s.actor.name],
  );
  if (!inserted.length) throw new Failure('conflict', `already posted: ${p.sourceKey}`);
  await insertLines(tx, s.tenantId, id, lines);
  return id;
}

async function insertLines(
  tx: Sql,
  tenantId: string,
  entryId: string,
  lines: { account: string; debit: bigint; credit: bigint; customerId?: string }[],
): Promise<void> {
  await tx.query(
    `INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_code, debit, credit, customer_id)
     SELECT $1, $2, v.n, v.account, v.debit, v.credit, v.customer
       FROM unnest($3::int[], $4::text[], $5::bigint[], $6::bigint[], $7::uuid[]) AS v(n, account, debit, credit, customer)`,
    [tenantId, entryId, lines.map((_, i) => i + 1), lines.map((l) => l.account), lines.map((l) => l.debit), lines.map((l) => l.credit),
      lines.map((l) => l.customerId ?? null)],
  );
}

/** Posts the mirror image of an entry (debits and credits swapped), linked to the original. */
export async function reverse(tx: Sql, s: Scope, sourceKey: string, reason: string): Promise<string> {
  const [orig] = await tx.query<{ id: string; currency: string; description: string }>(
    'SELECT id, currency, description FROM journal_entries WHERE tenant_id = $1 AND source_key = $2',
    [s.tenantId, sourceKey],
  );
  if (!orig) throw new Failure('not_found', `no entry for ${sourceKey}`);
  const lines = await tx.query<{ account_code: string; debit: bigint; credit: bigint; customer_id: string | null }>(
    'SELECT account_code, debit, credit, customer_id FROM journal_lines WHERE tenant_id = $1 AND entry_id = $2 ORDER BY line_no',
    [s.tenantId, orig.id],
  );
  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO journal_entries
       (tenant_id, id, source_key, entry_date, description, currency, reverses_entry_id, posted_at, posted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, source_key) DO NOTHING RETURNING id`,
    [s.tenantId, id, `reversal:${sourceKey}`, today(s), `Reversal of ${orig.description}: ${reason}`, orig.currency,
      orig.id, s.now, s.actor.name],
  );
  if (!inserted.length) throw new Failure('conflict', `already reversed: ${sourceKey}`);
  await insertLines(
    tx, s.tenantId, id,
    lines.map((l) => ({ account: l.account_code, debit: l.credit, credit: l.debit, customerId: l.customer_id ?? undefined })),
  );
  return id;
}
