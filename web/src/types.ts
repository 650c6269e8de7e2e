// The JSON shapes of the o2c HTTP API (docs/api.md). Money is always a decimal string in major units.

export type OrderStatus = 'draft' | 'on_hold' | 'approved' | 'partially_allocated' | 'allocated' | 'partially_shipped' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';

export const ORDER_STATUSES: OrderStatus[] = ['draft', 'on_hold', 'approved', 'partially_allocated', 'allocated', 'partially_shipped', 'shipped', 'invoiced', 'closed', 'cancelled'];

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
  country?: string;
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
  /** The price the price list gave (null on orders captured before price lists). */
  list_price?: string | null;
  /** "catalogue price", "price list WHOLESALE-EUR from 10 units", "negotiated price". */
  price_source?: string | null;
  discount_percent?: string;
  discount_amount?: string;
  tax_code?: string;
  tax_exemption_code?: string | null;
  tax_exemption_reason?: string | null;
}

export type HoldKind = 'verification' | 'fraud' | 'credit';

export const HOLD_KINDS: HoldKind[] = ['verification', 'fraud', 'credit'];

/** Something a person should look at (price_differs, duplicate_po, address_incomplete). */
export interface OrderFlag {
  code: string;
  message: string;
  line_no?: number;
}

export interface ShipTo {
  name?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country: string;
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
  flags?: OrderFlag[];
  ship_to?: ShipTo | null;
  /** Order discount in percent ("2.5"); "0" when none. */
  discount_percent?: string;
  allowance_total?: string;
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
  timeline?: TimelineEntry[];
}

export interface Hold {
  id: string;
  kind: HoldKind;
  reasons: string[];
  /** open, released, rejected or superseded (the order changed while it was held). */
  status: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

/** A row of a review queue (GET /api/holds). */
export interface QueuedHold extends Hold {
  order_id: string;
  order_number: string;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  total: string;
}

/** An email about the order (e.g. the order confirmation) and how its delivery went. */
export interface OrderMessage {
  id?: string;
  kind: string;
  to_address: string;
  subject: string;
  status: string;
  attempts?: number;
  last_error: string | null;
  created_at?: string;
  sent_at: string | null;
}

export interface OrderDetail extends Order {
  lines: OrderLine[];
  shipments: Shipment[];
  invoices: Invoice[];
  credit_decisions: CreditDecision[];
  timeline: TimelineEntry[];
  holds?: Hold[];
  messages?: OrderMessage[];
}

/** The priced order the entry screen shows while the user types (POST /api/orders/quote). */
export interface QuoteLine {
  line_no: number;
  product_id: string;
  sku: string;
  description: string;
  quantity: string;
  list_price: string;
  unit_price: string;
  price_source: string;
  discount_percent: string;
  discount_amount: string;
  net_amount: string;
  tax_category: string;
  tax_code: string;
  tax_rate: string;
  tax_exemption_reason: string | null;
}

export interface QuoteTaxTotal {
  category: string;
  rate: string;
  allowance: string;
  taxable: string;
  tax: string;
}

export interface Quote {
  currency: string;
  lines: QuoteLine[];
  tax_totals: QuoteTaxTotal[];
  line_total: string;
  allowance_total: string;
  net_total: string;
  tax_total: string;
  total: string;
  flags: OrderFlag[];
}

export interface CreditFactor {
  factor: string;
  points: number;
  detail: string;
}

export interface CreditProfile {
  customer_id: string;
  currency: string;
  credit_limit: string | null;
  open_receivables: string;
  unbilled_orders: string;
  exposure: string;
  available: string | null;
  utilization_percent: number | null;
  score: number;
  rating: 'A' | 'B' | 'C' | 'D' | string;
  factors: CreditFactor[];
}

export interface VerificationSettings {
  embargoed_countries: string[];
  /** Whole number; the server answers it as a string. */
  max_line_quantity: string | number;
  /** Parts per million of the list price (500000 = 50 %). */
  min_price_ppm_of_list: number;
  fraud_hold_score: number;
  /** Minor units of the order currency; answered as a string. */
  large_first_order: string | number;
  require_ship_to_address: boolean;
}

export interface CreditSettings {
  auto_approve: boolean;
  history_months: number;
  max_days_late: number;
  min_paid_items: number;
  /** Parts per million over the limit (100000 = 10 %). */
  overrun_ppm: number;
}

export interface PriceListEntry {
  product_id: string;
  min_quantity: string;
  unit_price: string;
}

export interface PriceList {
  id: string;
  code: string;
  name: string | null;
  currency: string;
  customer_group: string | null;
  valid_from: string | null;
  valid_to: string | null;
  entries: PriceListEntry[];
}

export interface TaxRate {
  jurisdiction: string;
  category: string;
  rate: string;
}

export interface ImportedOrder {
  ref: string;
  order_id?: string;
  order_number: string;
  status: string;
  note: string | null;
  flags: OrderFlag[];
}

export interface OrderImportReport {
  format: string;
  imported: ImportedOrder[];
  rejected: { ref: string; errors: { line: number; location?: string; field?: string; message: string }[] }[];
}

export interface MasterDataImportReport {
  created: number;
  updated: number;
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
  customer_group?: string | null;
  /** A head office whose credit limit covers this customer. */
  parent_id?: string | null;
  region?: string | null;
  edi_id?: string | null;
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

// ——— warehouse (issue 4): stock, picking, packing, shipping ———

export interface WarehouseLocation {
  id: string;
  warehouse_id: string;
  code: string;
  /** storage, receiving or returns. */
  kind: string;
}

export interface Warehouse {
  id: string;
  code: string;
  name: string;
  priority: number;
  address: ShipTo | null;
  locations: WarehouseLocation[];
}

export interface WarehouseStock {
  warehouse: string;
  on_hand: string;
  reserved: string;
  available: string;
}

/** A row of GET /api/inventory/stock: whole-unit quantities as strings, value in the base currency. */
export interface StockItem {
  product_id: string;
  sku: string;
  name: string;
  uom: string;
  on_hand: string;
  reserved: string;
  available: string;
  incoming: string;
  next_expected: string | null;
  value: string;
  currency: string;
  warehouses: WarehouseStock[];
}

export interface StockOverview {
  warehouses: string[];
  items: StockItem[];
}

export interface StockMove {
  id: string;
  kind: string;
  warehouse_id: string;
  warehouse: string;
  location: string | null;
  quantity: string;
  on_hand_change: string;
  reserved_change: string;
  value: string;
  reference: string | null;
  occurred_at: string;
  actor_name: string | null;
}

export interface ReplenishmentLine {
  product_id: string;
  sku: string;
  name: string;
  warehouse_id: string;
  warehouse: string;
  available: string;
  incoming: string;
  reorder_point: string;
  reorder_quantity: string;
  suggested: string;
}

export interface ExpectedReceipt {
  id: string;
  warehouse_id: string;
  product_id: string;
  quantity: string;
  received: string;
  expected_on: string;
  reference: string;
  status: 'open' | 'closed' | 'cancelled' | string;
}

export type PickListStatus = 'open' | 'completed' | 'cancelled';

/** A row of GET /api/pick-lists. */
export interface PickListSummary {
  id: string;
  pick_list_number: string;
  warehouse_id: string;
  warehouse: string;
  status: PickListStatus | string;
  created_at: string;
  created_by: string | null;
  completed_at: string | null;
  lines: number;
  orders: number;
}

export interface PickLine {
  line_no: number;
  order_id: string;
  order_number: string;
  order_line_no: number;
  product_id: string;
  sku: string;
  location_id: string;
  location_code: string;
  quantity: string;
  /** Null until the list is completed. */
  picked: string | null;
  short: string | null;
  status: 'open' | 'done' | string;
}

export interface PickList extends Omit<PickListSummary, 'lines' | 'orders'> {
  lines: PickLine[];
}

export interface PackageLine {
  order_line_no: number;
  product_id: string;
  sku: string;
  quantity: string;
}

export interface ShipPackage {
  id: string;
  package_number: string;
  order_id: string;
  warehouse_id: string;
  warehouse?: string;
  weight_grams: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  status: 'packed' | 'shipped' | string;
  shipment_id: string | null;
  lines: PackageLine[];
}

/** A shipment as the fulfillment and ship endpoints answer it. */
export interface WarehouseShipment {
  id: string;
  shipment_number: string;
  order_id: string;
  warehouse_id: string | null;
  carrier: string;
  service: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  status: string;
  shipped_at: string;
  shipped_by: string | null;
  delivered_at: string | null;
}

/** GET /api/orders/:id/fulfillment: what is reserved, picked, packed and shipped, per line and warehouse. */
export interface Fulfillment {
  order_id: string;
  order_number: string;
  status: OrderStatus;
  lines: { line_no: number; sku: string; description: string; quantity: string; shipped: string }[];
  reservations: { line_no: number; warehouse_id: string; warehouse: string; reserved: string; picked: string }[];
  packages: ShipPackage[];
  shipments: WarehouseShipment[];
}

export interface TrackingEvent {
  id: string;
  event_id: string;
  status: string;
  occurred_at: string;
  location: string | null;
  description: string | null;
  received_at: string;
}

export interface ShipmentTracking extends WarehouseShipment {
  /** Newest first. */
  items: TrackingEvent[];
}

export interface CarrierInfo {
  code: string;
  name: string;
}

export interface CarrierQuote {
  carrier: string;
  service: string;
  amount: string;
  currency: string;
  transit_days: number;
}

// ——— returns (RMAs), credit notes, refunds (docs/api.md "Returns") ———

export type RmaStatus = 'requested' | 'approved' | 'rejected' | 'received' | 'resolved' | 'cancelled';
export type ReturnReason = 'damaged' | 'wrong_item' | 'not_needed' | 'defective' | 'other';
export const RETURN_REASONS: ReturnReason[] = ['damaged', 'wrong_item', 'not_needed', 'defective', 'other'];
export type ReturnDisposition = 'restock' | 'scrap';
export type ReturnResolution = 'credit' | 'replacement';

/** A row of GET /api/returns (no lines). */
export interface Rma {
  id: string;
  rma_number: string;
  order_id: string;
  order_number: string;
  customer_id: string;
  status: RmaStatus;
  requested_via: 'desk' | 'customer';
  note: string | null;
  /** Why it was rejected or cancelled. */
  status_reason: string | null;
  refund: boolean;
  replacement_order_id: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface RmaLine {
  /** The order line's number. */
  line_no: number;
  product_id: string;
  sku: string;
  /** Units asked for (and, once approved, the units that may come back). */
  quantity: string;
  reason: ReturnReason;
  received_quantity: string | null;
  disposition: ReturnDisposition | null;
  resolution: ReturnResolution | null;
}

export interface CreditNote {
  id: string;
  credit_note_number: string;
  invoice_id: string;
  invoice_number: string;
  order_id: string | null;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  currency: string;
  issue_date: string;
  reason: string | null;
  net_total: string;
  allowance_total: string;
  /** The invoice's charges it credits (part of net_total). */
  charge_total?: string;
  tax_total: string;
  /** Its share of a tax-inclusive invoice's payable rounding (part of total). */
  rounding_amount?: string;
  total: string;
  /** What reduced the invoice's open amount. */
  applied_to_invoice: string;
  /** What exceeded it: a credit for the customer (a payment with method credit_note). */
  customer_credit: string;
  credit_payment_id: string | null;
  discount_percent?: string;
  created_at: string;
  created_by: string | null;
}

export interface Refund {
  id: string;
  payment_id: string;
  customer_id: string;
  currency: string;
  amount: string;
  method: string;
  reference: string | null;
  reason: string | null;
  refunded_on: string;
  created_at: string;
  created_by: string | null;
}

/** GET /api/returns/:id: the RMA with its lines, credit notes, refunds and its steps from the order's timeline. */
export interface RmaDetail extends Rma {
  lines: RmaLine[];
  credit_notes: CreditNote[];
  refunds: Refund[];
  timeline: TimelineEntry[];
}

/** An order line as GET /api/orders/:id answers it, with the units shipped so far. */
export interface ShippedOrderLine extends OrderLine {
  shipped_quantity?: string;
}

/** GET /api/credit-notes/:id: the credit note with its lines (at the invoice's prices) and tax totals. */
export interface CreditNoteDetail extends CreditNote {
  lines: {
    line_no: number;
    invoice_line_no: number;
    sku: string;
    description: string;
    uom: string;
    quantity: string;
    unit_price: string;
    net_amount: string;
    discount_percent: string;
    discount_amount: string;
    tax_category: string;
    tax_rate: string;
    tax_code: string;
  }[];
  tax_totals: { category: string; code: string; rate: string; allowance: string; taxable: string; tax: string; exemption_code: string | null; exemption_reason: string | null }[];
  charges?: DocumentCharge[];
}

/** A document charge (freight, handling…) of an invoice or credit note, net in its own tax category. */
export interface DocumentCharge {
  charge_no: number;
  reason: string;
  reason_code: string | null;
  /** As the customer was shown it: tax-inclusive on an invoice whose prices include tax. */
  amount: string;
  net_amount: string;
  tax_category: string;
  tax_rate: string;
  tax_code: string;
  /** On an invoice: a credit note credited it already. */
  credited?: boolean;
}

/** One part of what an invoice is due in: its receivable, share, due date and what is open of it. */
export interface InvoiceInstalment {
  /** 1..n, or 0 for an invoice due at once. */
  instalment: number;
  ar_item_id: string;
  percent: string;
  due_date: string;
  amount: string;
  open_amount: string;
  overdue: boolean;
}

// ——— invoice screens (issue 5) ———

/** standard: billed as goods ship; prepayment: billed on order, before it ships; consolidated: a period's shipments. */
export type InvoiceKind = 'standard' | 'prepayment' | 'consolidated';

/** An invoice as the list answers it; `kind` only where the server sends it (else derived, see invoiceKind). */
export interface InvoiceRow extends Invoice {
  kind?: InvoiceKind;
  allowance_total?: string;
  discount_percent?: string;
  /** Document charges, part of net_total. */
  charge_total?: string;
  /** Payable rounding of tax-inclusive prices, part of total. */
  rounding_amount?: string;
  prices_include_tax?: boolean;
  /** The earliest due date of a part still open (instalments), null when nothing is. */
  next_due_date?: string | null;
}

export interface InvoiceDocLine extends InvoiceLine {
  discount_percent?: string;
  discount_amount?: string;
  /** Tax-inclusive line amount (after its discount) when the invoice's prices include tax. */
  gross_amount?: string | null;
  /** Units credited so far, where the server sends it (else summed from the credit notes' lines). */
  credited_quantity?: string;
}

/** GET /api/invoices/:id with its credit notes. */
export interface InvoiceDocDetail extends InvoiceRow {
  lines: InvoiceDocLine[];
  tax_totals: (TaxTotal & { code?: string; allowance?: string; charge?: string; exemption_code?: string | null; exemption_reason?: string | null })[];
  charges?: DocumentCharge[];
  instalments?: InvoiceInstalment[];
  credit_notes?: CreditNote[];
  timeline?: TimelineEntry[];
}

/** POST /api/invoices/:id/credit-notes */
export interface CreditNoteRequest {
  reason: string;
  full?: true;
  lines?: { invoice_line_no: number; quantity: string }[];
  /** Charges of the invoice credited whole, by number. */
  charges?: number[];
}

/** POST /api/invoices/run: the ids of the invoices made. */
export interface ConsolidatedRun {
  invoices: string[];
}

/** One attempt to send an invoice to its customer (GET /api/invoices/:id/deliveries). */
export interface InvoiceDelivery {
  id: string;
  invoice_id: string;
  /** Set when the delivery is of a credit note of the invoice. */
  credit_note_id?: string | null;
  channel: 'peppol' | 'email' | string;
  recipient: string;
  status: 'queued' | 'sent' | 'failed' | string;
  document: string | null;
  reference: string | null;
  error: string | null;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  /** issued: sent when the invoice was issued; resend: asked for by a user. */
  trigger?: 'issued' | 'resend' | string;
}

/** GET /api/invoices/:id/deliveries: the attempts, and where the customer's invoices go now. */
export interface InvoiceDeliveries {
  channel?: 'peppol' | 'email' | 'portal' | string;
  recipient?: string | null;
  items: InvoiceDelivery[];
}
