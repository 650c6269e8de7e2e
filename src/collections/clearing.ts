import type { Db, Sql } from '../db/db.ts';
import { openItems, type ArItem } from '../receivables/items.ts';
import { invalid } from '../shared/failure.ts';

/** An open item as the clearing order sees it. */
export interface OpenClaim {
  id: string;
  kind: ArItem['kind'];
  source_id: string;
  document_number: string;
  instalment: number;
  open_amount: bigint;
  due_date: string;
  issue_date: string;
  /** For a fee or interest: the principal items (ids) it was charged on. */
  arose_on?: string[];
}

export interface Allocation {
  item_id: string;
  kind: ArItem['kind'];
  document_number: string;
  instalment: number;
  amount: bigint;
}

const COST_RANK: Record<string, number> = { fee: 0, interest: 1 };
const isPrincipal = (c: OpenClaim) => !(c.kind in COST_RANK);

/** §366 (2): the debt due first, then the older one; then a stable order so that the same input always clears alike. */
function dueFirst(a: OpenClaim, b: OpenClaim): number {
  return a.due_date.localeCompare(b.due_date) || a.issue_date.localeCompare(b.issue_date)
    || (COST_RANK[a.kind] ?? 2) - (COST_RANK[b.kind] ?? 2)
    || a.document_number.localeCompare(b.document_number) || a.instalment - b.instalment || a.id.localeCompare(b.id);
}

/**
 * How a payment that does not cover everything is cleared against a customer's open items (German Civil Code):
 * - among several claims (§366): the ones the payer names first, in the order named (an invoice id or any
 *   document number; an invoice due in instalments is one claim per instalment, due first first); the rest
 *   due first, then the older;
 * - within a claim (§367): its costs first (dunning fees), then its interest, then the principal. The fee and
 *   the interest of a letter belong to the first claim, in that order, of those the letter was about; a fee or
 *   interest whose claims are all paid is a claim of its own, due on its due date.
 * Pure: returns what goes to which item (never more than is open) and what is left unapplied.
 */
export function allocateBySection367(claims: OpenClaim[], amount: bigint, named: string[] = []): { allocations: Allocation[]; unapplied: bigint } {
  if (amount < 0n) throw invalid('amount', 'a payment is not negative');
  const open = claims.filter((c) => c.open_amount > 0n);
  const costs = open.filter((c) => !isPrincipal(c)).sort(dueFirst);
  const principals = open.filter(isPrincipal);
  const order: OpenClaim[] = [];
  const taken = new Set<string>();
  const take = (c: OpenClaim) => {
    if (taken.has(c.id)) return;
    taken.add(c.id);
    order.push(c);
  };
  // A claim: the costs and the interest charged on it (costs sort before interest), then itself.
  const claim = (c: OpenClaim) => {
    if (isPrincipal(c)) for (const k of costs.filter((x) => x.arose_on?.includes(c.id))) take(k);
    take(c);
  };

  named.forEach((n, i) => {
    const matches = open.filter((c) => c.source_id === n || c.document_number === n || c.id === n).sort(dueFirst);
    if (!matches.length) throw invalid(`named[${i}]`, `${n} is not an open item of the customer`);
    matches.forEach(claim);
  });
  const live = new Set(principals.map((p) => p.id));
  const heads = [...principals, ...costs.filter((k) => !k.arose_on?.some((id) => live.has(id)))].sort(dueFirst);
  heads.forEach(claim);

  let rest = amount;
  const allocations: Allocation[] = [];
  for (const c of order) {
    if (rest === 0n) break;
    const part = c.open_amount < rest ? c.open_amount : rest;
    allocations.push({ item_id: c.id, kind: c.kind, document_number: c.document_number, instalment: c.instalment, amount: part });
    rest -= part;
  }
  return { allocations, unapplied: rest };
}

/** A customer's open items in one currency, with the claims each dunning fee and interest was charged on. */
export async function openClaims(db: Db | Sql, tenantId: string, customerId: string, currency: string): Promise<OpenClaim[]> {
  const items = (await openItems(db, tenantId, { customerId })).filter((i) => i.currency === currency);
  const chargeIds = items.filter((i) => i.kind === 'fee' || i.kind === 'interest').map((i) => i.source_id);
  const links = chargeIds.length ? await db.query<{ id: string; items: string[] }>(
    `SELECT c.id, array_agg(i.ar_item_id ORDER BY i.due_date, i.ar_item_id) AS items
       FROM dunning_charges c JOIN dunning_notice_items i ON i.tenant_id = c.tenant_id AND i.notice_id = c.notice_id
      WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[]) AND i.level IS NOT NULL AND NOT i.excluded GROUP BY c.id`, [tenantId, chargeIds]) : [];
  const arose = new Map(links.map((l) => [l.id, l.items]));
  return items.map((i) => ({
    id: i.id, kind: i.kind, source_id: i.source_id, document_number: i.document_number, instalment: i.instalment, open_amount: i.open_amount,
    due_date: i.due_date, issue_date: i.issue_date, ...(arose.has(i.source_id) && { arose_on: arose.get(i.source_id) }),
  }));
}
