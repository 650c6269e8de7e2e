import type { Db, Sql } from '../db/db.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { accountBalances } from '../ledger/reports.ts';
import { subledgerTotals } from '../receivables/items.ts';
import { formatAmount } from '../shared/money.ts';

/** The receivables control account next to the sum of open items, per currency: they must be equal. */
export async function arCheck(db: Db | Sql, tenantId: string) {
  const [control, sub] = await Promise.all([accountBalances(db, tenantId, ACCOUNTS.receivables), subledgerTotals(db, tenantId)]);
  const currencies = [...new Set([...control.keys(), ...sub.keys()])].sort();
  return currencies.map((c) => {
    const ctl = control.get(c) ?? 0n;
    const open = sub.get(c) ?? 0n;
    return { currency: c, control: formatAmount(ctl, c), open_items: formatAmount(open, c), equal: ctl === open };
  });
}
