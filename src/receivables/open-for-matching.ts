import type { Db, Sql } from '../db/db.ts';

export interface OpenItemForMatching {
  id: string;
  customer_id: string;
  kind: string;
  source_id: string;
  order_id: string | null;
  document_number: string;
  currency: string;
  open_amount: bigint;
  due_date: string;
  /** The early-payment discount still to be had: 0 once anything was paid on the item. */
  discount_amount: bigint;
  discount_until: string | null;
  in_dispute: boolean;
}

/** Every open item of a tenant, lean, for cash application's in-memory index (a million rows load in seconds). */
export async function openItemsForMatching(db: Db | Sql, tenantId: string): Promise<OpenItemForMatching[]> {
  return db.query<OpenItemForMatching>(
    `SELECT id, customer_id, kind, source_id, order_id, document_number, currency, open_amount, due_date::text AS due_date,
            CASE WHEN open_amount = amount THEN discount_amount ELSE 0 END AS discount_amount, discount_until::text AS discount_until, in_dispute
       FROM ar_items WHERE tenant_id = $1 AND open_amount > 0`, [tenantId]);
}
