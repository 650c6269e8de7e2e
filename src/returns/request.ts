import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { formatNumber, nextNumber } from '../numbering/next-number.ts';
import { lockOrder } from '../orders/queries.ts';
import { uuidv7 } from '../shared/ids.ts';
import { invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { listOf, REASONS, returnedOfOrder, RMA_COLUMNS, units, type Reason, type Rma } from './model.ts';

export interface RequestReturnInput {
  lines: { line_no: number; quantity: number | string; reason: string }[];
  note?: string | null;
  /** Who asks: the desk on the customer's behalf, or the customer itself (the caller checked it is theirs). */
  via: 'desk' | 'customer';
}

/**
 * Asks to send back shipped units of an order's lines. The order row is locked, so two requests for one order
 * queue and can never together claim more than was shipped and not yet returned.
 */
export async function requestReturn(tx: Sql, s: Scope, orderId: string, input: RequestReturnInput): Promise<Rma> {
  const { order, lines: orderLines } = await lockOrder(tx, s, orderId);
  const note = input.note?.trim() || null;
  if (note && note.length > 1000) throw invalid('note', 'a note has at most 1000 characters');
  const held = await returnedOfOrder(tx, s.tenantId, order.id, null);
  const wanted: { line_no: number; product_id: string; sku: string; quantity: bigint; reason: Reason }[] = [];
  for (const [i, l] of listOf(input.lines, 'lines', 'order line to return').entries()) {
    const field = `lines[${i}]`;
    const ol = orderLines.find((x) => x.line_no === Number(l.line_no));
    if (!ol) throw invalid(`${field}.line_no`, `order ${order.order_number} has no line ${l.line_no}`);
    if (wanted.some((w) => w.line_no === ol.line_no)) throw invalid(`${field}.line_no`, `line ${ol.line_no} is named twice`);
    const quantity = units(l.quantity, `${field}.quantity`, 1n);
    if (!REASONS.includes(l.reason as Reason)) throw invalid(`${field}.reason`, `reason must be one of ${REASONS.join(', ')}`);
    const open = ol.shipped_quantity - (held.get(ol.line_no)?.claimed ?? 0n);
    if (quantity > open) {
      throw invalid(`${field}.quantity`, `line ${ol.line_no} ${ol.sku}: ${open} of the ${ol.shipped_quantity} shipped can still be returned, ${quantity} asked`);
    }
    wanted.push({ line_no: ol.line_no, product_id: ol.product_id, sku: ol.sku, quantity, reason: l.reason as Reason });
  }
  const id = uuidv7();
  const number = formatNumber('RMA-', await nextNumber(tx, s.tenantId, 'rma'));
  const [rma] = await tx.query<Rma>(
    `INSERT INTO rmas (tenant_id, id, rma_number, order_id, order_number, customer_id, status, requested_via, note, created_at, created_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $9, $10, $9) RETURNING ${RMA_COLUMNS}`,
    [s.tenantId, id, number, order.id, order.order_number, order.customer_id, input.via, note, s.now, s.actor.name],
  );
  await tx.query(
    `INSERT INTO rma_lines (tenant_id, rma_id, line_no, product_id, sku, quantity, reason)
     SELECT $1, $2, v.* FROM unnest($3::int[], $4::uuid[], $5::text[], $6::bigint[], $7::text[]) AS v`,
    [s.tenantId, id, wanted.map((w) => w.line_no), wanted.map((w) => w.product_id), wanted.map((w) => w.sku), wanted.map((w) => w.quantity), wanted.map((w) => w.reason)],
  );
  await emit(tx, s, {
    type: 'rma.requested',
    summary: `${number} requested${input.via === 'customer' ? ' by the customer' : ''}: ${wanted.map((w) => `${w.quantity} × ${w.sku} (${w.reason.replace('_', ' ')})`).join(', ')}`,
    subjects: { order: order.id, customer: order.customer_id },
    data: { rma_id: id, rma_number: number, lines: wanted.map((w) => ({ line_no: w.line_no, quantity: w.quantity, reason: w.reason })), note },
  });
  return rma;
}
