import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { applyPayment, getPayment, listPayments, METHODS, paymentJson, recordPayment, unapply, type RecordPaymentInput } from '../../payments/payments.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Reason } from './schemas.ts';

const Apply = Type.Array(Type.Object({ invoice_id: Type.String(), amount: Type.String() }), { minItems: 1 });

export function paymentRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const detail = async (tenantId: string, paymentId: string) => {
    const d = await getPayment(db, tenantId, paymentId);
    return paymentJson(d.payment, d.applications);
  };

  app.get('/api/payments', { schema: { tags: ['payments'], querystring: Type.Object({ customer_id: Type.Optional(Type.String({ format: 'uuid' })) }) } }, async (req) => {
    const q = req.query as { customer_id?: string };
    return { items: (await listPayments(db, scopeOf(req).tenantId, q.customer_id)).map((p) => paymentJson(p)) };
  });

  app.post('/api/payments', {
    config: { roles: ['collector', 'billing'] },
    schema: {
      tags: ['payments'],
      body: Type.Object({
        customer_id: Type.String(), amount: Type.String(), currency: Type.Optional(Type.String()),
        method: Type.Optional(Type.Union(METHODS.map((m) => Type.Literal(m)))), reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        received_on: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })), apply: Type.Optional(Apply),
      }),
    },
  }, async (req, reply) => {
    const s = scopeOf(req);
    const p = await inTx(db, s, (tx, sc) => recordPayment(tx, sc, req.body as RecordPaymentInput));
    return reply.code(201).send(await detail(s.tenantId, p.id));
  });

  app.get('/api/payments/:id', { schema: { tags: ['payments'], params: IdParams } }, async (req) => detail(scopeOf(req).tenantId, id(req)));

  app.post('/api/payments/:id/apply', {
    config: { roles: ['collector', 'billing'] },
    schema: { tags: ['payments'], params: IdParams, body: Type.Object({ apply: Apply }) },
  }, async (req) => {
    const s = scopeOf(req);
    await inTx(db, s, (tx, sc) => applyPayment(tx, sc, id(req), (req.body as { apply: any[] }).apply));
    return detail(s.tenantId, id(req));
  });

  app.post('/api/payment-applications/:id/unapply', {
    config: { roles: ['collector', 'billing'] },
    schema: { tags: ['payments'], params: IdParams, body: Reason },
  }, async (req) => {
    const s = scopeOf(req);
    const p = await inTx(db, s, (tx, sc) => unapply(tx, sc, id(req), (req.body as { reason: string }).reason));
    return detail(s.tenantId, p.id);
  });
}
