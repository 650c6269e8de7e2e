import { sendX12Once } from './send-once.ts';
import { getInvoice } from '../billing/queries.ts';
import { companyProfile } from '../company/profile.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Db, Sql } from '../db/db.ts';
import type { Handler } from '../events/dispatcher.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { tenantById } from '../identity/tenants.ts';
import { getOrder } from '../orders/queries.ts';
import { assert } from '../shared/failure.ts';
import { daysBetween } from '../shared/dates.ts';
import { divRoundHalfUp } from '../shared/money.ts';
import { discountDate, parsePaymentTerms } from '../shared/payment-terms.ts';
import { formatRate, parseRate } from '../tax/rates.ts';
import { write810, type InvoiceX12Input } from './x12/write-810.ts';

const INVOICE_SENT = 'edi.invoice_sent';

/** Our UN/ECE rec 20 units where X12 (355) names them differently; the rest are the same code. */
const X12_UNITS: Record<string, string> = { H87: 'EA', C62: 'EA', PCE: 'EA', KGM: 'KG', LBR: 'LB', GRM: 'GR', LTR: 'LT', MTR: 'MR', FOT: 'FT', DZN: 'DZ' };
const x12Unit = (uom: string) => X12_UNITS[uom] ?? uom;

/**
 * The 810 of an issued invoice, or null when its customer trades without EDI. The invoice's own lines, tax
 * totals and total are written as billing issued them; the PO date is the day the order was captured (the 850's
 * BEG05 is not kept on the order).
 */
export async function x12InvoiceFor(db: Db | Sql, tenantId: string, invoiceId: string): Promise<{ sender: string; partner: string; input: InvoiceX12Input } | null> {
  const { invoice, lines, taxes, charges, instalments } = await getInvoice(db, tenantId, invoiceId);
  const customer = await getCustomer(db, tenantId, invoice.customer_id);
  if (!customer.edi_id) return null;
  const tenant = await tenantById(db, tenantId);
  assert(tenant, 'the tenant of an invoice exists');
  const company = await companyProfile(db, tenantId);
  const order = invoice.order_id ? (await getOrder(db, tenantId, invoice.order_id)).order : null;
  const shipment = invoice.shipment_id ? (await getShipment(db, tenantId, invoice.shipment_id)).shipment : null;
  const terms = parsePaymentTerms(invoice.payment_terms);
  assert(terms, 'stored payment terms parse');
  const by = discountDate(terms, invoice.issue_date);
  const pct = terms.discountPercent;
  const shipTo = (invoice.ship_to ?? null) as Record<string, string | null> | null;
  return {
    // As for the 856: partners know us by the tenant's slug (qualifier ZZ) until tenants have EDI settings.
    sender: tenant.slug.toUpperCase().slice(0, 15),
    partner: customer.edi_id,
    input: {
      invoiceNumber: invoice.invoice_number,
      invoiceDate: invoice.issue_date,
      poNumber: order?.po_number ?? null,
      poDate: order ? order.created_at.toISOString().slice(0, 10) : null,
      orderNumber: order?.order_number ?? null,
      shipmentNumber: shipment?.shipment_number ?? null,
      shippedAt: shipment?.shipped_at ?? null,
      currency: invoice.currency,
      billTo: { name: customer.name, code: customer.customer_number, codeQualifier: '91', address_line: customer.address_line, city: customer.city, postal_code: customer.postal_code, region: customer.region, country: customer.country },
      shipTo: shipTo?.country
        ? { name: shipTo.name || customer.name, address_line: shipTo.address_line, city: shipTo.city, postal_code: shipTo.postal_code, region: shipTo.region, country: shipTo.country }
        : null,
      remitTo: { name: company.legal_name, address_line: company.address_line, city: company.city, postal_code: company.postal_code, region: company.region, country: company.country },
      terms: {
        text: terms.text, netDueDate: invoice.due_date, netDays: terms.netDays,
        discount: pct && by && terms.discountDays !== null
          ? { percent: pct, days: terms.discountDays, date: by, amount: divRoundHalfUp(invoice.total * BigInt(parseRate(pct)!), 1_000_000n) }
          : null,
        instalments: instalments.map((p) => ({ dueDate: p.due_date, days: daysBetween(invoice.issue_date, p.due_date), amount: p.amount, percent: p.percent })),
      },
      lines: lines.map((l) => ({
        lineNo: l.line_no, quantity: l.quantity, uom: x12Unit(l.uom), unitPrice: l.unit_price, sku: l.sku, description: l.description,
        discount: l.discount_amount > 0n ? { amount: l.discount_amount, percent: formatRate(l.discount_ppm) } : null,
      })),
      taxes: taxes.map((t) => ({ code: t.tax_code, ratePpm: t.rate_ppm, taxable: t.taxable, tax: t.tax })),
      taxType: company.country === 'US' ? 'ST' : 'VA',
      allowance: invoice.allowance_total > 0n ? { amount: invoice.allowance_total, percent: formatRate(invoice.discount_ppm) } : null,
      charges: charges.map((c) => ({ amount: c.net_amount, reason: c.reason, reasonCode: c.reason_code })),
      total: invoice.total,
    },
  };
}

export const ediInvoiceHandlers: Handler[] = [
  {
    name: 'edi.invoice-out',
    eventType: 'invoice.issued',
    async handle(tx, s, e) {
      const invoiceId = e.data.invoice_id as string;
      const doc = await x12InvoiceFor(tx, s.tenantId, invoiceId);
      if (!doc) return;
      const file = `810-${doc.input.invoiceNumber}.x12`;
      await sendX12Once(tx, s, {
        subject: { type: 'invoice', id: invoiceId }, sentEvent: INVOICE_SENT, sender: doc.sender, partner: doc.partner, file,
        write: (envelope) => write810(doc.input, envelope),
        summary: `Invoice ${doc.input.invoiceNumber} sent to EDI partner ${doc.partner} as an 810 (${file})`,
        subjects: { invoice: invoiceId, ...(e.subjects.order && { order: e.subjects.order }), customer: e.subjects.customer },
        data: { invoice_id: invoiceId },
      });
    },
  },
];
