import type { Db } from '../db/db.ts';
import { creditProfile } from '../credit/score.ts';
import { getCustomer, type Customer } from '../customers/customers.ts';
import { aging } from '../receivables/aging.ts';
import { paymentBehaviour } from '../receivables/behaviour.ts';
import { openItems } from '../receivables/items.ts';
import { addDays, daysBetween } from '../shared/dates.ts';
import { exponent, formatAmount } from '../shared/money.ts';
import { brokenPromises, contactJson, lastContacts, openPromises, type Contact } from './contacts.ts';
import { itemLevels } from './figures.ts';
import { heldItems } from './holds.ts';
import { nextLevelOn } from './levels.ts';
import { proceduresFor } from './procedures.ts';
import { PRINCIPAL_KINDS } from './propose.ts';

/** Late at least this often in twelve months (items paid late plus items overdue now) makes a repeat late payer. */
export const REPEAT_LATE_TIMES = 2;

export interface WorklistRow {
  customer: Pick<Customer, 'id' | 'customer_number' | 'name' | 'email'>;
  currency: string;
  overdue: bigint;
  overdue_items: number;
  oldest_days: number;
  /** Σ open amount × days overdue, in major units: what waiting costs. */
  amount_days: bigint;
  /** Credit score 0–100 (credit/score.ts): the risk. */
  score: number;
  /** amount_days weighted by risk: × (150 − score) / 100, so a score of 100 halves it and 0 makes it 1.5 times. */
  priority: bigint;
  repeat_late: boolean;
  /** Times late in twelve months: items paid late and items overdue now. */
  late_times: number;
  /** The highest level a letter took an open item to (0: none yet). */
  level: number;
  in_dispute: bigint;
  promise: Contact | null;
  /** The latest promise whose day passed with its items still open and nobody spoken to since. */
  broken_promise: Contact | null;
  last_contact: Contact | null;
  next_action: string;
}

/**
 * The collector's list for a day: every customer with something overdue, most urgent first — priority =
 * Σ(open amount × days overdue) × risk weight (credit score) — with the repeat late payers marked, the dunning
 * level reached, an open promise, the last contact, and what to do next.
 */
export async function worklist(db: Db, tenantId: string, asOf: string): Promise<WorklistRow[]> {
  const owing = (await aging(db, tenantId, asOf)).filter((r) => r.total > r.current);
  const customerIds = [...new Set(owing.map((r) => r.customer_id))];
  const customers = new Map<string, Customer>();
  for (const id of customerIds) customers.set(id, await getCustomer(db, tenantId, id));
  const [procedures, held, promises, contacts, broken] = await Promise.all([
    proceduresFor(db, tenantId, [...customers.values()]), heldItems(db, tenantId, customerIds, asOf),
    openPromises(db, tenantId, customerIds, asOf), lastContacts(db, tenantId, customerIds), brokenPromises(db, tenantId, customerIds, asOf)]);
  const rows: WorklistRow[] = [];
  for (const c of customers.values()) {
    const all = await openItems(db, tenantId, { customerId: c.id });
    const history = await itemLevels(db, tenantId, all.map((i) => i.id));
    const [behaviour, profile] = await Promise.all([
      paymentBehaviour(db, tenantId, [c.id], addDays(asOf, -365), asOf), creditProfile(db, tenantId, c, 0n, asOf)]);
    for (const currency of [...new Set(owing.filter((r) => r.customer_id === c.id).map((r) => r.currency))]) {
      const overdue = all.filter((i) => i.currency === currency && i.due_date < asOf);
      if (!overdue.length) continue;
      const principal = overdue.filter((i) => PRINCIPAL_KINDS.includes(i.kind));
      const amountDays = overdue.reduce((t, i) => t + i.open_amount * BigInt(daysBetween(i.due_date, asOf)), 0n) / 10n ** BigInt(exponent(currency));
      const lateTimes = behaviour.lateItems + principal.length;
      const level = Math.max(0, ...principal.map((i) => history.get(i.id)?.level ?? 0));
      const promise = promises.find((p) => p.customer_id === c.id) ?? null;
      const procedure = procedures.get(c.id)!;
      const dunnable = principal.filter((i) => !i.in_dispute && !held.has(i.id));
      const upcoming = dunnable.map((i) => nextLevelOn({ due_date: i.due_date, level: history.get(i.id)?.level ?? 0, dunned_on: history.get(i.id)?.dunned_on ?? null }, procedure.levels))
        .filter((n) => n !== null).sort((a, b) => a.on.localeCompare(b.on));
      const lastContact = contacts.get(c.id) ?? null;
      rows.push({
        customer: { id: c.id, customer_number: c.customer_number, name: c.name, email: c.email },
        currency,
        overdue: overdue.reduce((t, i) => t + i.open_amount, 0n),
        overdue_items: overdue.length,
        oldest_days: Math.max(...overdue.map((i) => daysBetween(i.due_date, asOf))),
        amount_days: amountDays,
        score: profile.score,
        priority: (amountDays * BigInt(150 - profile.score)) / 100n,
        repeat_late: lateTimes >= REPEAT_LATE_TIMES,
        late_times: lateTimes,
        level,
        in_dispute: principal.filter((i) => i.in_dispute).reduce((t, i) => t + i.open_amount, 0n),
        promise,
        broken_promise: promise ? null : broken.get(c.id) ?? null,
        last_contact: lastContact,
        next_action: nextAction({
          promise, broken: promise ? null : broken.get(c.id) ?? null, upcoming: upcoming[0] ?? null, asOf, lastLevel: procedure.levels.length, level,
          // Letters are contacts too: when the latest contact is a letter, nobody has spoken with the customer since.
          spokenSinceLetter: lastContact !== null && lastContact.kind !== 'letter',
          allHeld: !dunnable.length,
        }),
      });
    }
  }
  return rows.sort((a, b) => (b.priority > a.priority ? 1 : b.priority < a.priority ? -1 : b.overdue > a.overdue ? 1 : -1));
}

/**
 * What the collector does next, in this order: wait for a promise; send the letter that is due; call about a
 * broken promise; after the last level, hand over; after a second notice or more, call unless someone has spoken with the customer since the
 * letter; else wait for the next level's day.
 */
export function nextAction(o: {
  promise: Contact | null; broken?: Contact | null; upcoming: { rule: { level: number; name: string }; on: string } | null; asOf: string; lastLevel: number; level: number;
  spokenSinceLetter: boolean; allHeld: boolean;
}): string {
  if (o.promise) return `wait for the promised ${formatAmount(o.promise.promised_amount!, o.promise.currency!)} ${o.promise.currency} by ${o.promise.promised_date}`;
  if (o.allHeld) return 'resolve the dispute';
  if (o.upcoming && o.upcoming.on <= o.asOf) return `send ${o.upcoming.rule.name.toLowerCase()} (dunning run)`;
  if (o.broken) return `promise broken (${formatAmount(o.broken.promised_amount!, o.broken.currency!)} ${o.broken.currency} by ${o.broken.promised_date}): call the customer`;
  if (o.level >= o.lastLevel) return 'follow up with the collection agency';
  if (o.level >= 2 && !o.spokenSinceLetter) return 'call the customer';
  if (o.upcoming) return `${o.upcoming.rule.name.toLowerCase()} due ${o.upcoming.on}`;
  return 'wait';
}

export function worklistJson(r: WorklistRow) {
  const m = (v: bigint) => formatAmount(v, r.currency);
  return {
    ...r, overdue: m(r.overdue), in_dispute: m(r.in_dispute), amount_days: r.amount_days.toString(), priority: r.priority.toString(),
    promise: r.promise && contactJson(r.promise), broken_promise: r.broken_promise && contactJson(r.broken_promise), last_contact: r.last_contact && contactJson(r.last_contact),
  };
}
