import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { acceptSuggestion } from '../../cashapp/accept.ts';
import { importStatementFile } from '../../cashapp/import-statement.ts';
import type { LineStatus, StatementLine } from '../../cashapp/lines.ts';
import { listStatements, reconcileStatement } from '../../cashapp/reconcile.ts';
import { DEFAULT_THRESHOLD, runCashApplication } from '../../cashapp/run.ts';
import { confirmLine, lineDetail, listLines, matchesOf, rejectSuggestion, unapplyLine, type ConfirmInput, type StoredMatch } from '../../cashapp/workbench.ts';
import type { Db } from '../../db/db.ts';
import { itemJson } from '../../receivables/items.ts';
import { invalid } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import { ImportRejected } from '../../shared/table-file.ts';
import { customerJson } from '../../customers/customers.ts';
import type { Role } from '../../shared/scope.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';

const ROLES = { config: { roles: ['billing', 'collector'] as Role[] } };
const STATUSES: LineStatus[] = ['new', 'auto', 'suggested', 'unmatched', 'confirmed', 'ignored'];

function lineJson(l: StatementLine, matches: StoredMatch[] = []) {
  const m = (v: bigint) => formatAmount(v, l.currency);
  return {
    ...l, amount: m(l.amount), confidence: l.confidence === null ? null : l.confidence / 1000,
    matches: matches.filter((x) => x.line_id === l.id).map((x) => ({ ...x, cash: m(x.cash), discount: m(x.discount), charges: m(x.charges), shortfall: m(x.shortfall) })),
  };
}

const money = (v: bigint | null, currency: string) => (v === null ? null : formatAmount(v, currency));

/** Cash application: statements in, the run, the workbench (lines, confirm, reject, unapply) and reconciliation. */
export async function cashappRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/cashapp/statements', { ...ROLES, schema: { tags: ['cashapp'] } }, async (req) => {
    const rows = await listStatements(db, scopeOf(req).tenantId);
    return { items: rows };
  });

  app.get('/api/cashapp/lines', {
    ...ROLES,
    schema: { tags: ['cashapp'], querystring: Type.Object({ status: Type.Optional(Type.String({ description: 'comma-separated: new,auto,suggested,unmatched,confirmed,ignored' })), statement_id: Type.Optional(Type.String()) }) },
  }, async (req) => {
    const q = req.query as { status?: string; statement_id?: string };
    const status = q.status ? q.status.split(',').map((x) => x.trim()) as LineStatus[] : undefined;
    for (const st of status ?? []) if (!STATUSES.includes(st)) throw invalid('status', `unknown status ${st} (one of ${STATUSES.join(', ')})`);
    const { tenantId } = scopeOf(req);
    const lines = await listLines(db, tenantId, { status, statementId: q.statement_id });
    const matches = await matchesOf(db, tenantId, lines.map((l) => l.id));
    return { items: lines.map((l) => lineJson(l, matches)) };
  });

  app.get('/api/cashapp/lines/:id', { ...ROLES, schema: { tags: ['cashapp'] } }, async (req) => {
    const d = await lineDetail(db, scopeOf(req).tenantId, (req.params as { id: string }).id);
    return { ...lineJson(d.line, d.matches), customer: d.customer ? customerJson(d.customer) : null, open_items: d.open.map(itemJson) };
  });

  app.post('/api/cashapp/run', {
    ...ROLES, schema: { tags: ['cashapp'], body: Type.Optional(Type.Object({ threshold: Type.Optional(Type.Number({ minimum: 0.01, maximum: 1, description: `default ${DEFAULT_THRESHOLD}` })) })) },
  }, async (req) => {
    const s = scopeOf(req);
    return runCashApplication(db, () => ({ ...s, now: new Date() }), { threshold: (req.body as { threshold?: number } | undefined)?.threshold });
  });

  const Allocation = Type.Object({
    item_id: Type.String(), amount: Type.String({ description: 'cash applied, e.g. "119.00"' }),
    write_off: Type.Optional(Type.String({ description: 'a small difference written off' })),
    deduction: Type.Optional(Type.String({ description: 'a deduction accepted (needs reason)' })), reason: Type.Optional(Type.String()),
  });
  app.post('/api/cashapp/lines/:id/confirm', {
    ...ROLES, schema: { tags: ['cashapp'], body: Type.Object({ customer_id: Type.String(), allocations: Type.Array(Allocation) }) },
  }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    await db.transaction((tx) => confirmLine(tx, s, id, req.body as ConfirmInput));
    const d = await lineDetail(db, s.tenantId, id);
    return lineJson(d.line, d.matches);
  });
  app.post('/api/cashapp/lines/:id/accept', {
    ...ROLES, schema: { tags: ['cashapp'], description: 'Confirms the suggestion as proposed, its discount and bank charges included.' },
  }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    await db.transaction((tx) => acceptSuggestion(tx, s, id));
    const d = await lineDetail(db, s.tenantId, id);
    return lineJson(d.line, d.matches);
  });
  app.post('/api/cashapp/lines/:id/reject', { ...ROLES, schema: { tags: ['cashapp'] } }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    await db.transaction((tx) => rejectSuggestion(tx, s, id));
    const d = await lineDetail(db, s.tenantId, id);
    return lineJson(d.line, d.matches);
  });
  app.post('/api/cashapp/lines/:id/unapply', {
    ...ROLES, schema: { tags: ['cashapp'], body: Type.Object({ reason: Type.String() }) },
  }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    await db.transaction((tx) => unapplyLine(tx, s, id, (req.body as { reason: string }).reason));
    const d = await lineDetail(db, s.tenantId, id);
    return lineJson(d.line, d.matches);
  });

  app.get('/api/cashapp/statements/:id/reconciliation', { ...ROLES, schema: { tags: ['cashapp'] } }, async (req) => {
    const r = await reconcileStatement(db, scopeOf(req).tenantId, (req.params as { id: string }).id);
    const c = r.statement.currency;
    return {
      statement: { ...r.statement, opening_balance: money(r.statement.opening_balance, c), closing_balance: money(r.statement.closing_balance, c) },
      matched: r.matched.map((l) => lineJson(l)),
      unmatched_statement: r.unmatchedStatement.map((l) => lineJson(l)),
      unmatched_ledger: r.unmatchedLedger.map((e) => ({ ...e, amount: money(e.amount, c) })),
      statement_movement: money(r.statementMovement, c), ledger_movement: money(r.ledgerMovement, c),
      difference: money(r.difference, c), explained: money(r.explained, c), unexplained: money(r.unexplained, c),
    };
  });

  await app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'text/plain', 'application/xml', 'text/xml', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 200 * 1024 * 1024 },
      (_req, body, done) => done(null, body));
    scoped.post('/api/cashapp/statements', {
      ...ROLES, schema: { tags: ['cashapp'], querystring: Type.Object({ filename: Type.Optional(Type.String()), currency: Type.Optional(Type.String()) }) },
    }, async (req, reply) => {
      const s = scopeOf(req);
      const q = req.query as { filename?: string; currency?: string };
      try {
        const items = await importStatementFile(db, () => ({ ...s, now: new Date() }), q.filename ?? 'upload', typeof req.body === 'string' ? req.body : '',
          { currency: q.currency?.toUpperCase() });
        return reply.code(201).send({ items });
      } catch (e) {
        if (e instanceof ImportRejected) return sendProblem(reply, 400, 'invalid_input', e.message.split('\n')[0], undefined, { errors: e.errors });
        throw e;
      }
    });
  });
}
