import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { costOfReturnedUnits, shipmentLinesOfOrder } from '../fulfillment/returned-cost.ts';
import { receiveReturnedStock, type Disposition } from '../inventory/returns.ts';
import { findWarehouse } from '../inventory/warehouses.ts';
import { lockOrder } from '../orders/queries.ts';
import { invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { DISPOSITIONS, listOf, lockRma, returnedOfOrder, setStatus, units } from './model.ts';

export interface ReceiveReturnInput {
  /** What came back per RMA line; a line left out came back with nothing. */
  lines: { line_no: number; quantity: number | string; disposition?: string | null }[];
  /** Warehouse id or code that takes restocked units; else each goes back to the warehouse it left from. */
  warehouse?: string | null;
}

/**
 * The goods arrived and were inspected: per line how many came back (at most what was approved) and whether
 * they go back into stock or are scrapped. Restocked units return at the cost they left at (inventory).
 */
export async function receiveReturn(tx: Sql, s: Scope, id: string, input: ReceiveReturnInput): Promise<void> {
  const { rma, lines } = await lockRma(tx, s, id, ['approved'], 'received');
  const warehouse = input.warehouse?.trim()
    ? (await findWarehouse(tx, s.tenantId, input.warehouse).catch(() => { throw invalid('warehouse', `no warehouse ${input.warehouse}`); })).id
    : null;
  const got = new Map<number, { quantity: bigint; disposition: Disposition | null }>();
  for (const [i, l] of listOf(input.lines, 'lines', 'line that came back').entries()) {
    const field = `lines[${i}]`;
    const line = lines.find((x) => x.line_no === Number(l.line_no));
    if (!line || got.has(line.line_no)) throw invalid(`${field}.line_no`, `${rma.rma_number} has no line ${l.line_no}, or it is named twice`);
    const quantity = units(l.quantity, `${field}.quantity`, 0n);
    if (quantity > line.quantity) throw invalid(`${field}.quantity`, `line ${line.line_no} ${line.sku}: ${line.quantity} approved, ${quantity} received`);
    const disposition = l.disposition ?? null;
    if (quantity > 0n && !DISPOSITIONS.includes(disposition as Disposition)) throw invalid(`${field}.disposition`, `disposition must be ${DISPOSITIONS.join(' or ')}`);
    got.set(line.line_no, { quantity, disposition: quantity > 0n ? disposition as Disposition : null });
  }
  if (![...got.values()].some((g) => g.quantity > 0n)) throw invalid('lines', `nothing came back: cancel ${rma.rma_number} instead`);

  // Returns of one order are matched to its shipments first in, first out: the order row makes them queue.
  await lockOrder(tx, s, rma.order_id);
  const before = await returnedOfOrder(tx, s.tenantId, rma.order_id, rma.id);
  const shipped = await shipmentLinesOfOrder(tx, s.tenantId, rma.order_id);
  for (const line of lines) {
    const g = got.get(line.line_no);
    if (!g?.disposition) continue;
    for (const part of costOfReturnedUnits(shipped, line.line_no, before.get(line.line_no)?.received ?? 0n, g.quantity)) {
      await receiveReturnedStock(tx, s, {
        productId: part.productId, warehouse: warehouse ?? part.warehouseId, quantity: part.quantity, cost: part.cost, disposition: g.disposition,
        reference: `${rma.rma_number} line ${line.line_no}`,
      });
    }
  }
  await tx.query(
    `UPDATE rma_lines l SET received_quantity = v.q, disposition = v.d FROM unnest($3::int[], $4::bigint[], $5::text[]) AS v(n, q, d)
      WHERE l.tenant_id = $1 AND l.rma_id = $2 AND l.line_no = v.n`,
    [s.tenantId, id, lines.map((l) => l.line_no), lines.map((l) => got.get(l.line_no)?.quantity ?? 0n), lines.map((l) => got.get(l.line_no)?.disposition ?? null)]);
  await setStatus(tx, s, id, 'received');
  const done = (d: Disposition) => lines.filter((l) => got.get(l.line_no)?.disposition === d).map((l) => `${got.get(l.line_no)!.quantity} × ${l.sku} ${d === 'restock' ? 'restocked' : 'scrapped'}`);
  const short = lines.filter((l) => (got.get(l.line_no)?.quantity ?? 0n) < l.quantity).map((l) => `${l.quantity - (got.get(l.line_no)?.quantity ?? 0n)} × ${l.sku}`);
  await emit(tx, s, {
    type: 'rma.received',
    summary: `${rma.rma_number} received: ${[...done('restock'), ...done('scrap')].join(', ')}${short.length ? `; not sent back: ${short.join(', ')}` : ''}`,
    subjects: { order: rma.order_id, customer: rma.customer_id },
    data: { rma_id: id, rma_number: rma.rma_number, lines: [...got].map(([n, g]) => ({ line_no: n, quantity: g.quantity, disposition: g.disposition })) },
  });
}
