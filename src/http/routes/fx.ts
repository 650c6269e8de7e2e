import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { baseCurrencyOf, importRates, listRates, rateJson, setRate } from '../../fx/rates.ts';
import { trialBalance, trialBalanceJson } from '../../ledger/reports.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { invalid } from '../../shared/failure.ts';
import { ImportRejected } from '../../shared/table-file.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';

const RateBody = Type.Object({
  currency: Type.String({ description: 'ISO 4217, not the base currency' }),
  date: Type.String({ description: 'YYYY-MM-DD: the rate applies from this day until the next rate of the currency' }),
  rate: Type.String({ description: 'exact decimal text: units of the base currency per 1 unit of the currency, e.g. "0.92"' }),
});
const ListQuery = Type.Object({
  currency: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  on: Type.Optional(Type.String({ description: 'YYYY-MM-DD: per currency, the rate in force that day (the latest on or before it)' })),
});
const ImportQuery = Type.Object({ filename: Type.Optional(Type.String({ description: 'shown in error reports' })) });

/** Exchange rates: list, set one, import a CSV file (date,currency,rate). */
export async function fxRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/fx/rates', { schema: { tags: ['fx'], querystring: ListQuery } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const q = req.query as { currency?: string; from?: string; to?: string; on?: string };
    for (const f of ['from', 'to', 'on'] as const) {
      if (q[f] !== undefined && !isIsoDate(q[f]!)) throw invalid(f, `"${q[f]}" is not a date (YYYY-MM-DD)`);
    }
    const items = await listRates(db, tenantId, { ...q, currency: q.currency?.trim().toUpperCase() || undefined });
    return { base_currency: await baseCurrencyOf(db, tenantId), items: items.map(rateJson) };
  });

  app.post('/api/fx/rates', { config: { roles: ['billing'] }, schema: { tags: ['fx'], body: RateBody } }, async (req, reply) => {
    const s = scopeOf(req);
    const r = await db.transaction((tx) => setRate(tx, s, req.body as { currency: string; date: string; rate: string }));
    return reply.code(201).send(rateJson(r));
  });

  // The trial balance in the base currency (GET /api/ledger/trial-balance is per currency).
  app.get('/api/fx/trial-balance', {
    config: { roles: ['billing', 'collector'] },
    schema: { tags: ['fx', 'ledger'], querystring: Type.Object({ as_of: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })) }) },
  }, async (req) => {
    const asOf = (req.query as { as_of?: string }).as_of;
    if (asOf !== undefined && !isIsoDate(asOf)) throw invalid('as_of', `"${asOf}" is not a date (YYYY-MM-DD)`);
    return trialBalanceJson(await trialBalance(db, scopeOf(req).tenantId, asOf, { base: true }));
  });

  await app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
      (_req, body, done) => done(null, body));
    scoped.post('/api/fx/rates/import', { config: { roles: ['billing'] }, schema: { tags: ['fx'], querystring: ImportQuery } }, async (req, reply) => {
      const s = scopeOf(req);
      const name = (req.query as { filename?: string }).filename ?? 'upload';
      try {
        return await importRates(db, () => ({ ...s, now: new Date() }), name, typeof req.body === 'string' ? req.body : '');
      } catch (e) {
        if (e instanceof ImportRejected) return sendProblem(reply, 400, 'invalid_input', e.message.split('\n')[0], undefined, { errors: e.errors });
        throw e;
      }
    });
  });
}
