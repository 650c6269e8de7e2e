import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { importProducts } from '../../catalog/import.ts';
import { importCustomers } from '../../customers/import.ts';
import { importOrders } from '../../orders/import/import-orders.ts';
import { ImportRejected } from '../../shared/table-file.ts';
import { scopeOf } from '../auth.ts';
import { sendProblem } from '../problem.ts';

const Query = Type.Object({ filename: Type.Optional(Type.String({ description: 'shown in error reports' })) });

/** File uploads: the body is the file itself (CSV, X12 or XML), as the CLI would read it. */
export async function importRoutes(app: FastifyInstance, db: Db) {
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'application/xml', 'text/xml', 'application/edi-x12', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 },
      (_req, body, done) => done(null, body));
    scoped.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    const text = (body: unknown) => (typeof body === 'string' ? body : '');
    const rejected = (reply: any, e: ImportRejected) =>
      sendProblem(reply, 400, 'invalid_input', e.message.split('\n')[0], undefined, { errors: e.errors });

    scoped.post('/api/imports/orders', { config: { roles: ['sales'] }, schema: { tags: ['imports'], querystring: Query } }, async (req, reply) => {
      const s = scopeOf(req);
      const name = (req.query as { filename?: string }).filename ?? 'upload';
      try {
        const r = await importOrders(db, () => ({ ...s, now: new Date() }), name, text(req.body));
        return {
          format: r.format,
          imported: r.imported.map((o) => ({ ref: o.ref, order_id: o.orderId, order_number: o.order_number, status: o.status, note: o.note ?? null, flags: o.flags })),
          rejected: r.rejected.map((x) => ({ ref: x.ref, errors: x.errors })),
        };
      } catch (e) {
        if (e instanceof ImportRejected) return rejected(reply, e);
        throw e;
      }
    });
    for (const [path, run] of [['customers', importCustomers], ['products', importProducts]] as const) {
      scoped.post(`/api/imports/${path}`, { config: { roles: ['sales'] }, schema: { tags: ['imports'], querystring: Query } }, async (req, reply) => {
        const s = scopeOf(req);
        try {
          return await run(db, () => ({ ...s, now: new Date() }), (req.query as { filename?: string }).filename ?? 'upload', text(req.body));
        } catch (e) {
          if (e instanceof ImportRejected) return rejected(reply, e);
          throw e;
        }
      });
    }
  });
}
