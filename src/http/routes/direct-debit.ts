import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { companyProfile } from '../../company/profile.ts';
import { customersByIds, getCustomer } from '../../customers/customers.ts';
import {
  amendMandate, createMandate, customerPaymentMethod, getMandate, listMandates, mandateChanges, mandateJson, MANDATE_KINDS, revokeMandate, SCHEMES, type MandateInput,
} from '../../payments/direct-debit/mandates.ts';
import { PAIN008_VERSIONS } from '../../payments/direct-debit/pain008.ts';
import { proposeRun } from '../../payments/direct-debit/propose.ts';
import { listReturns, recordDirectDebitReturn, returnJson } from '../../payments/direct-debit/returns.ts';
import { discardRun, excludeTransaction, includeTransaction } from '../../payments/direct-debit/review.ts';
import { listRuns, runDetail, runFile } from '../../payments/direct-debit/runs.ts';
import { creditorId, setCreditorId } from '../../payments/direct-debit/settings.ts';
import { settleCollectionFromStatement } from '../../payments/direct-debit/settle.ts';
import { importStatusReport } from '../../payments/direct-debit/status-report.ts';
import { submitRun } from '../../payments/direct-debit/submit.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import type { Role } from '../../shared/scope.ts';
import { ImportRejected } from '../../shared/table-file.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';
import { Amount, IdParams, Nullable, Reason } from './schemas.ts';

// Mandates are master data the credit and billing desks keep; runs, settlement and returns are the collectors'.
const READ: Role[] = ['collector', 'credit', 'billing', 'sales'];
const MANDATES: Role[] = ['credit', 'billing', 'collector'];
const RUNS: Role[] = ['collector', 'billing'];

const Mandate = Type.Object({
  customer_id: Type.String(),
  reference: Type.Optional(Nullable(Type.String({ maxLength: 35, description: 'the unique mandate reference (UMR); default customer number and a counter' }))),
  signed_on: Type.String({ description: 'YYYY-MM-DD' }),
  iban: Type.String(),
  bic: Type.Optional(Nullable(Type.String())),
  debtor_name: Type.Optional(Nullable(Type.String({ maxLength: 140 }))),
  scheme: Type.Optional(Type.Union(SCHEMES.map((s) => Type.Literal(s)))),
  kind: Type.Optional(Type.Union(MANDATE_KINDS.map((k) => Type.Literal(k)))),
});

const eur = (field: string, value: string | undefined | null): bigint | undefined => {
  if (value === undefined || value === null) return undefined;
  const v = parseAmount(value, 'EUR');
  if (v === null || v < 0n) throw invalid(field, `"${value}" is not an amount in EUR`);
  return v;
};

export function directDebitRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const tags = ['direct-debit'];
  const detail = (tenantId: string, runId: string) => runDetail(db, tenantId, runId);

  app.get('/api/direct-debit/settings', { config: { roles: READ }, schema: { tags, description: 'The SEPA creditor identifier and the account collected into (the company profile\'s).' } },
    async (req) => {
      const { tenantId } = scopeOf(req);
      const p = await companyProfile(db, tenantId);
      return { creditor_id: await creditorId(db, tenantId), creditor_name: p.legal_name, iban: p.iban, bic: p.bic };
    });
  app.put('/api/direct-debit/settings', { config: { roles: ['admin'] }, schema: { tags, body: Type.Object({ creditor_id: Type.String({ maxLength: 40 }) }) } },
    async (req) => ({ creditor_id: await inTx(db, scopeOf(req), (tx, s) => setCreditorId(tx, s, (req.body as { creditor_id: string }).creditor_id)) }));

  app.get('/api/direct-debit/mandates', {
    config: { roles: READ },
    schema: { tags, querystring: Type.Object({ customer_id: Type.Optional(Type.String()), status: Type.Optional(Type.String()) }) },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const q = req.query as { customer_id?: string; status?: string };
    const rows = await listMandates(db, tenantId, { customerId: q.customer_id, status: q.status });
    const customers = await customersByIds(db, tenantId, [...new Set(rows.map((m) => m.customer_id))]);
    return { items: rows.map((m) => ({ ...mandateJson(m), customer: { id: m.customer_id, customer_number: customers.get(m.customer_id)?.customer_number, name: customers.get(m.customer_id)?.name } })) };
  });
  app.post('/api/direct-debit/mandates', { config: { roles: MANDATES }, schema: { tags, body: Mandate, description: 'Records a signed mandate (201).' } },
    async (req, reply) => reply.code(201).send(mandateJson(await inTx(db, scopeOf(req), (tx, s) => createMandate(tx, s, req.body as MandateInput)))));
  app.get('/api/direct-debit/mandates/:id', { config: { roles: READ }, schema: { tags, params: IdParams } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const m = await getMandate(db, tenantId, id(req));
    return { ...mandateJson(m), changes: await mandateChanges(db, tenantId, m.id) };
  });
  app.post('/api/direct-debit/mandates/:id/revoke', { config: { roles: MANDATES }, schema: { tags, params: IdParams, body: Reason } },
    async (req) => mandateJson(await inTx(db, scopeOf(req), (tx, s) => revokeMandate(tx, s, id(req), (req.body as { reason: string }).reason))));
  app.post('/api/direct-debit/mandates/:id/amend', {
    config: { roles: MANDATES },
    schema: { tags, params: IdParams, body: Type.Object({ iban: Type.String(), bic: Type.Optional(Nullable(Type.String())) }), description: 'The debtor\'s new account; the next file carries the amendment.' },
  }, async (req) => mandateJson(await inTx(db, scopeOf(req), (tx, s) => amendMandate(tx, s, id(req), req.body as { iban: string; bic?: string | null }))));
  app.get('/api/direct-debit/customers/:id', { config: { roles: READ }, schema: { tags, params: IdParams, description: 'A customer\'s mandates and how it pays.' } },
    async (req) => {
      const { tenantId } = scopeOf(req);
      const c = await getCustomer(db, tenantId, id(req));
      return { payment_method: (await customerPaymentMethod(db, tenantId, c.id)) ?? 'bank_transfer', mandates: (await listMandates(db, tenantId, { customerId: c.id })).map(mandateJson) };
    });

  app.get('/api/direct-debit/runs', { config: { roles: READ }, schema: { tags } }, async (req) => ({ items: await listRuns(db, scopeOf(req).tenantId) }));
  app.post('/api/direct-debit/runs', {
    config: { roles: RUNS },
    schema: {
      tags, description: 'Proposes the debits due by a collection date (201), or returns the open proposal of that date (200); run is null when nothing is due.',
      body: Type.Object({
        collection_date: Type.String({ description: 'YYYY-MM-DD' }),
        grouping: Type.Optional(Type.Union([Type.Literal('customer'), Type.Literal('invoice')])),
        format: Type.Optional(Type.Union(PAIN008_VERSIONS.map((v) => Type.Literal(v)))),
      }),
    },
  }, async (req, reply) => {
    const s = scopeOf(req);
    const p = await inTx(db, s, (tx, sc) => proposeRun(tx, sc, req.body as { collection_date: string }));
    if (!p) return { created: false, run: null };
    return reply.code(p.created ? 201 : 200).send({ created: p.created, run: await detail(s.tenantId, p.run.id) });
  });
  app.get('/api/direct-debit/runs/:id', { config: { roles: READ }, schema: { tags, params: IdParams } }, async (req) => detail(scopeOf(req).tenantId, id(req)));
  app.post('/api/direct-debit/runs/:id/submit', {
    config: { roles: RUNS }, schema: { tags, params: IdParams, description: 'Submits the reviewed run: books the debits, makes the pain.008 file. Once only.' },
  }, async (req) => {
    const s = scopeOf(req);
    const r = await inTx(db, s, (tx, sc) => submitRun(tx, sc, id(req)));
    return { submitted: r.submitted, run: await detail(s.tenantId, r.run.id) };
  });
  app.post('/api/direct-debit/runs/:id/discard', { config: { roles: RUNS }, schema: { tags, params: IdParams } }, async (req) => {
    const s = scopeOf(req);
    await inTx(db, s, (tx, sc) => discardRun(tx, sc, id(req)));
    return detail(s.tenantId, id(req));
  });
  app.get('/api/direct-debit/runs/:id/file', { config: { roles: READ }, schema: { tags, params: IdParams, description: 'The submitted pain.008 file, as a download.' } },
    async (req, reply) => {
      const f = await runFile(db, scopeOf(req).tenantId, id(req));
      if (!f) throw new Failure('invalid_state', 'the run is not submitted: it has no file yet');
      return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${f.run_number}.${f.format}.xml"`).send(f.file);
    });
  for (const [path, fn] of [['exclude', true], ['include', false]] as const) {
    app.post(`/api/direct-debit/transactions/:id/${path}`, { config: { roles: RUNS }, schema: { tags, params: IdParams, ...(fn && { body: Reason }) } }, async (req) => {
      const s = scopeOf(req);
      const t = await inTx(db, s, (tx, sc) => (fn ? excludeTransaction(tx, sc, id(req), (req.body as { reason: string }).reason) : includeTransaction(tx, sc, id(req))));
      return detail(s.tenantId, t.run_id);
    });
  }

  app.get('/api/direct-debit/returns', { config: { roles: READ }, schema: { tags } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const rows = await listReturns(db, tenantId);
    const customers = await customersByIds(db, tenantId, [...new Set(rows.map((r) => r.customer_id))]);
    return { items: rows.map((r) => ({ ...returnJson(r), remittance: r.remittance, customer: { id: r.customer_id, customer_number: customers.get(r.customer_id)?.customer_number, name: customers.get(r.customer_id)?.name } })) };
  });
  app.post('/api/direct-debit/returns', {
    config: { roles: RUNS },
    schema: {
      tags, description: 'Records a returned debit (R-transaction) by its EndToEndId: 201, or 200 with created false when it was recorded before.',
      body: Type.Object({
        end_to_end_id: Type.String({ maxLength: 35 }), reason_code: Type.String({ maxLength: 4 }), amount: Amount,
        returned_on: Type.String({ description: 'YYYY-MM-DD' }), fee: Type.Optional(Nullable(Amount)),
      }),
    },
  }, async (req, reply) => {
    const b = req.body as { end_to_end_id: string; reason_code: string; amount: string; returned_on: string; fee?: string | null };
    const r = await inTx(db, scopeOf(req), (tx, s) => recordDirectDebitReturn(tx, s, {
      endToEndId: b.end_to_end_id, reasonCode: b.reason_code, amount: eur('amount', b.amount)!, fee: eur('fee', b.fee), returnedOn: b.returned_on, source: 'api',
    }));
    return reply.code(r.created ? 201 : 200).send({ created: r.created, return: returnJson(r.return) });
  });
  app.post('/api/direct-debit/settlements', {
    config: { roles: RUNS },
    schema: {
      tags, description: 'Books the bank\'s credit for a collection batch named by its PmtInfId or MsgId (what statement matching does).',
      body: Type.Object({ amount: Amount, booked_on: Type.String(), reference: Type.String({ maxLength: 500 }) }),
    },
  }, async (req) => {
    const b = req.body as { amount: string; booked_on: string; reference: string };
    const r = await inTx(db, scopeOf(req), (tx, s) => settleCollectionFromStatement(tx, s, { amount: eur('amount', b.amount)!, bookedOn: b.booked_on, reference: b.reference }));
    if (r.outcome === 'not_found') throw new Failure('not_found', `no submitted batch is named in "${b.reference}"`, 'reference');
    if (r.outcome === 'amount_mismatch') throw new Failure('conflict', `${r.paymentInfoIds.join(', ')}: the bank owes ${formatAmount(r.expected, 'EUR')} EUR`, 'amount');
    return { outcome: r.outcome, payment_info_ids: r.paymentInfoIds, ...(r.outcome === 'settled' && { amount: formatAmount(r.amount, 'EUR') }) };
  });

  app.register(async (scoped) => {
    scoped.addContentTypeParser(['application/xml', 'text/xml', 'text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
      (_req, body, done) => done(null, body));
    scoped.post('/api/direct-debit/status-reports', {
      config: { roles: RUNS }, schema: { tags, querystring: Type.Object({ filename: Type.Optional(Type.String()) }), description: 'A pain.002 status report (the XML as the body): its rejects are recorded as returns, all or nothing.' },
    }, async (req, reply) => {
      const file = (req.query as { filename?: string }).filename ?? 'upload';
      try {
        const r = await inTx(db, scopeOf(req), (tx, s) => importStatusReport(tx, s, typeof req.body === 'string' ? req.body : '', file));
        return reply.code(201).send({ message_id: r.messageId, original_message_id: r.originalMessageId, recorded: r.recorded, already: r.already });
      } catch (e) {
        if (e instanceof ImportRejected) return sendProblem(reply, 400, 'invalid_input', e.message.split('\n')[0], undefined, { errors: e.errors });
        throw e;
      }
    });
  });
}
