import { addDays, daysBetween } from '../shared/dates.ts';

/** The parts of a dunning level that decide when it applies and what it charges. */
export interface LevelRule {
  level: number;
  name: string;
  days_after_due: number;
  pay_within_days: number;
  /** In minor units of the procedure's currency. */
  fee: bigint;
  /** Annual rate in parts per million (9 % = 90000). */
  interest_rate_ppm: number;
}

/** Where an item stands: the level of its last letter (0: none yet) and that letter's date. */
export interface ItemState {
  due_date: string;
  level: number;
  dunned_on: string | null;
}

/**
 * The next level an item rises to and the day it does, or null after the last level. One level at a time: the
 * next one applies once the item is at least its days after due overdue and, when the item had a letter before,
 * at least as many days have passed since that letter as lie between the two levels — so a customer who pays
 * 60 days late still gets the friendly reminder first and the second notice 14 days later, never both in a week.
 */
export function nextLevelOn(item: ItemState, levels: LevelRule[]): { rule: LevelRule; on: string } | null {
  const next = levels.find((l) => l.level === item.level + 1);
  if (!next) return null;
  let on = addDays(item.due_date, Math.max(next.days_after_due, 1));
  if (item.dunned_on !== null) {
    const previous = levels.find((l) => l.level === item.level);
    const after = addDays(item.dunned_on, Math.max(next.days_after_due - (previous?.days_after_due ?? 0), 1));
    if (after > on) on = after;
  }
  return { rule: next, on };
}

/** The level an item rises to as of a date, or null when none is due yet. */
export function nextLevel(item: ItemState, levels: LevelRule[], asOf: string): LevelRule | null {
  const next = nextLevelOn(item, levels);
  return next && next.on <= asOf ? next.rule : null;
}

/**
 * Default interest on an overdue principal: principal × annual rate × days ÷ 365, in minor units, rounded down
 * (the debtor never pays a fraction of a cent more than owed):
 *   interest = floor(principal × rate_ppm × days / (1,000,000 × 365))
 * Every year counts 365 days (act/365 fixed). Nothing for a non-positive principal, rate or number of days.
 */
export function interestFor(principal: bigint, ratePpm: number, days: number): bigint {
  if (principal <= 0n || ratePpm <= 0 || days <= 0) return 0n;
  return (principal * BigInt(ratePpm) * BigInt(days)) / (1_000_000n * 365n);
}

/** The day interest runs from for an item: the day after the last day charged, else the due date. */
export function interestDays(dueDate: string, interestUntil: string | null, asOf: string): number {
  return Math.max(0, daysBetween(interestUntil ?? dueDate, asOf));
}
