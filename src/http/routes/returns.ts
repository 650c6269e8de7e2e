import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { creditNoteDetailJson, getCreditNote } from '../../billing/credit-notes.ts';
import { approveReturn, cancelReturn, rejectReturn } from '../../returns/decide.ts';
import { returnDetail } from '../../returns/detail.ts';
import { DISPOSITIONS, getRma, listRmas, REASONS, RESOLUTIONS, RMA_STATUSES, rmaJson, type RmaStatus } from '../../returns/model.ts';
import { receiveReturn, type ReceiveReturnInput } from '../../returns/receive.ts';
import { requestReturn, type RequestReturnInput } from '../../returns/request.ts';
import { resolveReturn, type ResolveReturnInput } from '../../returns/resolve.ts';
import { notFound } from '../../shared/failure.ts';
import type { Role } from '../../shared/scope.ts';
import { scopeOf } from '../auth.ts';
import { isCustomerOnly, mayAccessOrder } from '../customer-access.ts';
import { IdParams, Nullable, Reason } from './schemas.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Quantity = (minimum: number) => Type.Union([Type.Integer({ minimum }), Type.String({ pattern: '^[0-9]{1,10}$' })]);
const STAFF_AND_CUSTOMER: Role[] = ['sales', 'credit', 'warehouse', 'billing', 'collector', 'customer'];

export function returnRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const tags = ['returns'];

  app.post('/api/orders/:id/returns', {
    config: { roles: ['sales', 'customer'] },
    schema: {
      tags, params: IdParams, description: 'Asks to return shipped units; a customer user may do so for its own orders.',
      body: Type.Object({
        lines: Type.Array(Type.Object({ line_no: Type.Integer({ minimum: 1 }), quantity: Quantity(1), reason: literals(REASONS) }), { minItems: 1 }),
        note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
      }),
    },
  }, async (req, reply) => {
    if (!(await mayAccessOrder(db, req, id(req)))) throw notFound('order', id(req));
    const body = req.body as Omit<RequestReturnInput, 'via'>;
    const rma = await inTx(db, scopeOf(req), (tx, s) => requestReturn(tx, s, id(req), { ...body, via: isCustomerOnly(req) ? 'customer' : 'desk' }));
    return reply.code(201).send(await returnDetail(db, scopeOf(req).tenantId, rma.id));
  });

  app.get('/api/returns', {
    schema: { tags, querystring: Type.Object({ status: Type.Optional(literals(RMA_STATUSES)), order_id: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req) => {
    const q = req.query as { status?: RmaStatus; order_id?: string };
    return { items: (await listRmas(db, scopeOf(req).tenantId, { status: q.status, orderId: q.order_id })).map((r) => rmaJson(r)) };
  });

  app.get('/api/returns/:id', { config: { roles: STAFF_AND_CUSTOMER }, schema: { tags, params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    if (!(await mayAccessOrder(db, req, (await getRma(db, tenantId, id(req))).rma.order_id))) throw notFound('return', id(req));
    return returnDetail(db, tenantId, id(req));
  });

  const step = (path: string, roles: Role[], body: object | undefined, fn: (tx: any, s: any, rmaId: string, b: any) => Promise<void>) =>
    app.post(`/api/returns/:id/${path}`, { config: { roles }, schema: { tags, params: IdParams, ...(body && { body }) } }, async (req) => {
      await inTx(db, scopeOf(req), (tx, s) => fn(tx, s, id(req), req.body));
      return returnDetail(db, scopeOf(req).tenantId, id(req));
    });
  step('approve', ['sales', 'warehouse'], undefined, (tx, s, r) => approveReturn(tx, s, r));
  step('reject', ['sales', 'warehouse'], Reason, (tx, s, r, b) => rejectReturn(tx, s, r, b.reason));
  step('cancel', ['sales'], Reason, (tx, s, r, b) => cancelReturn(tx, s, r, b.reason));
  step('receive', ['warehouse'], Type.Object({
    lines: Type.Array(Type.Object({ line_no: Type.Integer({ minimum: 1 }), quantity: Quantity(0), disposition: Type.Optional(Nullable(literals(DISPOSITIONS))) }), { minItems: 1 }),
    warehouse: Type.Optional(Nullable(Type.String({ description: 'warehouse id or code for restocked units; else where they left from' }))),
  }), (tx, s, r, b: ReceiveReturnInput) => receiveReturn(tx, s, r, b));
  step('resolve', ['sales', 'billing'], Type.Object({
    resolution: literals(RESOLUTIONS),
    refund: Type.Optional(Type.Boolean({ description: 'pay the credit of credit-resolved lines back' })),
    lines: Type.Optional(Type.Array(Type.Object({ line_no: Type.Integer({ minimum: 1 }), resolution: literals(RESOLUTIONS) }))),
  }), (tx, s, r, b: ResolveReturnInput) => resolveReturn(tx, s, r, b));

  app.get('/api/credit-notes/:id', { schema: { tags: ['billing'], params: IdParams } }, async (req) =>
    creditNoteDetailJson(await getCreditNote(db, scopeOf(req).tenantId, id(req))));
}
