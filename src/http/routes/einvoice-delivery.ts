import type { FastifyInstance } from 'fastify';
import { inTx } from '../../app/run.ts';
import { getInvoice } from '../../billing/queries.ts';
import { getCustomer } from '../../customers/customers.ts';
import type { Db } from '../../db/db.ts';
import { getCreditNote } from '../../billing/credit-notes.ts';
import { creditNoteDeliveries, deliveryChannel, deliveryJson, invoiceDeliveries, redeliverCreditNote, redeliverInvoice, type DeliveryChannel } from '../../einvoice/delivery.ts';
import { eCreditNoteOf } from '../../einvoice/from-credit-note.ts';
import { ublInvoice } from '../../einvoice/ubl.ts';
import { invalid } from '../../shared/failure.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

/** Credit notes as UBL, and how invoices and credit notes went to their customers (Peppol, email) with a resend. */
export function einvoiceDeliveryRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  // The body is optional (a plain POST resends by the customer's channel), so it is checked here, not by a schema.
  const channelOf = (req: { body: unknown }): DeliveryChannel | undefined => {
    const body = req.body as { channel?: unknown } | undefined | null;
    const channel = body && typeof body === 'object' ? body.channel : undefined;
    if (channel !== undefined && channel !== null && channel !== 'peppol' && channel !== 'email') throw invalid('channel', 'channel is "peppol" or "email"');
    return (channel ?? undefined) as DeliveryChannel | undefined;
  };
  const where = async (tenantId: string, customerId: string) => {
    const route = deliveryChannel(await getCustomer(db, tenantId, customerId));
    return { channel: route?.channel ?? 'portal', recipient: route?.recipient ?? null };
  };

  app.get('/api/credit-notes/:id/ubl', {
    schema: { tags: ['billing'], params: IdParams, description: 'The credit note as UBL 2.1 CreditNote (type 381, Peppol BIS Billing 3.0, EN 16931), referencing the invoice it corrects.' },
  }, async (req, reply) => {
    const doc = await eCreditNoteOf(db, scopeOf(req).tenantId, id(req));
    return reply.type('application/xml; charset=utf-8')
      .header('content-disposition', `inline; filename="${doc.number}.xml"`)
      .send(ublInvoice(doc));
  });

  app.get('/api/invoices/:id/deliveries', {
    schema: { tags: ['billing'], params: IdParams, description: 'How the invoice went to its customer: one item per delivery (Peppol or email) with its status; `channel` is where the customer\'s invoices go now.' },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const { invoice } = await getInvoice(db, tenantId, id(req));
    return { ...(await where(tenantId, invoice.customer_id)), items: (await invoiceDeliveries(db, tenantId, invoice.id)).map(deliveryJson) };
  });

  app.post('/api/invoices/:id/deliver', {
    config: { roles: ['billing'] },
    schema: {
      tags: ['billing'], params: IdParams,
      description: 'Delivers the invoice again, by the customer\'s channel or the one named in an optional body `{channel: "peppol"|"email"}`; ' +
        '409 when the customer has neither a Peppol id nor an email address.',
    },
  }, async (req, reply) => {
    const channel = channelOf(req);
    const d = await inTx(db, scopeOf(req), (tx, s) => redeliverInvoice(tx, s, id(req), channel));
    return reply.code(201).send(deliveryJson(d));
  });

  app.get('/api/credit-notes/:id/deliveries', {
    schema: { tags: ['billing'], params: IdParams, description: 'How the credit note went to its customer, like an invoice\'s deliveries.' },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const { note } = await getCreditNote(db, tenantId, id(req));
    return { ...(await where(tenantId, note.customer_id)), items: (await creditNoteDeliveries(db, tenantId, note.id)).map(deliveryJson) };
  });

  app.post('/api/credit-notes/:id/deliver', {
    config: { roles: ['billing'] },
    schema: { tags: ['billing'], params: IdParams, description: 'Delivers the credit note again, like POST /api/invoices/:id/deliver.' },
  }, async (req, reply) => {
    const channel = channelOf(req);
    const d = await inTx(db, scopeOf(req), (tx, s) => redeliverCreditNote(tx, s, id(req), channel));
    return reply.code(201).send(deliveryJson(d));
  });
}
