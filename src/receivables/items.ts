import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { recordOpenChange } from './changes.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { assert, Failure, notFound } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';

// The AR subledger: one open item per receivable. Its open amounts always add up to the balance of the
// receivables control account, because every change here happens in the same transaction as its posting.

export interface ArItem {
  id: string;
  customer_id: string;
  kind: 'invoice' | 'opening' | 'fee' | 'interest';
  /** 1..n for the parts of an invoice due in instalments, 0 for a whole document. */
  instalment: number;
  in_dispute: boolean;
  /** Early-payment discount granted if paid by discount_until (0 and null when the terms give none). */
  discount_amount: bigint;
  discount_until: string | null;
  source_id: string;
  document_number: string;
  order_id: string | null;
  currency: string;
  amount: bigint;
  open_amount: bigint;
  issue_date: string;
  due_date: string;
  settled_at: Date | null;
}

const COLUMNS = 'id, customer_id, kind, source_id, instalment, document_number, order_id, currency, amount, open_amount, issue_date, due_date, settled_at, in_dispute, discount_amount, discount_until';
/** The columns of an ArItem, for queries of this context that select items with more. */
export const ITEM_COLUMNS = COLUMNS;

export async function openItem(
  tx: Sql, s: Scope,
  i: { customerId: string; kind: ArItem['kind']; sourceId: string; documentNumber: string; orderId?: string | null;
    /** The part of an invoice due in instalments (1..n); 0, the default, for a whole document. */
    instalment?: number;
    currency: string; amount: bigint; openAmount?: bigint; issueDate: string; dueDate: string;
    discount?: { amount: bigint; until: string } | null },
): Promise<ArItem> {
  assert(i.amount > 0n, 'a receivable is positive');
  const open = i.openAmount ?? i.amount;
  const [row] = await tx.query<ArItem>(
    `INSERT INTO ar_items (tenant_id, id, customer_id, kind, source_id, document_number, order_id, currency, amount, open_amount,
       issue_date, due_date, settled_at, discount_amount, discount_until, instalment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
    [s.tenantId, uuidv7(), i.customerId, i.kind, i.sourceId, i.documentNumber, i.orderId ?? null, i.currency, i.amount, open,
      i.issueDate, i.dueDate, open === 0n ? s.now : null, i.discount?.amount ?? 0n, i.discount?.until ?? null, i.instalment ?? 0],
  );
  return row;
}

/**
 * Takes `amount` off an item's open amount (a payment applied). Locks the item first, so two applications
 * can never together take more than is open. The caller records why (an application, a credit note…) and
 * then calls settledIfClosed, so that a timeline reads cause before consequence.
 */
export async function reduceItem(tx: Sql, s: Scope, itemId: string, amount: bigint, currency: string): Promise<ArItem> {
  assert(amount > 0n, 'a reduction is positive');
  const item = await lockItem(tx, s, itemId);
  if (item.currency !== currency) throw new Failure('invalid_input', `item ${item.document_number} is in ${item.currency}, not ${currency}`, 'currency');
  if (item.open_amount < amount) {
    throw new Failure('conflict', `${item.document_number} has only ${formatAmount(item.open_amount, item.currency)} ${item.currency} open`, 'amount');
  }
  const open = item.open_amount - amount;
  const [row] = await tx.query<ArItem>(
    `UPDATE ar_items SET open_amount = $3, settled_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, itemId, open, open === 0n ? s.now : null],
  );
  recordOpenChange(tx, s, item, -amount);
  return row;
}

/** Emits receivable.settled when an item has nothing left open. */
export async function settledIfClosed(tx: Sql, s: Scope, item: ArItem): Promise<void> {
  if (item.open_amount !== 0n) return;
  await emit(tx, s, {
    type: 'receivable.settled',
    summary: `${itemName(item)} paid in full`,
    subjects: { order: item.order_id ?? undefined, invoice: item.kind === 'invoice' ? item.source_id : undefined, customer: item.customer_id },
    data: { item_id: item.id, kind: item.kind, source_id: item.source_id, order_id: item.order_id },
  });
}

/** Gives back `amount` to an item (an application undone). */
export async function restoreItem(tx: Sql, s: Scope, itemId: string, amount: bigint): Promise<ArItem> {
  const item = await lockItem(tx, s, itemId);
  assert(item.open_amount + amount <= item.amount, 'restoring never opens more than the item was');
  const [row] = await tx.query<ArItem>(
    `UPDATE ar_items SET open_amount = open_amount + $3, settled_at = NULL WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, itemId, amount],
  );
  recordOpenChange(tx, s, item, amount);
  if (item.open_amount === 0n) {
    await emit(tx, s, {
      type: 'receivable.reopened',
      summary: `${itemName(item)} open again`,
      subjects: { order: item.order_id ?? undefined, invoice: item.kind === 'invoice' ? item.source_id : undefined, customer: item.customer_id },
      data: { item_id: item.id, kind: item.kind, source_id: item.source_id, order_id: item.order_id },
    });
  }
  return row;
}

/** "INV-2026-000042", or "INV-2026-000042 instalment 2" for a part of an invoice due in instalments. */
export function itemName(item: Pick<ArItem, 'document_number' | 'instalment'>): string {
  return item.instalment ? `${item.document_number} instalment ${item.instalment}` : item.document_number;
}

async function lockItem(tx: Sql, s: Scope, itemId: string): Promise<ArItem> {
  if (!UUID_RE.test(itemId)) throw notFound('open item', itemId);
  const [item] = await tx.query<ArItem>(`SELECT ${COLUMNS} FROM ar_items WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, itemId]);
  if (!item) throw notFound('open item', itemId);
  return item;
}

/** The items of one document, in the order they fall due: an invoice due in instalments has one per part. */
export async function itemsOfSource(db: Db | Sql, tenantId: string, sourceId: string): Promise<ArItem[]> {
  return (await itemsOfSources(db, tenantId, [sourceId])).get(sourceId) ?? [];
}

/** The items of several documents by document, each list in the order its parts fall due. */
export async function itemsOfSources(db: Db | Sql, tenantId: string, sourceIds: string[]): Promise<Map<string, ArItem[]>> {
  if (!sourceIds.length) return new Map();
  const rows = await db.query<ArItem>(
    `SELECT ${COLUMNS} FROM ar_items WHERE tenant_id = $1 AND source_id = ANY($2::uuid[]) ORDER BY source_id, due_date, instalment`, [tenantId, sourceIds]);
  const out = new Map<string, ArItem[]>();
  for (const r of rows) out.set(r.source_id, [...(out.get(r.source_id) ?? []), r]);
  return out;
}

export async function itemsByIds(db: Db | Sql, tenantId: string, ids: string[]): Promise<Map<string, ArItem>> {
  const valid = ids.filter((id) => UUID_RE.test(id));
  if (!valid.length) return new Map();
  const rows = await db.query<ArItem>(`SELECT ${COLUMNS} FROM ar_items WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, valid]);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function itemByNumber(db: Db | Sql, tenantId: string, number: string): Promise<ArItem | null> {
  const [row] = await db.query<ArItem>(
    `SELECT ${COLUMNS} FROM ar_items WHERE tenant_id = $1 AND document_number = $2 ORDER BY id LIMIT 1`, [tenantId, number]);
  return row ?? null;
}

/** What is still open on an order's invoices. */
export async function openAmountOfOrder(db: Db | Sql, tenantId: string, orderId: string): Promise<bigint> {
  const [row] = await db.query<{ open: bigint }>(
    `SELECT COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items WHERE tenant_id = $1 AND order_id = $2 AND open_amount > 0`,
    [tenantId, orderId]);
  return row.open;
}

/** What a customer owes now, in one currency: the receivables part of credit exposure. */
export async function openBalance(db: Db | Sql, tenantId: string, customerId: string, currency: string): Promise<bigint> {
  const [row] = await db.query<{ open: bigint }>(
    `SELECT COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items
      WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 AND open_amount > 0`,
    [tenantId, customerId, currency],
  );
  return row.open;
}

export async function openItems(db: Db | Sql, tenantId: string, opts: { customerId?: string; includeSettled?: boolean } = {}) {
  return db.query<ArItem>(
    `SELECT ${COLUMNS} FROM ar_items WHERE tenant_id = $1 AND ($2::uuid IS NULL OR customer_id = $2::uuid)
       AND ($3::boolean OR open_amount > 0) ORDER BY due_date, document_number LIMIT 2000`,
    [tenantId, opts.customerId ?? null, opts.includeSettled ?? false],
  );
}

/** Sum of open items per currency: must equal the receivables control account at every moment. */
export async function subledgerTotals(db: Db | Sql, tenantId: string): Promise<Map<string, bigint>> {
  const rows = await db.query<{ currency: string; open: bigint }>(
    `SELECT currency, COALESCE(SUM(open_amount), 0)::bigint AS open FROM ar_items WHERE tenant_id = $1 GROUP BY currency`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.currency, r.open]));
}

export function itemJson(i: ArItem) {
  return { ...i, amount: formatAmount(i.amount, i.currency), open_amount: formatAmount(i.open_amount, i.currency) };
}
