import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTx } from '../../app/run.ts';
import { creditNotesOfCustomer, creditNotesOfInvoice, getCreditNote, type CreditNote } from '../../billing/credit-notes.ts';
import { getInvoice, listInvoices } from '../../billing/queries.ts';
import { companyLogo } from '../../company/logo.ts';
import { companyProfile } from '../../company/profile.ts';
import { getCustomer } from '../../customers/customers.ts';
import type { Db } from '../../db/db.ts';
import { creditNoteData } from '../../documents/credit-note-data.ts';
import { creditNotePdf } from '../../documents/pdf/credit-note.ts';
import { invoicePdf, type DocumentPdfOptions } from '../../documents/pdf/invoice.ts';
import { eCreditNoteOf } from '../../einvoice/from-credit-note.ts';
import { eInvoiceOf } from '../../einvoice/from-invoice.ts';
import { ublInvoice } from '../../einvoice/ubl.ts';
import { shipmentsOfOrder } from '../../fulfillment/ship.ts';
import { tenantById } from '../../identity/tenants.ts';
import { getOrder, listOrders } from '../../orders/queries.ts';
import { createPaymentLink, payPath } from '../../payments/gateways/payment-links.ts';
import { customerBalance } from '../../receivables/customer-balance.ts';
import { returnDetail } from '../../returns/detail.ts';
import { getRma, listRmas, returnedOfOrder, rmaJson } from '../../returns/model.ts';
import { notFound } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import { formatRate } from '../../tax/rates.ts';
import { scopeOf } from '../auth.ts';
import { portalCustomerId } from '../customer-access.ts';
import { balanceJson, portalCreditNoteJson, portalInvoiceJson, portalOrderJson, portalShipmentJson } from './portal-json.ts';
import { IdParams } from './schemas.ts';

const tags = ['portal'];
const config = { roles: ['customer' as const] };
const byId = { config, schema: { tags, params: IdParams } };

/**
 * The customer portal's API: a portal user's own orders, invoices, credit notes and returns. The customer is
 * always the one its login is linked to; another customer's id answers 404, as an id that does not exist.
 */
export function portalRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const who = (req: FastifyRequest) => ({ tenantId: req.principal!.tenantId, customerId: portalCustomerId(req), asOf: new Date().toISOString().slice(0, 10) });

  /** Credit notes' totals per invoice they credit. */
  const creditedBy = (notes: CreditNote[]) => {
    const sums = new Map<string, bigint>();
    for (const n of notes) sums.set(n.invoice_id, (sums.get(n.invoice_id) ?? 0n) + n.total);
    return sums;
  };
  /** The customer's orders it placed (drafts are the seller's work in progress), newest first. */
  const ordersOf = async (tenantId: string, customerId: string) =>
    (await listOrders(db, tenantId, { customerId })).filter((o) => o.status !== 'draft');
  const invoicesOf = async (tenantId: string, customerId: string, asOf: string, f: { orderId?: string } = {}) => {
    const [rows, notes] = await Promise.all([listInvoices(db, tenantId, { customerId, ...f }), creditNotesOfCustomer(db, tenantId, customerId)]);
    const credited = creditedBy(notes);
    return rows.map((r) => portalInvoiceJson(r.invoice, r, credited.get(r.invoice.id) ?? 0n, asOf));
  };
  const ownOrder = async (tenantId: string, customerId: string, orderId: string) => {
    const o = await getOrder(db, tenantId, orderId);
    if (o.order.customer_id !== customerId || o.order.status === 'draft') throw notFound('order', orderId);
    return o;
  };
  const ownInvoice = async (tenantId: string, customerId: string, invoiceId: string) => {
    const d = await getInvoice(db, tenantId, invoiceId);
    if (d.invoice.customer_id !== customerId) throw notFound('invoice', invoiceId);
    return d;
  };
  const ownCreditNote = async (tenantId: string, customerId: string, noteId: string) => {
    const d = await getCreditNote(db, tenantId, noteId);
    if (d.note.customer_id !== customerId) throw notFound('credit note', noteId);
    return d;
  };
  const pdf = async (reply: FastifyReply, tenantId: string, filename: string, render: (o: DocumentPdfOptions) => Promise<Uint8Array>) => {
    const [profile, logo] = await Promise.all([companyProfile(db, tenantId), companyLogo(db, tenantId)]);
    const bytes = await render({ logo: logo?.bytes ?? null, footer: profile.invoice_footer });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}.pdf"`).send(Buffer.from(bytes));
  };
  const xml = (reply: FastifyReply, filename: string, text: string) =>
    reply.type('application/xml; charset=utf-8').header('content-disposition', `inline; filename="${filename}.xml"`).send(text);

  app.get('/api/portal/account', { config, schema: { tags, description: 'The customer the signed-in portal user acts for.' } }, async (req) => {
    const { tenantId, customerId } = who(req);
    const [c, seller] = await Promise.all([getCustomer(db, tenantId, customerId), companyProfile(db, tenantId)]);
    return {
      customer: { id: c.id, customer_number: c.customer_number, name: c.name, email: c.email, currency: c.currency, payment_terms: c.payment_terms },
      seller: { name: seller.legal_name, email: seller.email, phone: seller.phone },
    };
  });

  app.get('/api/portal/home', { config, schema: { tags, description: 'What the customer owes (in all, overdue, next due), its latest orders and its open invoices.' } }, async (req) => {
    const { tenantId, customerId, asOf } = who(req);
    const [balances, orders, invoices] = await Promise.all([
      customerBalance(db, tenantId, customerId, asOf), ordersOf(tenantId, customerId), invoicesOf(tenantId, customerId, asOf),
    ]);
    return {
      as_of: asOf,
      balances: balances.map(balanceJson),
      recent_orders: orders.slice(0, 5).map((o) => portalOrderJson(o)),
      open_invoices: invoices.filter((i) => i.status === 'open' || i.status === 'overdue').sort((a, b) => a.due_date.localeCompare(b.due_date)),
    };
  });

  app.get('/api/portal/orders', { config, schema: { tags } }, async (req) => {
    const { tenantId, customerId } = who(req);
    return { items: (await ordersOf(tenantId, customerId)).map((o) => portalOrderJson(o)) };
  });

  app.get('/api/portal/orders/:id', { ...byId, schema: { ...byId.schema, description: 'An order with its lines (what can still be returned), shipments, invoices and returns.' } }, async (req) => {
    const { tenantId, customerId, asOf } = who(req);
    const { order, lines } = await ownOrder(tenantId, customerId, id(req));
    const [returned, shipments, invoices, rmas] = await Promise.all([
      returnedOfOrder(db, tenantId, order.id, null), shipmentsOfOrder(db, tenantId, order.id),
      invoicesOf(tenantId, customerId, asOf, { orderId: order.id }), listRmas(db, tenantId, { orderId: order.id }),
    ]);
    return { ...portalOrderJson(order, lines, returned), shipments: shipments.map(portalShipmentJson), invoices, returns: rmas.map((r) => rmaJson(r)) };
  });

  app.get('/api/portal/invoices', { config, schema: { tags, description: 'Invoices, newest first, each open, overdue, paid or credited.' } }, async (req) => {
    const { tenantId, customerId, asOf } = who(req);
    return { items: await invoicesOf(tenantId, customerId, asOf) };
  });

  app.get('/api/portal/invoices/:id', byId, async (req) => {
    const { tenantId, customerId, asOf } = who(req);
    const d = await ownInvoice(tenantId, customerId, id(req));
    const notes = await creditNotesOfInvoice(db, tenantId, d.invoice.id);
    const m = (v: bigint) => formatAmount(v, d.invoice.currency);
    return {
      ...portalInvoiceJson(d.invoice, d, creditedBy(notes).get(d.invoice.id) ?? 0n, asOf),
      order_number: d.invoice.order_id ? (await getOrder(db, tenantId, d.invoice.order_id)).order.order_number : null,
      lines: d.lines.map((l) => ({
        line_no: l.line_no, sku: l.sku, description: l.description, uom: l.uom, quantity: l.quantity.toString(), unit_price: m(l.unit_price),
        discount_percent: formatRate(l.discount_ppm), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      })),
      tax_totals: d.taxes.map((t) => ({ category: t.category, rate: formatRate(t.rate_ppm), taxable: m(t.taxable), tax: m(t.tax), exemption_reason: t.tax_exemption_reason })),
      credit_notes: notes.map(portalCreditNoteJson),
    };
  });

  app.get('/api/portal/invoices/:id/pdf', byId, async (req, reply) => {
    const { tenantId, customerId } = who(req);
    const { invoice } = await ownInvoice(tenantId, customerId, id(req));
    const doc = await eInvoiceOf(db, tenantId, invoice.id);
    return pdf(reply, tenantId, doc.number, (o) => invoicePdf(doc, o));
  });

  app.get('/api/portal/invoices/:id/ubl', byId, async (req, reply) => {
    const { tenantId, customerId } = who(req);
    const { invoice } = await ownInvoice(tenantId, customerId, id(req));
    const doc = await eInvoiceOf(db, tenantId, invoice.id);
    return xml(reply, doc.number, ublInvoice(doc));
  });

  app.post('/api/portal/invoices/:id/pay', {
    ...byId, schema: { ...byId.schema, description: "A payment link for what is open on the invoice: pay_path opens the seller's pay page (409 when nothing is open)." },
  }, async (req, reply) => {
    const { tenantId, customerId } = who(req);
    const { invoice } = await ownInvoice(tenantId, customerId, id(req));
    const link = await inTx(db, scopeOf(req), (tx, s) => createPaymentLink(tx, s, { invoiceId: invoice.id }));
    const tenant = (await tenantById(db, tenantId))!;
    return reply.code(201).send({ invoice_id: link.invoice_id, amount_open: link.amount_open, currency: link.currency, url: link.url, pay_path: payPath(tenant.slug, link.token) });
  });

  app.get('/api/portal/credit-notes', { config, schema: { tags } }, async (req) => {
    const { tenantId, customerId } = who(req);
    return { items: (await creditNotesOfCustomer(db, tenantId, customerId)).map(portalCreditNoteJson) };
  });

  app.get('/api/portal/credit-notes/:id', byId, async (req) => {
    const { tenantId, customerId } = who(req);
    const d = await ownCreditNote(tenantId, customerId, id(req));
    const m = (v: bigint) => formatAmount(v, d.note.currency);
    return {
      ...portalCreditNoteJson(d.note),
      lines: d.lines.map((l) => ({
        line_no: l.line_no, invoice_line_no: l.invoice_line_no, sku: l.sku, description: l.description, uom: l.uom, quantity: l.quantity.toString(),
        unit_price: m(l.unit_price), net_amount: m(l.net_amount), tax_rate: formatRate(l.tax_rate_ppm),
      })),
      tax_totals: d.taxes.map((t) => ({ category: t.category, rate: formatRate(t.rate_ppm), taxable: m(t.taxable), tax: m(t.tax), exemption_reason: t.tax_exemption_reason })),
    };
  });

  app.get('/api/portal/credit-notes/:id/pdf', byId, async (req, reply) => {
    const { tenantId, customerId } = who(req);
    const { note } = await ownCreditNote(tenantId, customerId, id(req));
    const data = await creditNoteData(db, tenantId, note.id);
    return pdf(reply, tenantId, data.doc.number, (o) => creditNotePdf(data, o));
  });

  app.get('/api/portal/credit-notes/:id/ubl', byId, async (req, reply) => {
    const { tenantId, customerId } = who(req);
    const { note } = await ownCreditNote(tenantId, customerId, id(req));
    const doc = await eCreditNoteOf(db, tenantId, note.id);
    return xml(reply, doc.number, ublInvoice(doc));
  });

  app.get('/api/portal/returns', { config, schema: { tags, description: 'Returns asked for, by the customer or for it, newest first (request one with POST /api/orders/{id}/returns).' } }, async (req) => {
    const { tenantId, customerId } = who(req);
    return { items: (await listRmas(db, tenantId, { customerId })).map((r) => rmaJson(r)) };
  });

  app.get('/api/portal/returns/:id', byId, async (req) => {
    const { tenantId, customerId } = who(req);
    const { rma, lines } = await getRma(db, tenantId, id(req));
    if (rma.customer_id !== customerId) throw notFound('return', id(req));
    const [d, order] = await Promise.all([returnDetail(db, tenantId, rma.id), getOrder(db, tenantId, rma.order_id)]);
    const json = rmaJson(rma, lines);
    return {
      ...json,
      lines: json.lines!.map((l) => ({ ...l, description: order.lines.find((o) => o.line_no === l.line_no)?.description ?? l.sku })),
      credit_notes: d.credit_notes.map((n) => ({
        id: n.id, credit_note_number: n.credit_note_number, issue_date: n.issue_date, currency: n.currency, total: n.total,
        applied_to_invoice: n.applied_to_invoice, customer_credit: n.customer_credit,
      })),
      refunds: d.refunds.map((r) => ({ amount: r.amount, currency: r.currency, refunded_on: r.refunded_on, method: r.method })),
      steps: d.timeline.map((e) => ({ occurred_at: e.occurred_at, summary: e.summary })),
    };
  });
}
