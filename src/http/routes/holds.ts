import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { creditProfile } from '../../credit/score.ts';
import { creditSettings, updateCreditSettings } from '../../credit/settings.ts';
import { getCustomer } from '../../customers/customers.ts';
import { listHolds, rejectHold, releaseHold } from '../../orders/holds.ts';
import { HOLD_KINDS, orderJson, type HoldKind } from '../../orders/model.ts';
import { getOrder, unbilledByCustomer } from '../../orders/queries.ts';
import { ChargeBody } from './orders.ts';
import { amendOrder, copyOrder, reopenOrder, type AmendInput } from '../../orders/lifecycle.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Role } from '../../shared/scope.ts';
import { updateVerificationSettings, verificationSettings } from '../../verification/settings.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';
import { IdParams, Reason } from './schemas.ts';

/** Who reviews which queue. */
export const HOLD_ROLES: Record<HoldKind, Role[]> = { verification: ['sales'], fraud: ['credit'], credit: ['credit'] };

export function holdRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const orderReply = async (tenantId: string, orderId: string) => {
    const { order, lines } = await getOrder(db, tenantId, orderId);
    return orderJson(order, lines);
  };

  app.get('/api/holds', {
    config: { roles: ['sales', 'credit'] },
    schema: { tags: ['orders'], description: 'The review queues: open holds, oldest first.', querystring: Type.Object({ kind: Type.Optional(Type.Union(HOLD_KINDS.map((k) => Type.Literal(k)))) }) },
  }, async (req) => {
    const rows = await listHolds(db, scopeOf(req).tenantId, { kind: (req.query as { kind?: HoldKind }).kind });
    return { items: rows.map((h) => ({ ...h, total: formatAmount(h.total, h.currency) })) };
  });

  const KindParams = Type.Object({ id: Type.String(), kind: Type.Union(HOLD_KINDS.map((k) => Type.Literal(k))) });
  const mayReview = (req: FastifyRequest, reply: FastifyReply, kind: HoldKind) => {
    const roles = scopeOf(req).actor.roles;
    if (roles.includes('admin') || roles.some((r) => HOLD_ROLES[kind].includes(r))) return true;
    sendProblem(reply, 403, 'forbidden', `${kind} holds are reviewed by the role ${HOLD_ROLES[kind].join(' or ')}`);
    return false;
  };
  for (const action of ['release', 'reject'] as const) {
    app.post(`/api/orders/:id/holds/:kind/${action}`, {
      config: { roles: ['sales', 'credit'] },
      schema: { tags: ['orders'], params: KindParams, body: Reason },
    }, async (req, reply) => {
      const { kind } = req.params as { kind: HoldKind };
      if (!mayReview(req, reply, kind)) return reply;
      const reason = (req.body as { reason: string }).reason;
      await inTx(db, scopeOf(req), (tx, s) => (action === 'release' ? releaseHold : rejectHold)(tx, s, id(req), kind, reason));
      return orderReply(scopeOf(req).tenantId, id(req));
    });
  }

  app.post('/api/orders/:id/amend', {
    config: { roles: ['sales'] },
    schema: {
      tags: ['orders'], params: IdParams,
      body: Type.Object({
        lines: Type.Optional(Type.Array(Type.Object({ product_id: Type.Optional(Type.String()), sku: Type.Optional(Type.String()), quantity: Type.Union([Type.Integer({ minimum: 1 }), Type.String()]), unit_price: Type.Optional(Type.String()), discount_percent: Type.Optional(Type.String()) }), { minItems: 1 })),
        ship_to: Type.Optional(Type.Union([Type.Object({ country: Type.String() }, { additionalProperties: true }), Type.Null()])),
        po_number: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        discount_percent: Type.Optional(Type.String()),
        charges: Type.Optional(Type.Array(ChargeBody, { maxItems: 20, description: 'the charges anew ([] removes them); left out, they stay' })),
      }),
    },
  }, async (req) => {
    await inTx(db, scopeOf(req), (tx, s) => amendOrder(tx, s, id(req), req.body as AmendInput));
    return orderReply(scopeOf(req).tenantId, id(req));
  });

  app.post('/api/orders/:id/reopen', { config: { roles: ['sales'] }, schema: { tags: ['orders'], params: IdParams, body: Reason } }, async (req) => {
    await inTx(db, scopeOf(req), (tx, s) => reopenOrder(tx, s, id(req), (req.body as { reason: string }).reason));
    return orderReply(scopeOf(req).tenantId, id(req));
  });

  app.post('/api/orders/:id/copy', {
    config: { roles: ['sales'] },
    schema: { tags: ['orders'], params: IdParams, body: Type.Optional(Type.Object({ confirm: Type.Optional(Type.Boolean()), po_number: Type.Optional(Type.Union([Type.String(), Type.Null()])) })) },
  }, async (req, reply) => {
    const copy = await inTx(db, scopeOf(req), (tx, s) => copyOrder(tx, s, id(req), (req.body ?? {}) as { confirm?: boolean; po_number?: string | null }));
    return reply.code(201).send(await orderReply(scopeOf(req).tenantId, copy.id));
  });

  app.get('/api/customers/:id/credit', { schema: { tags: ['credit'], params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const c = await getCustomer(db, tenantId, id(req));
    const unbilled = (await db.transaction((tx) => unbilledByCustomer(tx, tenantId, [c.id], c.currency, '00000000-0000-0000-0000-000000000000'))).get(c.id) ?? 0n;
    return creditProfile(db, tenantId, c, unbilled, new Date().toISOString().slice(0, 10));
  });

  app.get('/api/settings/verification', { config: { roles: ['sales', 'credit'] }, schema: { tags: ['settings'] } }, async (req) => {
    const v = await verificationSettings(db, scopeOf(req).tenantId);
    return { ...v, max_line_quantity: v.max_line_quantity.toString(), large_first_order: v.large_first_order.toString() };
  });
  app.put('/api/settings/verification', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['settings'],
      body: Type.Object({
        embargoed_countries: Type.Optional(Type.Array(Type.String())), max_line_quantity: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]{1,15}$' })])),
        min_price_ppm_of_list: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })), fraud_hold_score: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        large_first_order: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]{1,18}$' })], { description: 'minor units' })), require_ship_to_address: Type.Optional(Type.Boolean()),
      }),
    },
  }, async (req) => {
    const b = req.body as Record<string, any>;
    const patch = { ...b, ...(b.max_line_quantity !== undefined && { max_line_quantity: BigInt(b.max_line_quantity) }), ...(b.large_first_order !== undefined && { large_first_order: BigInt(b.large_first_order) }) };
    const v = await db.transaction((tx) => updateVerificationSettings(tx, scopeOf(req).tenantId, patch));
    return { ...v, max_line_quantity: v.max_line_quantity.toString(), large_first_order: v.large_first_order.toString() };
  });
  app.get('/api/settings/credit', { config: { roles: ['credit'] }, schema: { tags: ['settings'] } }, async (req) => creditSettings(db, scopeOf(req).tenantId));
  app.put('/api/settings/credit', {
    config: { roles: ['credit'] },
    schema: {
      tags: ['settings'],
      body: Type.Object({
        auto_approve: Type.Optional(Type.Boolean()), history_months: Type.Optional(Type.Integer({ minimum: 1 })), max_days_late: Type.Optional(Type.Integer({ minimum: 0 })),
        min_paid_items: Type.Optional(Type.Integer({ minimum: 0 })), overrun_ppm: Type.Optional(Type.Integer({ minimum: 0 })),
      }),
    },
  }, async (req) => db.transaction((tx) => updateCreditSettings(tx, scopeOf(req).tenantId, req.body as any)));
}
