import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { parseAsOf, parseBuckets } from '../../receivables/aging.ts';
import { customerAccount } from '../../receivables/account.ts';
import { agingReport, agingReportJson, customerAging } from '../../receivables/aging-report.ts';
import { scopeOf } from '../auth.ts';

const AgingQuery = Type.Object({
  as_of: Type.Optional(Type.String({ description: 'YYYY-MM-DD: what was open at the end of that day (default today)' })),
  buckets: Type.Optional(Type.String({ description: 'upper bounds of the buckets in days past due, e.g. 30,60,90 (the default)' })),
});
const today = () => new Date().toISOString().slice(0, 10);

/** Receivables: aging by customer as of any day, a customer's items per bucket, a customer's account. */
export function receivableRoutes(app: FastifyInstance, db: Db) {
  const roles = ['billing', 'collector', 'credit'] as const;
  app.get('/api/receivables/aging', { config: { roles: [...roles] }, schema: { tags: ['receivables'], querystring: AgingQuery } }, async (req) => {
    const q = req.query as { as_of?: string; buckets?: string };
    return agingReportJson(await agingReport(db, scopeOf(req).tenantId, parseAsOf(q.as_of, today()), parseBuckets(q.buckets)));
  });

  app.get('/api/receivables/aging/:customerId', {
    config: { roles: [...roles] },
    schema: { tags: ['receivables'], params: Type.Object({ customerId: Type.String() }), querystring: AgingQuery },
  }, async (req) => {
    const q = req.query as { as_of?: string; buckets?: string };
    const { customerId } = req.params as { customerId: string };
    return customerAging(db, scopeOf(req).tenantId, customerId, parseAsOf(q.as_of, today()), parseBuckets(q.buckets));
  });

  // Open items, payments on account, credits, credit notes and the apply/unapply history; applying and undoing
  // are POST /api/payments/:id/apply and POST /api/payment-applications/:id/unapply.
  app.get('/api/receivables/customers/:customerId', {
    config: { roles: [...roles] },
    schema: {
      tags: ['receivables'], params: Type.Object({ customerId: Type.String() }),
      querystring: Type.Object({
        as_of: Type.Optional(Type.String({ description: 'YYYY-MM-DD: the day days past due are counted to (default today)' })),
        include_settled: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: also the items paid in full' })),
      }),
    },
  }, async (req) => {
    const q = req.query as { as_of?: string; include_settled?: 'true' | 'false' };
    const { customerId } = req.params as { customerId: string };
    return customerAccount(db, scopeOf(req).tenantId, customerId, parseAsOf(q.as_of, today()), { includeSettled: q.include_settled === 'true' });
  });
}
