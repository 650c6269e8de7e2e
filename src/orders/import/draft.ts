import type { RowError } from '../../shared/table-file.ts';

/** A purchase order read from a file, before it is checked against master data and captured. */
export interface OrderDraft {
  /** Where it came from, e.g. "orders.csv line 2" or "ISA 000000245 / ST 0001". */
  ref: string;
  line: number; // first line or segment position, for error reports
  customer: { number?: string; ediId?: string };
  currency?: string;
  poNumber: string | null;
  lines: { sku: string; quantity: string; expectedUnitPrice?: string; line: number; location?: string }[];
  errors: RowError[];
}
