import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { listInvoices, invoiceJson } from '../../billing/queries.ts';
import { creditDecisions } from '../../credit/check.ts';
import { timelineOf } from '../../events/timeline.ts';
import { listShipments, shipOrder, shipmentsOfOrder } from '../../fulfillment/ship.ts';
import { captureOrder, CHANNELS, resolveShipTo, type CaptureOrderInput } from '../../orders/capture.ts';
import { chargeJson, orderCharges } from '../../orders/charges.ts';
import { priceOrder } from '../../orders/pricing.ts';
import { quoteJson } from '../../orders/quote-json.ts';
import { getCustomer } from '../../customers/customers.ts';
import { allocateOrder, listHolds } from '../../orders/holds.ts';
import { messagesAbout } from '../../notifications/queue.ts';
import { invalid } from '../../shared/failure.ts';
import { cancelOrder, confirmOrder, releaseOrder } from '../../orders/confirm.ts';
import { ORDER_STATUSES, orderJson, type OrderStatus } from '../../orders/model.ts';
import { getOrder, listOrders } from '../../orders/queries.ts';
import { formatAmount } from '../../shared/money.ts';
import { scopeOf } from '../auth.ts';
import { isCustomerOnly } from '../customer-access.ts';
import { IdParams, Reason } from './schemas.ts';
import type { Role } from '../../shared/scope.ts';

const Line = Type.Object({
  product_id: Type.Optional(Type.String()),
  sku: Type.Optional(Type.String()),
  quantity: Type.Union([Type.Integer({ minimum: 1 }), Type.String()]),
  unit_price: Type.Optional(Type.String({ description: 'a negotiated price overriding the price list' })),
  expected_unit_price: Type.Optional(Type.String({ description: "the buyer's price; a difference from the price list is flagged" })),
  discount_percent: Type.Optional(Type.String({ description: 'line discount, e.g. "5" or "2.5"' })),
});
const ShipToBody = Type.Object({
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])), address_line: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  city: Type.Optional(Type.Union([Type.String(), Type.Null()])), postal_code: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  region: Type.Optional(Type.Union([Type.String(), Type.Null()])), country: Type.String(),
});
/** A document-level charge (freight, handling…): amount net, or gross for a customer whose prices include tax. */
export const ChargeBody = Type.Object({
  reason: Type.String({ description: 'what it is for, e.g. "Freight"' }),
  amount: Type.String({ description: 'decimal string in the order currency' }),
  tax_category: Type.Optional(Type.String({ description: 'tax class: standard (default), reduced, zero or exempt' })),
  reason_code: Type.Optional(Type.Union([Type.String({ description: 'UNCL 7161, e.g. FC freight, PC packing, SH special handling' }), Type.Null()])),
});
const OrderFields = {
  customer_id: Type.String(), po_number: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lines: Type.Array(Line, { minItems: 1 }),
  ship_to: Type.Optional(Type.Union([ShipToBody, Type.Null()])),
  discount_percent: Type.Optional(Type.String({ description: 'order discount in percent, applied per tax category' })),
  charges: Type.Optional(Type.Array(ChargeBody, { maxItems: 20, description: 'document charges, billed with the first invoice' })),
};
const STATUSES = ORDER_STATUSES;

export function orderRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/api/orders', {
    schema: { tags: ['orders'], querystring: Type.Object({ status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))), customer_id: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req) => {
    const q = req.query as { status?: OrderStatus; customer_id?: string };
    return { items: (await listOrders(db, scopeOf(req).tenantId, { status: q.status, customerId: q.customer_id })).map((o) => orderJson(o)) };
  });

  app.post('/api/orders', {
    config: { roles: ['sales'] },
    schema: {
      tags: ['orders'],
      body: Type.Object({
        ...OrderFields,
        channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
        confirm: Type.Optional(Type.Boolean()),
      }),
    },
  }, async (req, reply) => {
    const order = await inTx(db, scopeOf(req), async (tx, s) => {
      const o = await captureOrder(tx, s, req.body as CaptureOrderInput);
      return getOrder(tx, s.tenantId, o.id);
    });
    return reply.code(201).send(orderJson(order.order, order.lines));
  });

  app.post('/api/orders/quote', {
    config: { roles: ['sales', 'customer'] },
    schema: { tags: ['orders'], description: 'Prices an order without saving it: what the order-entry screen shows as the user types.', body: Type.Object(OrderFields) },
  }, async (req) => {
    const body = req.body as CaptureOrderInput;
    // A portal user prices for its own customer only: another's price group and terms are not its business.
    if (isCustomerOnly(req) && body.customer_id !== req.principal!.customerId) throw invalid('customer_id', `customer ${body.customer_id} not found`);
    return inTx(db, scopeOf(req), async (tx, s) => {
      const customer = await getCustomer(tx, s.tenantId, body.customer_id).catch(() => { throw invalid('customer_id', `customer ${body.customer_id} not found`); });
      const q = await priceOrder(tx, s, customer, resolveShipTo(customer, body.ship_to), body.lines, body.discount_percent, body.charges);
      return quoteJson(customer.currency, q);
    });
  });

  app.get('/api/orders/:id', { schema: { tags: ['orders'], params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const { order, lines } = await getOrder(db, tenantId, id(req));
    const [shipments, invoices, decisions, timeline, holds, messages, charges] = await Promise.all([
      shipmentsOfOrder(db, tenantId, order.id),
      listInvoices(db, tenantId, { orderId: order.id }),
      creditDecisions(db, tenantId, order.id),
      timelineOf(db, tenantId, 'order', order.id),
      listHolds(db, tenantId, { orderId: order.id }),
      messagesAbout(db, tenantId, order.id),
      orderCharges(db, tenantId, order.id),
    ]);
    const asOf = new Date().toISOString().slice(0, 10);
    return {
      ...orderJson(order, lines),
      charges: charges.map((c) => chargeJson(c, order.currency)),
      shipments,
      invoices: invoices.map((i) => invoiceJson(i.invoice, i, asOf)),
      credit_decisions: decisions.map((d: any) => ({
        ...d,
        order_amount: formatAmount(d.order_amount, d.currency), open_receivables: formatAmount(d.open_receivables, d.currency),
        unbilled_orders: formatAmount(d.unbilled_orders, d.currency), credit_limit: d.credit_limit === null ? null : formatAmount(d.credit_limit, d.currency),
      })),
      holds: holds.map((h) => ({ id: h.id, kind: h.kind, reasons: h.reasons, status: h.status, created_at: h.created_at, resolved_at: h.resolved_at, resolved_by: h.resolved_by, resolution_note: h.resolution_note })),
      messages,
      timeline,
    };
  });

  app.get('/api/orders/:id/timeline', { schema: { tags: ['orders'], params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const { order } = await getOrder(db, tenantId, id(req));
    return { items: await timelineOf(db, tenantId, 'order', order.id) };
  });

  const transition = (path: string, roles: Role[], body: object | undefined, fn: (tx: any, s: any, orderId: string, b: any) => Promise<unknown>) =>
    app.post(`/api/orders/:id/${path}`, { config: { roles }, schema: { tags: ['orders'], params: IdParams, ...(body && { body }) } }, async (req) => {
      const order = await inTx(db, scopeOf(req), async (tx, s) => {
        await fn(tx, s, id(req), req.body);
        return getOrder(tx, s.tenantId, id(req));
      });
      return orderJson(order.order, order.lines);
    });
  transition('confirm', ['sales'], undefined, (tx, s, o) => confirmOrder(tx, s, o));
  transition('allocate', ['sales', 'warehouse'], undefined, (tx, s, o) => allocateOrder(tx, s, o));
  transition('release', ['credit'], Reason, (tx, s, o, b) => releaseOrder(tx, s, o, b.reason));
  transition('cancel', ['sales'], Reason, (tx, s, o, b) => cancelOrder(tx, s, o, b.reason));

  app.post('/api/orders/:id/ship', {
    config: { roles: ['warehouse'] },
    schema: {
      tags: ['fulfillment'], params: IdParams,
      description: 'Ships packed packages (all packed ones of a warehouse, or those named), or, when nothing was packed, what is reserved in one warehouse.',
      body: Type.Object({
        carrier: Type.Optional(Type.String({ description: 'manual, simulated, or any carrier name recorded as typed' })), service: Type.Optional(Type.String()),
        tracking_number: Type.Optional(Type.Union([Type.String(), Type.Null()])), warehouse: Type.Optional(Type.String()), package_ids: Type.Optional(Type.Array(Type.String())),
      }),
    },
  }, async (req, reply) => {
    const shipment = await inTx(db, scopeOf(req), (tx, s) => shipOrder(tx, s, id(req), (req.body ?? {}) as any));
    return reply.code(201).send(shipment);
  });

  app.get('/api/shipments', { schema: { tags: ['fulfillment'] } }, async (req) => ({ items: await listShipments(db, scopeOf(req).tenantId) }));
}
