import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { inTx } from '../../app/run.ts';
import { invitePortalUser, type PortalUserInput } from '../../customers/portal-users.ts';
import type { Db } from '../../db/db.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

export function portalUserRoutes(app: FastifyInstance, db: Db) {
  app.post('/api/customers/:id/portal-users', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['customers', 'admin'], params: IdParams,
      description: "A login to the customer portal for one of the customer's people: role customer, seeing this customer's orders, invoices and returns only.",
      body: Type.Object({ email: Type.String({ minLength: 1 }), name: Type.String(), password: Type.String({ minLength: 1 }) }),
    },
  }, async (req, reply) => {
    const customerId = (req.params as { id: string }).id;
    const user = await inTx(db, scopeOf(req), (tx, s) => invitePortalUser(tx, s, customerId, req.body as PortalUserInput));
    return reply.code(201).send(user);
  });
}
