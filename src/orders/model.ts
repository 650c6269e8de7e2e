import { formatAmount } from '../shared/money.ts';
import { formatRate } from '../tax/rates.ts';

/**
 * Order lifecycle (docs/order-lifecycle.md):
 *
 *   draft ──submit──▶ [verification · fraud · credit] ──▶ on_hold ──release──┐   ──reject──▶ cancelled
 *                                                   │                        ▼
 *                                                   └──passed──▶ approved ─┬─ stock for every unit ──▶ allocated
 *                                                                         ├─ for some ──▶ partially_allocated ──allocate──▶ allocated
 *                                                                         └─ for none ──▶ approved (waits for stock) ──allocate──▶ …
 *   allocated ──ship──▶ shipped ──invoice──▶ invoiced ──paid in full──▶ closed
 *   partially_allocated ──ship what is reserved──▶ partially_shipped ──allocate, ship the rest──▶ shipped
 *   (each shipment is invoiced on its own; the order is invoiced when everything shipped has been)
 *   draft | on_hold | approved | partially_allocated | allocated ──cancel──▶ cancelled (reservations released) ──reopen──▶ draft
 *
 * "Submitted" is the moment the checks run (order.held or order.confirmed on the timeline); "paid" is the
 * moment the invoice is settled, after which nothing is left and the order closes in the same step.
 */
export type OrderStatus = 'draft' | 'on_hold' | 'approved' | 'partially_allocated' | 'allocated' | 'partially_shipped' | 'shipped' | 'invoiced' | 'closed' | 'cancelled';

export const ORDER_STATUSES: OrderStatus[] = ['draft', 'on_hold', 'approved', 'partially_allocated', 'allocated', 'partially_shipped', 'shipped', 'invoiced', 'closed', 'cancelled'];

/** Approved and not yet invoiced in full: (total − invoiced so far) is the unbilled part of credit exposure. */
export const UNBILLED: OrderStatus[] = ['approved', 'partially_allocated', 'allocated', 'partially_shipped', 'shipped'];

/** What can ship: stock is reserved for at least part of what is left. */
export const SHIPPABLE: OrderStatus[] = ['allocated', 'partially_allocated', 'partially_shipped'];

/** Before shipment: what may still be amended or cancelled. */
export const OPEN_BEFORE_SHIPMENT: OrderStatus[] = ['draft', 'on_hold', 'approved', 'partially_allocated', 'allocated'];

export interface Order {
  id: string;
  order_number: string;
  customer_id: string;
  customer_number: string;
  customer_name: string;
  status: OrderStatus;
  hold_reason: string | null;
  channel: string;
  po_number: string | null;
  currency: string;
  net_total: bigint;
  tax_total: bigint;
  total: bigint;
  created_at: Date;
  updated_at: Date;
  created_by: string;
  flags: OrderFlag[];
  source_ref: string | null;
  ship_to: ShipTo | null;
  /** Order discount, parts per million (5 % = 50000), applied per tax category. */
  discount_ppm: number;
  allowance_total: bigint;
  hold_round: number;
  invoiced_total: bigint;
  /** 1 (most urgent) to 9; backorders are served by priority, then by age. */
  priority: number;
  /** Invoiced at confirmation (the customer's on_order policy): nothing ships until that invoice is paid. */
  prepayment: boolean;
  /** Priced gross: unit prices and charges include tax (the customer's prices did when it was priced). */
  prices_include_tax: boolean;
}

export type HoldKind = 'verification' | 'fraud' | 'credit';
export const HOLD_KINDS: HoldKind[] = ['verification', 'fraud', 'credit'];

export interface ShipTo {
  name?: string | null;
  address_line?: string | null;
  city?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country: string;
}

/** Something a person should look at before the order goes on, e.g. a price that differs from the price list. */
export interface OrderFlag {
  code: 'price_differs' | 'duplicate_po' | 'address_incomplete';
  message: string;
  line_no?: number;
}

export interface OrderLine {
  line_no: number;
  product_id: string;
  sku: string;
  description: string;
  uom: string;
  quantity: bigint;
  unit_price: bigint;
  tax_category: string;
  tax_rate_ppm: number;
  net_amount: bigint;
  list_price: bigint | null;
  price_source: string | null;
  discount_ppm: number;
  discount_amount: bigint;
  tax_code: string;
  tax_exemption_code: string | null;
  tax_exemption_reason: string | null;
  shipped_quantity: bigint;
  invoiced_quantity: bigint;
}

export const ORDER_COLUMNS = `id, order_number, customer_id, customer_number, customer_name, status, hold_reason, channel, po_number,
  currency, net_total, tax_total, total, created_at, updated_at, created_by, flags, source_ref, ship_to, discount_ppm, allowance_total, hold_round, invoiced_total, priority, prepayment, prices_include_tax`;
export const LINE_COLUMNS = `line_no, product_id, sku, description, uom, quantity, unit_price, tax_category, tax_rate_ppm, net_amount,
  list_price, price_source, discount_ppm, discount_amount, tax_code, tax_exemption_code, tax_exemption_reason, shipped_quantity, invoiced_quantity`;

export function orderJson(o: Order, lines?: OrderLine[]) {
  const m = (v: bigint) => formatAmount(v, o.currency);
  return {
    ...o,
    net_total: m(o.net_total),
    tax_total: m(o.tax_total),
    total: m(o.total),
    allowance_total: m(o.allowance_total),
    invoiced_total: m(o.invoiced_total),
    discount_percent: formatRate(o.discount_ppm),
    ...(lines && {
      lines: lines.map((l) => ({
        ...l,
        quantity: l.quantity.toString(),
        unit_price: m(l.unit_price),
        net_amount: m(l.net_amount),
        tax_rate: formatRate(l.tax_rate_ppm),
        list_price: l.list_price === null ? null : m(l.list_price),
        discount_percent: formatRate(l.discount_ppm),
        discount_amount: m(l.discount_amount),
        shipped_quantity: l.shipped_quantity.toString(),
      })),
    }),
  };
}
