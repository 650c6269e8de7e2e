// A payment gateway behind one interface: o2c asks it to take an amount for an invoice, to capture and to
// refund, and learns what happened from its webhooks, which every adapter turns into the same few events.
// Amounts are minor units (bigint) and currencies ISO codes in upper case, whatever the gateway writes.

export type GatewayMethod = 'card' | 'wallet';

export interface IntentRequest {
  amount: bigint;
  currency: string;
  invoiceId: string;
  invoiceNumber: string;
  tenantId: string;
  /** manual: the money is only authorised until capture() is called. */
  capture: 'automatic' | 'manual';
  /** Sent to the gateway so that a retried request makes no second intent. */
  idempotencyKey: string;
}

export interface Intent {
  intentId: string;
  /** What the gateway's client-side script needs to confirm the intent (Stripe's client secret); null if none. */
  clientSecret: string | null;
}

export interface RefundResult {
  refundId: string;
  amount: bigint;
  /** Refunds that the gateway only confirms later are posted when its webhook says so. */
  status: 'succeeded' | 'pending' | 'failed';
}

/** What a gateway tells us, normalized. Each carries the gateway's event id: an event is handled once. */
export type GatewayEvent =
  | { type: 'payment.succeeded'; eventId: string; intentId: string; amount: bigint; currency: string; method: GatewayMethod;
    /** The processing fee when the gateway says it with the payment; else it comes with the payout. */
    fee: bigint | null; metadata: Record<string, string> }
  | { type: 'payment.authorized'; eventId: string; intentId: string; amount: bigint; currency: string; metadata: Record<string, string> }
  | { type: 'payment.failed'; eventId: string; intentId: string; reason: string; metadata: Record<string, string> }
  | { type: 'refund.succeeded'; eventId: string; intentId: string; refundId: string; amount: bigint; currency: string }
  | { type: 'dispute.opened'; eventId: string; intentId: string; disputeId: string; amount: bigint; currency: string; fee: bigint; reason: string | null }
  | { type: 'dispute.won'; eventId: string; intentId: string; disputeId: string; amount: bigint; currency: string; feeReturned: bigint }
  | { type: 'dispute.lost'; eventId: string; intentId: string; disputeId: string }
  | { type: 'payout.paid'; eventId: string; payoutId: string; amount: bigint; currency: string; arrivalDate: string;
    /** Processing fees settled by this payout; null when the gateway must be asked (GatewayAdapter.payoutFees). */
    fees: bigint | null }
  /** Anything else the gateway sends: acknowledged, recorded, nothing to do. */
  | { type: 'ignored'; eventId: string; gatewayType: string };

export interface WebhookDelivery {
  rawBody: string;
  headers: Record<string, string | undefined>;
  now: Date;
}

export interface GatewayAdapter {
  readonly name: string;
  createIntent(r: IntentRequest): Promise<Intent>;
  /** Captures an authorised intent; the event when the gateway answers at once, else null (its webhook brings it). */
  capture(c: { intentId: string; amount: bigint; currency: string }): Promise<GatewayEvent | null>;
  refund(intentId: string, amount: bigint, idempotencyKey: string): Promise<RefundResult>;
  /** Verifies the delivery came from the gateway (signature over the exact bytes, recent timestamp), then maps it; throws a Failure on field "signature" otherwise. */
  parseWebhook(d: WebhookDelivery): GatewayEvent;
  /** The processing fees a payout settled, for gateways whose payout event does not say. */
  payoutFees?(payoutId: string): Promise<bigint>;
  /** The intent as it stands now, as the event its webhook will bring (the customer may be back first); null while nothing happened. */
  status?(intentId: string): Promise<GatewayEvent | null>;
}
