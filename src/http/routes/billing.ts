import { creditNoteJson, creditNotesOfInvoice, issueCreditNote, uncredited } from '../../billing/credit-notes.ts';
import { inTx } from '../../app/run.ts';
import { runConsolidatedInvoicing } from '../../billing/consolidate.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { getInvoice, invoiceDetailJson, invoiceJson, listInvoices } from '../../billing/queries.ts';
import { timelineOf } from '../../events/timeline.ts';
import { itemJson, openItems } from '../../receivables/items.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Units, units } from './schemas.ts';

export function billingRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/invoices', {
    schema: { tags: ['billing'], querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('issued'), Type.Literal('paid'), Type.Literal('credited')])), customer_id: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req) => {
    const q = req.query as { status?: string; customer_id?: string };
    const asOf = new Date().toISOString().slice(0, 10);
    const rows = await listInvoices(db, scopeOf(req).tenantId, { status: q.status, customerId: q.customer_id });
    return { items: rows.map((r) => invoiceJson(r.invoice, r, asOf)) };
  });

  app.post('/api/invoices/run', {
    config: { roles: ['billing'] },
    schema: { tags: ['billing'], description: 'Consolidated invoicing: one invoice per weekly/monthly customer for the shipments of the periods ended by as_of (default today). Safe to repeat.',
      body: Type.Object({ as_of: Type.Optional(Type.String({ format: 'date' })) }) },
  }, async (req, reply) => {
    const s = scopeOf(req);
    const asOf = (req.body as { as_of?: string } | undefined)?.as_of ?? new Date().toISOString().slice(0, 10);
    const ids = await runConsolidatedInvoicing(db, { ...s, now: new Date() }, asOf);
    return reply.code(201).send({ invoices: ids });
  });

  app.get('/api/invoices/:id', { schema: { tags: ['billing'], params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const d = await getInvoice(db, tenantId, (req.params as { id: string }).id);
    const [timeline, credits] = await Promise.all([timelineOf(db, tenantId, 'invoice', d.invoice.id), creditNotesOfInvoice(db, tenantId, d.invoice.id)]);
    return { ...invoiceDetailJson(d, new Date().toISOString().slice(0, 10)), credit_notes: credits.map(creditNoteJson), timeline };
  });

  app.post('/api/invoices/:id/credit-notes', {
    config: { roles: ['billing'] },
    schema: {
      tags: ['billing'], params: IdParams,
      description: 'Corrects an issued invoice: a credit note for some units of its lines (lines) and whole charges (charges: charge numbers), ' +
        'or for everything not credited yet (full: true).',
      body: Type.Object({ reason: Type.String({ minLength: 1 }), full: Type.Optional(Type.Boolean()),
        lines: Type.Optional(Type.Array(Type.Object({ invoice_line_no: Type.Integer(), quantity: Units }))),
        charges: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))) }),
    },
  }, async (req, reply) => {
    const b = req.body as { reason: string; full?: boolean; lines?: { invoice_line_no: number; quantity: unknown }[]; charges?: number[] };
    const invoiceId = (req.params as { id: string }).id;
    const note = await inTx(db, scopeOf(req), async (tx, s) => {
      const what = b.full ? await uncredited(tx, s.tenantId, invoiceId)
        : { lines: (b.lines ?? []).map((l, i) => ({ invoiceLineNo: l.invoice_line_no, quantity: units(`lines[${i}].quantity`, l.quantity) })), charges: b.charges };
      return issueCreditNote(tx, s, { invoiceId, ...what, reason: b.reason });
    });
    return reply.code(201).send(creditNoteJson(note));
  });

  app.get('/api/receivables/open-items', {
    schema: { tags: ['receivables'], querystring: Type.Object({ customer_id: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req) => {
    const q = req.query as { customer_id?: string };
    return { items: (await openItems(db, scopeOf(req).tenantId, { customerId: q.customer_id })).map(itemJson) };
  });
}
