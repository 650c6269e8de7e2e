import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { createPriceList, listPriceLists, setListPrice } from '../../catalog/price-lists.ts';
import { getProduct, productsBySkus } from '../../catalog/products.ts';
import { invalid } from '../../shared/failure.ts';
import { formatRate, listRates, parseRate, setTaxRate } from '../../tax/rates.ts';
import { scopeOf } from '../auth.ts';
import { IdParams } from './schemas.ts';

export function pricingRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/price-lists', { schema: { tags: ['pricing'] } }, async (req) => ({ items: await listPriceLists(db, scopeOf(req).tenantId) }));

  app.post('/api/price-lists', {
    config: { roles: ['sales'] },
    schema: {
      tags: ['pricing'],
      body: Type.Object({
        code: Type.String(), name: Type.Optional(Type.String()), currency: Type.String(),
        customer_group: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        valid_from: Type.Optional(Type.Union([Type.String(), Type.Null()])), valid_to: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await inTx(db, scopeOf(req), (tx, s) => createPriceList(tx, s, req.body as any))));

  app.put('/api/price-lists/:id/prices', {
    config: { roles: ['sales'] },
    schema: {
      tags: ['pricing'], params: IdParams,
      body: Type.Object({ product_id: Type.Optional(Type.String()), sku: Type.Optional(Type.String()), min_quantity: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String()])), unit_price: Type.String() }),
    },
  }, async (req) => {
    const b = req.body as { product_id?: string; sku?: string; min_quantity?: number | string; unit_price: string };
    const { tenantId } = scopeOf(req);
    const product = b.product_id ? await getProduct(db, tenantId, b.product_id) : b.sku ? (await productsBySkus(db, tenantId, [b.sku])).get(b.sku) : undefined;
    if (!product) throw invalid(b.product_id ? 'product_id' : 'sku', 'name an existing product by product_id or sku');
    const min = String(b.min_quantity ?? '1');
    if (!/^\d{1,10}$/.test(min)) throw invalid('min_quantity', 'a whole number from 1');
    await inTx(db, scopeOf(req), (tx, s) => setListPrice(tx, s, (req.params as { id: string }).id, product, BigInt(min), b.unit_price));
    return (await listPriceLists(db, tenantId)).find((l) => l.id === (req.params as { id: string }).id);
  });

  app.get('/api/tax-rates', { schema: { tags: ['tax'] } }, async (req) => ({
    items: (await listRates(db, scopeOf(req).tenantId)).map((r) => ({ jurisdiction: r.jurisdiction, category: r.category, rate: formatRate(r.rate_ppm) })),
  }));

  app.put('/api/tax-rates', {
    config: { roles: ['billing'] },
    schema: { tags: ['tax'], body: Type.Object({ jurisdiction: Type.String(), category: Type.String(), rate: Type.String({ description: 'percent, e.g. "19" or "8.875"' }) }) },
  }, async (req) => {
    const b = req.body as { jurisdiction: string; category: string; rate: string };
    const ppm = parseRate(b.rate);
    if (ppm === null) throw invalid('rate', `"${b.rate}" is not a percentage (at most 4 decimals)`);
    await inTx(db, scopeOf(req), (tx, s) => setTaxRate(tx, s.tenantId, b.jurisdiction.toUpperCase(), b.category, ppm));
    return { jurisdiction: b.jurisdiction.toUpperCase(), category: b.category, rate: formatRate(ppm) };
  });
}
