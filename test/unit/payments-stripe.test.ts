import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { StripeGateway, STRIPE_TOLERANCE_SECONDS } from '../../src/payments/gateways/stripe.ts';
import { Failure } from '../../src/shared/failure.ts';

const SECRET = 'whsec_unit_test_secret_0123456789';
const NOW = new Date('2026-11-22T12:00:00Z');
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** A delivery as Stripe sends it: the event JSON and its Stripe-Signature header, made by the SDK's own helper. */
function signed(event: object, o: { secret?: string; at?: Date } = {}) {
  const rawBody = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: o.secret ?? SECRET, timestamp: unix(o.at ?? NOW) });
  return { rawBody, headers: { 'stripe-signature': header }, now: NOW };
}

const event = (type: string, object: object, id = `evt_${type.replaceAll('.', '_')}`) =>
  ({ id, object: 'event', api_version: Stripe.API_VERSION, created: unix(NOW), livemode: false, type, data: { object } });

const intent = (o: object = {}) => ({
  id: 'pi_3Q1', object: 'payment_intent', amount: 119000, amount_received: 119000, amount_capturable: 0, currency: 'eur', status: 'succeeded',
  latest_charge: 'ch_1', last_payment_error: null, metadata: { tenant_id: 't1', invoice_id: 'i1', invoice_number: 'INV-2026-000001' }, ...o,
});

const dispute = (o: object = {}) => ({
  id: 'dp_1', object: 'dispute', amount: 119000, currency: 'eur', payment_intent: 'pi_3Q1', charge: 'ch_1', reason: 'fraudulent', status: 'needs_response',
  balance_transactions: [{ id: 'txn_d1', object: 'balance_transaction', amount: -119000, fee: 1500, net: -120500, reporting_category: 'dispute', type: 'adjustment' }],
  ...o,
});

const gateway = (httpClient?: ReturnType<typeof Stripe.createFetchHttpClient>) =>
  new StripeGateway({ secretKey: 'sk_test_unit0123456789', webhookSecret: SECRET, publishableKey: 'pk_test_unit0123456789' }, httpClient);

function rejects(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Failure, `a Failure, not ${e}`);
    assert.equal(e.code, 'invalid_input');
    assert.equal(e.status, 400);
    assert.equal(e.field, 'signature');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('Stripe webhooks: verified with Stripe\'s signature scheme, mapped to gateway events', () => {
  const g = gateway();

  it('maps a succeeded PaymentIntent to a captured card payment in minor units and an upper-case currency', () => {
    const e = g.parseWebhook(signed(event('payment_intent.succeeded', intent())));
    assert.deepEqual(e, {
      type: 'payment.succeeded', eventId: 'evt_payment_intent_succeeded', intentId: 'pi_3Q1', amount: 119000n, currency: 'EUR', method: 'card', fee: null,
      metadata: { tenant_id: 't1', invoice_id: 'i1', invoice_number: 'INV-2026-000001' },
    });
  });

  it('tells a wallet payment (Apple Pay, Google Pay) by its charge', () => {
    const charge = { id: 'ch_1', object: 'charge', payment_method_details: { type: 'card', card: { wallet: { type: 'apple_pay' } } } };
    const e = g.parseWebhook(signed(event('payment_intent.succeeded', intent({ latest_charge: charge }))));
    assert.equal(e.type === 'payment.succeeded' && e.method, 'wallet');
  });

  it('maps authorisation, failure with the bank\'s reason, refunds and payouts', () => {
    const auth = g.parseWebhook(signed(event('payment_intent.amount_capturable_updated', intent({ status: 'requires_capture', amount_received: 0, amount_capturable: 50000 }))));
    assert.deepEqual([auth.type, auth.type === 'payment.authorized' && auth.amount], ['payment.authorized', 50000n]);

    const failed = g.parseWebhook(signed(event('payment_intent.payment_failed', intent({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } }))));
    assert.deepEqual([failed.type, failed.type === 'payment.failed' && failed.reason], ['payment.failed', 'Your card has insufficient funds.']);

    const refund = { id: 're_1', object: 'refund', amount: 20000, currency: 'eur', payment_intent: 'pi_3Q1', status: 'succeeded' };
    assert.deepEqual(g.parseWebhook(signed(event('refund.updated', refund))),
      { type: 'refund.succeeded', eventId: 'evt_refund_updated', intentId: 'pi_3Q1', refundId: 're_1', amount: 20000n, currency: 'EUR' });
    assert.equal(g.parseWebhook(signed(event('refund.created', { ...refund, status: 'pending' }))).type, 'ignored', 'a pending refund waits for its update');

    const payout = { id: 'po_1', object: 'payout', amount: 230550, currency: 'eur', arrival_date: unix(new Date('2026-11-24T00:00:00Z')), status: 'paid' };
    assert.deepEqual(g.parseWebhook(signed(event('payout.paid', payout))),
      { type: 'payout.paid', eventId: 'evt_payout_paid', payoutId: 'po_1', amount: 230550n, currency: 'EUR', arrivalDate: '2026-11-24', fees: null });
  });

  it('maps disputes: opened with Stripe\'s fee, won with the fee given back, lost; inquiries move no money', () => {
    assert.deepEqual(g.parseWebhook(signed(event('charge.dispute.created', dispute()))),
      { type: 'dispute.opened', eventId: 'evt_charge_dispute_created', intentId: 'pi_3Q1', disputeId: 'dp_1', amount: 119000n, currency: 'EUR', fee: 1500n, reason: 'fraudulent' });
    const reinstated = { id: 'txn_d2', object: 'balance_transaction', amount: 119000, fee: -1500, net: 120500, reporting_category: 'dispute_reversal', type: 'adjustment' };
    const won = dispute({ status: 'won', balance_transactions: [...dispute().balance_transactions, reinstated] });
    assert.deepEqual(g.parseWebhook(signed(event('charge.dispute.closed', won))),
      { type: 'dispute.won', eventId: 'evt_charge_dispute_closed', intentId: 'pi_3Q1', disputeId: 'dp_1', amount: 119000n, currency: 'EUR', feeReturned: 1500n });
    assert.deepEqual(g.parseWebhook(signed(event('charge.dispute.closed', dispute({ status: 'lost' })))),
      { type: 'dispute.lost', eventId: 'evt_charge_dispute_closed', intentId: 'pi_3Q1', disputeId: 'dp_1' });
    assert.equal(g.parseWebhook(signed(event('charge.dispute.created', dispute({ status: 'warning_needs_response', balance_transactions: [] })))).type, 'ignored');
    assert.deepEqual(g.parseWebhook(signed(event('customer.created', { id: 'cus_1', object: 'customer' }))),
      { type: 'ignored', eventId: 'evt_customer_created', gatewayType: 'customer.created' });
  });

  it('refuses a wrong secret, a tampered body, a stale or future timestamp, a missing header: 400 on the signature', () => {
    const body = event('payment_intent.succeeded', intent());
    rejects(() => g.parseWebhook(signed(body, { secret: 'whsec_someone_else_0123456789' })), /signature does not match/);
    const good = signed(body);
    rejects(() => g.parseWebhook({ ...good, rawBody: good.rawBody.replace('119000', '999000') }), /signature does not match/);
    rejects(() => g.parseWebhook({ ...good, rawBody: good.rawBody.replace(/\n/g, '\r\n') }), /signature does not match/);
    rejects(() => g.parseWebhook(signed(body, { at: new Date(NOW.getTime() - (STRIPE_TOLERANCE_SECONDS + 1) * 1000) })), /too old/);
    rejects(() => g.parseWebhook(signed(body, { at: new Date(NOW.getTime() + (STRIPE_TOLERANCE_SECONDS + 60) * 1000) })), /ahead of our clock/);
    rejects(() => g.parseWebhook({ ...good, headers: {} }), /no Stripe-Signature header/);
    rejects(() => g.parseWebhook({ ...good, headers: { 'stripe-signature': 'garbage' } }), /.+/);
    const unconfigured = new StripeGateway({ secretKey: null, webhookSecret: null, publishableKey: null });
    rejects(() => unconfigured.parseWebhook(good), /no Stripe webhook secret/);
    // Just inside the tolerance it is accepted.
    assert.equal(g.parseWebhook(signed(body, { at: new Date(NOW.getTime() - (STRIPE_TOLERANCE_SECONDS - 5) * 1000) })).type, 'payment.succeeded');
  });
});

describe('Stripe API calls through the SDK (no network: a stand-in transport answers)', () => {
  function transport(answer: (path: string, body: URLSearchParams) => object) {
    const calls: { method: string; path: string; body: URLSearchParams; idempotencyKey: string | null }[] = [];
    const fetchFn = async (url: string | URL, init?: RequestInit) => {
      const u = new URL(String(url));
      const headers = new Headers(init?.headers as HeadersInit);
      const body = new URLSearchParams(init?.method === 'GET' ? u.search : String(init?.body ?? ''));
      calls.push({ method: init?.method ?? 'GET', path: u.pathname, body, idempotencyKey: headers.get('idempotency-key') });
      return new Response(JSON.stringify(answer(u.pathname, body)), { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_unit' } });
    };
    return { calls, client: Stripe.createFetchHttpClient(fetchFn as typeof fetch) };
  }

  it('creates a PaymentIntent for an invoice in minor units, lower-case currency, with metadata and the idempotency key', async () => {
    const t = transport(() => ({ ...intent({ status: 'requires_payment_method', amount_received: 0 }), client_secret: 'pi_3Q1_secret_abc' }));
    const made = await gateway(t.client).createIntent({
      amount: 119000n, currency: 'EUR', invoiceId: 'i1', invoiceNumber: 'INV-2026-000001', tenantId: 't1', capture: 'manual', idempotencyKey: 'o2c-link-1-119000',
    });
    assert.deepEqual(made, { intentId: 'pi_3Q1', clientSecret: 'pi_3Q1_secret_abc' });
    const [c] = t.calls;
    assert.equal(c.path, '/v1/payment_intents');
    assert.equal(c.idempotencyKey, 'o2c-link-1-119000');
    assert.equal(c.body.get('amount'), '119000');
    assert.equal(c.body.get('currency'), 'eur');
    assert.equal(c.body.get('capture_method'), 'manual');
    assert.equal(c.body.get('metadata[invoice_id]'), 'i1');
    assert.equal(c.body.get('metadata[tenant_id]'), 't1');
  });

  it('captures (the answer is the captured payment) and refunds with an idempotency key', async () => {
    const t = transport((path) => (path.endsWith('/capture') ? intent() : { id: 're_9', object: 'refund', amount: 5000, currency: 'eur', payment_intent: 'pi_3Q1', status: 'pending' }));
    const g = gateway(t.client);
    const captured = await g.capture({ intentId: 'pi_3Q1', amount: 119000n, currency: 'EUR' });
    assert.equal(captured?.type, 'payment.succeeded');
    assert.equal(t.calls[0].path, '/v1/payment_intents/pi_3Q1/capture');
    assert.equal(t.calls[0].body.get('amount_to_capture'), '119000');
    assert.deepEqual(await g.refund('pi_3Q1', 5000n, 'o2c-refund-x'), { refundId: 're_9', amount: 5000n, status: 'pending' });
    assert.equal(t.calls[1].path, '/v1/refunds');
    assert.equal(t.calls[1].body.get('payment_intent'), 'pi_3Q1');
    assert.equal(t.calls[1].idempotencyKey, 'o2c-refund-x');
  });

  it('sums a payout\'s processing fees over its balance transactions, without dispute fees and the payout itself', async () => {
    const txn = (id: string, type: string, category: string, fee: number) => ({ id, object: 'balance_transaction', type, reporting_category: category, fee, amount: 1000 });
    const t = transport(() => ({
      object: 'list', url: '/v1/balance_transactions', has_more: false,
      data: [txn('txn_1', 'charge', 'charge', 1691), txn('txn_2', 'charge', 'charge', 725), txn('txn_3', 'adjustment', 'dispute', 1500),
        txn('txn_4', 'refund', 'refund', 0), txn('txn_5', 'payout', 'payout', 0)],
    }));
    assert.equal(await gateway(t.client).payoutFees('po_1'), 2416n);
    assert.equal(t.calls[0].path, '/v1/balance_transactions');
    assert.equal(t.calls[0].body.get('payout'), 'po_1');
  });

  it('reads the intent on the customer\'s return: succeeded as the event its webhook brings, otherwise nothing yet', async () => {
    let status = 'processing';
    const t = transport(() => intent({ status }));
    const g = gateway(t.client);
    assert.equal(await g.status('pi_3Q1'), null);
    status = 'succeeded';
    const e = await g.status('pi_3Q1');
    assert.equal(e?.type, 'payment.succeeded');
    assert.equal(e?.eventId, 'return:pi_3Q1:succeeded');
    assert.equal(t.calls[1].body.get('expand[0]'), 'latest_charge');
  });

  it('says Stripe is not configured instead of calling it without a key', async () => {
    const g = new StripeGateway({ secretKey: null, webhookSecret: SECRET, publishableKey: null });
    await assert.rejects(g.refund('pi_1', 100n, 'k'), (e: unknown) => e instanceof Failure && e.code === 'invalid_state' && /not configured/.test(e.message));
  });
});
