import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { dbKinds } from '../support/db.ts';
import { world, type World } from '../support/world.ts';
import { apiWorld, tableCounts, type ApiWorld, type Reply } from '../support/api.ts';
import { baseViolations, booksViolations, paymentViolations } from '../support/invariants.ts';
import { captureOrder } from '../../src/orders/capture.ts';
import { shipOrder } from '../../src/fulfillment/ship.ts';
import { getInvoice, listInvoices } from '../../src/billing/queries.ts';
import { accountBalances } from '../../src/ledger/reports.ts';
import { ACCOUNTS } from '../../src/ledger/chart.ts';
import { recordPayment } from '../../src/payments/payments.ts';
import { timelineOf } from '../../src/events/timeline.ts';
import { handleGatewayEvent } from '../../src/payments/gateways/gateway-events.ts';
import { listGatewayPayments } from '../../src/payments/gateways/gateway-payments.ts';
import { createPaymentLink } from '../../src/payments/gateways/payment-links.ts';
import { useStripeTransport } from '../../src/payments/gateways/settings.ts';
import { testGatewayFee } from '../../src/payments/gateways/test-gateway.ts';
import { formatAmount } from '../../src/shared/money.ts';

function assertProblem(r: Reply, status: number, code: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.equal(r.json.code, code);
  if (field) assert.equal(r.json.field, field);
}

const WEBHOOK_SECRET = 'whsec_integration0123456789abcdef';
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

for (const kind of await dbKinds()) {
  describe(`payments: card payments through gateways, pay-by-link [${kind}]`, () => {
    let w: World;
    let api: ApiWorld;
    let seq = 0;

    before(async () => {
      w = await world(kind);
      api = await apiWorld(w.db);
    });
    after(async () => {
      useStripeTransport(undefined);
      await api?.close();
      await w?.close();
    });

    /** A tenant with an admin and a billing clerk, a customer and a product: each scenario its own books. */
    const shop = async () => {
      const slug = `pay${++seq}`;
      const made = await api.tenantWithAdmin(slug);
      const t = w.forTenant(made.tenant.id);
      const billing = (await api.user(made.token, slug, 'Bea Billing', ['billing'])).token;
      const customer = await t.customer({ customer_number: 'C1', name: 'Kunde GmbH', email: `buyer@${slug}.test`, country: 'DE', address_line: 'Hauptstr. 1', city: 'Berlin', postal_code: '10115' });
      await t.product('CARD-1', '100.00', 1000n);
      /** An invoice of `qty` × 100.00 EUR + 19 % VAT, issued when the order shipped. */
      const invoice = async (qty = 1) => {
        const order = await t.run((tx, s) => captureOrder(tx, s, { customer_id: customer.id, lines: [{ sku: 'CARD-1', quantity: qty }], confirm: true }));
        await t.run((tx, s) => shipOrder(tx, s, order.id, { carrier: 'manual', tracking_number: `T-${order.order_number}` }));
        await api.settle();
        const [inv] = await listInvoices(w.db, t.tenantId, { orderId: order.id });
        return inv.invoice;
      };
      const open = async (invoiceId: string) => (await getInvoice(w.db, t.tenantId, invoiceId)).open;
      const balance = async (account: string) => (await accountBalances(w.db, t.tenantId, account)).get('EUR') ?? 0n;
      const sound = async () => {
        await api.settle();
        assert.deepEqual(await booksViolations(w.db, t.tenantId), []);
        assert.deepEqual(await paymentViolations(w.db, t.tenantId), []);
        assert.deepEqual(await baseViolations(w.db, t.tenantId), []);
      };
      const entries = async () => Number((await w.db.query<{ n: bigint }>('SELECT COUNT(*)::bigint AS n FROM journal_entries WHERE tenant_id = $1', [t.tenantId]))[0].n);
      return { slug, t, admin: made.token, billing, customer, invoice, open, balance, sound, entries };
    };
    type Shop = Awaited<ReturnType<typeof shop>>;

    const link = async (sh: Shop, invoiceId: string) => {
      const r = await api.call('POST', `/api/invoices/${invoiceId}/payment-link`, { token: sh.billing });
      assert.equal(r.status, 201, r.body);
      return r.json as { url: string; token: string; amount_open: string; invoice_number: string };
    };
    const pathOf = (url: string) => new URL(url).pathname;
    const pay = (url: string, card: string) => api.call('POST', pathOf(url), {
      body: `card_number=${encodeURIComponent(card)}&expiry=12%2F30`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    it('pays an invoice by link with the test gateway: a declined card writes no entry, 4242 pays what is open into clearing', async () => {
      const sh = await shop();
      const inv = await sh.invoice(2);
      assert.equal(inv.total, 23800n);
      const l = await link(sh, inv.id);
      assert.match(l.url, new RegExp(`/pay/${sh.slug}/[A-Za-z0-9_-]{32}$`));
      assert.deepEqual([l.invoice_number, l.amount_open], [inv.invoice_number, '238.00']);

      const page = await api.call('GET', pathOf(l.url));
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.ok(page.body.includes(inv.invoice_number) && page.body.includes('238.00 EUR'), page.body);
      assert.ok(page.body.includes('name="card_number"'));

      const before = await sh.entries();
      const declined = await pay(l.url, '4000 0000 0000 0002');
      assert.equal(declined.status, 402);
      assert.match(declined.body, /card declined/);
      assert.equal(await sh.entries(), before, 'a declined card posts nothing');
      assert.equal(await sh.open(inv.id), 23800n);
      const badNumber = await pay(l.url, '4242 4242 4242 4241');
      assert.equal(badNumber.status, 400);
      assert.match(badNumber.body, /not a valid card number/);

      const paid = await pay(l.url, '4242 4242 4242 4242');
      assert.equal(paid.status, 200, paid.body);
      assert.match(paid.body, /payment was received/);
      assert.equal(await sh.open(inv.id), 0n);
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 23800n, 'Dr Gateway clearing');
      assert.equal(await sh.balance(ACCOUNTS.bank), 0n, 'nothing in the bank before the payout');
      const [gp, failedGp] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id });
      assert.deepEqual([gp.status, gp.captured, gp.fee, gp.method], ['succeeded', 23800n, testGatewayFee(23800n, 'EUR'), 'card']);
      assert.deepEqual([failedGp.status, failedGp.failure_reason], ['failed', 'card declined (card ending 0002)']);
      await sh.sound();
      assert.equal((await getInvoice(w.db, sh.t.tenantId, inv.id)).invoice.status, 'paid');
      const tl = await timelineOf(w.db, sh.t.tenantId, 'invoice', inv.id);
      assert.ok(tl.some((e) => e.event_type === 'payment.gateway_failed'), 'the decline is on the invoice timeline');

      // Paid: the page says so, paying again writes nothing, a new link is refused.
      const again = await api.call('GET', pathOf(l.url));
      assert.match(again.body, /is paid/);
      assert.doesNotMatch(again.body, /card_number/);
      const counts = await tableCounts(w.db, sh.t.tenantId);
      assert.equal((await pay(l.url, '4242424242424242')).status, 409);
      assert.deepEqual(await tableCounts(w.db, sh.t.tenantId), counts);
      assertProblem(await api.call('POST', `/api/invoices/${inv.id}/payment-link`, { token: sh.billing }), 409, 'invalid_state');
      assert.equal((await api.call('GET', `/pay/${sh.slug}/${'x'.repeat(32)}`)).status, 404);
      assert.equal((await api.call('GET', `/pay/nobody/${l.token}`)).status, 404);
    });

    it('pays only what is open: after a part paid by bank transfer, and refuses links without the right role', async () => {
      const sh = await shop();
      const inv = await sh.invoice(1);
      const l = await link(sh, inv.id);
      await sh.t.run((tx, s) => recordPayment(tx, s, { customer_id: sh.customer.id, amount: '19.00', apply: [{ invoice_id: inv.id, amount: '19.00' }] }));
      assert.match((await api.call('GET', pathOf(l.url))).body, /100\.00 EUR/);
      assert.equal((await pay(l.url, '5555 5555 5555 4444')).status, 200);
      const [gp] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id });
      assert.equal(gp.captured, 10000n);
      assert.equal(await sh.open(inv.id), 0n);
      await sh.sound();
      const warehouse = (await api.user(sh.admin, sh.slug, 'Walt Warehouse', ['warehouse'])).token;
      assertProblem(await api.call('POST', `/api/invoices/${inv.id}/payment-link`, { token: warehouse }), 403, 'forbidden');
      assertProblem(await api.call('POST', `/api/invoices/${inv.id}/payment-link`), 401, 'unauthenticated');
      assertProblem(await api.call('POST', '/api/invoices/0190a0a0-0000-7000-8000-000000000000/payment-link', { token: sh.billing }), 404, 'not_found');
    });

    it('refunds part of a card payment (the invoice is open again for it) and pays out to the bank net of fees', async () => {
      const sh = await shop();
      const inv = await sh.invoice(1);
      assert.equal((await pay((await link(sh, inv.id)).url, '4242424242424242')).status, 200);
      const [gp] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id });

      assertProblem(await api.call('POST', `/api/payment-gateway/payments/${gp.id}/refund`, { token: sh.billing, body: { amount: '119.01' } }), 400, 'invalid_input', 'amount');
      const r = await api.call('POST', `/api/payment-gateway/payments/${gp.id}/refund`, { token: sh.billing, body: { amount: '19.00' }, headers: { 'idempotency-key': 'refund-1' } });
      assert.equal(r.status, 200, r.body);
      assert.deepEqual([r.json.refund_status, r.json.refunded], ['succeeded', '19.00']);
      const replay = await api.call('POST', `/api/payment-gateway/payments/${gp.id}/refund`, { token: sh.billing, body: { amount: '19.00' }, headers: { 'idempotency-key': 'refund-1' } });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(await sh.open(inv.id), 1900n, 'Dr AR: the refunded part is owed again');
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 10000n, 'Cr Gateway clearing');
      await sh.sound();

      const fee = testGatewayFee(11900n, 'EUR');
      const p = await api.call('POST', '/api/payment-gateway/payouts', { token: sh.billing });
      assert.equal(p.status, 200, p.body);
      assert.equal(p.json.items.length, 1);
      assert.equal(await sh.balance(ACCOUNTS.bank), 10000n - fee, 'Dr Bank: what arrived');
      assert.equal(await sh.balance(ACCOUNTS.processingFees), fee, 'Dr Processing fees');
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 0n, 'clearing emptied');
      assert.deepEqual((await api.call('POST', '/api/payment-gateway/payouts', { token: sh.billing })).json.items, [], 'nothing left to pay out');
      assertProblem(await api.call('POST', `/api/payment-gateway/payments/${gp.id}/refund`, { token: sh.billing, body: { amount: '100.01' } }), 400, 'invalid_input', 'amount');
      await sh.sound();
    });

    it('books a chargeback (invoice open again, fee), a dispute won (paid again, fee back) and one lost (stays open)', async () => {
      const sh = await shop();
      const [a, b] = [await sh.invoice(1), await sh.invoice(1)];
      for (const inv of [a, b]) assert.equal((await pay((await link(sh, inv.id)).url, '4242424242424242')).status, 200);
      const [ga] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: a.id });
      const [gb] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: b.id });
      const event = (e: Parameters<typeof handleGatewayEvent>[3]) => sh.t.run((tx, s) => handleGatewayEvent(tx, s, 'test', e));

      const opened = await event({ type: 'dispute.opened', eventId: 'tev_d1', intentId: ga.intent_id, disputeId: 'tdp_1', amount: 11900n, currency: 'EUR', fee: 1500n, reason: 'fraudulent' });
      assert.match(opened.outcome, /open again/);
      assert.equal((await event({ type: 'dispute.opened', eventId: 'tev_d1', intentId: ga.intent_id, disputeId: 'tdp_1', amount: 11900n, currency: 'EUR', fee: 1500n, reason: null })).duplicate, true);
      assert.match((await event({ type: 'dispute.opened', eventId: 'tev_d1b', intentId: ga.intent_id, disputeId: 'tdp_1', amount: 11900n, currency: 'EUR', fee: 1500n, reason: null })).outcome, /recorded before/);
      assert.equal(await sh.open(a.id), 11900n, 'Dr AR: the invoice is open again');
      assert.equal(await sh.balance(ACCOUNTS.chargebackFees), 1500n, 'Dr Chargeback fees');
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 11900n - 1500n);
      await sh.sound();
      assert.equal((await getInvoice(w.db, sh.t.tenantId, a.id)).invoice.status, 'issued');
      assert.ok((await timelineOf(w.db, sh.t.tenantId, 'invoice', a.id)).some((e) => e.event_type === 'payment.chargeback'));

      await event({ type: 'dispute.won', eventId: 'tev_d2', intentId: ga.intent_id, disputeId: 'tdp_1', amount: 11900n, currency: 'EUR', feeReturned: 1500n });
      assert.equal(await sh.open(a.id), 0n, 'won: paid again');
      assert.equal(await sh.balance(ACCOUNTS.chargebackFees), 0n, 'the fee came back');
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 23800n);
      assert.match((await event({ type: 'dispute.lost', eventId: 'tev_d3', intentId: ga.intent_id, disputeId: 'tdp_1' })).outcome, /won already/);

      await event({ type: 'dispute.opened', eventId: 'tev_d4', intentId: gb.intent_id, disputeId: 'tdp_2', amount: 5000n, currency: 'EUR', fee: 1500n, reason: 'product_not_received' });
      await event({ type: 'dispute.lost', eventId: 'tev_d5', intentId: gb.intent_id, disputeId: 'tdp_2' });
      assert.equal(await sh.open(b.id), 5000n, 'lost: the disputed part stays open');
      assert.equal(await sh.balance(ACCOUNTS.chargebackFees), 1500n);
      await sh.sound();

      // A payout after all that empties clearing exactly.
      await api.call('POST', '/api/payment-gateway/payouts', { token: sh.billing });
      assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 0n);
      assert.equal(await sh.balance(ACCOUNTS.bank) + await sh.balance(ACCOUNTS.processingFees), 23800n - 5000n - 1500n);
      await sh.sound();
    });

    describe('Stripe', () => {
      let sh: Shop;
      const stripeCalls: string[] = [];
      let intentStatus = 'succeeded';
      let currentInvoice = '';
      let intentId = 'pi_return';

      before(async () => {
        sh = await shop();
        const r = await api.call('PUT', '/api/settings/payment-gateway', {
          token: sh.admin, body: { gateway: 'stripe', stripe_secret_key: 'sk_test_integration0123', stripe_publishable_key: 'pk_test_integration0123', stripe_webhook_secret: WEBHOOK_SECRET },
        });
        assert.equal(r.status, 200, r.body);
        // Stripe's API answered here: no network in tests.
        useStripeTransport(Stripe.createFetchHttpClient((async (url: string | URL) => {
          const path = new URL(String(url)).pathname;
          stripeCalls.push(path);
          const body = path.startsWith('/v1/balance_transactions')
            ? { object: 'list', has_more: false, url: path, data: [{ id: 'txn_1', object: 'balance_transaction', type: 'charge', reporting_category: 'charge', fee: 192, amount: 11900 }] }
            : { ...intentObject(intentId, 11900, currentInvoice), status: intentStatus, client_secret: `${intentId}_secret_1` };
          return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
        }) as typeof fetch));
      });

      const intentObject = (id: string, amount: number, invoiceId: string) => ({
        id, object: 'payment_intent', amount, amount_received: amount, amount_capturable: 0, currency: 'eur', status: 'succeeded', latest_charge: 'ch_1',
        last_payment_error: null, metadata: { tenant_id: sh.t.tenantId, invoice_id: invoiceId, invoice_number: 'x' },
      });
      const webhook = (event: object, o: { secret?: string; at?: Date; slug?: string } = {}) => {
        const raw = JSON.stringify(event);
        const header = Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: o.secret ?? WEBHOOK_SECRET, timestamp: unix(o.at ?? new Date()) });
        return api.call('POST', `/api/webhooks/payments/stripe?tenant=${o.slug ?? sh.slug}`, { body: raw, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
      };
      const ev = (id: string, type: string, object: object) => ({ id, object: 'event', type, created: unix(new Date()), data: { object } });

      it('keeps Stripe\'s secrets write-only and checks their shape', async () => {
        const r = await api.call('GET', '/api/settings/payment-gateway', { token: sh.admin });
        assert.deepEqual(r.json, { gateway: 'stripe', stripe: { secret_key_set: true, publishable_key: 'pk_test_integration0123', webhook_secret_set: true }, webhook_url: `/api/webhooks/payments/stripe?tenant=${sh.slug}` });
        assert.doesNotMatch(r.body, /sk_test|whsec_/);
        assertProblem(await api.call('PUT', '/api/settings/payment-gateway', { token: sh.admin, body: { gateway: 'stripe', stripe_secret_key: 'pk_live_wrongkind123' } }), 400, 'invalid_input', 'stripe_secret_key');
        assertProblem(await api.call('GET', '/api/settings/payment-gateway', { token: sh.billing }), 403, 'forbidden');
      });

      it('records a signed payment_intent.succeeded once: a replay and a second event of the same intent post nothing', async () => {
        const inv = await sh.invoice(1);
        const body = ev('evt_pay_1', 'payment_intent.succeeded', intentObject('pi_1', 11900, inv.id));
        const first = await webhook(body);
        assert.equal(first.status, 200, first.body);
        assert.deepEqual([first.json.duplicate, first.json.type], [false, 'payment.succeeded']);
        assert.equal(await sh.open(inv.id), 0n);
        const counts = await tableCounts(w.db, sh.t.tenantId);
        const replay = await webhook(body);
        assert.deepEqual([replay.status, replay.json.duplicate], [200, true]);
        const other = await webhook(ev('evt_pay_1_again', 'payment_intent.succeeded', intentObject('pi_1', 11900, inv.id)));
        assert.match(other.json.outcome, /recorded before/);
        const after = await tableCounts(w.db, sh.t.tenantId);
        assert.deepEqual({ ...after, outbox: 0, timeline_entries: 0 }, { ...counts, outbox: 0, timeline_entries: 0 });
        assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 11900n);
        await sh.sound();
      });

      it('refuses a wrong signature, a stale timestamp, a tampered body, an unknown tenant: 400, nothing written', async () => {
        const inv = await sh.invoice(1);
        const body = ev('evt_bad_1', 'payment_intent.succeeded', intentObject('pi_bad', 11900, inv.id));
        const counts = await tableCounts(w.db, sh.t.tenantId);
        assertProblem(await webhook(body, { secret: 'whsec_not_the_one_0123456789' }), 400, 'invalid_input', 'signature');
        assertProblem(await webhook(body, { at: new Date(Date.now() - 10 * 60_000) }), 400, 'invalid_input', 'signature');
        const raw = JSON.stringify(body);
        const header = Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: WEBHOOK_SECRET });
        const tampered = await api.call('POST', `/api/webhooks/payments/stripe?tenant=${sh.slug}`, { body: raw.replace('11900', '1'), headers: { 'content-type': 'application/json', 'stripe-signature': header } });
        assertProblem(tampered, 400, 'invalid_input', 'signature');
        assertProblem(await api.call('POST', `/api/webhooks/payments/stripe?tenant=${sh.slug}`, { body: raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_input', 'signature');
        assertProblem(await webhook(body, { slug: 'nobody' }), 400, 'invalid_input', 'tenant');
        assertProblem(await api.call('POST', `/api/webhooks/payments/paypal?tenant=${sh.slug}`, { body: raw, headers: { 'content-type': 'application/json', 'stripe-signature': header } }), 404, 'not_found');
        assert.deepEqual(await tableCounts(w.db, sh.t.tenantId), counts);
        assert.equal(await sh.open(inv.id), 11900n);
      });

      it('books Stripe refunds, chargebacks and a dispute won from webhooks, and a payout with the fees Stripe reports', async () => {
        const inv = await sh.invoice(1);
        await webhook(ev('evt_p2', 'payment_intent.succeeded', intentObject('pi_2', 11900, inv.id)));
        const refund = { id: 're_2', object: 'refund', amount: 1900, currency: 'eur', payment_intent: 'pi_2', status: 'succeeded' };
        assert.equal((await webhook(ev('evt_r2', 'refund.created', refund))).json.type, 'refund.succeeded');
        assert.equal((await webhook(ev('evt_r2u', 'refund.updated', refund))).json.outcome, 'refund re_2 was recorded before');
        assert.equal(await sh.open(inv.id), 1900n);
        const dispute = { id: 'dp_2', object: 'dispute', amount: 10000, currency: 'eur', payment_intent: 'pi_2', reason: 'fraudulent', status: 'needs_response',
          balance_transactions: [{ id: 'txn_d', object: 'balance_transaction', amount: -10000, fee: 1500, reporting_category: 'dispute', type: 'adjustment' }] };
        await webhook(ev('evt_d2', 'charge.dispute.created', dispute));
        assert.equal(await sh.open(inv.id), 11900n);
        await sh.sound();
        await webhook(ev('evt_d2c', 'charge.dispute.closed', { ...dispute, status: 'won', balance_transactions: [...dispute.balance_transactions,
          { id: 'txn_r', object: 'balance_transaction', amount: 10000, fee: -1500, reporting_category: 'dispute_reversal', type: 'adjustment' }] }));
        assert.equal(await sh.open(inv.id), 1900n);
        await sh.sound();

        const clearing = await sh.balance(ACCOUNTS.gatewayClearing);
        const bank = await sh.balance(ACCOUNTS.bank);
        const payout = { id: 'po_1', object: 'payout', amount: Number(clearing) - 192, currency: 'eur', arrival_date: unix(new Date()), status: 'paid' };
        const p = await webhook(ev('evt_po1', 'payout.paid', payout));
        assert.equal(p.status, 200, p.body);
        assert.ok(stripeCalls.some((c) => c === '/v1/balance_transactions'), 'the payout\'s fees asked of Stripe');
        assert.equal(await sh.balance(ACCOUNTS.gatewayClearing), 0n);
        assert.equal(await sh.balance(ACCOUNTS.processingFees), 192n);
        assert.equal(await sh.balance(ACCOUNTS.bank) - bank, clearing - 192n);
        assert.equal((await webhook(ev('evt_po1_again', 'payout.paid', payout))).json.outcome, 'payout po_1 was recorded before');
        await sh.sound();
      });

      it('captures an authorised payment once: the capture\'s answer and the webhook after it', async () => {
        const inv = await sh.invoice(1);
        currentInvoice = inv.id;
        const auth = await webhook(ev('evt_auth', 'payment_intent.amount_capturable_updated',
          { ...intentObject('pi_return', 11900, inv.id), status: 'requires_capture', amount_received: 0, amount_capturable: 11900 }));
        assert.equal(auth.json.type, 'payment.authorized', auth.body);
        const [gp] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id });
        assert.equal(gp.status, 'authorized');
        assert.equal(await sh.open(inv.id), 11900n, 'an authorisation takes nothing yet');
        assertProblem(await api.call('POST', `/api/payment-gateway/payments/${gp.id}/capture`, { token: sh.billing, body: { amount: '119.01' } }), 400, 'invalid_input', 'amount');
        const c = await api.call('POST', `/api/payment-gateway/payments/${gp.id}/capture`, { token: sh.billing });
        assert.equal(c.status, 200, c.body);
        assert.deepEqual([c.json.status, c.json.captured], ['succeeded', '119.00']);
        assert.ok(stripeCalls.includes('/v1/payment_intents/pi_return/capture'));
        const late = await webhook(ev('evt_captured', 'payment_intent.succeeded', intentObject('pi_return', 11900, inv.id)));
        assert.match(late.json.outcome, /recorded before/);
        assert.equal(await sh.open(inv.id), 0n);
        assertProblem(await api.call('POST', `/api/payment-gateway/payments/${gp.id}/capture`, { token: sh.billing }), 409, 'invalid_state');
        await sh.sound();
      });

      it('pays on Stripe\'s page: the customer\'s return and the webhook, at the same time, post once', async () => {
        const inv = await sh.invoice(1);
        currentInvoice = inv.id;
        intentId = 'pi_page';
        const l = await sh.t.run((tx, s) => createPaymentLink(tx, s, { invoiceId: inv.id }));
        const page = await api.call('GET', pathOf(l.url));
        assert.equal(page.status, 200, page.body);
        assert.match(page.body, /js\.stripe\.com/);
        assert.match(page.body, /pi_page_secret_1/);
        const [ret, hook] = await Promise.all([
          api.call('GET', `${pathOf(l.url)}/return?payment_intent=pi_page`),
          webhook(ev('evt_return_race', 'payment_intent.succeeded', intentObject('pi_page', 11900, inv.id))),
        ]);
        assert.equal(ret.status, 200, ret.body);
        assert.equal(hook.status, 200, hook.body);
        assert.match(ret.body, /is paid/);
        const gps = (await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id }));
        assert.equal(gps.length, 1);
        const payments = await w.db.query('SELECT id FROM payments WHERE tenant_id = $1 AND reference = $2', [sh.t.tenantId, 'stripe pi_page']);
        assert.equal(payments.length, 1, 'one payment for one intent');
        assert.equal(formatAmount(await sh.open(inv.id), 'EUR'), '0.00');
        await sh.sound();
      });
    });

    it('posts once when the same event arrives twice at once, and when two customers submit the same link at once', async () => {
      const sh = await shop();
      const inv = await sh.invoice(1);
      const l = await link(sh, inv.id);
      const submits = await Promise.all([pay(l.url, '4242424242424242'), pay(l.url, '4242424242424242'), pay(l.url, '5555555555554444')]);
      assert.deepEqual(submits.map((r) => r.status).sort(), [200, 409, 409]);
      const paid = await w.db.query('SELECT id FROM payments WHERE tenant_id = $1', [sh.t.tenantId]);
      assert.equal(paid.length, 1);

      const inv2 = await sh.invoice(1);
      const [gp] = await listGatewayPayments(w.db, sh.t.tenantId, { invoiceId: inv.id });
      const same = { type: 'payment.succeeded' as const, eventId: 'tev_same', intentId: 'tpi_race', amount: 11900n, currency: 'EUR', method: 'card' as const, fee: 200n,
        metadata: { tenant_id: sh.t.tenantId, invoice_id: inv2.id } };
      const results = await Promise.all([1, 2, 3].map((i) => sh.t.run((tx, s) => handleGatewayEvent(tx, s, 'test', i === 3 ? { ...same, eventId: 'tev_redirect' } : same))));
      assert.equal(results.filter((r) => !r.duplicate && !/recorded before/.test(r.outcome)).length, 1, JSON.stringify(results));
      assert.equal((await w.db.query('SELECT id FROM payments WHERE tenant_id = $1', [sh.t.tenantId])).length, 2);
      assert.equal(await sh.open(inv2.id), 0n);
      assert.equal(gp.status, 'succeeded');
      await sh.sound();
    });
  });
}
