import type { FastifyInstance } from 'fastify';
import { inTx } from '../../app/run.ts';
import { getInvoice } from '../../billing/queries.ts';
import { getCustomer } from '../../customers/customers.ts';
import type { Db } from '../../db/db.ts';
import { deliveryChannel, deliveryJson, invoiceDeliveries, redeliverInvoice, type DeliveryChannel } from '../../einvoice/delivery.ts';
import { eCreditNoteOf } from '../../einvoice/from-credit-note.ts';
import { ublInvoice } from '../../einvoice/ubl.ts';
import { invalid } from '../../shared/failure.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

/** Credit notes as UBL, and how invoices went to their customers (Peppol, email) with a resend. */
export function einvoiceDeliveryRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

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
    const route = deliveryChannel(await getCustomer(db, tenantId, invoice.customer_id));
    return {
      channel: route?.channel ?? 'portal', recipient: route?.recipient ?? null,
      items: (await invoiceDeliveries(db, tenantId, invoice.id)).map(deliveryJson),
    };
  });

  app.post('/api/invoices/:id/deliver', {
    config: { roles: ['billing'] },
    schema: {
      tags: ['billing'], params: IdParams,
      description: 'Delivers the invoice again, by the customer\'s channel or the one named in an optional body `{channel: "peppol"|"email"}`; ' +
        '409 when the customer has neither a Peppol id nor an email address.',
    },
  }, async (req, reply) => {
    // The body is optional (a plain POST resends by the customer's channel), so it is checked here, not by a schema.
    const body = req.body as { channel?: unknown } | undefined | null;
    const channel = body && typeof body === 'object' ? body.channel : undefined;
    if (channel !== undefined && channel !== null && channel !== 'peppol' && channel !== 'email') throw invalid('channel', 'channel is "peppol" or "email"');
    const d = await inTx(db, scopeOf(req), (tx, s) => redeliverInvoice(tx, s, id(req), (channel ?? undefined) as DeliveryChannel | undefined));
    return reply.code(201).send(deliveryJson(d));
  });
}
