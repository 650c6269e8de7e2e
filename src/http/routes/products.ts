import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { createProduct, listProducts, productJson, type ProductInput } from '../../catalog/products.ts';
import { receiveStock, stockLevels } from '../../inventory/stock.ts';
import { invalid } from '../../shared/failure.ts';
import { scopeOf } from '../auth.ts';
import { inTx } from '../../app/run.ts';
import { IdParams } from './schemas.ts';
import { tenantById } from '../../identity/tenants.ts';
import { formatAmount } from '../../shared/money.ts';

export function productRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/products', { schema: { tags: ['products'], querystring: Type.Object({ search: Type.Optional(Type.String()) }) } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const [products, stock] = await Promise.all([listProducts(db, tenantId, (req.query as { search?: string }).search), stockLevels(db, tenantId)]);
    const byProduct = new Map(stock.map((s) => [s.product_id, s]));
    return {
      items: products.map((p) => {
        const s = byProduct.get(p.id);
        return { ...productJson(p), on_hand: `${s?.on_hand ?? 0n}`, reserved: `${s?.reserved ?? 0n}`, available: `${s?.available ?? 0n}` };
      }),
    };
  });

  app.post('/api/products', {
    config: { roles: ['sales'] },
    schema: {
      tags: ['products'],
      body: Type.Object({
        sku: Type.String(), name: Type.String(), unit_price: Type.String(), currency: Type.String(),
        tax_category: Type.Optional(Type.String({ description: 'standard, reduced, zero, exempt, reverse_charge' })),
        uom: Type.Optional(Type.String({ description: 'UN/ECE rec 20 unit code, default EA' })),
      }),
    },
  }, async (req, reply) => {
    const s = scopeOf(req);
    return reply.code(201).send(productJson(await db.transaction((tx) => createProduct(tx, s, req.body as ProductInput))));
  });

  app.post('/api/products/:id/receipts', {
    config: { roles: ['warehouse'] },
    schema: {
      tags: ['inventory'], params: IdParams,
      body: Type.Object({ quantity: Type.Union([Type.Integer(), Type.String()]), unit_cost: Type.String({ description: 'in the tenant base currency' }) }),
    },
  }, async (req, reply) => {
    const body = req.body as { quantity: number | string; unit_cost: string };
    if (!/^\d{1,10}$/.test(String(body.quantity))) throw invalid('quantity', 'quantity must be a positive whole number');
    const level = await inTx(db, scopeOf(req), (tx, s) =>
      receiveStock(tx, s, { productId: (req.params as { id: string }).id, quantity: BigInt(body.quantity), unitCost: body.unit_cost }));
    const tenant = await tenantById(db, scopeOf(req).tenantId);
    return reply.code(201).send({ on_hand: `${level.on_hand}`, value: formatAmount(level.value, tenant!.base_currency), currency: tenant!.base_currency });
  });
}
