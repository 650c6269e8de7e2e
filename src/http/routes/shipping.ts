import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { getShipment } from '../../fulfillment/ship.ts';
import { tenantById, tenantBySlug } from '../../identity/tenants.ts';
import { Failure, notFound } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import { CARRIERS, carrierFor, type Parcel, type ShipTo } from '../../shipping/carriers.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS } from '../../shipping/signature.ts';
import { receiveTrackingWebhook, trackingOf } from '../../shipping/tracking.ts';
import { ensureWebhookSecret, rotateWebhookSecret, type WebhookSecret } from '../../shipping/webhook-secret.ts';
import { scopeOf } from '../auth.ts';
import { mayAccessOrder } from '../customer-access.ts';
import { IdParams, Nullable } from './schemas.ts';

const Text = Type.Optional(Nullable(Type.String()));
const ShipToBody = Type.Object({ name: Text, address_line: Text, city: Text, postal_code: Text, region: Text, country: Type.String() });
const ParcelBody = Type.Object({
  weight_grams: Type.Integer({ minimum: 1 }), length_mm: Type.Integer({ minimum: 1 }), width_mm: Type.Integer({ minimum: 1 }), height_mm: Type.Integer({ minimum: 1 }),
});

export function shippingRoutes(app: FastifyInstance, db: Db) {
  // The signature covers the exact bytes sent, so this route reads the body as text and parses it after checking.
  app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post('/api/webhooks/tracking/:carrier', {
      config: { roles: 'public' },
      schema: {
        tags: ['shipping'], security: [],
        description: `Carrier tracking events, signed: ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (HMAC-SHA256 of "timestamp.body" with the tenant's webhook secret). See docs/api.md.`,
        params: Type.Object({ carrier: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }),
        querystring: Type.Object({ tenant: Type.String({ description: 'the tenant slug' }) }),
      },
    }, async (req) => {
      const now = new Date();
      const tenant = await tenantBySlug(db, (req.query as { tenant: string }).tenant);
      if (!tenant) throw new Failure('unauthenticated', 'tracking webhook rejected: unknown tenant');
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      return db.transaction((tx) => receiveTrackingWebhook(tx, {
        tenantId: tenant.id, carrier: (req.params as { carrier: string }).carrier,
        timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), rawBody: typeof req.body === 'string' ? req.body : '',
      }, now));
    });
  });

  const secretReply = async (tenantId: string, w: WebhookSecret) => ({
    secret: w.secret, rotated_at: w.rotated_at, tolerance_seconds: TOLERANCE_SECONDS,
    url: `/api/webhooks/tracking/{carrier}?tenant=${(await tenantById(db, tenantId))!.slug}`,
  });
  app.get('/api/settings/tracking-webhook', { config: { roles: ['admin'] }, schema: { tags: ['settings'], description: 'The secret carriers sign tracking webhooks with (made on first use).' } }, async (req) => {
    const { tenantId, now } = scopeOf(req);
    return secretReply(tenantId, await db.transaction((tx) => ensureWebhookSecret(tx, tenantId, now)));
  });
  app.post('/api/settings/tracking-webhook/rotate', { config: { roles: ['admin'] }, schema: { tags: ['settings'], description: 'A new secret; the old one stops working at once.' } }, async (req) => {
    const { tenantId, now } = scopeOf(req);
    return secretReply(tenantId, await db.transaction((tx) => rotateWebhookSecret(tx, tenantId, now)));
  });

  app.get('/api/shipments/:id/tracking', {
    config: { roles: ['sales', 'credit', 'warehouse', 'billing', 'collector', 'customer'] },
    schema: { tags: ['fulfillment'], params: IdParams, description: "What the carrier reported, newest first; a customer sees its own orders' shipments." },
  }, async (req) => {
    const { tenantId } = scopeOf(req);
    const id = (req.params as { id: string }).id;
    const { shipment } = await getShipment(db, tenantId, id);
    if (!(await mayAccessOrder(db, req, shipment.order_id))) throw notFound('shipment', id);
    return { ...shipment, items: await trackingOf(db, tenantId, shipment.id) };
  });

  app.get('/api/carriers', { schema: { tags: ['fulfillment'] } }, async () => ({ items: CARRIERS.map((c) => ({ code: c, name: carrierFor(c).name })) }));

  app.post('/api/carriers/quote', {
    schema: {
      tags: ['fulfillment'], description: 'Rates for parcels to a ship-to, cheapest first; one carrier, or every carrier that quotes.',
      body: Type.Object({ carrier: Type.Optional(Type.String()), service: Type.Optional(Type.String()), ship_to: ShipToBody, parcels: Type.Array(ParcelBody, { minItems: 1 }) }),
    },
  }, async (req) => {
    const b = req.body as { carrier?: string; service?: string; ship_to: ShipTo; parcels: Parcel[] };
    const carriers = b.carrier ? [carrierFor(b.carrier)] : CARRIERS.map(carrierFor);
    const quotes = (await Promise.all(carriers.map((c) => c.quote({ shipTo: b.ship_to, parcels: b.parcels, service: b.service })))).flat()
      .sort((x, y) => (x.amount < y.amount ? -1 : x.amount > y.amount ? 1 : 0));
    return { items: quotes.map((q) => ({ carrier: q.carrier, service: q.service, amount: formatAmount(q.amount, q.currency), currency: q.currency, transit_days: q.transitDays })) };
  });
}
