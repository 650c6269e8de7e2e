import type { RowError } from '../../shared/table-file.ts';

/** A purchase order read from a file, before it is checked against master data and captured. */
export interface OrderDraft {
  /** Where it came from, e.g. "orders.csv line 2" or "ISA 000000245 / ST 0001". */
  ref: string;
  line: number; // first line or segment position, for error reports
  /** How the buyer is named: our customer number, ids that may be one (UBL party ids), its EDI id. */
  customer: { number?: string; candidates?: string[]; ediId?: string };
  currency?: string;
  poNumber: string | null;
  /** Where the buyer wants the goods; its country may be missing (then the customer's). */
  shipTo?: { name?: string; address_line?: string; city?: string; postal_code?: string; region?: string; country?: string };
  lines: { sku: string; quantity: string; expectedUnitPrice?: string; line: number; location?: string }[];
  errors: RowError[];
  /** For X12 input: the envelope the order came in, to acknowledge it (997, 855). */
  x12?: { senderQualifier: string; senderId: string; receiverQualifier: string; receiverId: string; interchange: string; group: string; functionalId: string; set: string; poDate: string };
}
