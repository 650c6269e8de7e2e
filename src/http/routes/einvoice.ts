import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { eInvoiceOf } from '../../einvoice/from-invoice.ts';
import { ublInvoice } from '../../einvoice/ubl.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

export function einvoiceRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/invoices/:id/ubl', {
    schema: { tags: ['billing'], params: IdParams, description: 'The invoice as UBL 2.1 (Peppol BIS Billing 3.0, EN 16931).' },
  }, async (req, reply) => {
    const doc = await eInvoiceOf(db, scopeOf(req).tenantId, (req.params as { id: string }).id);
    return reply.type('application/xml; charset=utf-8')
      .header('content-disposition', `inline; filename="${doc.number}.xml"`)
      .send(ublInvoice(doc));
  });
}
