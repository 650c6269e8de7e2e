import type { Db, Sql } from '../../db/db.ts';

/**
 * What a bank statement may still bring about submitted collections: the batch and file ids (PmtInfId, MsgId;
 * upper case) of batches not credited yet, and the EndToEndId and amount of every debit not returned. Cash
 * application reads it once per run, so that only lines naming one of them are handed to settlement or returns.
 */
export async function collectionsAwaitingBank(db: Db | Sql, tenantId: string): Promise<{ references: Set<string>; debits: Map<string, bigint> }> {
  const [batches, debits] = await Promise.all([
    db.query<{ payment_info_id: string; message_id: string }>(
      `SELECT b.payment_info_id, r.message_id FROM dd_batches b JOIN dd_runs r ON r.tenant_id = b.tenant_id AND r.id = b.run_id
        WHERE b.tenant_id = $1 AND b.settled_at IS NULL`, [tenantId]),
    db.query<{ end_to_end_id: string; amount: bigint }>(
      `SELECT end_to_end_id, amount FROM dd_transactions WHERE tenant_id = $1 AND status = 'submitted'`, [tenantId]),
  ]);
  return {
    references: new Set(batches.flatMap((b) => [b.payment_info_id.toUpperCase(), b.message_id.toUpperCase()])),
    debits: new Map(debits.map((d) => [d.end_to_end_id, d.amount])),
  };
}
