import Stripe from 'stripe';
import { assert, Failure, invalid } from '../../shared/failure.ts';
import type { GatewayAdapter, GatewayEvent, GatewayMethod, Intent, IntentRequest, RefundResult, WebhookDelivery } from './adapter.ts';

/** How far a webhook's signed timestamp may be from our clock (Stripe's own default). */
export const STRIPE_TOLERANCE_SECONDS = 300;

export interface StripeKeys {
  secretKey: string | null;
  webhookSecret: string | null;
  publishableKey: string | null;
}

const minor = (v: number | null | undefined): bigint => BigInt(v ?? 0);
const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);
const isoDay = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);
const amountFor = (v: bigint): number => {
  assert(v > 0n && v <= BigInt(Number.MAX_SAFE_INTEGER), 'a gateway amount is a positive safe integer');
  return Number(v);
};
function stringMap(m: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => typeof v === 'string'));
}

/** Wallets (Apple Pay, Google Pay, Link…) are card payments whose charge names the wallet. */
function methodOf(pi: Stripe.PaymentIntent): GatewayMethod {
  const charge = pi.latest_charge;
  return typeof charge === 'object' && charge?.payment_method_details?.card?.wallet ? 'wallet' : 'card';
}

// Stripe's fee on a dispute and its return when the dispute is won are on the dispute's balance transactions:
// withdrawals are negative amounts, reinstatements positive.
const disputeFee = (d: Stripe.Dispute) => d.balance_transactions.filter((t) => t.amount < 0).reduce((a, t) => a + minor(t.fee), 0n);
const disputeFeeReturned = (d: Stripe.Dispute) => {
  const returned = -d.balance_transactions.filter((t) => t.amount > 0).reduce((a, t) => a + minor(t.fee), 0n);
  return returned > 0n ? returned : 0n;
};

/**
 * A Stripe event as o2c understands it. Inquiries (disputes in a warning_ state) move no money and are
 * ignored, as are refunds not yet succeeded (their refund.updated comes when they do).
 */
export function fromStripeEvent(e: Stripe.Event): GatewayEvent {
  const ignored: GatewayEvent = { type: 'ignored', eventId: e.id, gatewayType: e.type };
  switch (e.type) {
    case 'payment_intent.succeeded': {
      const pi = e.data.object;
      return { type: 'payment.succeeded', eventId: e.id, intentId: pi.id, amount: minor(pi.amount_received), currency: pi.currency.toUpperCase(),
        method: methodOf(pi), fee: null, metadata: stringMap(pi.metadata) };
    }
    case 'payment_intent.amount_capturable_updated': {
      const pi = e.data.object;
      return { type: 'payment.authorized', eventId: e.id, intentId: pi.id, amount: minor(pi.amount_capturable), currency: pi.currency.toUpperCase(), metadata: stringMap(pi.metadata) };
    }
    case 'payment_intent.payment_failed': {
      const pi = e.data.object;
      const err = pi.last_payment_error;
      return { type: 'payment.failed', eventId: e.id, intentId: pi.id, reason: err?.message ?? err?.decline_code ?? err?.code ?? 'payment failed', metadata: stringMap(pi.metadata) };
    }
    case 'refund.created':
    case 'refund.updated': {
      const r = e.data.object;
      const intentId = idOf(r.payment_intent);
      if (r.status !== 'succeeded' || !intentId) return ignored;
      return { type: 'refund.succeeded', eventId: e.id, intentId, refundId: r.id, amount: minor(r.amount), currency: r.currency.toUpperCase() };
    }
    case 'charge.dispute.created': {
      const d = e.data.object;
      const intentId = idOf(d.payment_intent);
      if (!intentId || d.status.startsWith('warning_')) return ignored;
      return { type: 'dispute.opened', eventId: e.id, intentId, disputeId: d.id, amount: minor(d.amount), currency: d.currency.toUpperCase(), fee: disputeFee(d), reason: d.reason ?? null };
    }
    case 'charge.dispute.closed': {
      const d = e.data.object;
      const intentId = idOf(d.payment_intent);
      if (!intentId) return ignored;
      if (d.status === 'won') {
        return { type: 'dispute.won', eventId: e.id, intentId, disputeId: d.id, amount: minor(d.amount), currency: d.currency.toUpperCase(), feeReturned: disputeFeeReturned(d) };
      }
      return d.status === 'lost' ? { type: 'dispute.lost', eventId: e.id, intentId, disputeId: d.id } : ignored;
    }
    case 'payout.paid': {
      const p = e.data.object;
      return { type: 'payout.paid', eventId: e.id, payoutId: p.id, amount: minor(p.amount), currency: p.currency.toUpperCase(), arrivalDate: isoDay(p.arrival_date), fees: null };
    }
    default:
      return ignored;
  }
}

/** An API answer read as the event its webhook would bring: handled once either way (see gateway-events.ts). */
const asEvent = (id: string, type: 'payment_intent.succeeded' | 'payment_intent.amount_capturable_updated', pi: Stripe.PaymentIntent) =>
  fromStripeEvent({ id, object: 'event', type, data: { object: pi } } as unknown as Stripe.Event);

/** Stripe through its official SDK: PaymentIntents, capture, refunds, disputes and payouts from signed webhooks. */
export class StripeGateway implements GatewayAdapter {
  readonly name = 'stripe';
  private client: Stripe | null = null;

  /** `httpClient` replaces the network (tests); the SDK's own otherwise. */
  constructor(private readonly keys: StripeKeys, private readonly httpClient?: ReturnType<typeof Stripe.createFetchHttpClient>) {}

  /** The API client, made when first needed: verifying webhooks takes only the webhook secret. */
  private get stripe(): Stripe {
    if (!this.keys.secretKey) throw new Failure('invalid_state', 'Stripe is not configured: set its secret key (PUT /api/settings/payment-gateway or STRIPE_SECRET_KEY)');
    this.client ??= new Stripe(this.keys.secretKey, { maxNetworkRetries: 2, ...(this.httpClient && { httpClient: this.httpClient }) });
    return this.client;
  }

  get publishableKey(): string | null {
    return this.keys.publishableKey;
  }

  async createIntent(r: IntentRequest): Promise<Intent> {
    const pi = await this.stripe.paymentIntents.create({
      amount: amountFor(r.amount),
      currency: r.currency.toLowerCase(),
      capture_method: r.capture === 'manual' ? 'manual' : 'automatic',
      automatic_payment_methods: { enabled: true },
      description: `Invoice ${r.invoiceNumber}`,
      metadata: { tenant_id: r.tenantId, invoice_id: r.invoiceId, invoice_number: r.invoiceNumber },
    }, { idempotencyKey: r.idempotencyKey });
    return { intentId: pi.id, clientSecret: pi.client_secret };
  }

  async capture(c: { intentId: string; amount: bigint; currency: string }): Promise<GatewayEvent | null> {
    const pi = await this.stripe.paymentIntents.capture(c.intentId, { amount_to_capture: amountFor(c.amount) });
    return pi.status === 'succeeded' ? asEvent(`capture:${pi.id}`, 'payment_intent.succeeded', pi) : null;
  }

  async refund(intentId: string, amount: bigint, idempotencyKey: string): Promise<RefundResult> {
    const r = await this.stripe.refunds.create({ payment_intent: intentId, amount: amountFor(amount) }, { idempotencyKey });
    const status = r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' || r.status === 'canceled' ? 'failed' : 'pending';
    return { refundId: r.id, amount: minor(r.amount), status };
  }

  parseWebhook(d: WebhookDelivery): GatewayEvent {
    if (!this.keys.webhookSecret) throw invalid('signature', 'payment webhook rejected: no Stripe webhook secret is configured for this tenant');
    const header = d.headers['stripe-signature'];
    if (!header) throw invalid('signature', 'payment webhook rejected: no Stripe-Signature header');
    // The SDK refuses old timestamps only; one far ahead of our clock would stay replayable for that long.
    const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})/.exec(header)?.[1] ?? NaN);
    if (signedAt > d.now.getTime() / 1000 + STRIPE_TOLERANCE_SECONDS) throw invalid('signature', 'payment webhook rejected: the signed timestamp is ahead of our clock');
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(d.rawBody, header, this.keys.webhookSecret, STRIPE_TOLERANCE_SECONDS, undefined, d.now.getTime());
    } catch (e) {
      if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw invalid('signature', `payment webhook rejected: ${/tolerance/i.test(e.message) ? 'the signed timestamp is too old' : 'the signature does not match'}`);
      }
      throw invalid('body', 'payment webhook rejected: the body is not a Stripe event');
    }
    return fromStripeEvent(event);
  }

  /**
   * The processing fees a payout settled: the fees on its balance transactions, less the dispute fees (booked
   * when the dispute opened, and given back when it was won) and the payout itself.
   */
  async payoutFees(payoutId: string): Promise<bigint> {
    let fees = 0n;
    for await (const t of this.stripe.balanceTransactions.list({ payout: payoutId, limit: 100 })) {
      if (t.type === 'payout' || t.reporting_category === 'dispute' || t.reporting_category === 'dispute_reversal') continue;
      fees += minor(t.fee);
    }
    return fees;
  }

  /** The intent as it stands, as the event its webhook brings (the customer's return from the pay page may come first). */
  async status(intentId: string): Promise<GatewayEvent | null> {
    const pi = await this.stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] });
    if (pi.status === 'succeeded') return asEvent(`return:${pi.id}:succeeded`, 'payment_intent.succeeded', pi);
    if (pi.status === 'requires_capture') return asEvent(`return:${pi.id}:requires_capture`, 'payment_intent.amount_capturable_updated', pi);
    return null;
  }
}
