import type { Db, Sql } from '../db/db.ts';
import { openItems } from './items.ts';

export interface CustomerBalance {
  currency: string;
  owed: bigint;
  overdue: bigint;
  overdueItems: number;
  /** The earliest due date still ahead (on or after asOf) and what falls due on it. */
  nextDue: { date: string; amount: bigint } | null;
}

/** What a customer owes on `asOf`, per currency: in all, past its due dates, and what falls due next. */
export async function customerBalance(db: Db | Sql, tenantId: string, customerId: string, asOf: string): Promise<CustomerBalance[]> {
  const byCurrency = new Map<string, CustomerBalance>();
  for (const item of await openItems(db, tenantId, { customerId })) {
    let b = byCurrency.get(item.currency);
    if (!b) byCurrency.set(item.currency, (b = { currency: item.currency, owed: 0n, overdue: 0n, overdueItems: 0, nextDue: null }));
    b.owed += item.open_amount;
    if (item.due_date < asOf) {
      b.overdue += item.open_amount;
      b.overdueItems++;
    } else if (!b.nextDue || item.due_date < b.nextDue.date) {
      b.nextDue = { date: item.due_date, amount: item.open_amount };
    } else if (item.due_date === b.nextDue.date) {
      b.nextDue.amount += item.open_amount;
    }
  }
  return [...byCurrency.values()];
}
