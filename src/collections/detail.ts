import type { Db, Sql } from '../db/db.ts';
import { getCustomer } from '../customers/customers.ts';
import { formatAmount } from '../shared/money.ts';
import { getProcedure } from './procedures.ts';
import { getRun, itemsOfNotices, noticeJson, noticesOf, noticeTotals } from './runs.ts';

/** A run as the review screen and the CLI show it: each letter with its customer, level, items and figures. */
export async function runDetail(db: Db | Sql, tenantId: string, runId: string) {
  const run = await getRun(db, tenantId, runId);
  const notices = await noticesOf(db, tenantId, run.id);
  const items = await itemsOfNotices(db, tenantId, notices.map((n) => n.id));
  const out = [];
  const totals = new Map<string, { fee: bigint; interest: bigint; total: bigint }>();
  for (const n of notices) {
    const [customer, procedure] = await Promise.all([getCustomer(db, tenantId, n.customer_id), getProcedure(db, tenantId, n.procedure_id)]);
    const mine = items.filter((i) => i.notice_id === n.id);
    if (n.status === 'proposed' || n.status === 'sent') {
      const t = totals.get(n.currency) ?? { fee: 0n, interest: 0n, total: 0n };
      totals.set(n.currency, { fee: t.fee + n.fee, interest: t.interest + n.interest, total: t.total + noticeTotals(n, mine).total });
    }
    out.push(noticeJson(n, mine, {
      customer: { id: customer.id, customer_number: customer.customer_number, name: customer.name, email: customer.email },
      level_name: procedure.levels.find((l) => l.level === n.level)?.name ?? null,
      levels: procedure.levels.map((l) => ({ level: l.level, name: l.name })),
      procedure: procedure.name,
    }));
  }
  return {
    ...run,
    notices: out,
    totals: [...totals].map(([currency, t]) => ({ currency, fee: formatAmount(t.fee, currency), interest: formatAmount(t.interest, currency), total: formatAmount(t.total, currency) })),
  };
}
