import { addDays } from '../../shared/dates.ts';
import type { MatchItem } from './index.ts';

// Amount logic: what a payer may have meant to pay for a set of open items.

/** Days a discounted payment may arrive after its discount date: the bank's transit, not the payer's delay. */
export const DISCOUNT_GRACE_DAYS = 3;

/** Bank charges deducted on the way: up to 25.00 and at most 5 % of what was owed. */
export const CHARGES_MAX_MINOR = 2500n;

/** The discounted amount that settles the item on `date`, or null when no discount applies then. */
export function discounted(item: MatchItem, date: string): bigint | null {
  if (item.discountAmount <= 0n || !item.discountUntil || item.open !== item.amount) return null;
  if (date > addDays(item.discountUntil, DISCOUNT_GRACE_DAYS)) return null;
  return item.open - item.discountAmount;
}

/** Whether `missing` (owed − paid) looks like charges a bank took on the way. */
export function isBankCharges(missing: bigint, owed: bigint): boolean {
  return missing > 0n && missing <= CHARGES_MAX_MINOR && missing * 20n <= owed;
}

/**
 * The one subset of items whose open amounts add up to `amount`, or null when there is none or more than one:
 * a payment covering several invoices without saying which is accepted only when no other combination fits.
 * The search gives up (null) beyond `budget` steps, so a customer with hundreds of items costs bounded time.
 */
export function uniqueSubset(items: MatchItem[], amount: bigint, budget = 4_000): MatchItem[] | null {
  const sorted = [...items].sort((a, b) => (b.open > a.open ? 1 : b.open < a.open ? -1 : 0));
  const suffix: bigint[] = new Array(sorted.length + 1).fill(0n);
  for (let i = sorted.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + sorted[i].open;
  let found: MatchItem[] | null = null;
  let count = 0;
  let steps = 0;
  const pick: MatchItem[] = [];
  const walk = (i: number, left: bigint): boolean => {
    if (++steps > budget) return false;
    if (left === 0n) {
      count++;
      found = [...pick];
      return count < 2;
    }
    if (i >= sorted.length || left < 0n || suffix[i] < left) return true;
    pick.push(sorted[i]);
    const go = walk(i + 1, left - sorted[i].open);
    pick.pop();
    return go && walk(i + 1, left);
  };
  const finished = walk(0, amount);
  return finished && count === 1 ? found : null;
}
