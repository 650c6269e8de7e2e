import type { Db, Sql } from '../db/db.ts';
import { creditNoteJson, creditNotesBySource } from '../billing/credit-notes.ts';
import { timelineOf } from '../events/timeline.ts';
import { refundJson, refundsOfPayments } from '../payments/refunds.ts';
import { getRma, RESOLUTIONS, rmaJson } from './model.ts';
import { creditSource } from './replacement.ts';

/** An RMA as the API and CLI show it: its lines, credit notes, refunds, and its steps from the order's timeline. */
export async function returnDetail(db: Db | Sql, tenantId: string, id: string) {
  const { rma, lines } = await getRma(db, tenantId, id);
  const notes = await creditNotesBySource(db, tenantId, RESOLUTIONS.map((r) => creditSource(rma.id, r)));
  const refunds = await refundsOfPayments(db, tenantId, notes.flatMap((n) => (n.credit_payment_id ? [n.credit_payment_id] : [])));
  const mine = new Set([rma.id, ...notes.map((n) => n.id), ...refunds.map((r) => r.id)]);
  const timeline = (await timelineOf(db, tenantId, 'order', rma.order_id))
    .filter((e) => [e.data.rma_id, e.data.credit_note_id, e.data.refund_id].some((v) => mine.has(v as string)));
  return { ...rmaJson(rma, lines), credit_notes: notes.map(creditNoteJson), refunds: refunds.map(refundJson), timeline };
}
