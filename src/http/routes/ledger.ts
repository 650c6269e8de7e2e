import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { arCheck } from '../../app/ar-check.ts';
import { journal, trialBalance, trialBalanceJson } from '../../ledger/reports.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { invalid } from '../../shared/failure.ts';
import { scopeOf } from '../auth.ts';

export function ledgerRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/ledger/trial-balance', {
    config: { roles: ['billing', 'collector'] },
    schema: { tags: ['ledger'], querystring: Type.Object({ as_of: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })) }) },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const asOf = (req.query as { as_of?: string }).as_of;
    if (asOf !== undefined && !isIsoDate(asOf)) throw invalid('as_of', `"${asOf}" is not a date (YYYY-MM-DD)`);
    return { ...trialBalanceJson(await trialBalance(db, tenantId, asOf)), ar_check: asOf ? undefined : await arCheck(db, tenantId) };
  });

  app.get('/api/ledger/journal', { config: { roles: ['billing', 'collector'] }, schema: { tags: ['ledger'] } }, async (req) => ({
    items: await journal(db, scopeOf(req).tenantId),
  }));
}
