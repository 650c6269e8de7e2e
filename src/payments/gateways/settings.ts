import type { Db, Sql } from '../../db/db.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import type { Scope } from '../../shared/scope.ts';
import type { GatewayAdapter } from './adapter.ts';
import { StripeGateway } from './stripe.ts';
import { TestGateway } from './test-gateway.ts';

export const GATEWAYS = ['test', 'stripe'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

export interface GatewaySettings {
  /** The gateway new payment links pay with. */
  gateway: GatewayName;
  stripeSecretKey: string | null;
  stripePublishableKey: string | null;
  stripeWebhookSecret: string | null;
}

const env = (name: string) => process.env[name]?.trim() || null;

/**
 * The tenant's settings, each key falling back to the environment (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY,
 * STRIPE_WEBHOOK_SECRET, O2C_PAYMENT_GATEWAY) so that keys need never be stored or committed. Without any,
 * the built-in test gateway.
 */
export async function gatewaySettings(db: Db | Sql, tenantId: string): Promise<GatewaySettings> {
  const [row] = await db.query<{ gateway: GatewayName; stripe_secret_key: string | null; stripe_publishable_key: string | null; stripe_webhook_secret: string | null }>(
    'SELECT gateway, stripe_secret_key, stripe_publishable_key, stripe_webhook_secret FROM payment_gateway_settings WHERE tenant_id = $1', [tenantId]);
  const stripeSecretKey = row?.stripe_secret_key ?? env('STRIPE_SECRET_KEY');
  const fallback = env('O2C_PAYMENT_GATEWAY') ?? (stripeSecretKey ? 'stripe' : 'test');
  return {
    gateway: row?.gateway ?? (GATEWAYS.includes(fallback as GatewayName) ? fallback as GatewayName : 'test'),
    stripeSecretKey,
    stripePublishableKey: row?.stripe_publishable_key ?? env('STRIPE_PUBLISHABLE_KEY'),
    stripeWebhookSecret: row?.stripe_webhook_secret ?? env('STRIPE_WEBHOOK_SECRET'),
  };
}

export interface GatewaySettingsInput {
  gateway: string;
  /** Omitted: kept as it is; null or "": removed (the environment's applies again). */
  stripe_secret_key?: string | null;
  stripe_publishable_key?: string | null;
  stripe_webhook_secret?: string | null;
}

const KEY_SHAPES: Record<string, RegExp> = {
  stripe_secret_key: /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/,
  stripe_publishable_key: /^pk_(test|live)_[A-Za-z0-9]{8,}$/,
  stripe_webhook_secret: /^whsec_[A-Za-z0-9+/=_-]{8,}$/,
};

export async function saveGatewaySettings(tx: Sql, s: Scope, input: GatewaySettingsInput): Promise<void> {
  if (!GATEWAYS.includes(input.gateway as GatewayName)) throw invalid('gateway', `gateway: one of ${GATEWAYS.join(', ')}`);
  const [current] = await tx.query<Record<string, string | null>>(
    'SELECT stripe_secret_key, stripe_publishable_key, stripe_webhook_secret FROM payment_gateway_settings WHERE tenant_id = $1 FOR UPDATE', [s.tenantId]);
  const value = (field: keyof typeof KEY_SHAPES): string | null => {
    const given = input[field as keyof GatewaySettingsInput];
    if (given === undefined) return current?.[field] ?? null;
    const v = given?.trim() || null;
    if (v !== null && !KEY_SHAPES[field].test(v)) throw invalid(field, `${field} does not look like a Stripe key of that kind`);
    return v;
  };
  const keys = [value('stripe_secret_key'), value('stripe_publishable_key'), value('stripe_webhook_secret')];
  await tx.query(
    `INSERT INTO payment_gateway_settings (tenant_id, gateway, stripe_secret_key, stripe_publishable_key, stripe_webhook_secret, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id) DO UPDATE SET gateway = EXCLUDED.gateway, stripe_secret_key = EXCLUDED.stripe_secret_key,
       stripe_publishable_key = EXCLUDED.stripe_publishable_key, stripe_webhook_secret = EXCLUDED.stripe_webhook_secret, updated_at = EXCLUDED.updated_at`,
    [s.tenantId, input.gateway, ...keys, s.now]);
  const after = await gatewaySettings(tx, s.tenantId);
  if (after.gateway === 'stripe' && !after.stripeSecretKey) throw invalid('stripe_secret_key', 'Stripe needs a secret key (here or in STRIPE_SECRET_KEY)');
}

/** What an admin may see: which keys are set, never the secrets themselves. */
export function gatewaySettingsJson(g: GatewaySettings, tenantSlug: string) {
  return {
    gateway: g.gateway,
    stripe: { secret_key_set: g.stripeSecretKey !== null, publishable_key: g.stripePublishableKey, webhook_secret_set: g.stripeWebhookSecret !== null },
    webhook_url: `/api/webhooks/payments/stripe?tenant=${tenantSlug}`,
  };
}

export const testGateway = new TestGateway();

type StripeTransport = ConstructorParameters<typeof StripeGateway>[1];
let stripeTransport: StripeTransport;

/** Tests answer Stripe's API calls themselves (there is no network); undefined: the SDK's own transport. */
export function useStripeTransport(t: StripeTransport): void {
  stripeTransport = t;
}

/** The adapter of a gateway under the tenant's settings. */
export function adapterFor(g: GatewaySettings, name: string): GatewayAdapter {
  if (name === 'test') return testGateway;
  if (name !== 'stripe') throw new Failure('not_found', `no payment gateway "${name}" (${GATEWAYS.join(', ')})`);
  return new StripeGateway({ secretKey: g.stripeSecretKey, webhookSecret: g.stripeWebhookSecret, publishableKey: g.stripePublishableKey }, stripeTransport);
}
