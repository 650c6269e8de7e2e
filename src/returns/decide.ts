import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { invalid } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { lockRma, setStatus, type RmaStatus } from './model.ts';

/** The customer may send the goods back. */
export async function approveReturn(tx: Sql, s: Scope, id: string): Promise<void> {
  const { rma, lines } = await lockRma(tx, s, id, ['requested'], 'approved');
  await setStatus(tx, s, id, 'approved');
  await emit(tx, s, {
    type: 'rma.approved',
    summary: `${rma.rma_number} approved: ${lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')} may be sent back`,
    subjects: { order: rma.order_id, customer: rma.customer_id },
    data: { rma_id: id, rma_number: rma.rma_number },
  });
}

/** Refused: the units it claimed can be asked for again. Nothing else changes. */
export function rejectReturn(tx: Sql, s: Scope, id: string, reason: string): Promise<void> {
  return close(tx, s, id, ['requested'], 'rejected', reason);
}

/** Withdrawn before the goods came back. */
export function cancelReturn(tx: Sql, s: Scope, id: string, reason: string): Promise<void> {
  return close(tx, s, id, ['requested', 'approved'], 'cancelled', reason);
}

async function close(tx: Sql, s: Scope, id: string, from: RmaStatus[], to: 'rejected' | 'cancelled', reason: string): Promise<void> {
  const why = reason?.trim();
  if (!why) throw invalid('reason', `a return is ${to} with a reason`);
  const { rma } = await lockRma(tx, s, id, from, to);
  await setStatus(tx, s, id, to, why);
  await emit(tx, s, {
    type: `rma.${to}`,
    summary: `${rma.rma_number} ${to}: ${why}`,
    subjects: { order: rma.order_id, customer: rma.customer_id },
    data: { rma_id: id, rma_number: rma.rma_number, reason: why },
  });
}
