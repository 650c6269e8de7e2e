import { checkStockLedger } from '../../src/inventory/picking.ts';
import type { Db } from '../../src/db/db.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { accountBalances } from '../../src/ledger/reports.ts';

/**
 * Invariants beyond the books (world.checkBooks): each returns a list of human-readable violations, empty when
 * all is well, so that an assertion failure says what is wrong.
 */
export async function stockViolations(db: Db, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  const neg = await db.query<{ product_id: string; on_hand: bigint; reserved: bigint; value: bigint }>(
    `SELECT product_id, on_hand, reserved, value FROM stock_levels
      WHERE tenant_id = $1 AND (on_hand < 0 OR reserved < 0 OR on_hand < reserved OR value < 0)`, [tenantId]);
  for (const r of neg) out.push(`stock of ${r.product_id}: on_hand ${r.on_hand}, reserved ${r.reserved}, value ${r.value}`);
  const res = await db.query<{ product_id: string; reserved: bigint; active: bigint }>(
    `SELECT l.product_id, l.reserved, COALESCE(SUM(r.quantity), 0)::bigint AS active
       FROM stock_levels l LEFT JOIN reservations r
         ON r.tenant_id = l.tenant_id AND r.product_id = l.product_id AND r.warehouse_id = l.warehouse_id AND r.status = 'active'
      WHERE l.tenant_id = $1 GROUP BY l.product_id, l.warehouse_id, l.reserved HAVING l.reserved <> COALESCE(SUM(r.quantity), 0)`, [tenantId]);
  for (const r of res) out.push(`reserved ${r.reserved} of ${r.product_id} but active reservations sum to ${r.active}`);
  // inventory account = value of what is on hand (moving average keeps them equal)
  const [tenant] = await db.query<{ base_currency: string }>('SELECT base_currency FROM tenants WHERE id = $1', [tenantId]);
  const inv = (await accountBalances(db, tenantId, ACCOUNTS.inventory)).get(tenant.base_currency) ?? 0n;
  const [v] = await db.query<{ value: bigint }>('SELECT COALESCE(SUM(value), 0)::bigint AS value FROM stock_levels WHERE tenant_id = $1', [tenantId]);
  if (inv !== v.value) out.push(`inventory account ${inv} vs stock value ${v.value}`);
  out.push(...await checkStockLedger(db, tenantId));
  return out;
}

export async function paymentViolations(db: Db, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  // What came in is applied to invoices, still unapplied, or paid back.
  const rows = await db.query<{ payment_number: string; amount: bigint; unapplied: bigint; applied: bigint; refunded: bigint }>(
    `SELECT p.payment_number, p.amount, p.unapplied,
            COALESCE((SELECT SUM(a.amount) FROM payment_applications a WHERE a.tenant_id = p.tenant_id AND a.payment_id = p.id AND a.reversed_at IS NULL), 0)::bigint AS applied,
            COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.id), 0)::bigint AS refunded
       FROM payments p WHERE p.tenant_id = $1`, [tenantId]);
  for (const r of rows) {
    if (r.unapplied < 0n) out.push(`${r.payment_number}: unapplied ${r.unapplied} < 0`);
    if (r.unapplied > r.amount) out.push(`${r.payment_number}: unapplied ${r.unapplied} > amount ${r.amount}`);
    if (r.amount - r.unapplied !== r.applied + r.refunded) out.push(`${r.payment_number}: amount ${r.amount} − unapplied ${r.unapplied} ≠ applied ${r.applied} + refunded ${r.refunded}`);
  }
  // An open item goes down by payments applied to it, by credit notes against its invoice, and by the differences
  // cash application settled on it (discount, bank charges, write-off, deduction), bad debts written off and
  // deductions accepted on a dispute — a migrated one also by what was paid on it before it came over. A credit
  // note may take from several parts (instalments) of its invoice, so the sums are per document: its items together.
  const items = await db.query<{ document_number: string; amount: bigint; open_amount: bigint; applied: bigint; credited: bigint; adjusted: bigint; outside: bigint }>(
    `SELECT document_number, SUM(amount)::bigint AS amount, SUM(open_amount)::bigint AS open_amount,
            COUNT(*) FILTER (WHERE open_amount < 0 OR open_amount > amount)::bigint AS outside,
            SUM(applied)::bigint AS applied, MAX(credited)::bigint AS credited, SUM(adjusted)::bigint AS adjusted
       FROM (SELECT i.kind, i.source_id, i.document_number, i.amount - i.paid_before AS amount, i.open_amount,
                    COALESCE((SELECT SUM(a.amount) FROM payment_applications a WHERE a.tenant_id = i.tenant_id AND a.ar_item_id = i.id AND a.reversed_at IS NULL), 0) AS applied,
                    COALESCE((SELECT SUM(c.applied_to_invoice) FROM credit_notes c WHERE c.tenant_id = i.tenant_id AND c.invoice_id = i.source_id), 0) AS credited,
                    COALESCE((SELECT SUM(m.discount + m.charges + m.write_off + m.deduction) FROM cashapp_matches m
                               WHERE m.tenant_id = i.tenant_id AND m.ar_item_id = i.id AND m.status IN ('auto', 'confirmed')), 0)
                      + COALESCE((SELECT SUM(wo.amount) FROM ar_write_offs wo WHERE wo.tenant_id = i.tenant_id AND wo.item_id = i.id AND wo.status = 'posted'), 0)
                      + COALESCE((SELECT SUM(d.resolved_amount) FROM ar_disputes d WHERE d.tenant_id = i.tenant_id AND d.item_id = i.id), 0) AS adjusted
               FROM ar_items i WHERE i.tenant_id = $1) x
      GROUP BY kind, source_id, document_number`, [tenantId]);
  for (const i of items) {
    if (i.outside > 0n) out.push(`${i.document_number}: an item's open amount outside 0..its amount`);
    if (i.amount - i.open_amount !== i.applied + i.credited + i.adjusted) {
      out.push(`${i.document_number}: amount ${i.amount} − open ${i.open_amount} ≠ applied ${i.applied} + credited ${i.credited} + adjusted ${i.adjusted}`);
    }
  }
  // unapplied cash account = −Σ unapplied (a liability: credit balance)
  const cash = await accountBalances(db, tenantId, ACCOUNTS.unappliedCash);
  const sums = await db.query<{ currency: string; unapplied: bigint }>(
    'SELECT currency, COALESCE(SUM(unapplied), 0)::bigint AS unapplied FROM payments WHERE tenant_id = $1 GROUP BY currency', [tenantId]);
  for (const s of sums) {
    const bal = cash.get(s.currency) ?? 0n;
    if (bal !== -s.unapplied) out.push(`unapplied cash account ${bal} vs payments' unapplied ${s.unapplied} (${s.currency})`);
  }
  return out;
}

/** After a full drain: every shipped order invoiced, invoice status agrees with what is open, order closed iff paid. */
export async function documentViolations(db: Db, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  const shippedNotInvoiced = await db.query<{ order_number: string; status: string }>(
    `SELECT o.order_number, o.status FROM orders o JOIN shipments s ON s.tenant_id = o.tenant_id AND s.order_id = o.id
       LEFT JOIN invoices i ON i.tenant_id = s.tenant_id AND i.shipment_id = s.id
      WHERE o.tenant_id = $1 AND i.id IS NULL`, [tenantId]);
  for (const r of shippedNotInvoiced) out.push(`order ${r.order_number} (${r.status}) shipped but not invoiced`);
  // An invoice due in instalments has an open item per part: what is open of it is their sum.
  const inv = await db.query<{ invoice_number: string; status: string; open_amount: bigint; order_status: string }>(
    `SELECT i.invoice_number, i.status, SUM(a.open_amount)::bigint AS open_amount, o.status AS order_status FROM invoices i
       JOIN ar_items a ON a.tenant_id = i.tenant_id AND a.source_id = i.id
       JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
      WHERE i.tenant_id = $1 GROUP BY i.id, i.invoice_number, i.status, o.status`, [tenantId]);
  for (const i of inv) {
    const paid = i.open_amount === 0n;
    // Paid iff nothing is open; a fully credited invoice says credited, and has nothing open either.
    if (i.status === 'credited' ? !paid : (i.status === 'paid') !== paid) out.push(`${i.invoice_number}: status ${i.status} with ${i.open_amount} open`);
    if ((i.order_status === 'closed') !== paid) out.push(`${i.invoice_number}: order ${i.order_status} with ${i.open_amount} open`);
  }
  const pending = await db.query<{ id: string; type: string; last_error: string | null }>(
    'SELECT id, type, last_error FROM outbox WHERE tenant_id = $1 AND dispatched_at IS NULL', [tenantId]);
  for (const p of pending) out.push(`event ${p.type} ${p.id} not dispatched${p.last_error ? `: ${p.last_error}` : ''}`);
  return out;
}

/** world.checkBooks for any database: unbalanced entries and AR control vs open items. */
export async function booksViolations(db: Db, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  const unbalanced = await db.query<{ source_key: string }>(
    `SELECT e.source_key FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1 GROUP BY e.id, e.source_key HAVING SUM(l.debit) <> SUM(l.credit)`, [tenantId]);
  for (const u of unbalanced) out.push(`entry ${u.source_key} unbalanced`);
  const control = await accountBalances(db, tenantId, ACCOUNTS.receivables);
  const sub = await db.query<{ currency: string; open: bigint }>(
    'SELECT currency, COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items WHERE tenant_id = $1 GROUP BY currency', [tenantId]);
  const open = new Map(sub.map((r) => [r.currency, r.open]));
  for (const c of new Set([...control.keys(), ...open.keys()])) {
    if ((control.get(c) ?? 0n) !== (open.get(c) ?? 0n)) out.push(`${c}: AR control ${control.get(c) ?? 0n} vs open items ${open.get(c) ?? 0n}`);
  }
  return out;
}

/**
 * The books in the base currency: every entry balanced in base too, every line's base amount on one side, and
 * a foreign-currency position that is settled (nothing left in its currency) carrying nothing in base either.
 */
export async function baseViolations(db: Db, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  const unbalanced = await db.query<{ source_key: string; diff: bigint }>(
    `SELECT e.source_key, SUM(l.base_debit - l.base_credit)::bigint AS diff
       FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1 GROUP BY e.id, e.source_key HAVING SUM(l.base_debit) <> SUM(l.base_credit)`, [tenantId]);
  for (const u of unbalanced) out.push(`entry ${u.source_key} unbalanced in base by ${u.diff}`);
  const [tenant] = await db.query<{ base_currency: string }>('SELECT base_currency FROM tenants WHERE id = $1', [tenantId]);
  const mismatched = await db.query<{ source_key: string; account_code: string }>(
    `SELECT e.source_key, l.account_code FROM journal_entries e JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.id
      WHERE e.tenant_id = $1 AND e.currency = $2 AND (l.base_debit <> l.debit OR l.base_credit <> l.credit)`, [tenantId, tenant.base_currency]);
  for (const m of mismatched) out.push(`entry ${m.source_key} is in the base currency but its ${m.account_code} line has other base amounts`);
  const residues = await db.query<{ position_key: string; base: bigint }>(
    `SELECT position_key, SUM(base_debit - base_credit)::bigint AS base FROM journal_lines
      WHERE tenant_id = $1 AND position_key IS NOT NULL GROUP BY position_key
     HAVING SUM(debit - credit) = 0 AND SUM(base_debit - base_credit) <> 0`, [tenantId]);
  for (const r of residues) out.push(`position ${r.position_key} is settled but carries ${r.base} in base`);
  return out;
}
