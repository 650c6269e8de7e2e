import type { Db, Sql } from '../db/db.ts';
import { openItemsForMatching } from '../receivables/open-for-matching.ts';
import { Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { allocateBySection367, openClaims } from '../collections/clearing.ts';
import { applyPlan, recordSuggestion, recordSuggestions, type Plan } from './apply.ts';
import { applyPlans, type ItemRef } from './apply-many.ts';
import { bankRuleFor, bookByRule, type BankRule } from './bank-rules.ts';
import { collectionsAwaitingBank } from '../payments/direct-debit/awaiting-bank.ts';
import { bookDirectDebitAnswer, directDebitAnswer, type AwaitingBank } from './direct-debits.ts';
import { loadPayers } from './knowledge.ts';
import { linesToMatch, matchLineOf, type StatementLine } from './lines.ts';
import { MatchIndex } from './match/index.ts';
import { propose, type Proposal } from './match/propose.ts';

/** Applied without a person at or above this confidence; below, a person confirms. */
export const DEFAULT_THRESHOLD = 0.9;

const CHUNK = 500;
/** Chunks booked at once on PostgreSQL (PGlite has one connection). */
const PARALLEL = 3;
/** The tables a run's bookings insert into (payments, ledger, matches, item history). */
const GROWN = ['payments', 'payment_applications', 'journal_entries', 'journal_lines', 'cashapp_matches', 'ar_item_changes'];

export interface RunResult {
  /** Credits matched (debits are not counted: they are the bank's or the company's own). */
  lines: number;
  /** Fees and interest booked by bank rules. */
  booked: number;
  auto: number;
  suggested: number;
  unmatched: number;
}

/**
 * Matches every bank credit not applied yet against the open items, and applies those whose proposal reaches
 * the threshold. Open items are indexed in memory once; a chunk of lines is booked per transaction, its automatic
 * applications in bulk (applyPlans). A chunk that fails (an item paid meanwhile by someone else) is booked line by
 * line, so one conflict costs one line its automatic application, never a double one.
 */
export async function runCashApplication(
  db: Db, scope: () => Scope, o: { threshold?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RunResult> {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  const s0 = scope();
  const lines = await linesToMatch(db, s0.tenantId);
  const result: RunResult = { lines: 0, booked: 0, auto: 0, suggested: 0, unmatched: 0 };
  if (!lines.length) return result;
  const [{ index, charged }, awaiting] = await Promise.all([indexOpenItems(db, s0.tenantId), collectionsAwaitingBank(db, s0.tenantId)]);
  const refs = new Map<string, ItemRef>();

  type Entry = { line: StatementLine; rule: BankRule | null; dd?: 'settlement' | 'return'; proposal: Proposal | null; auto: boolean };
  const prepare = async (part: StatementLine[]): Promise<Entry[]> => {
    const out: Entry[] = [];
    for (const line of part) out.push(await prepareLine(line));
    return out;
  };
  const prepareLine = async (line: StatementLine): Promise<Entry> => {
    const dd = directDebitAnswer(line, awaiting);
    if (dd) return { line, rule: null, dd, proposal: null, auto: false };
    const rule = bankRuleFor(line);
    if (rule || line.direction === 'debit') return { line, rule, proposal: null, auto: false };
    const proposal = await inClearingOrder(db, s0.tenantId, index, charged, line, propose(matchLineOf(line), index));
    const auto = proposal.confidence >= threshold && proposal.allocations.length > 0 && proposal.customerId !== null
      && index.customer(proposal.customerId)?.currency === line.currency;
    // Later lines of the run must not see cash this one takes.
    if (auto) {
      for (const a of proposal.allocations) {
        index.consume(a.item, a.cash + a.discount + a.charges);
        refs.set(a.item.id, { sourceId: a.item.sourceId, kind: a.item.kind, orderId: a.item.orderId });
      }
    }
    return { line, rule: null, proposal, auto };
  };

  const bookChunk = async (chunk: Entry[]) => {
    try {
      await db.transaction(async (tx) => {
        const s = scope();
        // Connections plan every statement afresh (force_custom_plan, see db/postgres.ts); the foreign-key checks of
        // thousands of rows inserted here would each be planned too. Their generic plans are right once the
        // statistics are (see below).
        if (db.kind === 'postgres') await tx.query('SET LOCAL plan_cache_mode = auto');
        await applyPlans(tx, s, chunk.flatMap((c) => (c.auto && c.proposal ? [{
          line: c.line, plan: { ...planOf(c.proposal), customerId: c.proposal.customerId! }, customerNumber: index.customer(c.proposal.customerId!)!.number,
        }] : [])), refs);
        await recordSuggestions(tx, s, chunk.flatMap((c) => (!c.auto && c.proposal ? [{ lineId: c.line.id, plan: planOf(c.proposal) }] : [])));
        for (const c of chunk) if (!c.proposal) await book(tx, s, c, awaiting);
      });
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      for (const c of chunk) {
        c.auto = await db.transaction((tx) => book(tx, scope(), c, awaiting)).then(() => c.auto, async (err) => {
          if (!(err instanceof Failure)) throw err;
          // Not bookable as planned (an item paid meanwhile, no exchange rate for a fee in another currency…):
          // the line waits for a person, saying why.
          c.rule = null;
          c.dd = undefined;
          c.auto = false;
          c.proposal ??= { customerId: null, allocations: [], unapplied: 0n, rule: 'none', confidence: 0, evidence: [] };
          c.proposal.evidence.push(`not booked automatically: ${err.message}`);
          await db.transaction((tx) => book(tx, scope(), c, awaiting));
          return false;
        });
      }
    }
    for (const c of chunk) {
      if (c.proposal && !c.rule) result.lines++;
      if (c.rule || c.dd) result.booked++;
      else if (!c.proposal) continue;
      else if (c.auto) result.auto++;
      else if (c.proposal.allocations.length) result.suggested++;
      else result.unmatched++;
    }
    done += chunk.length;
    o.onProgress?.(done, lines.length);
  };

  // Matching is synchronous and in statement order (each line sees what earlier lines took); booking is not: on
  // PostgreSQL the next chunk is matched and booked while the one before commits, using the second core.
  let done = 0;
  const inFlight = new Set<Promise<void>>();
  for (let start = 0; start < lines.length; start += CHUNK) {
    const p: Promise<void> = bookChunk(await prepare(lines.slice(start, start + CHUNK))).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (start === 0) {
      await p;
      // A run on a young tenant grows the ledger from almost nothing: with statistics that still say "one entry",
      // the planner may check each new journal line's entry through the wrong index (seconds per batch).
      // Statistics refreshed once the first batch is in keep later batches on the primary keys, as autovacuum would.
      // Only the tables a run grows: the whole database takes seconds, a million open items among it.
      if (lines.length > CHUNK && db.kind === 'postgres') await db.query(`ANALYZE ${GROWN.join(', ')}`);
    }
    if (inFlight.size >= (db.kind === 'postgres' ? PARALLEL : 1)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return result;
}

/**
 * The run's in-memory index of open items and payers, and the customers with dunning fees or interest open (whose
 * receipts go through the clearing order). Built apart from the run so the million rows it reads are garbage
 * once indexed.
 */
async function indexOpenItems(db: Db, tenantId: string): Promise<{ index: MatchIndex; charged: Set<string> }> {
  const [items, payers] = await Promise.all([openItemsForMatching(db, tenantId), loadPayers(db, tenantId)]);
  const charged = new Set<string>();
  const index = new MatchIndex(items.map((i) => {
    if (i.kind === 'fee' || i.kind === 'interest') charged.add(i.customer_id);
    // amount = what was open when the run began: a discount is still to be had while nothing is paid (see discounted()).
    return {
      id: i.id, customerId: i.customer_id, number: i.document_number, currency: i.currency, amount: i.open_amount, open: i.open_amount,
      dueDate: i.due_date, discountAmount: i.discount_amount, discountUntil: i.discount_until, inDispute: i.in_dispute,
      sourceId: i.source_id, kind: i.kind, orderId: i.order_id,
    };
  }), payers.customers, payers.knowledge);
  return { index, charged };
}

async function book(tx: Sql, s: Scope, { line, rule, dd, proposal: p, auto }: { line: StatementLine; rule: BankRule | null; dd?: 'settlement' | 'return'; proposal: Proposal | null; auto: boolean }, awaiting: AwaitingBank) {
  if (dd) return bookDirectDebitAnswer(tx, s, line, dd, awaiting);
  if (rule) return bookByRule(tx, s, line, rule);
  if (!p) return ignore(tx, s, line);
  const plan = planOf(p);
  if (auto) await applyPlan(tx, s, line.id, { ...plan, customerId: p.customerId! }, 'auto');
  else await recordSuggestion(tx, s, line.id, plan);
}

export function planOf(p: Proposal): Omit<Plan, 'customerId'> & { customerId: string | null } {
  return {
    customerId: p.customerId,
    allocations: p.allocations.map((a) => ({
      itemId: a.item.id, documentNumber: a.item.number, customerId: a.item.customerId, cash: a.cash, discount: a.discount, charges: a.charges,
      shortfall: a.shortfall,
    })),
    rule: p.rule,
    confidence: Math.round(p.confidence * 1000),
    evidence: p.evidence.join('; '),
  };
}

/** A debit no rule explains: the company's own payment, reconciled against the ledger, not matched to customers. */
async function ignore(tx: Sql, s: Scope, line: StatementLine) {
  await tx.query(`UPDATE statement_lines SET status = 'ignored', evidence = $3 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, line.id, 'outgoing: not a receipt']);
}

/**
 * A payment that does not cover everything owed on the invoices it pays clears the dunning fees and default
 * interest charged on them first, then the principal (§367 BGB; collections' allocateBySection367, the invoices
 * named by the proposal first). Only customers that had such charges open when the run began are looked up.
 */
async function inClearingOrder(db: Db, tenantId: string, index: MatchIndex, charged: Set<string>, line: StatementLine, p: Proposal): Promise<Proposal> {
  if (!p.customerId || !charged.has(p.customerId) || !p.allocations.length || p.allocations.some((a) => a.discount > 0n || a.charges > 0n)) return p;
  const items = index.openItemsOf(p.customerId).filter((i) => i.currency === line.currency);
  if (!items.some((i) => i.kind === 'fee' || i.kind === 'interest')) return p;
  const claims = await openClaims(db, tenantId, p.customerId, line.currency);
  const named = p.allocations.map((a) => a.item.id);
  const cash = p.allocations.reduce((t, a) => t + a.cash, 0n);
  const live = new Map(items.map((i) => [i.id, i]));
  // What is owed on the named claims, charges included, as collections counts it; and as this run's snapshot has it.
  const owed = claims.filter((c) => named.includes(c.id) || c.arose_on?.some((id) => named.includes(id))).reduce((t, c) => t + (live.get(c.id)?.open ?? 0n), 0n);
  if (cash >= owed) return p;
  const snapshot = claims.map((c) => ({ ...c, open_amount: live.get(c.id)?.open ?? 0n }));
  const cleared = allocateBySection367(snapshot, cash, named);
  const allocations = cleared.allocations.filter((a) => live.has(a.item_id)).map((a) => {
    const item = live.get(a.item_id)!;
    return { item, cash: a.amount, discount: 0n, charges: 0n, shortfall: item.open - a.amount };
  });
  return { ...p, allocations, unapplied: p.unapplied + cleared.unapplied, evidence: [...p.evidence, 'cleared costs, then interest, then principal (§367 BGB)'] };
}
