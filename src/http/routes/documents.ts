import type { FastifyInstance, FastifyReply } from 'fastify';
import { companyLogo } from '../../company/logo.ts';
import { companyProfile } from '../../company/profile.ts';
import type { Db } from '../../db/db.ts';
import { creditNoteData } from '../../documents/credit-note-data.ts';
import { creditNotePdf } from '../../documents/pdf/credit-note.ts';
import { invoicePdf, type DocumentPdfOptions } from '../../documents/pdf/invoice.ts';
import { ciiInvoice } from '../../einvoice/cii.ts';
import { facturxPdf } from '../../einvoice/facturx.ts';
import { eInvoiceOf } from '../../einvoice/from-invoice.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

/** Invoices and credit notes as documents: PDF for people, CII XML, and Factur-X (both in one PDF/A-3). */
export function documentRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const options = async (tenantId: string): Promise<DocumentPdfOptions> => {
    const [profile, logo] = await Promise.all([companyProfile(db, tenantId), companyLogo(db, tenantId)]);
    return { logo: logo?.bytes ?? null, footer: profile.invoice_footer };
  };
  const pdf = (reply: FastifyReply, filename: string, bytes: Uint8Array) =>
    reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}.pdf"`).send(Buffer.from(bytes));

  app.get('/api/invoices/:id/pdf', {
    schema: { tags: ['billing'], params: IdParams, description: 'The invoice as PDF, with payment instructions.' },
  }, async (req, reply) => {
    const tenantId = scopeOf(req).tenantId;
    const [doc, opts] = await Promise.all([eInvoiceOf(db, tenantId, id(req)), options(tenantId)]);
    return pdf(reply, doc.number, await invoicePdf(doc, opts));
  });

  app.get('/api/invoices/:id/cii', {
    schema: { tags: ['billing'], params: IdParams, description: 'The invoice as UN/CEFACT Cross Industry Invoice D16B (EN 16931).' },
  }, async (req, reply) => {
    const doc = await eInvoiceOf(db, scopeOf(req).tenantId, id(req));
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `inline; filename="${doc.number}.cii.xml"`).send(ciiInvoice(doc));
  });

  app.get('/api/invoices/:id/facturx', {
    schema: { tags: ['billing'], params: IdParams, description: 'The invoice as Factur-X / ZUGFeRD (EN 16931 profile): PDF/A-3b with its CII XML embedded.' },
  }, async (req, reply) => {
    const tenantId = scopeOf(req).tenantId;
    const [doc, opts] = await Promise.all([eInvoiceOf(db, tenantId, id(req)), options(tenantId)]);
    return pdf(reply, `${doc.number}.facturx`, await facturxPdf(doc, opts));
  });

  app.get('/api/credit-notes/:id/pdf', {
    schema: { tags: ['billing'], params: IdParams, description: 'The credit note as PDF, naming the invoice it credits.' },
  }, async (req, reply) => {
    const tenantId = scopeOf(req).tenantId;
    const [data, opts] = await Promise.all([creditNoteData(db, tenantId, id(req)), options(tenantId)]);
    return pdf(reply, data.doc.number, await creditNotePdf(data, opts));
  });
}
