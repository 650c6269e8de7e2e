import type { Sql } from '../db/db.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { pickLang } from '../notifications/templates/format.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { aging } from '../receivables/aging.ts';
import { openItems, type ArItem } from '../receivables/items.ts';
import { isIsoDate } from '../shared/dates.ts';
import { invalid } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { today, type Scope } from '../shared/scope.ts';
import { itemLevels, lockDunning, priceNotice, type ItemLevel } from './figures.ts';
import { heldItems } from './holds.ts';
import { nextLevel } from './levels.ts';
import { ensureDefaultProcedure, proceduresFor, type DunningProcedure } from './procedures.ts';
import { RUN_COLUMNS, type DunningRun } from './runs.ts';

/** Receivables a letter duns; fees and interest of earlier letters are listed with them, never dunned themselves. */
export const PRINCIPAL_KINDS = ['invoice', 'opening'];

// Letters go out in the customer's language: German to the German-speaking countries, English to everyone else.
const GERMAN_SPEAKING = new Set(['DE', 'AT', 'CH', 'LI']);
export function letterLanguage(c: Pick<Customer, 'country'>) {
  return pickLang(GERMAN_SPEAKING.has(c.country) ? 'de' : 'en');
}

/**
 * Proposes the letters due as of a date (default today): per customer and currency, the open items that rise to
 * their next level (levels.ts: nextLevel), leaving out items in dispute, items a promise to pay holds (holds.ts),
 * items waiting in a proposal still open, and items of a run sent as of the same day (what the collector left
 * out today stays out today). The letter's level is the highest of its items'; earlier fees and interest still
 * open are listed on it. Nothing is booked or sent: the collector reviews, then sends (send.ts). There is one
 * open proposal per as-of date: asking again returns it; once it is sent, the same day proposes nothing new.
 * Returns null when nothing is due.
 */
export async function proposeRun(tx: Sql, s: Scope, input: { as_of?: string | null } = {}): Promise<{ run: DunningRun; created: boolean } | null> {
  const asOf = input.as_of ?? today(s);
  if (!isIsoDate(asOf)) throw invalid('as_of', `"${asOf}" is not a date (YYYY-MM-DD)`);
  if (asOf > today(s)) throw invalid('as_of', 'a dunning run is as of today or a day past, never a day to come');
  await ensureDefaultProcedure(tx, s);
  await lockDunning(tx, s);
  const [open] = await tx.query<DunningRun>(
    `SELECT ${RUN_COLUMNS} FROM dunning_runs WHERE tenant_id = $1 AND status = 'proposed' AND as_of = $2::date`, [s.tenantId, asOf]);
  if (open) return { run: open, created: false };

  const owing = [...new Set((await aging(tx, s.tenantId, asOf)).filter((r) => r.total > r.current).map((r) => r.customer_id))];
  if (!owing.length) return null;
  const customers: Customer[] = [];
  for (const id of owing) customers.push(await getCustomer(tx, s.tenantId, id));
  const procedures = await proceduresFor(tx, s.tenantId, customers);
  const held = await heldItems(tx, s.tenantId, owing, asOf);
  const proposed = new Set((await tx.query<{ ar_item_id: string }>(
    `SELECT i.ar_item_id FROM dunning_notice_items i
       JOIN dunning_notices n ON n.tenant_id = i.tenant_id AND n.id = i.notice_id
       JOIN dunning_runs r ON r.tenant_id = n.tenant_id AND r.id = n.run_id
      WHERE i.tenant_id = $1 AND (r.status = 'proposed' OR (r.status = 'sent' AND r.as_of = $2::date))`, [s.tenantId, asOf])).map((r) => r.ar_item_id));

  let run: DunningRun | null = null;
  for (const customer of customers) {
    const procedure = procedures.get(customer.id)!;
    const items = (await openItems(tx, s.tenantId, { customerId: customer.id })).filter((i) => i.issue_date <= asOf);
    const history = await itemLevels(tx, s.tenantId, items.map((i) => i.id));
    for (const currency of [...new Set(items.map((i) => i.currency))].sort()) {
      const letter = planLetter(items.filter((i) => i.currency === currency), procedure, history, held, proposed, asOf);
      if (!letter) continue;
      run ??= await insertRun(tx, s, asOf);
      await insertNotice(tx, s, run.id, customer, procedure, currency, asOf, letter, history);
    }
  }
  return run && { run, created: true };
}

interface Planned {
  level: number;
  dunned: { item: ArItem; level: number }[];
  held: { item: ArItem; reason: string }[];
  costs: ArItem[];
}

/** The letter one customer gets in one currency, or null when no item rises to a level. */
function planLetter(items: ArItem[], procedure: DunningProcedure, history: Map<string, ItemLevel>, held: Map<string, string>,
  proposed: Set<string>, asOf: string): Planned | null {
  const plan: Planned = { level: 0, dunned: [], held: [], costs: [] };
  for (const item of items) {
    if (!PRINCIPAL_KINDS.includes(item.kind)) {
      plan.costs.push(item);
      continue;
    }
    if (proposed.has(item.id)) continue;
    const h = history.get(item.id);
    const next = nextLevel({ due_date: item.due_date, level: h?.level ?? 0, dunned_on: h?.dunned_on ?? null }, procedure.levels, asOf);
    if (!next) continue;
    const reason = item.in_dispute ? 'in dispute' : held.get(item.id);
    if (reason) plan.held.push({ item, reason });
    else plan.dunned.push({ item, level: next.level });
  }
  if (!plan.dunned.length) return null;
  plan.level = Math.max(...plan.dunned.map((d) => d.level));
  return plan;
}

async function insertRun(tx: Sql, s: Scope, asOf: string): Promise<DunningRun> {
  const number = formatNumber('DR-', await nextNumber(tx, s.tenantId, 'dunning_run'));
  const [run] = await tx.query<DunningRun>(
    `INSERT INTO dunning_runs (tenant_id, id, run_number, as_of, status, created_at, created_by)
     VALUES ($1, $2, $3, $4, 'proposed', $5, $6) RETURNING ${RUN_COLUMNS}`, [s.tenantId, uuidv7(), number, asOf, s.now, s.actor.name]);
  return run;
}

async function insertNotice(tx: Sql, s: Scope, runId: string, customer: Customer, procedure: DunningProcedure, currency: string, asOf: string,
  plan: Planned, history: Map<string, ItemLevel>): Promise<void> {
  const priced = priceNotice(procedure, currency, plan.level, asOf,
    plan.dunned.map((d) => ({ ar_item_id: d.item.id, level: d.level, due_date: d.item.due_date, open_amount: d.item.open_amount })), history);
  const id = uuidv7();
  await tx.query(
    `INSERT INTO dunning_notices (tenant_id, id, run_id, customer_id, procedure_id, level, currency, lang, status, fee, interest)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10)`,
    [s.tenantId, id, runId, customer.id, procedure.id, plan.level, currency, letterLanguage(customer), priced.fee, priced.interest]);
  const rows = [
    ...plan.dunned.map((d, k) => ({ item: d.item, level: d.level as number | null, interest: priced.items[k].interest, days: priced.items[k].interest_days, held: null as string | null })),
    ...plan.held.map((h) => ({ item: h.item, level: null, interest: 0n, days: 0, held: h.reason })),
    ...plan.costs.map((c) => ({ item: c, level: null, interest: 0n, days: 0, held: null })),
  ];
  await tx.query(
    `INSERT INTO dunning_notice_items (tenant_id, notice_id, ar_item_id, kind, document_number, instalment, level, due_date, days_overdue, open_amount,
       interest, interest_days, excluded, held_reason)
     SELECT $1, $2, v.item, v.kind, v.doc, v.instalment, v.level, v.due, $3::date - v.due, v.open, v.interest, v.days, v.held IS NOT NULL, v.held
       FROM unnest($4::uuid[], $5::text[], $6::text[], $7::smallint[], $8::smallint[], $9::date[], $10::bigint[], $11::bigint[], $12::int[], $13::text[])
         AS v(item, kind, doc, instalment, level, due, open, interest, days, held)`,
    [s.tenantId, id, asOf, rows.map((r) => r.item.id), rows.map((r) => r.item.kind), rows.map((r) => r.item.document_number),
      rows.map((r) => r.item.instalment ?? 0), rows.map((r) => r.level),
      rows.map((r) => r.item.due_date), rows.map((r) => r.item.open_amount), rows.map((r) => r.interest), rows.map((r) => r.days), rows.map((r) => r.held)]);
}
