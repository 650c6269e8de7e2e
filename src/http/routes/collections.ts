import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { allocateBySection367, openClaims } from '../../collections/clearing.ts';
import { contactJson, contactsOf, CONTACT_KINDS, recordContact, type ContactInput } from '../../collections/contacts.ts';
import { runDetail } from '../../collections/detail.ts';
import { letterData, letterPdf } from '../../collections/letter.ts';
import { createProcedure, ensureDefaultProcedure, listProcedures, procedureJson, updateProcedure, type ProcedureInput } from '../../collections/procedures.ts';
import { proposeRun } from '../../collections/propose.ts';
import { discardRun, excludeNotice, includeNotice, setItemExcluded, setNoticeLevel } from '../../collections/review.ts';
import { getNotice, itemsOfNotices, listRuns, noticeJson, noticesOfCustomer } from '../../collections/runs.ts';
import { sendRun } from '../../collections/send.ts';
import { worklist, worklistJson } from '../../collections/worklist.ts';
import { getCustomer } from '../../customers/customers.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { invalid } from '../../shared/failure.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import type { Role, Scope } from '../../shared/scope.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Nullable, Reason } from './schemas.ts';

const DUNNING: Role[] = ['collector', 'credit', 'billing'];
const COLLECTIONS: Role[] = ['collector', 'credit', 'sales', 'billing'];

const Template = Type.Object({ subject: Type.String(), body: Type.String(), letter_title: Type.String(), letter_body: Type.String() });
const Procedure = Type.Object({
  name: Type.String({ maxLength: 200 }),
  customer_group: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  customer_id: Type.Optional(Nullable(Type.String())),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  levels: Type.Array(Type.Object({
    level: Type.Integer(), name: Type.String({ maxLength: 200 }), days_after_due: Type.Integer(), pay_within_days: Type.Integer(),
    fee: Type.String({ description: 'decimal in the procedure currency' }), interest_rate: Type.String({ description: 'percent a year, e.g. "9.12"' }),
    templates: Type.Object({ en: Template, de: Template }),
  }), { minItems: 1, maxItems: 9 }),
});

function asOfFrom(value: string | undefined, s: Scope): string {
  const asOf = value ?? s.now.toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) throw invalid('as_of', `"${asOf}" is not a date (YYYY-MM-DD)`);
  return asOf;
}

export function collectionRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const tags = ['collections'];
  const detail = (req: Parameters<typeof scopeOf>[0], runId: string) => runDetail(db, scopeOf(req).tenantId, runId);

  app.get('/api/dunning/procedures', { config: { roles: DUNNING }, schema: { tags, description: 'Dunning procedures: the default, per customer group, per customer; levels, fees, interest, templates.' } },
    async (req) => {
      await inTx(db, scopeOf(req), (tx, s) => ensureDefaultProcedure(tx, s));
      return { items: (await listProcedures(db, scopeOf(req).tenantId)).map(procedureJson) };
    });
  app.post('/api/dunning/procedures', { config: { roles: ['credit'] }, schema: { tags, body: Procedure, description: 'A procedure for a customer group or a customer.' } },
    async (req, reply) => reply.code(201).send(procedureJson(await inTx(db, scopeOf(req), (tx, s) => createProcedure(tx, s, req.body as ProcedureInput)))));
  app.put('/api/dunning/procedures/:id', { config: { roles: ['credit'] }, schema: { tags, params: IdParams, body: Procedure, description: 'Replaces the name, currency, levels and templates.' } },
    async (req) => procedureJson(await inTx(db, scopeOf(req), (tx, s) => updateProcedure(tx, s, id(req), req.body as ProcedureInput))));

  app.get('/api/dunning/runs', { config: { roles: DUNNING }, schema: { tags } }, async (req) => ({ items: await listRuns(db, scopeOf(req).tenantId) }));

  app.post('/api/dunning/runs', {
    config: { roles: DUNNING },
    schema: {
      tags, body: Type.Optional(Type.Object({ as_of: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM-DD, default today' }))) })),
      description: 'Proposes the letters due as of a date (201), or returns the open proposal of that date (200); run is null when nothing is due.',
    },
  }, async (req, reply) => {
    const proposal = await inTx(db, scopeOf(req), (tx, s) => proposeRun(tx, s, { as_of: (req.body as { as_of?: string } | undefined)?.as_of }));
    if (!proposal) return { created: false, run: null };
    return reply.code(proposal.created ? 201 : 200).send({ created: proposal.created, run: await detail(req, proposal.run.id) });
  });

  app.get('/api/dunning/runs/:id', { config: { roles: DUNNING }, schema: { tags, params: IdParams } }, async (req) => detail(req, id(req)));

  app.post('/api/dunning/runs/:id/send', {
    config: { roles: DUNNING }, schema: { tags, params: IdParams, description: 'Sends the reviewed proposal: books fees and interest, queues the letters. Once only.' },
  }, async (req) => {
    const r = await inTx(db, scopeOf(req), (tx, s) => sendRun(tx, s, id(req)));
    return { sent: r.sent, dropped: r.dropped, run: await detail(req, r.run.id) };
  });
  app.post('/api/dunning/runs/:id/discard', { config: { roles: DUNNING }, schema: { tags, params: IdParams } }, async (req) => {
    await inTx(db, scopeOf(req), (tx, s) => discardRun(tx, s, id(req)));
    return detail(req, id(req));
  });

  // Review: each step answers with the whole run, as the review screen shows it.
  const review = (path: string, body: object | undefined, fn: (tx: any, s: Scope, req: any) => Promise<void>) =>
    app.post(`/api/dunning/notices/:id/${path}`, { config: { roles: DUNNING }, schema: { tags, params: path.includes(':item') ? Type.Object({ id: Type.String(), item: Type.String() }) : IdParams, ...(body && { body }) } },
      async (req) => {
        await inTx(db, scopeOf(req), (tx, s) => fn(tx, s, req));
        return detail(req, (await getNotice(db, scopeOf(req).tenantId, id(req))).run_id);
      });
  review('exclude', Reason, (tx, s, req) => excludeNotice(tx, s, id(req), req.body.reason));
  review('include', undefined, (tx, s, req) => includeNotice(tx, s, id(req)));
  review('level', Type.Object({ level: Type.Integer() }), (tx, s, req) => setNoticeLevel(tx, s, id(req), req.body.level));
  review('items/:item/exclude', undefined, (tx, s, req) => setItemExcluded(tx, s, id(req), req.params.item, true));
  review('items/:item/include', undefined, (tx, s, req) => setItemExcluded(tx, s, id(req), req.params.item, false));

  app.get('/api/dunning/notices/:id/letter.pdf', { config: { roles: DUNNING }, schema: { tags, params: IdParams, description: 'The letter as PDF (marked draft until sent).' } },
    async (req, reply: FastifyReply) => {
      const data = await letterData(db, scopeOf(req).tenantId, id(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${data.notice.notice_number ?? 'draft'}.pdf"`)
        .send(Buffer.from(await letterPdf(data)));
    });

  app.get('/api/collections/worklist', {
    config: { roles: COLLECTIONS },
    schema: { tags, querystring: Type.Object({ as_of: Type.Optional(Type.String()) }), description: 'Customers with overdue items, most urgent first.' },
  }, async (req) => {
    const asOf = asOfFrom((req.query as { as_of?: string }).as_of, scopeOf(req));
    return { as_of: asOf, items: (await worklist(db, scopeOf(req).tenantId, asOf)).map(worklistJson) };
  });

  app.get('/api/collections/customers/:id', { config: { roles: COLLECTIONS }, schema: { tags, params: IdParams, description: 'Contacts and dunning letters of a customer.' } },
    async (req) => {
      const { tenantId } = scopeOf(req);
      const customer = await getCustomer(db, tenantId, id(req));
      const letters = await noticesOfCustomer(db, tenantId, customer.id);
      const items = await itemsOfNotices(db, tenantId, letters.map((n) => n.id));
      return {
        contacts: (await contactsOf(db, tenantId, customer.id)).map(contactJson),
        letters: letters.map((n) => noticeJson(n, items.filter((i) => i.notice_id === n.id))),
      };
    });

  app.post('/api/collections/customers/:id/contacts', {
    config: { roles: COLLECTIONS },
    schema: {
      tags, params: IdParams,
      body: Type.Object({
        kind: Type.Union(CONTACT_KINDS.map((k) => Type.Literal(k))), text: Type.String({ maxLength: 4000 }),
        promised_amount: Type.Optional(Nullable(Type.String())), promised_date: Type.Optional(Nullable(Type.String())),
        documents: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
      }),
      description: 'Records a call, email, note or promise to pay on the customer\'s timeline; a promise holds its items back from dunning until its date.',
    },
  }, async (req, reply) => reply.code(201).send(contactJson(await inTx(db, scopeOf(req), (tx, s) => recordContact(tx, s, id(req), req.body as ContactInput)))));

  app.get('/api/collections/customers/:id/clearing', {
    config: { roles: COLLECTIONS },
    schema: {
      tags, params: IdParams,
      querystring: Type.Object({ amount: Type.String(), currency: Type.Optional(Type.String()), named: Type.Optional(Type.String({ description: 'document numbers or invoice ids, comma separated' })) }),
      description: 'How a payment of this amount would be cleared: costs, interest, principal (§367 BGB), named claims first, else due first (§366).',
    },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const q = req.query as { amount: string; currency?: string; named?: string };
    const customer = await getCustomer(db, tenantId, id(req));
    const currency = (q.currency ?? customer.currency).toUpperCase();
    const amount = parseAmount(q.amount, currency);
    if (amount === null || amount <= 0n) throw invalid('amount', `"${q.amount}" is not a positive amount in ${currency}`);
    const named = (q.named ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const r = allocateBySection367(await openClaims(db, tenantId, customer.id, currency), amount, named);
    return { currency, allocations: r.allocations.map((a) => ({ ...a, amount: formatAmount(a.amount, currency) })), unapplied: formatAmount(r.unapplied, currency) };
  });
}
