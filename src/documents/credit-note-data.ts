import { getCreditNote } from '../billing/credit-notes.ts';
import type { Db } from '../db/db.ts';
import { eCreditNoteOf } from '../einvoice/from-credit-note.ts';
import type { EInvoice } from '../einvoice/model.ts';

/** A credit note as its PDF shows it: the EN 16931 document, why it was issued, and where the credit went. */
export interface CreditNoteData {
  doc: EInvoice;
  reason: string;
  /** Taken off the credited invoice's open amount. */
  appliedToInvoice: bigint;
  /** What exceeded it, held for the customer. */
  customerCredit: bigint;
}

export async function creditNoteData(db: Db, tenantId: string, creditNoteId: string): Promise<CreditNoteData> {
  const [{ note }, doc] = await Promise.all([getCreditNote(db, tenantId, creditNoteId), eCreditNoteOf(db, tenantId, creditNoteId)]);
  return { doc, reason: note.reason, appliedToInvoice: note.applied_to_invoice, customerCredit: note.customer_credit };
}
