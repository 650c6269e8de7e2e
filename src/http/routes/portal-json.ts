import type { CreditNote } from '../../billing/credit-notes.ts';
import type { Invoice } from '../../billing/queries.ts';
import type { Shipment } from '../../fulfillment/ship.ts';
import type { Order, OrderLine, OrderStatus } from '../../orders/model.ts';
import type { CustomerBalance } from '../../receivables/customer-balance.ts';
import { formatAmount } from '../../shared/money.ts';
import { formatRate } from '../../tax/rates.ts';

// What a customer sees of its own documents: the facts it shares with the seller, without the back office's
// working data (holds and their reasons, fraud signals, price sources, who did what).

/** The order's state in the customer's words: the checks and stock reservation are the seller's business. */
const CUSTOMER_STATUS: Record<OrderStatus, string> = {
  draft: 'received', on_hold: 'in_review', approved: 'confirmed', partially_allocated: 'confirmed', allocated: 'confirmed',
  partially_shipped: 'partially_shipped', shipped: 'shipped', invoiced: 'shipped', closed: 'completed', cancelled: 'cancelled',
};

export function portalOrderJson(o: Order, lines?: OrderLine[], returned?: Map<number, { claimed: bigint }>) {
  const m = (v: bigint) => formatAmount(v, o.currency);
  return {
    id: o.id, order_number: o.order_number, po_number: o.po_number, status: CUSTOMER_STATUS[o.status], created_at: o.created_at,
    currency: o.currency, net_total: m(o.net_total), tax_total: m(o.tax_total), total: m(o.total), allowance_total: m(o.allowance_total),
    discount_percent: formatRate(o.discount_ppm), ship_to: o.ship_to,
    ...(lines && {
      lines: lines.map((l) => ({
        line_no: l.line_no, sku: l.sku, description: l.description, uom: l.uom, quantity: l.quantity.toString(), unit_price: m(l.unit_price),
        discount_percent: formatRate(l.discount_ppm), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
        shipped_quantity: l.shipped_quantity.toString(),
        returnable_quantity: (l.shipped_quantity - (returned?.get(l.line_no)?.claimed ?? 0n)).toString(),
      })),
    }),
  };
}

export function portalShipmentJson(s: Shipment) {
  return {
    id: s.id, shipment_number: s.shipment_number, carrier: s.carrier, service: s.service, tracking_number: s.tracking_number,
    tracking_url: s.tracking_url, status: s.status, shipped_at: s.shipped_at, delivered_at: s.delivered_at,
  };
}

/**
 * open, overdue (a part still open was due before asOf), paid, or credited (credit notes make up its total);
 * `credited` is what credit notes took off it.
 */
export function portalInvoiceJson(i: Invoice, o: { open: bigint; nextDue: string | null }, credited: bigint, asOf: string) {
  const m = (v: bigint) => formatAmount(v, i.currency);
  const open = o.open;
  const status = credited >= i.total ? 'credited' : open === 0n ? 'paid' : o.nextDue !== null && o.nextDue < asOf ? 'overdue' : 'open';
  return {
    id: i.id, invoice_number: i.invoice_number, order_id: i.order_id, kind: i.kind, issue_date: i.issue_date, due_date: i.due_date,
    payment_terms: i.payment_terms, currency: i.currency, net_total: m(i.net_total), tax_total: m(i.tax_total), total: m(i.total),
    allowance_total: m(i.allowance_total), discount_percent: formatRate(i.discount_ppm), open_amount: m(open), next_due_date: o.nextDue,
    credited_total: m(credited), status,
  };
}

export function portalCreditNoteJson(n: CreditNote) {
  const m = (v: bigint) => formatAmount(v, n.currency);
  return {
    id: n.id, credit_note_number: n.credit_note_number, invoice_id: n.invoice_id, invoice_number: n.invoice_number, order_id: n.order_id,
    issue_date: n.issue_date, reason: n.reason, currency: n.currency, net_total: m(n.net_total), tax_total: m(n.tax_total), total: m(n.total),
    allowance_total: m(n.allowance_total), discount_percent: formatRate(n.discount_ppm),
    applied_to_invoice: m(n.applied_to_invoice), customer_credit: m(n.customer_credit),
  };
}

export function balanceJson(b: CustomerBalance) {
  const m = (v: bigint) => formatAmount(v, b.currency);
  return {
    currency: b.currency, owed: m(b.owed), overdue: m(b.overdue), overdue_items: b.overdueItems,
    next_due: b.nextDue && { date: b.nextDue.date, amount: m(b.nextDue.amount) },
  };
}
