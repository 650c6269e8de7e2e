import type { Sql } from '../db/db.ts';
import { convert, isUnitRate, parseRate, type Rate } from '../fx/rate.ts';
import { baseCurrency, rateFor } from '../fx/rates.ts';
import { uuidv7 } from '../shared/ids.ts';
import { assert, Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { ACCOUNTS, type AccountCode } from './chart.ts';

export interface PostingLine {
  account: AccountCode;
  debit?: bigint;
  credit?: bigint;
  /** Set on receivable and unapplied-cash lines so the subledger can be tied out per customer. */
  customerId?: string;
  /**
   * The line's amount in the base currency when it is not a conversion of debit/credit, e.g. a base-only
   * exchange difference (debit and credit 0). Only entries not in the base currency may differ from debit/credit.
   */
  baseDebit?: bigint;
  baseCredit?: bigint;
  /**
   * The foreign-currency position the line moves (POSITION.receivable(invoiceId), POSITION.payment(paymentId)):
   * see post() for what that does. Kept only on entries not in the base currency.
   */
  position?: string;
}

export interface Posting {
  /** What caused the entry, unique per tenant ("invoice:<id>"): posting the same event twice is refused. */
  sourceKey: string;
  description: string;
  currency: string;
  date?: string;
  /**
   * Units of the base currency per unit of `currency` (exact decimal text), for an entry not in the base
   * currency; when left out, the rate of the entry's date from the rates table (rateOn), asked only when some
   * line needs it. Entries in the base currency take no rate (or "1").
   */
  rate?: Rate;
  lines: PostingLine[];
}

/** Keys of the foreign-currency positions that post() tracks. */
export const POSITION = {
  /** An invoice's receivable: opened by the invoice, moved by credit notes and applications. */
  receivable: (invoiceId: string) => `receivable:${invoiceId}`,
  /** A payment's (or customer credit's) unapplied cash: opened when received, moved by applications and refunds. */
  payment: (paymentId: string) => `payment:${paymentId}`,
};

/** What the ledger holds on a position before an entry: amounts in the entry currency and in base, and its rate. */
export interface PositionState {
  amount: bigint;
  base: bigint;
  /** The rate it was opened at (its first converted line's). */
  rate: Rate | null;
}

/** A line as stored: base is signed (debit positive), rate what it was converted at (null: no conversion). */
export interface ResolvedLine {
  account: string;
  debit: bigint;
  credit: bigint;
  customerId?: string;
  position?: string;
  base: bigint;
  rate: Rate | null;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * The base-currency side of an entry not in the base currency (pure; post() runs it on what the ledger holds).
 *
 * 1. Each line is converted on its own at its rate and rounded half up to the base currency's minor unit
 *    (fx/rate.ts convert: exact product, one rounding, half away from zero). A line on a position that exists
 *    is converted at the rate the position was opened at (a receivable at its invoice's rate, unapplied cash
 *    at its payment's); every other line at the entry's rate. Explicit base amounts are taken as they are.
 * 2. A line that brings its position to zero in the entry currency takes exactly the base amount the position
 *    still carries, so a settled invoice or a spent payment leaves nothing behind in base either.
 * 3. If base debits and credits then differ:
 *    - all lines at one rate and no position closed: that is rounding (at most half a minor unit per line). The
 *      difference goes to the largest converted line (by base amount, the first of equals) of the side that is
 *      short, so no line turns negative: a receivable debit, say, when revenue and tax rounded up together.
 *    - otherwise it is a realised exchange difference: a base-only line on 7100 Realised FX gain (a base
 *      credit: more base came in, or less went out, than the position carried) or 7200 Realised FX loss.
 */
export function resolveBase(
  lines: PostingLine[], o: { sourceKey: string; currency: string; base: string; rate?: Rate; positions?: Map<string, PositionState> },
): ResolvedLine[] {
  const positions = o.positions ?? new Map<string, PositionState>();
  const out: (ResolvedLine & { converted: boolean })[] = [];
  for (const l of lines) {
    const debit = l.debit ?? 0n;
    const credit = l.credit ?? 0n;
    const explicit = l.baseDebit !== undefined || l.baseCredit !== undefined;
    const given = (l.baseDebit ?? 0n) - (l.baseCredit ?? 0n);
    if (debit === 0n && credit === 0n && given === 0n) continue;
    const line = { account: l.account, debit, credit, customerId: l.customerId, position: l.position };
    if (explicit) {
      out.push({ ...line, base: given, rate: null, converted: false });
      continue;
    }
    const rate = (l.position && positions.get(l.position)?.rate) || o.rate;
    assert(rate, `entry ${o.sourceKey} in ${o.currency} needs a rate for its ${l.account} line`);
    out.push({ ...line, base: convert(debit, rate, o.currency, o.base) - convert(credit, rate, o.currency, o.base), rate, converted: true });
  }

  let closed = false;
  for (const [key, prior] of positions) {
    const mine = out.filter((l) => l.position === key);
    if (!mine.length || prior.amount + mine.reduce((a, l) => a + l.debit - l.credit, 0n) !== 0n) continue;
    const last = mine[mine.length - 1];
    const exact = -(prior.base + mine.slice(0, -1).reduce((a, l) => a + l.base, 0n));
    if (exact !== last.base) {
      last.base = exact;
      closed = true;
    }
  }

  const diff = out.reduce((a, l) => a + l.base, 0n);
  if (diff !== 0n) {
    const converted = out.filter((l) => l.converted);
    if (!closed && new Set(converted.map((l) => l.rate)).size <= 1) {
      assert(converted.length > 0 && 2n * abs(diff) <= BigInt(converted.length),
        `entry ${o.sourceKey}: base debits and credits differ by ${diff}, more than rounding`);
      const short = converted.filter((l) => (l.debit > 0n) === (diff < 0n));
      const pool = short.length ? short : converted;
      const largest = pool.reduce((a, l) => (abs(l.base) > abs(a.base) ? l : a));
      largest.base -= diff;
    } else {
      out.push({ account: diff > 0n ? ACCOUNTS.fxGain : ACCOUNTS.fxLoss, debit: 0n, credit: 0n, base: -diff, rate: null, converted: false });
    }
  }
  return out.map(({ converted: _, ...l }) => l);
}

async function positionStates(tx: Sql, tenantId: string, keys: string[]): Promise<Map<string, PositionState>> {
  if (!keys.length) return new Map();
  const rows = await tx.query<{ position_key: string; amount: bigint; base: bigint; rate: string | null }>(
    `SELECT position_key, SUM(debit - credit)::bigint AS amount, SUM(base_debit - base_credit)::bigint AS base,
            (array_agg(rate::text ORDER BY entry_id, line_no) FILTER (WHERE rate IS NOT NULL))[1] AS rate
       FROM journal_lines WHERE tenant_id = $1 AND position_key = ANY($2::text[]) GROUP BY position_key`,
    [tenantId, keys]);
  return new Map(rows.map((r) => [r.position_key, { amount: r.amount, base: r.base, rate: r.rate === null ? null : parseRate(r.rate) }]));
}

/** What a position holds now, in its currency and in base (zero when nothing was posted to it). */
export async function positionBalance(tx: Sql, tenantId: string, key: string): Promise<PositionState> {
  return (await positionStates(tx, tenantId, [key])).get(key) ?? { amount: 0n, base: 0n, rate: null };
}

/**
 * Posts one journal entry in the caller's transaction. Entries are immutable: a correction is a reversal
 * (reverse()), never an update. Zero lines are dropped so that e.g. a zero-tax invoice has no tax line.
 * Every line is kept in the entry's currency and in the tenant's base currency (resolveBase says how), and
 * the entry balances in both.
 */
export async function post(tx: Sql, s: Scope, p: Posting): Promise<string> {
  const base = await baseCurrency(tx, s);
  const foreign = p.currency !== base;
  let debits = 0n;
  let credits = 0n;
  for (const l of p.lines) {
    const debit = l.debit ?? 0n;
    const credit = l.credit ?? 0n;
    assert(debit >= 0n && credit >= 0n, `negative amount on ${l.account} in ${p.sourceKey}`);
    assert(debit === 0n || credit === 0n, `line both debits and credits ${l.account} in ${p.sourceKey}`);
    assert((l.baseDebit ?? 0n) >= 0n && (l.baseCredit ?? 0n) >= 0n, `negative base amount on ${l.account} in ${p.sourceKey}`);
    assert(foreign || l.baseDebit === undefined && l.baseCredit === undefined || (l.baseDebit ?? 0n) === debit && (l.baseCredit ?? 0n) === credit,
      `entry ${p.sourceKey} is in the base currency ${base}: its ${l.account} line has no other base amount`);
    debits += debit;
    credits += credit;
  }
  assert(debits === credits, `entry ${p.sourceKey} unbalanced: debits ${debits} credits ${credits}`);
  const given = p.rate === undefined ? undefined : parseRate(p.rate);
  assert(given !== null && (foreign || given === undefined || isUnitRate(given)),
    `entry ${p.sourceKey} in ${p.currency}: "${p.rate}" is no rate${foreign ? '' : ` for it (${base} is the base currency: 1)`}`);

  let lines: ResolvedLine[];
  if (!foreign) {
    lines = p.lines
      .map((l) => ({ account: l.account, debit: l.debit ?? 0n, credit: l.credit ?? 0n, customerId: l.customerId, base: (l.debit ?? 0n) - (l.credit ?? 0n), rate: null }))
      .filter((l) => l.debit !== 0n || l.credit !== 0n);
  } else {
    const live = p.lines.filter((l) => l.debit || l.credit || l.baseDebit || l.baseCredit);
    const positions = await positionStates(tx, s.tenantId, [...new Set(live.flatMap((l) => (l.position ? [l.position] : [])))]);
    const needsRate = live.some((l) => l.baseDebit === undefined && l.baseCredit === undefined && !(l.position && positions.get(l.position)?.rate));
    const rate = given ?? (needsRate ? await rateFor(tx, s, p.currency, p.date ?? today(s)) : undefined);
    lines = resolveBase(live, { sourceKey: p.sourceKey, currency: p.currency, base, rate, positions });
  }
  const baseTotal = lines.reduce((a, l) => a + l.base, 0n);
  assert(baseTotal === 0n, `entry ${p.sourceKey} unbalanced in ${base}: base debits − credits = ${baseTotal}`);
  if (lines.length === 0) return '';
  assert(lines.length >= 2, `entry ${p.sourceKey} has a single line`);

  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO journal_entries (tenant_id, id, source_key, entry_date, description, currency, posted_at, posted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, source_key) DO NOTHING RETURNING id`,
    [s.tenantId, id, p.sourceKey, p.date ?? today(s), p.description, p.currency, s.now, s.actor.name],
  );
  if (!inserted.length) throw new Failure('conflict', `already posted: ${p.sourceKey}`);
  await insertLines(tx, s.tenantId, id, foreign ? lines : lines.map((l) => ({ ...l, position: undefined })));
  return id;
}

async function insertLines(tx: Sql, tenantId: string, entryId: string, lines: ResolvedLine[]): Promise<void> {
  await tx.query(
    `INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_code, debit, credit, customer_id, base_debit, base_credit, rate, position_key)
     SELECT $1, $2, v.n, v.account, v.debit, v.credit, v.customer, v.base_debit, v.base_credit, v.rate, v.position
       FROM unnest($3::int[], $4::text[], $5::bigint[], $6::bigint[], $7::uuid[], $8::bigint[], $9::bigint[], $10::numeric[], $11::text[])
         AS v(n, account, debit, credit, customer, base_debit, base_credit, rate, position)`,
    [tenantId, entryId, lines.map((_, i) => i + 1), lines.map((l) => l.account), lines.map((l) => l.debit), lines.map((l) => l.credit),
      lines.map((l) => l.customerId ?? null), lines.map((l) => (l.base > 0n ? l.base : 0n)), lines.map((l) => (l.base < 0n ? -l.base : 0n)),
      lines.map((l) => l.rate), lines.map((l) => l.position ?? null)],
  );
}

/** Posts the mirror image of an entry (debits and credits swapped, in both currencies), linked to the original. */
export async function reverse(tx: Sql, s: Scope, sourceKey: string, reason: string): Promise<string> {
  const [orig] = await tx.query<{ id: string; currency: string; description: string }>(
    'SELECT id, currency, description FROM journal_entries WHERE tenant_id = $1 AND source_key = $2',
    [s.tenantId, sourceKey],
  );
  if (!orig) throw new Failure('not_found', `no entry for ${sourceKey}`);
  const lines = await tx.query<{ account_code: string; debit: bigint; credit: bigint; customer_id: string | null; base_debit: bigint; base_credit: bigint; rate: string | null; position_key: string | null }>(
    `SELECT account_code, debit, credit, customer_id, base_debit, base_credit, rate::text AS rate, position_key
       FROM journal_lines WHERE tenant_id = $1 AND entry_id = $2 ORDER BY line_no`,
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
    lines.map((l) => ({
      account: l.account_code, debit: l.credit, credit: l.debit, customerId: l.customer_id ?? undefined,
      base: l.base_credit - l.base_debit, rate: l.rate === null ? null : parseRate(l.rate), position: l.position_key ?? undefined,
    })),
  );
  return id;
}
