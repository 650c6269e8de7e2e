import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { listProducts } from '../../catalog/products.ts';
import { packOrder, packagesOf } from '../../fulfillment/packing.ts';
import { packingSlip } from '../../fulfillment/packing-slip.ts';
import { shipmentsOfOrder } from '../../fulfillment/ship.ts';
import { completePickList, createWave, getPickList, listPickLists } from '../../fulfillment/waves.ts';
import { tenantById } from '../../identity/tenants.ts';
import { cancelExpectedReceipt, expectReceipt, incomingByProduct, listExpectedReceipts } from '../../inventory/incoming.ts';
import { checkStockLedger } from '../../inventory/picking.ts';
import { replenishmentList, setReorderRule } from '../../inventory/reorder.ts';
import { adjustStock, receiveStock, reservationsOf, stockByWarehouse, stockMoves, transferStock } from '../../inventory/stock.ts';
import { createLocation, createWarehouse, listLocations, listWarehouses, type Address, type LocationKind } from '../../inventory/warehouses.ts';
import { getOrder } from '../../orders/queries.ts';
import { formatAmount } from '../../shared/money.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Nullable, Units, units } from './schemas.ts';

const Str = Type.String();

/** Warehouses, stock, picking, packing: the warehouse team's API. */
export function warehouseRoutes(app: FastifyInstance, db: Db) {
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  const base = async (tenantId: string) => (await tenantById(db, tenantId))!.base_currency;

  app.get('/api/warehouses', { schema: { tags: ['inventory'] } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const [warehouses, locations] = await Promise.all([listWarehouses(db, tenantId), listLocations(db, tenantId)]);
    return { items: warehouses.map((w) => ({ ...w, locations: locations.filter((l) => l.warehouse_id === w.id) })) };
  });

  app.post('/api/warehouses', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], body: Type.Object({ code: Str, name: Str, priority: Type.Optional(Type.Integer()), address: Type.Optional(Nullable(Type.Object({ country: Str }, { additionalProperties: true }))) }) },
  }, async (req, reply) => {
    const b = req.body as { code: string; name: string; priority?: number; address?: Address | null };
    return reply.code(201).send(await inTx(db, scopeOf(req), (tx, s) => createWarehouse(tx, s, b)));
  });

  app.post('/api/warehouses/:id/locations', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], params: IdParams, body: Type.Object({ code: Str, kind: Type.Optional(Type.Union([Type.Literal('storage'), Type.Literal('receiving'), Type.Literal('returns')])) }) },
  }, async (req, reply) => {
    const b = req.body as { code: string; kind?: LocationKind };
    return reply.code(201).send(await inTx(db, scopeOf(req), (tx, s) => createLocation(tx, s, id(req), b)));
  });

  app.get('/api/inventory/stock', {
    schema: { tags: ['inventory'], description: 'Per product and warehouse: on hand, reserved, available, incoming and the next expected date, value.' },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const [products, warehouses, incoming, currency, levels] = await Promise.all([
      listProducts(db, tenantId), listWarehouses(db, tenantId), incomingByProduct(db, tenantId), base(tenantId),
      stockByWarehouse(db, tenantId)]);
    const code = new Map(warehouses.map((w) => [w.id, w.code]));
    return {
      warehouses: warehouses.map((w) => w.code),
      items: products.map((p) => {
        const mine = levels.filter((l) => l.product_id === p.id);
        const sum = (k: 'on_hand' | 'reserved' | 'value') => mine.reduce((a, l) => a + l[k], 0n);
        const inc = incoming.get(p.id);
        return {
          product_id: p.id, sku: p.sku, name: p.name, uom: p.uom, on_hand: `${sum('on_hand')}`, reserved: `${sum('reserved')}`,
          available: `${sum('on_hand') - sum('reserved')}`, incoming: `${inc?.incoming ?? 0n}`, next_expected: inc?.next ?? null,
          value: formatAmount(sum('value'), currency), currency,
          warehouses: mine.map((l) => ({ warehouse: code.get(l.warehouse_id), on_hand: `${l.on_hand}`, reserved: `${l.reserved}`, available: `${l.on_hand - l.reserved}` })),
        };
      }),
    };
  });

  app.get('/api/inventory/moves', { schema: { tags: ['inventory'], querystring: Type.Object({ product_id: Str }) } }, async (req) => {
    const { tenantId } = scopeOf(req);
    const currency = await base(tenantId);
    const rows = await stockMoves(db, tenantId, (req.query as { product_id: string }).product_id);
    return { items: rows.map((m: any) => ({ ...m, quantity: `${m.quantity}`, on_hand_change: `${m.on_hand_change}`, reserved_change: `${m.reserved_change}`, value: formatAmount(m.value, currency) })) };
  });

  app.get('/api/inventory/check', { schema: { tags: ['inventory'], description: 'The stock ledger proves its balances: empty problems when it does.' } }, async (req) => (
    { problems: await checkStockLedger(db, scopeOf(req).tenantId) }));

  app.post('/api/inventory/receipts', {
    config: { roles: ['warehouse'] },
    schema: {
      tags: ['inventory'],
      body: Type.Object({ product_id: Str, quantity: Units, unit_cost: Type.String({ description: 'in the tenant base currency' }), warehouse: Type.Optional(Str), location: Type.Optional(Str),
        reference: Type.Optional(Str), expected_receipt_id: Type.Optional(Str) }),
    },
  }, async (req, reply) => {
    const b = req.body as { product_id: string; quantity: unknown; unit_cost: string; warehouse?: string; location?: string; reference?: string; expected_receipt_id?: string };
    const quantity = units('quantity', b.quantity);
    const r = await inTx(db, scopeOf(req), (tx, s) => receiveStock(tx, s, { productId: b.product_id, quantity, unitCost: b.unit_cost, warehouse: b.warehouse,
      location: b.location, reference: b.reference, expectedReceiptId: b.expected_receipt_id }));
    return reply.code(201).send({ ...r, on_hand: `${r.on_hand}`, value: formatAmount(r.value, await base(scopeOf(req).tenantId)) });
  });

  app.post('/api/inventory/adjustments', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], body: Type.Object({ product_id: Str, quantity: Units, reason: Str, warehouse: Type.Optional(Str), location: Type.Optional(Str), unit_cost: Type.Optional(Str) }) },
  }, async (req, reply) => {
    const b = req.body as { product_id: string; quantity: unknown; reason: string; warehouse?: string; location?: string; unit_cost?: string };
    const quantity = units('quantity', b.quantity, { negative: true });
    const level = await inTx(db, scopeOf(req), (tx, s) => adjustStock(tx, s, { productId: b.product_id, quantity, reason: b.reason, warehouse: b.warehouse, location: b.location, unitCost: b.unit_cost }));
    return reply.code(201).send({ on_hand: `${level.on_hand}`, reserved: `${level.reserved}` });
  });

  app.post('/api/inventory/transfers', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], body: Type.Object({ product_id: Str, quantity: Units, from: Str, to: Str, from_location: Type.Optional(Str), to_location: Type.Optional(Str) }) },
  }, async (req, reply) => {
    const b = req.body as { product_id: string; quantity: unknown; from: string; to: string; from_location?: string; to_location?: string };
    const quantity = units('quantity', b.quantity);
    await inTx(db, scopeOf(req), (tx, s) => transferStock(tx, s, { productId: b.product_id, quantity, from: b.from, to: b.to, fromLocation: b.from_location, toLocation: b.to_location }));
    return reply.code(201).send({ transferred: `${quantity}` });
  });

  app.get('/api/inventory/expected-receipts', { schema: { tags: ['inventory'] } }, async (req) => ({
    items: (await listExpectedReceipts(db, scopeOf(req).tenantId)).map((e) => ({ ...e, quantity: `${e.quantity}`, received: `${e.received}` })),
  }));

  app.post('/api/inventory/expected-receipts', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], body: Type.Object({ product_id: Str, quantity: Units, expected_on: Type.String({ format: 'date' }), reference: Str, warehouse: Type.Optional(Str) }) },
  }, async (req, reply) => {
    const b = req.body as { product_id: string; quantity: unknown; expected_on: string; reference: string; warehouse?: string };
    const quantity = units('quantity', b.quantity);
    const e = await inTx(db, scopeOf(req), (tx, s) => expectReceipt(tx, s, { productId: b.product_id, quantity, expectedOn: b.expected_on, reference: b.reference, warehouse: b.warehouse }));
    return reply.code(201).send({ ...e, quantity: `${e.quantity}`, received: `${e.received}` });
  });

  app.post('/api/inventory/expected-receipts/:id/cancel', { config: { roles: ['warehouse'] }, schema: { tags: ['inventory'], params: IdParams } }, async (req) => {
    await inTx(db, scopeOf(req), (tx, s) => cancelExpectedReceipt(tx, s, id(req)));
    return { cancelled: true };
  });

  app.put('/api/inventory/reorder-rules', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['inventory'], body: Type.Object({ product_id: Str, reorder_point: Units, reorder_quantity: Units, warehouse: Type.Optional(Str) }) },
  }, async (req) => {
    const b = req.body as { product_id: string; reorder_point: unknown; reorder_quantity: unknown; warehouse?: string };
    const reorderPoint = units('reorder_point', b.reorder_point);
    const reorderQuantity = units('reorder_quantity', b.reorder_quantity);
    await inTx(db, scopeOf(req), (tx, s) => setReorderRule(tx, s, { productId: b.product_id, warehouse: b.warehouse, reorderPoint, reorderQuantity }));
    return { saved: true };
  });

  app.get('/api/inventory/replenishment', {
    schema: { tags: ['inventory'], description: 'Products at or below their reorder point (available + incoming), with a suggested order quantity.' },
  }, async (req) => ({
    items: (await replenishmentList(db, scopeOf(req).tenantId)).map((r) => ({ ...r, available: `${r.available}`, incoming: `${r.incoming}`,
      reorder_point: `${r.reorder_point}`, reorder_quantity: `${r.reorder_quantity}`, suggested: `${r.suggested}` })),
  }));

  const pickListJson = (p: Awaited<ReturnType<typeof getPickList>>) => ({
    ...p.list, warehouse: p.warehouse,
    lines: p.lines.map((l) => ({ ...l, quantity: `${l.quantity}`, picked: l.picked === null ? null : `${l.picked}`, short: l.short === null ? null : `${l.short}` })),
  });

  app.get('/api/pick-lists', { schema: { tags: ['fulfillment'], querystring: Type.Object({ status: Type.Optional(Str) }) } }, async (req) => ({
    items: (await listPickLists(db, scopeOf(req).tenantId, (req.query as { status?: string }).status)).map((l) => ({ ...l, lines: Number(l.lines), orders: Number(l.orders) })),
  }));

  app.post('/api/pick-lists', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['fulfillment'], description: 'A wave: one pick list over the oldest orders with reserved, unpicked stock in a warehouse, sorted by location.',
      body: Type.Object({ warehouse: Str, order_ids: Type.Optional(Type.Array(Str)), max_orders: Type.Optional(Type.Integer()) }) },
  }, async (req, reply) => {
    const b = req.body as { warehouse: string; order_ids?: string[]; max_orders?: number };
    const made = await inTx(db, scopeOf(req), async (tx, s) => {
      const w = await createWave(tx, s, { warehouse: b.warehouse, orderIds: b.order_ids, maxOrders: b.max_orders });
      return getPickList(tx, s.tenantId, w.list.id);
    });
    return reply.code(201).send(pickListJson(made));
  });

  app.get('/api/pick-lists/:id', { schema: { tags: ['fulfillment'], params: IdParams } }, async (req) => pickListJson(await getPickList(db, scopeOf(req).tenantId, id(req))));

  app.post('/api/pick-lists/:id/complete', {
    config: { roles: ['warehouse'] },
    schema: { tags: ['fulfillment'], params: IdParams, description: 'Confirms the picks: lines not listed were picked in full; a line picked short gives the rest back to the order, which waits for stock.',
      body: Type.Object({ lines: Type.Optional(Type.Array(Type.Object({ line_no: Type.Integer(), picked: Units }))) }) },
  }, async (req) => {
    const b = (req.body ?? {}) as { lines?: { line_no: number; picked: unknown }[] };
    const confirmations = (b.lines ?? []).map((l, i) => ({ line_no: l.line_no, picked: units(`lines[${i}].picked`, l.picked) }));
    return pickListJson(await inTx(db, scopeOf(req), async (tx, s) => {
      await completePickList(tx, s, id(req), confirmations);
      return getPickList(tx, s.tenantId, id(req));
    }));
  });

  app.get('/api/orders/:id/fulfillment', {
    schema: { tags: ['fulfillment'], params: IdParams, description: 'What is reserved, picked, packed and shipped of each line, per warehouse.' },
  }, async (req) => {
    const s = scopeOf(req);
    const { order, lines } = await getOrder(db, s.tenantId, id(req));
    const [reservations, packages, shipments, warehouses] = await Promise.all([
      reservationsOf(db, s, order.id), packagesOf(db, s.tenantId, order.id), shipmentsOfOrder(db, s.tenantId, order.id), listWarehouses(db, s.tenantId)]);
    const code = new Map(warehouses.map((w) => [w.id, w.code]));
    return {
      order_id: order.id, order_number: order.order_number, status: order.status,
      lines: lines.map((l) => ({ line_no: l.line_no, sku: l.sku, description: l.description, quantity: `${l.quantity}`, shipped: `${l.shipped_quantity}` })),
      reservations: reservations.map((r) => ({ line_no: r.lineNo, warehouse_id: r.warehouseId, warehouse: code.get(r.warehouseId), reserved: `${r.quantity}`, picked: `${r.picked}` })),
      packages: packages.map((p) => ({ ...p, warehouse: code.get(p.warehouse_id), lines: p.lines.map((l) => ({ ...l, quantity: `${l.quantity}` })) })),
      shipments,
    };
  });

  app.post('/api/orders/:id/packages', {
    config: { roles: ['warehouse'] },
    schema: {
      tags: ['fulfillment'], params: IdParams,
      body: Type.Object({
        warehouse: Str,
        packages: Type.Array(Type.Object({
          weight_grams: Type.Integer(), length_mm: Type.Integer(), width_mm: Type.Integer(), height_mm: Type.Integer(),
          lines: Type.Optional(Type.Array(Type.Object({ order_line_no: Type.Integer(), quantity: Units }))),
        }), { minItems: 1 }),
      }),
    },
  }, async (req, reply) => {
    const b = req.body as { warehouse: string; packages: { weight_grams: number; length_mm: number; width_mm: number; height_mm: number; lines?: { order_line_no: number; quantity: unknown }[] }[] };
    const packages = b.packages.map((p, i) => ({ ...p, lines: p.lines?.map((l, j) => ({ order_line_no: l.order_line_no, quantity: units(`packages[${i}].lines[${j}].quantity`, l.quantity) })) }));
    const made = await inTx(db, scopeOf(req), (tx, s) => packOrder(tx, s, id(req), { warehouse: b.warehouse, packages }));
    return reply.code(201).send({ items: made.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l, quantity: `${l.quantity}` })) })) });
  });

  app.get('/api/shipments/:id/packing-slip.pdf', { schema: { tags: ['fulfillment'], params: IdParams } }, async (req, reply) => {
    const slip = await packingSlip(db, scopeOf(req).tenantId, id(req));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="packing-slip-${slip.number}.pdf"`).send(Buffer.from(slip.pdf));
  });
}
