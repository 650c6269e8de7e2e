import type { Db, Sql } from '../db/db.ts';

export interface OpenItemForMatching {
  id: string;
  customer_id: string;
  kind: string;
  source_id: string;
  order_id: string | null;
  document_number: string;
  currency: string;
  amount: bigint;
  open_amount: bigint;
  issue_date: string;
  due_date: string;
  discount_amount: bigint;
  discount_until: string | null;
  in_dispute: boolean;
}

/** Every open item of a tenant, lean, for cash application's in-memory index (a million rows load in seconds). */
export async function openItemsForMatching(db: Db | Sql, tenantId: string): Promise<OpenItemForMatching[]> {
  return db.query<OpenItemForMatching>(
    `SELECT id, customer_id, kind, source_id, order_id, document_number, currency, amount, open_amount, issue_date::text AS issue_date, due_date::text AS due_date,
            discount_amount, discount_until::text AS discount_until, in_dispute
       FROM ar_items WHERE tenant_id = $1 AND open_amount > 0`, [tenantId]);
}

/** Items already settled whose number is one of these, to tell a payer that an invoice was paid before. */
export async function settledItemsByNumber(db: Db | Sql, tenantId: string, numbers: string[]): Promise<{ document_number: string; customer_id: string }[]> {
  if (!numbers.length) return [];
  return db.query(
    `SELECT document_number, customer_id FROM ar_items WHERE tenant_id = $1 AND document_number = ANY($2::text[]) AND open_amount = 0`,
    [tenantId, numbers]);
}
