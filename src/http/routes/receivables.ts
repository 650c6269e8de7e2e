import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { parseAsOf, parseBuckets } from '../../receivables/aging.ts';
import { customerAccount } from '../../receivables/account.ts';
import { agingReport, agingReportJson, customerAging } from '../../receivables/aging-report.ts';
import { inTx } from '../../app/run.ts';
import { assignDispute, disputeJson, listDisputes, openDispute, resolveDispute, type DisputeInput, type ResolutionInput } from '../../receivables/disputes.ts';
import { sendStatement, statementData, statementPdf } from '../../receivables/statement.ts';
import { parseProvisionRates, postProvision, provisionProposal, provisionProposalJson } from '../../receivables/provision.ts';
import {
  approveWriteOff, listWriteOffs, rejectWriteOff, requestWriteOff, setWriteOffLimits, writeOffJson, writeOffLimits, writeOffLimitsJson, type WriteOffInput,
} from '../../receivables/write-offs.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Reason } from './schemas.ts';

const AgingQuery = Type.Object({
  as_of: Type.Optional(Type.String({ description: 'YYYY-MM-DD: what was open at the end of that day (default today)' })),
  buckets: Type.Optional(Type.String({ description: 'upper bounds of the buckets in days past due, e.g. 30,60,90 (the default)' })),
});
const today = () => new Date().toISOString().slice(0, 10);

const Filter = Type.Object({ status: Type.Optional(Type.String()), customer_id: Type.Optional(Type.String({ format: 'uuid' })) });

/**
 * Receivables: aging by customer as of any day, a customer's items per bucket, a customer's account; disputes and
 * deductions, write-offs with approval limits, the bad-debt provision.
 */
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

  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const clerks = ['collector', 'billing', 'credit'] as const;

  app.get('/api/receivables/disputes', { config: { roles: [...roles] }, schema: { tags: ['receivables'], querystring: Filter } }, async (req) => {
    const q = req.query as { status?: string; customer_id?: string };
    return { items: (await listDisputes(db, scopeOf(req).tenantId, { status: q.status, customerId: q.customer_id })).map((d) => disputeJson(d)) };
  });
  app.post('/api/receivables/disputes', {
    config: { roles: [...clerks, 'sales'] },
    schema: {
      tags: ['receivables'],
      body: Type.Object({
        item_id: Type.String(), kind: Type.Optional(Type.Union([Type.Literal('dispute'), Type.Literal('deduction')])), reason_code: Type.String(),
        amount: Type.Optional(Type.String()), owner: Type.Optional(Type.String()), note: Type.Optional(Type.String()),
      }),
    },
  }, async (req, reply) => reply.code(201).send(disputeJson(await inTx(db, scopeOf(req), (tx, s) => openDispute(tx, s, req.body as DisputeInput)))));
  app.post('/api/receivables/disputes/:id/assign', {
    config: { roles: [...clerks] }, schema: { tags: ['receivables'], params: IdParams, body: Type.Object({ owner: Type.String({ minLength: 1 }) }) },
  }, async (req) => disputeJson(await inTx(db, scopeOf(req), (tx, s) => assignDispute(tx, s, id(req), (req.body as { owner: string }).owner))));
  app.post('/api/receivables/disputes/:id/resolve', {
    config: { roles: [...clerks] },
    schema: {
      tags: ['receivables'], params: IdParams,
      body: Type.Object({
        resolution: Type.String({ description: 'credit_note, write_off, rebill, deduction_accepted or rejected' }),
        reference: Type.Optional(Type.String({ description: 'credit_note: its number; rebill: the new invoice number' })),
        note: Type.Optional(Type.String()), against_allowance: Type.Optional(Type.Boolean()),
      }),
    },
  }, async (req) => {
    const r = await inTx(db, scopeOf(req), (tx, s) => resolveDispute(tx, s, id(req), req.body as ResolutionInput));
    return { ...disputeJson(r.dispute), write_off: r.writeOff ? writeOffJson(r.writeOff) : null };
  });

  app.get('/api/receivables/write-offs', { config: { roles: [...roles] }, schema: { tags: ['receivables'], querystring: Filter } }, async (req) => {
    const q = req.query as { status?: string; customer_id?: string };
    return { items: (await listWriteOffs(db, scopeOf(req).tenantId, { status: q.status, customerId: q.customer_id })).map(writeOffJson) };
  });
  // Posted at once within the asker's limit (201, status posted), else it waits for approval (status pending).
  app.post('/api/receivables/write-offs', {
    config: { roles: [...clerks] },
    schema: {
      tags: ['receivables'],
      body: Type.Object({ item_id: Type.String(), amount: Type.Optional(Type.String()), reason: Type.String(), against_allowance: Type.Optional(Type.Boolean()) }),
    },
  }, async (req, reply) => reply.code(201).send(writeOffJson(await inTx(db, scopeOf(req), (tx, s) => requestWriteOff(tx, s, req.body as WriteOffInput)))));
  app.post('/api/receivables/write-offs/:id/approve', {
    config: { roles: [...clerks] }, schema: { tags: ['receivables'], params: IdParams, body: Type.Object({ note: Type.Optional(Type.String()) }) },
  }, async (req) => writeOffJson(await inTx(db, scopeOf(req), (tx, s) => approveWriteOff(tx, s, id(req), (req.body as { note?: string }).note))));
  app.post('/api/receivables/write-offs/:id/reject', {
    config: { roles: [...clerks] }, schema: { tags: ['receivables'], params: IdParams, body: Reason },
  }, async (req) => writeOffJson(await inTx(db, scopeOf(req), (tx, s) => rejectWriteOff(tx, s, id(req), (req.body as { reason: string }).reason))));
  app.get('/api/settings/write-off-limits', { config: { roles: [...roles] }, schema: { tags: ['receivables'] } }, async (req) => {
    const { tenantId } = scopeOf(req);
    return writeOffLimitsJson(db, tenantId, await writeOffLimits(db, tenantId));
  });
  app.put('/api/settings/write-off-limits', {
    config: { roles: ['admin'] },
    schema: { tags: ['receivables'], body: Type.Object({ limits: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])) }) },
  }, async (req) => {
    const s = scopeOf(req);
    const limits = await inTx(db, s, (tx, sc) => setWriteOffLimits(tx, sc, (req.body as { limits: Record<string, string | null> }).limits));
    return writeOffLimitsJson(db, s.tenantId, limits);
  });

  app.get('/api/receivables/provision', {
    config: { roles: ['billing', 'credit'] },
    schema: { tags: ['receivables'], querystring: Type.Object({ ...AgingQuery.properties, rates: Type.Optional(Type.String({ description: 'percent per aging column, current first: 0,1,5,20,50' })) }) },
  }, async (req) => {
    const q = req.query as { as_of?: string; buckets?: string; rates?: string };
    const bounds = parseBuckets(q.buckets);
    const asOf = parseAsOf(q.as_of, today());
    return { as_of: asOf, currencies: (await provisionProposal(db, scopeOf(req).tenantId, asOf, parseProvisionRates(q.rates, bounds.length + 2), bounds)).map(provisionProposalJson) };
  });
  app.post('/api/receivables/provisions', {
    config: { roles: ['billing'] },
    schema: { tags: ['receivables'], body: Type.Object({ currency: Type.String(), amount: Type.String(), note: Type.String(), as_of: Type.Optional(Type.String()) }) },
  }, async (req, reply) => {
    const r = await inTx(db, scopeOf(req), (tx, s) => postProvision(tx, s, req.body as { currency: string; amount: string; note: string; as_of?: string }));
    return reply.code(201).send({ id: r.id });
  });

  app.get('/api/receivables/customers/:customerId/statement.pdf', {
    config: { roles: [...roles] },
    schema: { tags: ['receivables'], params: Type.Object({ customerId: Type.String() }), querystring: Type.Object({ as_of: AgingQuery.properties.as_of }) },
  }, async (req, reply) => {
    const { customerId } = req.params as { customerId: string };
    const asOf = parseAsOf((req.query as { as_of?: string }).as_of, today());
    const d = await statementData(db, scopeOf(req).tenantId, customerId, asOf);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="statement-${d.customer.customer_number}-${asOf}.pdf"`)
      .send(Buffer.from(await statementPdf(d)));
  });
  app.post('/api/receivables/customers/:customerId/statement/send', {
    config: { roles: [...roles] },
    schema: { tags: ['receivables'], params: Type.Object({ customerId: Type.String() }), body: Type.Object({ as_of: AgingQuery.properties.as_of }) },
  }, async (req) => {
    const { customerId } = req.params as { customerId: string };
    const asOf = parseAsOf((req.body as { as_of?: string }).as_of, today());
    return { as_of: asOf, ...(await inTx(db, scopeOf(req), (tx, s) => sendStatement(tx, s, customerId, asOf))) };
  });
}
