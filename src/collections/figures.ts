import type { Sql, Db } from '../db/db.ts';
import { daysBetween } from '../shared/dates.ts';
import type { Scope } from '../shared/scope.ts';
import { interestDays, interestFor } from './levels.ts';
import type { DunningProcedure } from './procedures.ts';

/** An item's dunning history: the level of its last letter, that letter's date, and the last day interest was charged for. */
export interface ItemLevel {
  ar_item_id: string;
  level: number;
  dunned_on: string;
  interest_until: string | null;
}

export async function itemLevels(db: Db | Sql, tenantId: string, itemIds: string[]): Promise<Map<string, ItemLevel>> {
  if (!itemIds.length) return new Map();
  const rows = await db.query<ItemLevel>(
    `SELECT ar_item_id, level, dunned_on::text AS dunned_on, interest_until::text AS interest_until FROM dunning_item_levels
      WHERE tenant_id = $1 AND ar_item_id = ANY($2::uuid[])`, [tenantId, itemIds]);
  return new Map(rows.map((r) => [r.ar_item_id, r]));
}

/**
 * The one lock every proposal, review step and sending takes first (the tenant's default procedure row), so that
 * an item is never proposed in two runs nor sent twice, whichever of them runs side by side.
 */
export async function lockDunning(tx: Sql, s: Scope): Promise<void> {
  await tx.query(
    `SELECT id FROM dunning_procedures WHERE tenant_id = $1 AND customer_group IS NULL AND customer_id IS NULL FOR UPDATE`, [s.tenantId]);
}

export interface PricedItem {
  ar_item_id: string;
  level: number;
  due_date: string;
  open_amount: bigint;
  interest: bigint;
  interest_days: number;
  days_overdue: number;
}

/**
 * What a letter at `level` charges: interest per item at the rate of the level it rises to, for the days since
 * interest was last charged on it (else since its due date), and the level's fee once per letter — when the fee's
 * currency is the letter's; a letter in another currency carries interest only.
 */
export function priceNotice(
  procedure: DunningProcedure, currency: string, level: number, asOf: string,
  items: { ar_item_id: string; level: number; due_date: string; open_amount: bigint }[], history: Map<string, ItemLevel>,
): { fee: bigint; interest: bigint; items: PricedItem[] } {
  const rule = (n: number) => procedure.levels.find((l) => l.level === n)!;
  const priced = items.map((i) => {
    const days = interestDays(i.due_date, history.get(i.ar_item_id)?.interest_until ?? null, asOf);
    const interest = interestFor(i.open_amount, rule(i.level).interest_rate_ppm, days);
    return { ...i, interest, interest_days: interest > 0n ? days : 0, days_overdue: daysBetween(i.due_date, asOf) };
  });
  return {
    fee: procedure.currency === currency ? rule(level).fee : 0n,
    interest: priced.reduce((t, i) => t + i.interest, 0n),
    items: priced,
  };
}
