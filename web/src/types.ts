// The JSON shapes of the o2c HTTP API (docs/api.md). Money is always a decimal string in major units.

export type OrderStatus = 'draft' | 'on_hold' | 'confirmed' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';

export const ORDER_STATUSES: OrderStatus[] = ['draft', 'on_hold', 'confirmed', 'shipped', 'invoiced', 'closed', 'cancelled'];

export interface List<T> {
  items: T[];
}

export interface User {
  id: string;
  name: string;
  roles: string[];
  type?: string;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  base_currency: string;
}

export interface LoginAnswer {
  token: string;
  expires_at: string;
  user: User;
  tenant: Tenant;
}

export interface Me {
  user: User;
  tenant: Tenant;
}

export interface OrderLine {
  line_no: number;
  product_id: string;
  sku: string;
  description: string;
  uom: string;
  quantity: string;
  unit_price: string;
  tax_category: string;
  tax_rate: string;
  net_amount: string;
}

export interface Order {
  id: string;
  order_number: string;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  status: OrderStatus;
  hold_reason: string | null;
  channel: string | null;
  po_number: string | null;
  currency: string;
  net_total: string;
  tax_total: string;
  total: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  lines?: OrderLine[];
}

export interface TimelineEntry {
  id: string;
  event_type: string;
  summary: string;
  actor_type: string;
  actor_name: string | null;
  occurred_at: string;
  data: Record<string, unknown> | null;
}

export interface Shipment {
  id: string;
  shipment_number: string;
  order_id: string;
  carrier: string | null;
  tracking_number: string | null;
  status: string;
  shipped_at: string;
  shipped_by: string | null;
}

/** Not spelled out in the contract; these are the columns the server records for each credit decision. */
export interface CreditDecision {
  outcome: string;
  currency: string;
  order_amount: string;
  open_receivables: string;
  unbilled_orders: string;
  credit_limit: string | null;
  reason: string | null;
  decided_at: string;
  decided_by: string | null;
}

export interface Invoice {
  id: string;
  invoice_number: string;
  order_id: string | null;
  shipment_id: string | null;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  issue_date: string;
  due_date: string;
  payment_terms: string;
  net_total: string;
  tax_total: string;
  total: string;
  open_amount: string;
  overdue: boolean;
  status: 'issued' | 'paid' | string;
  created_at: string;
}

export interface InvoiceLine {
  line_no: number;
  sku: string;
  description: string;
  uom: string;
  quantity: string;
  unit_price: string;
  tax_category: string;
  tax_rate: string;
  net_amount: string;
}

export interface TaxTotal {
  category: string;
  rate: string;
  taxable: string;
  tax: string;
}

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  tax_totals: TaxTotal[];
  ar_item_id: string | null;
  timeline?: TimelineEntry[];
}

export interface OrderDetail extends Order {
  lines: OrderLine[];
  shipments: Shipment[];
  invoices: Invoice[];
  credit_decisions: CreditDecision[];
  timeline: TimelineEntry[];
}

export interface Customer {
  id: string;
  customer_number: string;
  name: string;
  email: string | null;
  country: string;
  currency: string;
  credit_limit: string | null;
  payment_terms: string | null;
  iban: string | null;
  vat_number: string | null;
  address_line: string | null;
  city: string | null;
  postal_code: string | null;
  created_at: string;
}

export interface OpenItem {
  id: string;
  customer_id: string;
  kind: string;
  source_id: string;
  document_number: string;
  order_id: string | null;
  currency: string;
  amount: string;
  open_amount: string;
  issue_date: string;
  due_date: string | null;
  settled_at: string | null;
}

export interface CustomerDetail extends Customer {
  open_balance: string;
  open_items: OpenItem[];
  orders: Order[];
  timeline: TimelineEntry[];
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  unit_price: string;
  currency: string;
  tax_category: string;
  uom: string;
  created_at: string;
  on_hand: string;
  reserved: string;
  available: string;
}

/** Not spelled out in the contract; these are the columns the server keeps for each application. */
export interface PaymentApplication {
  id: string;
  ar_item_id: string;
  document_number: string;
  amount: string;
  applied_at: string;
  applied_by: string | null;
  reversed_at: string | null;
  reverse_reason: string | null;
}

export interface Payment {
  id: string;
  payment_number: string;
  customer_id: string;
  method: string | null;
  reference: string | null;
  currency: string;
  amount: string;
  unapplied: string;
  received_on: string;
  created_at: string;
  created_by: string | null;
}

export interface PaymentDetail extends Payment {
  applications: PaymentApplication[];
}

export interface Dashboard {
  order_counts: Record<OrderStatus, number>;
  receivables: { currency: string; open: string; overdue: string; current: string }[];
  aging: { currency: string; buckets: { label: string; amount: string }[] }[];
  recent_orders: Order[];
}

export interface TrialBalanceRow {
  account: string;
  name: string;
  type: string;
  currency: string;
  debit: string;
  credit: string;
  balance: string;
}

export interface TrialBalance {
  as_of: string | null;
  rows: TrialBalanceRow[];
  totals: { currency: string; debit: string; credit: string; balanced: boolean }[];
  ar_check: { currency: string; control: string; open_items: string; equal: boolean }[];
}

export interface JournalEntry {
  id: string;
  source_key: string;
  entry_date: string;
  description: string;
  currency: string;
  posted_at: string;
  posted_by: string | null;
  lines: { account: string; debit: string; credit: string; customer_id: string | null }[];
}
