import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/db.ts';
import { inTx } from '../../app/run.ts';
import { tenantById } from '../../identity/tenants.ts';
import { getGatewayPayment, gatewayPaymentJson, listGatewayPayments } from '../../payments/gateways/gateway-payments.ts';
import { captureGatewayPayment, payOutTestGateway, refundGatewayPayment } from '../../payments/gateways/operations.ts';
import { paidPage, notFoundPage, resultPage, stripePage, testGatewayPage } from '../../payments/gateways/pay-page.ts';
import { createPaymentLink, payPath, paymentLinkView, payWithTestCard, publicBaseUrl, returnFromGateway, startStripePayment, type LinkView } from '../../payments/gateways/payment-links.ts';
import { GATEWAYS, gatewaySettings, gatewaySettingsJson, saveGatewaySettings, type GatewaySettingsInput } from '../../payments/gateways/settings.ts';
import { receivePaymentWebhook } from '../../payments/gateways/webhooks.ts';
import { Failure } from '../../shared/failure.ts';
import { scopeOf } from '../auth.ts';
import { IdParams, Nullable } from './schemas.ts';

const MONEY_ROLES: ('billing' | 'collector')[] = ['billing', 'collector'];
const PayParams = Type.Object({ tenant: Type.String({ maxLength: 41 }), token: Type.String({ maxLength: 64 }) });
const Amount = Type.Object({ amount: Type.Optional(Type.String({ description: 'decimal in major units; all of it when left out' })) });

type Pay = { tenant: string; token: string };

export function paymentGatewayRoutes(app: FastifyInstance, db: Db) {
  // Gateways sign the exact bytes they send, so the webhook reads its body as text and parses it after checking.
  app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post('/api/webhooks/payments/:gateway', {
      config: { roles: 'public' },
      schema: {
        tags: ['payments'], security: [],
        description: 'Payment gateway events (Stripe: signed with the Stripe-Signature header and the endpoint\'s webhook secret). A delivery with a bad or stale signature is refused with 400 and writes nothing; an event id is handled once.',
        params: Type.Object({ gateway: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }) }),
        querystring: Type.Object({ tenant: Type.String({ description: 'the tenant slug' }) }),
      },
    }, async (req) => receivePaymentWebhook(db, {
      tenantSlug: (req.query as { tenant: string }).tenant,
      gateway: (req.params as { gateway: string }).gateway,
      rawBody: typeof req.body === 'string' ? req.body : '',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
    }, new Date()));
  });

  app.post('/api/invoices/:id/payment-link', {
    config: { roles: MONEY_ROLES },
    schema: { tags: ['payments'], params: IdParams, description: 'A link the customer pays the invoice with (what is open when they pay) through the tenant\'s gateway.' },
  }, async (req, reply) => {
    const link = await inTx(db, scopeOf(req), (tx, s) => createPaymentLink(tx, s, { invoiceId: (req.params as { id: string }).id }));
    return reply.code(201).send(link);
  });

  app.get('/api/payment-gateway/payments', {
    schema: { tags: ['payments'], querystring: Type.Object({ invoice_id: Type.Optional(Type.String({ format: 'uuid' })), status: Type.Optional(Type.String()) }) },
  }, async (req) => {
    const q = req.query as { invoice_id?: string; status?: string };
    return { items: (await listGatewayPayments(db, scopeOf(req).tenantId, { invoiceId: q.invoice_id, status: q.status })).map(gatewayPaymentJson) };
  });

  app.get('/api/payment-gateway/payments/:id', { schema: { tags: ['payments'], params: IdParams } }, async (req) =>
    gatewayPaymentJson(await getGatewayPayment(db, scopeOf(req).tenantId, (req.params as { id: string }).id)));

  const afterwards = async (tenantId: string, id: string) => gatewayPaymentJson(await getGatewayPayment(db, tenantId, id));

  app.post('/api/payment-gateway/payments/:id/capture', {
    config: { roles: MONEY_ROLES }, schema: { tags: ['payments'], params: IdParams, body: Nullable(Amount) },
  }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    const receipt = await captureGatewayPayment(db, s, id, (req.body as { amount?: string } | undefined)?.amount);
    return { ...(await afterwards(s.tenantId, id)), outcome: receipt?.outcome ?? 'captured: recorded when the gateway confirms' };
  });

  app.post('/api/payment-gateway/payments/:id/refund', {
    config: { roles: MONEY_ROLES }, schema: { tags: ['payments'], params: IdParams, body: Nullable(Amount) },
  }, async (req) => {
    const s = scopeOf(req);
    const id = (req.params as { id: string }).id;
    const r = await refundGatewayPayment(db, s, id, (req.body as { amount?: string } | undefined)?.amount);
    return { ...(await afterwards(s.tenantId, id)), refund_id: r.refund_id, refund_status: r.status, outcome: r.receipt?.outcome ?? `refund ${r.status}: recorded when the gateway confirms` };
  });

  app.post('/api/payment-gateway/payouts', {
    config: { roles: ['billing'] },
    schema: { tags: ['payments'], description: 'The test gateway pays out what it holds (a real gateway reports its payouts by webhook).' },
  }, async (req) => ({ items: await payOutTestGateway(db, scopeOf(req)) }));

  app.get('/api/settings/payment-gateway', { config: { roles: ['admin'] }, schema: { tags: ['settings'] } }, async (req) => {
    const { tenantId } = scopeOf(req);
    return gatewaySettingsJson(await gatewaySettings(db, tenantId), (await tenantById(db, tenantId))!.slug);
  });

  app.put('/api/settings/payment-gateway', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['settings'],
      description: 'The gateway payment links use, and Stripe\'s keys (left out: kept; null: removed, the environment\'s STRIPE_* apply). Secrets are never shown again.',
      body: Type.Object({
        gateway: Type.Union(GATEWAYS.map((g) => Type.Literal(g))),
        stripe_secret_key: Type.Optional(Nullable(Type.String())), stripe_publishable_key: Type.Optional(Nullable(Type.String())),
        stripe_webhook_secret: Type.Optional(Nullable(Type.String())),
      }),
    },
  }, async (req) => {
    const s = scopeOf(req);
    await inTx(db, s, (tx, sc) => saveGatewaySettings(tx, sc, req.body as GatewaySettingsInput));
    return gatewaySettingsJson(await gatewaySettings(db, s.tenantId), (await tenantById(db, s.tenantId))!.slug);
  });

  // The customer's pay page: public, HTML, found by the link's token alone.
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const view = async (p: Pay): Promise<LinkView | null> => paymentLinkView(db, p.tenant, p.token).catch((e) => {
    if (e instanceof Failure && e.code === 'not_found') return null;
    throw e;
  });

  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    scoped.get('/pay/:tenant/:token', { config: { roles: 'public' }, schema: { hide: true, params: PayParams } }, async (req, reply) => {
      const p = req.params as Pay;
      const v = await view(p);
      if (!v) return html(reply, 404, notFoundPage());
      if (v.open <= 0n) return html(reply, 200, paidPage(v));
      if (v.settings.gateway === 'test') return html(reply, 200, testGatewayPage(v));
      try {
        const k = await startStripePayment(db, v);
        return html(reply, 200, stripePage(v, { ...k, returnUrl: `${publicBaseUrl()}${payPath(p.tenant, p.token)}/return` }));
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        return html(reply, e.status, resultPage(v, false, `Card payment is not available right now: ${e.message}`));
      }
    });

    scoped.post('/pay/:tenant/:token', {
      config: { roles: 'public' }, schema: { hide: true, params: PayParams, body: Type.Object({ card_number: Type.String({ maxLength: 40 }) }, { additionalProperties: true }) },
    }, async (req, reply) => {
      const p = req.params as Pay;
      const v = await view(p);
      if (!v) return html(reply, 404, notFoundPage());
      try {
        const receipt = await payWithTestCard(db, p.tenant, p.token, (req.body as { card_number: string }).card_number);
        const after = (await view(p))!;
        if (receipt.type === 'payment.failed') return html(reply, 402, testGatewayPage(after, `Payment failed: ${receipt.outcome.replace(/^\S+ failed: /, '')}`));
        return html(reply, 200, paidPage(after, `Thank you: your payment was received (${receipt.outcome.split(':')[0]}).`));
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        if (e.code === 'invalid_state') return html(reply, 409, paidPage(v, e.message));
        return html(reply, e.status, testGatewayPage(v, e.message));
      }
    });

    scoped.get('/pay/:tenant/:token/return', {
      config: { roles: 'public' },
      schema: { hide: true, params: PayParams, querystring: Type.Object({ payment_intent: Type.String({ maxLength: 255 }) }, { additionalProperties: true }) },
    }, async (req, reply) => {
      const p = req.params as Pay;
      const v = await view(p);
      if (!v) return html(reply, 404, notFoundPage());
      const receipt = await returnFromGateway(db, v, (req.query as { payment_intent: string }).payment_intent);
      const after = (await view(p))!;
      if (!receipt) return html(reply, 200, resultPage(after, false, 'Your payment is not confirmed yet. If it goes through, the invoice shows it shortly.'));
      return html(reply, 200, after.open <= 0n ? paidPage(after) : resultPage(after, true, 'Thank you: your payment was received.'));
    });
  });
}
