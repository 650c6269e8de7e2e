import type { Sql } from '../db/db.ts';
import { creditableLinesOfOrder, issueCreditNote, type CreditNote } from '../billing/credit-notes.ts';
import { emit } from '../events/emit.ts';
import type { Order } from '../orders/model.ts';
import { lockOrder } from '../orders/queries.ts';
import { paymentMethodOf, refundCredit, type Refund } from '../payments/refunds.ts';
import { itemsOfSource } from '../receivables/items.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { lockRma, RESOLUTIONS, type Resolution, type Rma, type RmaLine } from './model.ts';
import { creditSource, orderReplacement } from './replacement.ts';

export interface ResolveReturnInput {
  resolution: string;
  /** Lines resolved otherwise than `resolution`. */
  lines?: { line_no: number; resolution: string }[];
  /** Pay back the credit of the lines resolved by credit, by the method their invoice was paid with. */
  refund?: boolean;
}

/**
 * Settles what came back. Every returned unit is credited at its invoiced price (one credit note per invoice
 * and resolution); units resolved by credit may then be refunded, units resolved by replacement are ordered
 * again at the same prices, and their credit pays the replacement's invoice.
 */
export async function resolveReturn(tx: Sql, s: Scope, id: string, input: ResolveReturnInput): Promise<void> {
  const { rma, lines } = await lockRma(tx, s, id, ['received'], 'resolved');
  const resolutionOf = resolutions(lines, input);
  const back = lines.filter((l) => (l.received_quantity ?? 0n) > 0n);
  if (input.refund && !back.some((l) => resolutionOf(l) === 'credit')) throw invalid('refund', 'only units resolved by credit are refunded');
  // Resolutions of one order's returns queue, so two of them never credit the same invoiced units.
  const { order, lines: orderLines } = await lockOrder(tx, s, rma.order_id);

  const notes: { resolution: Resolution; note: CreditNote }[] = [];
  for (const { resolution, ...g } of await creditGroups(tx, s, rma, back, resolutionOf)) {
    const reason = `return ${rma.rma_number}${resolution === 'replacement' ? ', units replaced' : ''}`;
    notes.push({ resolution, note: await issueCreditNote(tx, s, { invoiceId: g.invoiceId, lines: g.lines, reason, sourceRef: creditSource(rma.id, resolution) }) });
  }
  const refunds: Refund[] = [];
  if (input.refund) {
    const credits = notes.filter((n) => n.resolution === 'credit' && n.note.credit_payment_id);
    if (!credits.length) throw invalid('refund', `nothing to refund: the credit went to what ${notes.map((n) => n.note.invoice_number).join(', ')} still owed`);
    for (const { note } of credits) {
      // How the invoice was paid: its first part's applications say it.
      const [item] = await itemsOfSource(tx, s.tenantId, note.invoice_id);
      const method = item ? await paymentMethodOf(tx, s.tenantId, item.id) : 'bank_transfer';
      refunds.push(await refundCredit(tx, s, { paymentId: note.credit_payment_id!, method, reason: `return ${rma.rma_number}, credit note ${note.credit_note_number}`, orderId: order.id }));
    }
  }
  const replaced = back.filter((l) => resolutionOf(l) === 'replacement');
  const replacement = replaced.length
    ? await orderReplacement(tx, s, rma, order, replaced.map((l) => ({ line: orderLines.find((o) => o.line_no === l.line_no)!, quantity: l.received_quantity! })))
    : null;

  await tx.query(
    `UPDATE rma_lines l SET resolution = v.r FROM unnest($3::int[], $4::text[]) AS v(n, r) WHERE l.tenant_id = $1 AND l.rma_id = $2 AND l.line_no = v.n`,
    [s.tenantId, id, back.map((l) => l.line_no), back.map(resolutionOf)]);
  await tx.query(
    `UPDATE rmas SET status = 'resolved', refund = $3, replacement_order_id = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, id, refunds.length > 0, replacement?.id ?? null, s.now]);
  await emit(tx, s, {
    type: 'rma.resolved',
    summary: `${rma.rma_number} resolved: ${resolvedSummary(order, notes.map((n) => n.note), refunds, replacement)}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { rma_id: id, rma_number: rma.rma_number, credit_notes: notes.map((n) => n.note.id), refunds: refunds.map((r) => r.id), replacement_order_id: replacement?.id ?? null },
  });
  if (replacement) {
    await emit(tx, s, {
      type: 'rma.replacement',
      summary: `Replaces ${replaced.map((l) => `${l.received_quantity} × ${l.sku}`).join(', ')} returned on ${rma.rma_number} (order ${order.order_number})`,
      subjects: { order: replacement.id },
      data: { rma_id: id, rma_number: rma.rma_number, original_order_id: order.id },
    });
  }
}

function resolutions(lines: RmaLine[], input: ResolveReturnInput): (l: RmaLine) => Resolution {
  const isResolution = (r: string): r is Resolution => RESOLUTIONS.includes(r as Resolution);
  if (!isResolution(input.resolution)) throw invalid('resolution', `resolution must be ${RESOLUTIONS.join(' or ')}`);
  const chosen = new Map<number, Resolution>();
  for (const [i, l] of (input.lines ?? []).entries()) {
    const line = lines.find((x) => x.line_no === Number(l.line_no));
    if (!line || chosen.has(line.line_no)) throw invalid(`lines[${i}].line_no`, `the return has no line ${l.line_no}, or it is named twice`);
    if (!isResolution(l.resolution)) throw invalid(`lines[${i}].resolution`, `resolution must be ${RESOLUTIONS.join(' or ')}`);
    chosen.set(line.line_no, l.resolution);
  }
  const fallback = input.resolution;
  return (l) => chosen.get(l.line_no) ?? fallback;
}

/** The returned units per invoice and resolution, matched to invoice lines oldest invoice first. */
async function creditGroups(tx: Sql, s: Scope, rma: Rma, back: RmaLine[], resolutionOf: (l: RmaLine) => Resolution) {
  const creditable = await creditableLinesOfOrder(tx, s.tenantId, rma.order_id);
  const groups = new Map<string, { resolution: Resolution; invoiceId: string; lines: { invoiceLineNo: number; quantity: bigint }[] }>();
  for (const l of back) {
    let left = l.received_quantity!;
    for (const c of creditable.filter((x) => x.orderLineNo === l.line_no)) {
      const open = c.quantity - c.credited;
      const take = open < left ? open : left;
      if (take <= 0n) continue;
      const key = `${resolutionOf(l)}|${c.invoiceId}`;
      const g = groups.get(key) ?? { resolution: resolutionOf(l), invoiceId: c.invoiceId, lines: [] };
      g.lines.push({ invoiceLineNo: c.invoiceLineNo, quantity: take });
      groups.set(key, g);
      left -= take;
    }
    if (left > 0n) throw new Failure('invalid_state', `line ${l.line_no} ${l.sku}: ${left} of the units returned are on no invoice yet, or were credited already`, 'status');
  }
  return [...groups.values()];
}

function resolvedSummary(order: Order, notes: CreditNote[], refunds: Refund[], replacement: Order | null): string {
  const m = (v: bigint) => `${formatAmount(v, order.currency)} ${order.currency}`;
  return [
    ...notes.map((n) => `credit note ${n.credit_note_number} (${m(n.total)})`),
    ...refunds.map((r) => `${m(r.amount)} refunded by ${r.method.replace('_', ' ')}`),
    ...(replacement ? [`replacement order ${replacement.order_number}`] : []),
  ].join(', ');
}
