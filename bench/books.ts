// After the run: do the books hold? Written here in plain SQL (not through the ledger's own reports) so that
// the check does not share a bug with what it checks.
import type { Db } from '../src/db/db.ts';
import { ACCOUNTS } from '../src/ledger/chart.ts';

const one = async (db: Db, text: string, params: unknown[]) => (await db.query(text, params))[0];

/** Every problem found with the tenant's books after `cycles` complete cycles; empty when all is well. */
export async function checkBooks(db: Db, tenantId: string, cycles: number): Promise<string[]> {
  const problems: string[] = [];

  // 1. Every journal entry has at least two lines and its debits equal its credits.
  const unbalanced = await db.query<{ source_key: string; debit: bigint; credit: bigint; n: bigint }>(
    `SELECT e.source_key, COALESCE(SUM(l.debit), 0)::bigint AS debit, COALESCE(SUM(l.credit), 0)::bigint AS credit,
            COUNT(l.line_no)::bigint AS n
       FROM journal_entries e
       LEFT JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1
      GROUP BY e.id, e.source_key
     HAVING COALESCE(SUM(l.debit), 0) <> COALESCE(SUM(l.credit), 0) OR COUNT(l.line_no) < 2`,
    [tenantId]);
  for (const u of unbalanced.slice(0, 5)) problems.push(`entry ${u.source_key} unbalanced: debit ${u.debit}, credit ${u.credit}, ${u.n} lines`);
  if (unbalanced.length > 5) problems.push(`… and ${unbalanced.length - 5} more unbalanced entries`);

  // 2. The receivables control account equals the sum of the open items, per currency.
  const control = await db.query<{ currency: string; balance: bigint }>(
    `SELECT e.currency, SUM(l.debit - l.credit)::bigint AS balance
       FROM journal_lines l JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
      WHERE l.tenant_id = $1 AND l.account_code = $2 GROUP BY e.currency`,
    [tenantId, ACCOUNTS.receivables]);
  const open = await db.query<{ currency: string; open: bigint }>(
    'SELECT currency, SUM(open_amount)::bigint AS open FROM ar_items WHERE tenant_id = $1 GROUP BY currency', [tenantId]);
  const currencies = new Set([...control.map((r) => r.currency), ...open.map((r) => r.currency)]);
  for (const c of currencies) {
    const ctl = control.find((r) => r.currency === c)?.balance ?? 0n;
    const items = open.find((r) => r.currency === c)?.open ?? 0n;
    if (ctl !== items) problems.push(`receivables ${c}: control account ${ctl} but open items ${items}`);
  }

  // 3. What the cycles should have left behind: every order closed, every invoice paid and no receivable
  //    open (each payment was the invoice's total), no cash unapplied, no stock reserved, inventory account
  //    equal to the stock value, and an outbox with nothing pending or failed.
  const orders = await one(db, `SELECT COUNT(*)::bigint AS n, COUNT(*) FILTER (WHERE status = 'closed')::bigint AS closed
    FROM orders WHERE tenant_id = $1`, [tenantId]);
  if (orders.n !== BigInt(cycles) || orders.closed !== orders.n) problems.push(`${orders.n} orders (${orders.closed} closed) after ${cycles} cycles`);
  const invoices = await one(db, `SELECT COUNT(*)::bigint AS n, COUNT(*) FILTER (WHERE status = 'paid')::bigint AS paid
    FROM invoices WHERE tenant_id = $1`, [tenantId]);
  if (invoices.n !== BigInt(cycles) || invoices.paid !== invoices.n) problems.push(`${invoices.n} invoices (${invoices.paid} paid) after ${cycles} cycles`);
  const openAr = await one(db, 'SELECT COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items WHERE tenant_id = $1', [tenantId]);
  if (openAr.open !== 0n) problems.push(`${openAr.open} still open in receivables`);
  const unapplied = await one(db, 'SELECT COALESCE(SUM(unapplied), 0)::bigint AS u FROM payments WHERE tenant_id = $1', [tenantId]);
  if (unapplied.u !== 0n) problems.push(`${unapplied.u} of payments unapplied`);
  const stock = await one(db, `SELECT COALESCE(SUM(reserved), 0)::bigint AS reserved, COALESCE(SUM(value), 0)::bigint AS value,
    COUNT(*) FILTER (WHERE on_hand < 0 OR reserved < 0 OR value < 0)::bigint AS negative FROM stock_levels WHERE tenant_id = $1`, [tenantId]);
  if (stock.reserved !== 0n) problems.push(`${stock.reserved} units still reserved`);
  if (stock.negative !== 0n) problems.push(`${stock.negative} stock levels negative`);
  const inventory = await one(db, `SELECT COALESCE(SUM(debit - credit), 0)::bigint AS balance FROM journal_lines
    WHERE tenant_id = $1 AND account_code = $2`, [tenantId, ACCOUNTS.inventory]);
  if (inventory.balance !== stock.value) problems.push(`inventory account ${inventory.balance} but stock value ${stock.value}`);
  const outbox = await one(db, `SELECT COUNT(*) FILTER (WHERE dispatched_at IS NULL)::bigint AS pending,
    COUNT(*) FILTER (WHERE last_error IS NOT NULL)::bigint AS failed FROM outbox WHERE tenant_id = $1`, [tenantId]);
  if (outbox.pending !== 0n || outbox.failed !== 0n) problems.push(`outbox: ${outbox.pending} events pending, ${outbox.failed} failed`);

  // 4. Each cycle posted its four entries: cost of goods, invoice, payment, application.
  const entries = await one(db, `SELECT
      COUNT(*) FILTER (WHERE source_key LIKE 'shipment:%:cogs')::bigint AS cogs,
      COUNT(*) FILTER (WHERE source_key LIKE 'invoice:%')::bigint AS invoice,
      COUNT(*) FILTER (WHERE source_key LIKE 'payment:%')::bigint AS payment,
      COUNT(*) FILTER (WHERE source_key LIKE 'application:%')::bigint AS application
    FROM journal_entries WHERE tenant_id = $1`, [tenantId]);
  for (const k of ['cogs', 'invoice', 'payment', 'application'] as const) {
    if (entries[k] !== BigInt(cycles)) problems.push(`${entries[k]} ${k} entries after ${cycles} cycles`);
  }
  return problems;
}
