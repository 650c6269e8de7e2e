// What the receivables API answers (src/http/routes/receivables.ts), as the aging page and the customer's
// receivables panel use it. Amounts are decimal strings in major units.

export interface AgingCustomer {
  customer_id: string;
  customer_number: string;
  name: string;
  currency: string;
  total: string;
  /** One per bucket label: "current", "1-30", … */
  [bucket: string]: string;
}

export interface AgingReport {
  as_of: string;
  buckets: string[];
  customers: AgingCustomer[];
  totals: ({ currency: string; total: string } & Record<string, string>)[];
}

export interface AgedItem {
  id: string;
  kind: string;
  source_id: string;
  document_number: string;
  instalment: number;
  in_dispute: boolean;
  currency: string;
  amount: string;
  open_amount: string;
  open_as_of: string;
  issue_date: string;
  due_date: string;
  days_past_due: number;
}

export interface CustomerAging {
  as_of: string;
  customer: { id: string; customer_number: string; name: string; currency: string };
  buckets: { label: string; amount: string; items: AgedItem[] }[];
  total: string;
}

export interface AccountItem {
  id: string;
  kind: string;
  source_id: string;
  document_number: string;
  instalment: number;
  in_dispute: boolean;
  currency: string;
  amount: string;
  open_amount: string;
  issue_date: string;
  due_date: string;
  days_past_due: number | null;
}

export interface AccountCredit {
  payment_id: string;
  payment_number: string;
  method: string;
  received_on: string;
  currency: string;
  amount: string;
  unapplied: string;
}

export interface AccountApplication {
  id: string;
  payment_id: string;
  payment_number: string;
  document_number: string;
  currency: string;
  amount: string;
  applied_at: string;
  applied_by: string;
  reversed_at: string | null;
  reversed_by: string | null;
  reverse_reason: string | null;
}

export interface CustomerAccount {
  as_of: string;
  customer: { id: string; customer_number: string; name: string; currency: string; payment_terms: string };
  items: AccountItem[];
  payments_on_account: AccountCredit[];
  credits: AccountCredit[];
  applications: AccountApplication[];
  balances: { currency: string; open_items: string; credits: string; balance: string }[];
}

export interface Dispute {
  id: string;
  item_id: string;
  kind: 'dispute' | 'deduction';
  reason_code: string;
  currency: string;
  amount: string;
  owner: string | null;
  note: string | null;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolution_ref: string | null;
  opened_at: string;
  opened_by: string;
}

export interface WriteOff {
  id: string;
  item_id: string;
  currency: string;
  amount: string;
  reason: string;
  status: 'pending' | 'posted' | 'rejected';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
}

export const REASON_CODES = ['pricing', 'damaged', 'short_shipment', 'not_received', 'quality', 'wrong_item', 'duplicate_billing', 'terms', 'other'];
export const RESOLUTIONS = ['credit_note', 'write_off', 'rebill', 'deduction_accepted', 'rejected'];
