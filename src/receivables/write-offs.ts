import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { convert } from '../fx/rate.ts';
import { baseCurrency, baseCurrencyOf, rateFor } from '../fx/rates.ts';
import { accountBalances } from '../ledger/reports.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import { POSITION, post } from '../ledger/post.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import { ROLES, type Role, type Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { closeDispute } from './dispute-close.ts';
import { itemName, itemsByIds, reduceItem, settledIfClosed, type ArItem } from './items.ts';

/**
 * What a role may write off on its own, in minor units of the books' currency (null: no limit). Above the
 * limits of every role a person has, the write-off waits for someone whose limit covers it; a role not named
 * may only ask.
 */
export const DEFAULT_WRITE_OFF_LIMITS: Partial<Record<Role, bigint | null>> = { admin: null, credit: 100_000n, billing: 25_000n, collector: 5_000n };

export interface WriteOff {
  id: string;
  item_id: string;
  customer_id: string;
  dispute_id: string | null;
  currency: string;
  amount: bigint;
  reason: string;
  against_allowance: boolean;
  status: 'pending' | 'posted' | 'rejected';
  requested_at: Date;
  requested_by: string;
  requested_by_id: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
}

const COLUMNS = `id, item_id, customer_id, dispute_id, currency, amount, reason, against_allowance, status, requested_at, requested_by,
  requested_by_id, decided_at, decided_by, decision_note`;

/** The write-off limits of a tenant, per role: the defaults with what the tenant set over them. */
export async function writeOffLimits(db: Db | Sql, tenantId: string): Promise<Map<Role, bigint | null>> {
  const rows = await db.query<{ role: Role; max_amount: bigint | null }>('SELECT role, max_amount FROM ar_write_off_limits WHERE tenant_id = $1', [tenantId]);
  const limits = new Map(Object.entries(DEFAULT_WRITE_OFF_LIMITS) as [Role, bigint | null][]);
  for (const r of rows) limits.set(r.role, r.max_amount);
  return limits;
}

/** Sets the limits of the roles named ("250.00" in the books' currency, null: no limit, "0": may only ask). */
export async function setWriteOffLimits(tx: Sql, s: Scope, input: Record<string, string | null>): Promise<Map<Role, bigint | null>> {
  const base = await baseCurrency(tx, s);
  for (const [role, text] of Object.entries(input)) {
    if (!(ROLES as readonly string[]).includes(role) || role === 'customer') throw invalid(role, `"${role}" is not a staff role (${ROLES.filter((r) => r !== 'customer').join(', ')})`);
    const amount = text === null ? null : parseAmount(String(text), base);
    if (amount !== null && amount < 0n || text !== null && amount === null) throw invalid(role, `"${text}" is not an amount in ${base} (null for no limit)`);
    await tx.query(
      `INSERT INTO ar_write_off_limits (tenant_id, role, max_amount) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, role) DO UPDATE SET max_amount = EXCLUDED.max_amount`, [s.tenantId, role, amount]);
  }
  return writeOffLimits(tx, s.tenantId);
}

/** The most the acting person may write off alone (null: no limit). */
async function limitOf(tx: Sql, s: Scope): Promise<bigint | null> {
  const limits = await writeOffLimits(tx, s.tenantId);
  let best: bigint | null = 0n;
  for (const role of s.actor.roles) {
    if (!limits.has(role)) continue;
    const l = limits.get(role)!;
    if (l === null) return null;
    if (best !== null && l > best) best = l;
  }
  return best;
}

/** An amount in the books' currency, to hold against the limits: converted at the day's rate. */
async function inBase(tx: Sql, s: Scope, amount: bigint, currency: string): Promise<bigint> {
  const base = await baseCurrency(tx, s);
  return currency === base ? amount : convert(amount, await rateFor(tx, s, currency, today(s)), currency, base);
}

export interface WriteOffInput {
  item_id: string;
  amount?: string;
  reason: string;
  /** Against the allowance for doubtful accounts (a provision made before) instead of straight to expense. */
  against_allowance?: boolean;
}

/**
 * Writes off (part of) an open item as a bad debt: within the person's limit it is posted at once, Dr 6500
 * Bad-debt expense (or Dr 1190 Allowance) / Cr 1100 Receivables; above it, it waits for approval.
 */
export async function requestWriteOff(tx: Sql, s: Scope, input: WriteOffInput, disputeId: string | null = null): Promise<WriteOff> {
  const item = await itemFor(tx, s, input.item_id, 'item_id');
  const reason = input.reason?.trim();
  if (!reason) throw invalid('reason', 'a write-off needs a reason');
  const amount = input.amount === undefined || input.amount === '' ? item.open_amount : parseAmount(String(input.amount), item.currency);
  if (amount === null || amount <= 0n) throw invalid('amount', `"${input.amount}" is not a positive amount in ${item.currency}`);
  if (amount > item.open_amount) throw invalid('amount', `${itemName(item)} has only ${formatAmount(item.open_amount, item.currency)} ${item.currency} open`);
  const againstAllowance = input.against_allowance ?? false;
  const [row] = await tx.query<WriteOff>(
    `INSERT INTO ar_write_offs (tenant_id, id, item_id, customer_id, dispute_id, currency, amount, reason, against_allowance, status,
       requested_at, requested_by, requested_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12) RETURNING ${COLUMNS}`,
    [s.tenantId, uuidv7(), item.id, item.customer_id, disputeId, item.currency, amount, reason, againstAllowance, s.now, s.actor.name, s.actor.id]);
  const limit = await limitOf(tx, s);
  if (limit === null || (await inBase(tx, s, amount, item.currency)) <= limit) return postWriteOff(tx, s, row, item, 'within the limit of whoever asked');
  await emit(tx, s, {
    type: 'receivable.write_off_requested',
    summary: `Write-off of ${formatAmount(amount, item.currency)} ${item.currency} on ${itemName(item)} asked (${reason}): above ${s.actor.name}'s limit, waits for approval`,
    subjects: { customer: item.customer_id, invoice: item.kind === 'invoice' ? item.source_id : undefined },
    data: { write_off_id: row.id, item_id: item.id, amount, currency: item.currency },
  });
  return row;
}

/** Approves a waiting write-off: by someone else whose limit covers it; it is posted then. */
export async function approveWriteOff(tx: Sql, s: Scope, id: string, note?: string): Promise<WriteOff> {
  const w = await lockPending(tx, s, id);
  if (w.requested_by_id && w.requested_by_id === s.actor.id) throw new Failure('forbidden', 'a write-off is approved by someone other than who asked for it');
  const limit = await limitOf(tx, s);
  if (limit !== null && (await inBase(tx, s, w.amount, w.currency)) > limit) {
    throw new Failure('forbidden', `${formatAmount(w.amount, w.currency)} ${w.currency} is above your write-off limit`);
  }
  const item = await itemFor(tx, s, w.item_id, 'item_id');
  return postWriteOff(tx, s, w, item, note?.trim() || 'approved');
}

export async function rejectWriteOff(tx: Sql, s: Scope, id: string, note: string): Promise<WriteOff> {
  if (!note?.trim()) throw invalid('reason', 'a rejection needs a reason');
  const w = await lockPending(tx, s, id);
  const [row] = await tx.query<WriteOff>(
    `UPDATE ar_write_offs SET status = 'rejected', decided_at = $3, decided_by = $4, decision_note = $5 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, w.id, s.now, s.actor.name, note.trim()]);
  await emit(tx, s, {
    type: 'receivable.write_off_rejected',
    summary: `Write-off of ${formatAmount(w.amount, w.currency)} ${w.currency} rejected: ${note.trim()}`,
    subjects: { customer: w.customer_id },
    data: { write_off_id: w.id },
  });
  return row;
}

async function postWriteOff(tx: Sql, s: Scope, w: WriteOff, item: ArItem, note: string): Promise<WriteOff> {
  if (w.against_allowance) {
    const allowance = -((await accountBalances(tx, s.tenantId, ACCOUNTS.allowanceForDoubtfulAccounts)).get(w.currency) ?? 0n);
    if (allowance < w.amount) {
      throw new Failure('invalid_state', `the allowance for doubtful accounts holds ${formatAmount(allowance, w.currency)} ${w.currency}: provide for it first, or write off to expense`, 'against_allowance');
    }
  }
  await takeOffItem(tx, s, item, w.amount, w.against_allowance ? ACCOUNTS.allowanceForDoubtfulAccounts : ACCOUNTS.badDebtExpense,
    `write-off:${w.id}`, `written off as a bad debt: ${w.reason}`);
  const [row] = await tx.query<WriteOff>(
    `UPDATE ar_write_offs SET status = 'posted', decided_at = $3, decided_by = $4, decision_note = $5 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [s.tenantId, w.id, s.now, s.actor.name, note]);
  if (w.dispute_id) {
    await closeDispute(tx, s, w.dispute_id, { resolution: 'write_off', ref: w.id, note: w.reason, summary: `Dispute on ${itemName(item)} resolved: ${formatAmount(w.amount, w.currency)} ${w.currency} written off` });
  }
  return row;
}

/**
 * Takes an amount off an item for good (a bad debt, an accepted deduction): Dr `account` / Cr 1100 Receivables,
 * posted once under `key`, with its event; emits receivable.settled when nothing is left open.
 */
export async function takeOffItem(tx: Sql, s: Scope, item: ArItem, amount: bigint, account: AccountCode, key: string, why: string): Promise<ArItem> {
  const reduced = await reduceItem(tx, s, item.id, amount, item.currency);
  await post(tx, s, {
    sourceKey: key,
    description: `${itemName(item)}: ${why}`,
    currency: item.currency,
    lines: [
      { account, debit: amount },
      { account: ACCOUNTS.receivables, credit: amount, customerId: item.customer_id, position: POSITION.receivable(item.source_id) },
    ],
  });
  await emit(tx, s, {
    type: 'receivable.adjusted',
    summary: `${itemName(item)}: ${formatAmount(amount, item.currency)} ${item.currency} ${why}`,
    subjects: { customer: item.customer_id, invoice: item.kind === 'invoice' ? item.source_id : undefined, order: item.order_id ?? undefined },
    data: { item_id: item.id, account, amount, key },
  });
  await settledIfClosed(tx, s, reduced);
  return reduced;
}

async function lockPending(tx: Sql, s: Scope, id: string): Promise<WriteOff> {
  if (!UUID_RE.test(id)) throw notFound('write-off', id);
  const [w] = await tx.query<WriteOff>(`SELECT ${COLUMNS} FROM ar_write_offs WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!w) throw notFound('write-off', id);
  if (w.status !== 'pending') throw new Failure('invalid_state', `this write-off is ${w.status} already`);
  return w;
}

export async function itemFor(tx: Sql, s: Scope, id: string, field: string): Promise<ArItem> {
  const item = UUID_RE.test(id ?? '') ? (await itemsByIds(tx, s.tenantId, [id])).get(id) : undefined;
  if (!item) throw invalid(field, `open item ${id} not found`);
  return item;
}

export async function listWriteOffs(db: Db | Sql, tenantId: string, f: { status?: string; customerId?: string } = {}): Promise<WriteOff[]> {
  return db.query<WriteOff>(
    `SELECT ${COLUMNS} FROM ar_write_offs WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR customer_id = $3::uuid)
      ORDER BY id DESC LIMIT 500`, [tenantId, f.status ?? null, f.customerId ?? null]);
}

export function writeOffJson(w: WriteOff) {
  return { ...w, amount: formatAmount(w.amount, w.currency) };
}

export async function writeOffLimitsJson(db: Db | Sql, tenantId: string, limits: Map<Role, bigint | null>) {
  const base = await baseCurrencyOf(db, tenantId);
  return { currency: base, limits: Object.fromEntries([...limits].map(([role, v]) => [role, v === null ? null : formatAmount(v, base)])) };
}
