import { creditNoteIdByNumber, creditNotesOfInvoice } from '../billing/credit-notes.ts';
import { invoiceIdByNumber } from '../billing/queries.ts';
import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { Failure, invalid, notFound } from '../shared/failure.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { formatAmount, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { closeDispute, RESOLUTIONS, type Resolution } from './dispute-close.ts';
import { itemName, type ArItem } from './items.ts';
import { itemFor, requestWriteOff, takeOffItem, type WriteOff } from './write-offs.ts';

export const REASON_CODES = ['pricing', 'damaged', 'short_shipment', 'not_received', 'quality', 'wrong_item', 'duplicate_billing', 'terms', 'other'] as const;

export interface Dispute {
  id: string;
  item_id: string;
  customer_id: string;
  /** A dispute raised by the customer, or a deduction it took off a payment (the item was paid short). */
  kind: 'dispute' | 'deduction';
  reason_code: string;
  currency: string;
  amount: bigint;
  owner: string | null;
  note: string | null;
  status: 'open' | 'resolved';
  resolution: Resolution | null;
  resolution_ref: string | null;
  resolution_note: string | null;
  /** What the resolution took off the item itself (an accepted deduction). */
  resolved_amount: bigint | null;
  opened_at: Date;
  opened_by: string;
  resolved_at: Date | null;
  resolved_by: string | null;
}

const COLUMNS = `id, item_id, customer_id, kind, reason_code, currency, amount, owner, note, status, resolution, resolution_ref, resolution_note,
  resolved_amount, opened_at, opened_by, resolved_at, resolved_by`;

export interface DisputeInput {
  item_id: string;
  kind?: 'dispute' | 'deduction';
  reason_code: string;
  /** The part of the item disputed (default: all that is open). */
  amount?: string;
  owner?: string | null;
  note?: string | null;
}

/**
 * Opens a dispute (or records a deduction) on an open item: the item stays open on AR, but is marked in dispute,
 * so dunning leaves it alone until the dispute is resolved.
 */
export async function openDispute(tx: Sql, s: Scope, input: DisputeInput): Promise<Dispute> {
  const item = await itemFor(tx, s, input.item_id, 'item_id');
  const kind = input.kind ?? 'dispute';
  if (kind !== 'dispute' && kind !== 'deduction') throw invalid('kind', 'kind is "dispute" or "deduction"');
  if (!(REASON_CODES as readonly string[]).includes(input.reason_code)) throw invalid('reason_code', `reason code is one of ${REASON_CODES.join(', ')}`);
  if (item.open_amount === 0n) throw new Failure('invalid_state', `${itemName(item)} is paid in full: nothing to dispute`, 'item_id');
  const amount = input.amount === undefined || input.amount === '' ? item.open_amount : parseAmount(String(input.amount), item.currency);
  if (amount === null || amount <= 0n) throw invalid('amount', `"${input.amount}" is not a positive amount in ${item.currency}`);
  if (amount > item.open_amount) throw invalid('amount', `${itemName(item)} has only ${formatAmount(item.open_amount, item.currency)} ${item.currency} open`);
  const [d] = await tx.query<Dispute>(
    `INSERT INTO ar_disputes (tenant_id, id, item_id, customer_id, kind, reason_code, currency, amount, owner, note, status, opened_at, opened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12) RETURNING ${COLUMNS}`,
    [s.tenantId, uuidv7(), item.id, item.customer_id, kind, input.reason_code, item.currency, amount, input.owner?.trim() || s.actor.name,
      input.note?.trim() || null, s.now, s.actor.name]);
  await tx.query('UPDATE ar_items SET in_dispute = true WHERE tenant_id = $1 AND id = $2', [s.tenantId, item.id]);
  await emit(tx, s, {
    type: 'receivable.disputed',
    summary: `${itemName(item)}: ${kind === 'deduction' ? 'deduction' : 'dispute'} of ${formatAmount(amount, item.currency)} ${item.currency} ` +
      `(${input.reason_code.replace(/_/g, ' ')}), owner ${d.owner}${d.note ? `: ${d.note}` : ''}`,
    subjects: { customer: item.customer_id, invoice: item.kind === 'invoice' ? item.source_id : undefined, order: item.order_id ?? undefined },
    data: { dispute_id: d.id, item_id: item.id, kind, reason_code: input.reason_code, amount },
  });
  return d;
}

export async function assignDispute(tx: Sql, s: Scope, id: string, owner: string): Promise<Dispute> {
  if (!owner?.trim()) throw invalid('owner', 'name who owns the dispute');
  const d = await lockOpen(tx, s, id);
  const [row] = await tx.query<Dispute>(`UPDATE ar_disputes SET owner = $3 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [s.tenantId, d.id, owner.trim()]);
  await emit(tx, s, { type: 'receivable.dispute_assigned', summary: `Dispute owned by ${owner.trim()} now`, subjects: { customer: d.customer_id }, data: { dispute_id: d.id, owner: owner.trim() } });
  return row;
}

export interface ResolutionInput {
  resolution: Resolution;
  /** credit_note: the credit note issued for it; rebill: the invoice issued instead. */
  reference?: string | null;
  note?: string | null;
  /** write_off: against the allowance for doubtful accounts. */
  against_allowance?: boolean;
}

/**
 * Resolves a dispute: by a credit note issued for the item's invoice, a write-off of the disputed amount (which
 * may wait for approval, and resolves the dispute once posted), a corrected invoice (rebill), accepting a
 * deduction (Dr 4920 Customer deductions / Cr 1100), or rejecting it (the customer owes it: dunning resumes).
 */
export async function resolveDispute(tx: Sql, s: Scope, id: string, input: ResolutionInput): Promise<{ dispute: Dispute; writeOff?: WriteOff }> {
  if (!(RESOLUTIONS as readonly string[]).includes(input.resolution)) throw invalid('resolution', `resolution is one of ${RESOLUTIONS.join(', ')}`);
  const d = await lockOpen(tx, s, id);
  const item = await itemFor(tx, s, d.item_id, 'item_id');
  const note = input.note?.trim() || null;
  const what = `${itemName(item)}: ${d.kind} (${d.reason_code.replace(/_/g, ' ')})`;
  const close = (ref: string | null, summary: string, taken?: bigint) => closeDispute(tx, s, d.id, { resolution: input.resolution, ref, note, summary, amount: taken });
  const amount = d.amount < item.open_amount ? d.amount : item.open_amount;
  switch (input.resolution) {
    case 'credit_note': {
      const number = reference(input, 'credit note');
      const noteId = await creditNoteIdByNumber(tx, s.tenantId, number);
      const ofInvoice = item.kind === 'invoice' ? await creditNotesOfInvoice(tx, s.tenantId, item.source_id) : [];
      if (!noteId || !ofInvoice.some((n) => n.id === noteId)) throw invalid('reference', `${number} is no credit note of ${item.document_number}`);
      await close(number, `${what} resolved by credit note ${number}`);
      break;
    }
    case 'rebill': {
      const number = reference(input, 'invoice');
      if (!(await invoiceIdByNumber(tx, s.tenantId, number))) throw invalid('reference', `no invoice ${number}`);
      await close(number, `${what} resolved: rebilled as ${number}`);
      break;
    }
    case 'write_off': {
      if (amount === 0n) throw new Failure('invalid_state', `${itemName(item)} has nothing open to write off`);
      const w = await requestWriteOff(tx, s, {
        item_id: item.id, amount: formatAmount(amount, item.currency), reason: `${d.reason_code.replace(/_/g, ' ')} dispute${note ? `: ${note}` : ''}`,
        against_allowance: input.against_allowance,
      }, d.id);
      return { dispute: await getDispute(tx, s.tenantId, d.id), writeOff: w };
    }
    case 'deduction_accepted': {
      if (amount === 0n) throw new Failure('invalid_state', `${itemName(item)} has nothing open to accept as a deduction`);
      await takeOffItem(tx, s, item, amount, ACCOUNTS.deductions, `deduction:${d.id}`, `deduction accepted (${d.reason_code.replace(/_/g, ' ')})`);
      await close(null, `${what}: ${formatAmount(amount, item.currency)} ${item.currency} accepted`, amount);
      break;
    }
    case 'rejected':
      if (!note) throw invalid('note', 'say why the dispute is rejected');
      await close(null, `${what} rejected: ${note}`);
      break;
  }
  return { dispute: await getDispute(tx, s.tenantId, d.id) };
}

function reference(input: ResolutionInput, what: string): string {
  const ref = input.reference?.trim();
  if (!ref) throw invalid('reference', `name the ${what} that resolves it`);
  return ref;
}

async function lockOpen(tx: Sql, s: Scope, id: string): Promise<Dispute> {
  if (!UUID_RE.test(id)) throw notFound('dispute', id);
  const [d] = await tx.query<Dispute>(`SELECT ${COLUMNS} FROM ar_disputes WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [s.tenantId, id]);
  if (!d) throw notFound('dispute', id);
  if (d.status !== 'open') throw new Failure('invalid_state', 'this dispute is resolved already');
  return d;
}

export async function getDispute(db: Db | Sql, tenantId: string, id: string): Promise<Dispute> {
  if (!UUID_RE.test(id)) throw notFound('dispute', id);
  const [d] = await db.query<Dispute>(`SELECT ${COLUMNS} FROM ar_disputes WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!d) throw notFound('dispute', id);
  return d;
}

export async function listDisputes(db: Db | Sql, tenantId: string, f: { status?: string; customerId?: string } = {}): Promise<Dispute[]> {
  return db.query<Dispute>(
    `SELECT ${COLUMNS} FROM ar_disputes WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR customer_id = $3::uuid)
      ORDER BY id DESC LIMIT 500`, [tenantId, f.status ?? null, f.customerId ?? null]);
}

/** The open disputes of some customers (collections shows them next to the items dunning leaves alone). */
export async function openDisputesOf(db: Db | Sql, tenantId: string, customerIds: string[]): Promise<Dispute[]> {
  return db.query<Dispute>(
    `SELECT ${COLUMNS} FROM ar_disputes WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND status = 'open' ORDER BY id`, [tenantId, customerIds]);
}

export function disputeJson(d: Dispute, item?: ArItem) {
  return {
    ...d, amount: formatAmount(d.amount, d.currency), resolved_amount: d.resolved_amount === null ? null : formatAmount(d.resolved_amount, d.currency),
    ...(item && { document_number: itemName(item) }),
  };
}
