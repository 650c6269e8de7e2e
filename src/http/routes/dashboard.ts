import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { ORDER_STATUSES, orderJson } from '../../orders/model.ts';
import { listOrders, statusCounts } from '../../orders/queries.ts';
import { aging, bucketLabels } from '../../receivables/aging.ts';
import { formatAmount } from '../../shared/money.ts';
import { scopeOf } from '../auth.ts';

export function dashboardRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/dashboard', { schema: { tags: ['analytics'] } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const asOf = new Date().toISOString().slice(0, 10);
    const [counts, rows, recent] = await Promise.all([statusCounts(db, tenantId), aging(db, tenantId, asOf), listOrders(db, tenantId, { limit: 8 })]);
    const labels = ['current', ...bucketLabels()];
    const byCurrency = new Map<string, bigint[]>();
    for (const r of rows) {
      const acc = byCurrency.get(r.currency) ?? labels.map(() => 0n);
      [r.current, ...r.buckets].forEach((v, i) => (acc[i] += v));
      byCurrency.set(r.currency, acc);
    }
    const statuses = ORDER_STATUSES;
    return {
      order_counts: Object.fromEntries(statuses.map((s) => [s, counts[s] ?? 0])),
      receivables: [...byCurrency].map(([currency, b]) => {
        const open = b.reduce((x, y) => x + y, 0n);
        return { currency, open: formatAmount(open, currency), current: formatAmount(b[0], currency), overdue: formatAmount(open - b[0], currency) };
      }),
      aging: [...byCurrency].map(([currency, b]) => ({ currency, buckets: labels.map((label, i) => ({ label, amount: formatAmount(b[i], currency) })) })),
      recent_orders: recent.map((o) => orderJson(o)),
    };
  });
}
