// The JSON of the customer portal's API (src/http/routes/portal.ts). Money is a decimal string in major units.

export type PortalOrderStatus = 'in_review' | 'confirmed' | 'partially_shipped' | 'shipped' | 'completed' | 'cancelled';
export type PortalInvoiceStatus = 'open' | 'overdue' | 'paid' | 'credited';

export interface Account {
  customer: { id: string; customer_number: string; name: string; email: string | null; currency: string; payment_terms: string };
  seller: { name: string | null; email: string | null; phone: string | null };
}

export interface Balance {
  currency: string;
  owed: string;
  overdue: string;
  overdue_items: number;
  next_due: { date: string; amount: string } | null;
}

export interface PortalOrderLine {
  line_no: number;
  sku: string;
  description: string;
  uom: string;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  net_amount: string;
  tax_rate: string;
  shipped_quantity: string;
  returnable_quantity: string;
}

export interface ShipTo {
  name?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country: string;
}

export interface PortalOrder {
  id: string;
  order_number: string;
  po_number: string | null;
  status: PortalOrderStatus;
  created_at: string;
  currency: string;
  net_total: string;
  tax_total: string;
  total: string;
  allowance_total: string;
  discount_percent: string;
  ship_to: ShipTo | null;
  lines?: PortalOrderLine[];
}

export interface PortalShipment {
  id: string;
  shipment_number: string;
  carrier: string;
  service: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  status: string;
  shipped_at: string;
  delivered_at: string | null;
}

export interface TrackingEvent {
  id: string;
  status: string;
  occurred_at: string;
  location: string | null;
  description: string | null;
}

export interface PortalInvoice {
  id: string;
  invoice_number: string;
  order_id: string | null;
  kind: string;
  issue_date: string;
  due_date: string;
  payment_terms: string;
  currency: string;
  net_total: string;
  tax_total: string;
  total: string;
  allowance_total: string;
  discount_percent: string;
  open_amount: string;
  /** The earliest due date of a part still open (invoices due in instalments have several). */
  next_due_date: string | null;
  credited_total: string;
  status: PortalInvoiceStatus;
}

export interface TaxTotal {
  category: string;
  rate: string;
  taxable: string;
  tax: string;
  exemption_reason: string | null;
}

export interface PortalCreditNote {
  id: string;
  credit_note_number: string;
  invoice_id: string;
  invoice_number: string;
  order_id: string | null;
  issue_date: string;
  reason: string;
  currency: string;
  net_total: string;
  tax_total: string;
  total: string;
  applied_to_invoice: string;
  customer_credit: string;
}

export interface DocumentLine {
  line_no: number;
  sku: string;
  description: string;
  uom: string;
  quantity: string;
  unit_price: string;
  discount_percent?: string;
  net_amount: string;
  tax_rate: string;
}

export interface PortalInvoiceDetail extends PortalInvoice {
  order_number: string | null;
  lines: DocumentLine[];
  tax_totals: TaxTotal[];
  credit_notes: PortalCreditNote[];
}

export interface PortalCreditNoteDetail extends PortalCreditNote {
  lines: (DocumentLine & { invoice_line_no: number })[];
  tax_totals: TaxTotal[];
}

export type ReturnReason = 'damaged' | 'wrong_item' | 'not_needed' | 'defective' | 'other';
export const RETURN_REASONS: ReturnReason[] = ['damaged', 'wrong_item', 'not_needed', 'defective', 'other'];

export interface PortalReturn {
  id: string;
  rma_number: string;
  order_id: string;
  order_number: string;
  status: string;
  requested_via: 'desk' | 'customer';
  note: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
  lines?: { line_no: number; sku: string; description?: string; quantity: string; reason: ReturnReason; received_quantity: string | null; resolution: string | null }[];
}

export interface PortalReturnDetail extends PortalReturn {
  credit_notes: { id: string; credit_note_number: string; issue_date: string; currency: string; total: string; applied_to_invoice: string; customer_credit: string }[];
  refunds: { amount: string; currency: string; refunded_on: string; method: string }[];
  steps: { occurred_at: string; summary: string }[];
}

export interface PortalOrderDetail extends PortalOrder {
  lines: PortalOrderLine[];
  shipments: PortalShipment[];
  invoices: PortalInvoice[];
  returns: PortalReturn[];
}

export interface Home {
  as_of: string;
  balances: Balance[];
  recent_orders: PortalOrder[];
  open_invoices: PortalInvoice[];
}
