import type { Sql } from '../../db/db.ts';
import { getInvoice } from '../../billing/queries.ts';
import { emit } from '../../events/emit.ts';
import { ACCOUNTS } from '../../ledger/chart.ts';
import { post } from '../../ledger/post.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { applyPayment, getPayment, recordPayment, unapply } from '../payments.ts';
import { refundCredit } from '../refunds.ts';
import type { GatewayEvent } from './adapter.ts';
import { lockIntent, registerIntent, type GatewayPayment } from './gateway-payments.ts';

// What a gateway's events do to the books (the primer's card postings):
//   payment captured   Dr 1300 Gateway clearing / Cr 2200 Unapplied cash, applied at once: Dr 2200 / Cr 1100 AR
//   refund             the invoice opened again for it (the application undone), then Dr 2200 / Cr 1300
//   chargeback         the same with the card holder's bank as the cause, and Dr 6410 Chargeback fees / Cr 1300
//   dispute won        the money back: Dr 1300 / Cr 2200, applied to the invoice; a fee given back Dr 1300 / Cr 6410
//   payout             Dr 1000 Bank (what arrived), Dr 6400 Processing fees / Cr 1300 Gateway clearing
// Each event id is handled once (gateway_events), and every event of one intent holds the intent's row lock,
// so a webhook that comes twice, or races the customer's return from the pay page, posts once.

export interface EventReceipt {
  /** True when this event id was handled before: nothing changed. */
  duplicate: boolean;
  event_id: string;
  type: string;
  /** What it did, in a sentence. */
  outcome: string;
}

export async function handleGatewayEvent(tx: Sql, s: Scope, gateway: string, e: GatewayEvent): Promise<EventReceipt> {
  const type = e.type === 'ignored' ? e.gatewayType : e.type;
  const fresh = await tx.query(
    `INSERT INTO gateway_events (tenant_id, gateway, event_id, type, received_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, gateway, event_id) DO NOTHING RETURNING event_id`,
    [s.tenantId, gateway, e.eventId, type, s.now]);
  if (!fresh.length) return { duplicate: true, event_id: e.eventId, type, outcome: 'handled before' };
  return { duplicate: false, event_id: e.eventId, type, outcome: await handle(tx, s, gateway, e) };
}

async function handle(tx: Sql, s: Scope, gateway: string, e: GatewayEvent): Promise<string> {
  switch (e.type) {
    case 'ignored': return `${e.gatewayType}: nothing to do`;
    case 'payment.succeeded': return captured(tx, s, gateway, e);
    case 'payment.authorized': return authorized(tx, s, gateway, e);
    case 'payment.failed': return failed(tx, s, gateway, e);
    case 'refund.succeeded': return refunded(tx, s, gateway, e);
    case 'dispute.opened': return disputeOpened(tx, s, gateway, e);
    case 'dispute.won': return disputeWon(tx, s, gateway, e);
    case 'dispute.lost': return disputeLost(tx, s, gateway, e);
    case 'payout.paid': return paidOut(tx, s, gateway, e);
  }
}

const m = (v: bigint, currency: string) => `${formatAmount(v, currency)} ${currency}`;

/**
 * The intent's row, locked. An intent o2c did not make (a payment taken in the gateway's dashboard) is taken in
 * when its metadata names an invoice of this tenant; other intents are none of our business.
 */
async function intentRow(tx: Sql, s: Scope, gateway: string, e: { intentId: string; metadata?: Record<string, string>; amount?: bigint; currency?: string }) {
  const row = await lockIntent(tx, s, gateway, e.intentId);
  if (row || !e.metadata?.invoice_id || e.metadata.tenant_id !== s.tenantId || !e.amount || !e.currency) return row;
  return registerIntent(tx, s, { gateway, intentId: e.intentId, invoiceId: e.metadata.invoice_id, amount: e.amount, currency: e.currency })
    .catch((err) => { if (err instanceof Failure && err.code === 'not_found') return null; throw err; });
}

/** A payment for an intent not captured yet: the gateway tells of it out of order, so it should try again later. */
const notCaptured = (gp: GatewayPayment) => new Failure('invalid_state', `${gp.intent_id} has no captured payment yet`);

/** Cash in clearing, applied to the invoice as far as it is open; the rest waits as unapplied cash (a credit). */
async function receive(tx: Sql, s: Scope, gp: GatewayPayment, amount: bigint, reference: string) {
  const { invoice, open } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  const applied = open < amount ? open : amount;
  const payment = await recordPayment(tx, s, {
    customer_id: gp.customer_id, amount: formatAmount(amount, gp.currency), currency: gp.currency, method: gp.method, reference,
    apply: applied > 0n ? [{ invoice_id: invoice.id, amount: formatAmount(applied, gp.currency) }] : [],
  }, ACCOUNTS.gatewayClearing);
  const rest = amount - applied;
  return { payment, invoice, text: `${payment.payment_number}: ${m(amount, gp.currency)} for ${invoice.invoice_number}${rest > 0n ? `, ${m(rest, gp.currency)} unapplied (only ${m(open, gp.currency)} was open)` : ''}` };
}

async function captured(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'payment.succeeded' }>): Promise<string> {
  const gp = await intentRow(tx, s, gateway, e);
  if (!gp) return `${e.intentId} is for no invoice of ours: nothing to do`;
  if (gp.payment_id) return `${e.intentId} was recorded before`;
  if (e.currency !== gp.currency) throw invalid('currency', `${e.intentId} was for ${gp.currency}, the gateway took ${e.currency}`);
  const { payment, text } = await receive(tx, s, { ...gp, method: e.method }, e.amount, `${gateway} ${e.intentId}`);
  await tx.query(
    `UPDATE gateway_payments SET status = 'succeeded', captured = $3, fee = $4, method = $5, payment_id = $6, failure_reason = NULL, updated_at = $7
      WHERE tenant_id = $1 AND id = $2`, [s.tenantId, gp.id, e.amount, e.fee ?? 0n, e.method, payment.id, s.now]);
  return text;
}

async function authorized(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'payment.authorized' }>): Promise<string> {
  const gp = await intentRow(tx, s, gateway, e);
  if (!gp) return `${e.intentId} is for no invoice of ours: nothing to do`;
  if (gp.status !== 'created' && gp.status !== 'failed') return `${e.intentId} is ${gp.status} already`;
  await tx.query(`UPDATE gateway_payments SET status = 'authorized', amount = $3, failure_reason = NULL, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, gp.id, e.amount, s.now]);
  const { invoice } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  await emit(tx, s, {
    type: 'payment.gateway_authorized',
    summary: `${m(e.amount, gp.currency)} authorised by ${gp.method} for ${invoice.invoice_number}: captured when someone captures it`,
    subjects: { invoice: invoice.id, customer: gp.customer_id },
    data: { gateway, intent_id: gp.intent_id, gateway_payment_id: gp.id, amount: e.amount, currency: gp.currency },
  });
  return `${e.intentId} authorised`;
}

async function failed(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'payment.failed' }>): Promise<string> {
  const gp = await intentRow(tx, s, gateway, e);
  if (!gp) return `${e.intentId} is for no invoice of ours: nothing to do`;
  if (gp.status !== 'created' && gp.status !== 'failed') return `${e.intentId} is ${gp.status}: a late failure changes nothing`;
  await tx.query(`UPDATE gateway_payments SET status = 'failed', failure_reason = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, gp.id, e.reason, s.now]);
  const { invoice } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  await emit(tx, s, {
    type: 'payment.gateway_failed',
    summary: `Card payment of ${m(gp.amount, gp.currency)} for ${invoice.invoice_number} failed: ${e.reason}`,
    subjects: { invoice: invoice.id, customer: gp.customer_id },
    data: { gateway, intent_id: gp.intent_id, gateway_payment_id: gp.id, reason: e.reason },
  });
  return `${e.intentId} failed: ${e.reason}`;
}

/**
 * Makes `amount` of the intent's payment unapplied again, undoing its applications newest first (the invoice is
 * open again for it); what an undone application held beyond that goes back on the same invoice.
 */
async function releaseCash(tx: Sql, s: Scope, gp: GatewayPayment, amount: bigint, reason: string): Promise<void> {
  const { payment, applications } = await getPayment(tx, s.tenantId, gp.payment_id!);
  let short = amount - payment.unapplied;
  const { invoice } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  for (const a of applications.filter((x) => !x.reversed_at).reverse()) {
    if (short <= 0n) break;
    await unapply(tx, s, a.id, reason);
    const back = a.amount - short;
    if (back > 0n && a.document_number === invoice.invoice_number) {
      await applyPayment(tx, s, payment.id, [{ invoice_id: invoice.id, amount: formatAmount(back, gp.currency) }]);
    }
    short -= a.amount;
  }
  if (short > 0n) throw new Failure('conflict', `${payment.payment_number} has ${m(amount - short, gp.currency)} left to give back, ${m(amount, gp.currency)} asked`, 'amount');
}

/** Money that goes back out of clearing: to the customer (a refund) or to the card holder's bank (a chargeback). */
async function giveBack(tx: Sql, s: Scope, gp: GatewayPayment, amount: bigint, currency: string, reference: string, reason: string) {
  if (!gp.payment_id) throw notCaptured(gp);
  if (currency !== gp.currency) throw invalid('currency', `${gp.intent_id} was paid in ${gp.currency}, not ${currency}`);
  const left = gp.captured - gp.refunded - gp.charged_back;
  if (amount > left) throw new Failure('conflict', `${gp.intent_id} has ${m(left, gp.currency)} left that could go back, ${m(amount, gp.currency)} asked`, 'amount');
  await releaseCash(tx, s, gp, amount, reason);
  return refundCredit(tx, s, { paymentId: gp.payment_id, amount, method: gp.method, reference, reason, from: ACCOUNTS.gatewayClearing });
}

async function refunded(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'refund.succeeded' }>): Promise<string> {
  const gp = await lockIntent(tx, s, gateway, e.intentId);
  if (!gp) return `${e.intentId} is none of ours: nothing to do`;
  const [seen] = await tx.query('SELECT 1 FROM gateway_refunds WHERE tenant_id = $1 AND gateway = $2 AND refund_id = $3', [s.tenantId, gateway, e.refundId]);
  if (seen) return `refund ${e.refundId} was recorded before`;
  const refund = await giveBack(tx, s, gp, e.amount, e.currency, e.refundId, `refunded through ${gateway} (${e.refundId})`);
  await tx.query(
    `INSERT INTO gateway_refunds (tenant_id, id, gateway, refund_id, gateway_payment_id, amount, refund_row_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.tenantId, uuidv7(), gateway, e.refundId, gp.id, e.amount, refund.id, s.now]);
  await tx.query('UPDATE gateway_payments SET refunded = refunded + $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [s.tenantId, gp.id, e.amount, s.now]);
  return `${m(e.amount, gp.currency)} refunded to the customer's ${gp.method}`;
}

async function disputeOpened(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'dispute.opened' }>): Promise<string> {
  const gp = await lockIntent(tx, s, gateway, e.intentId);
  if (!gp) return `${e.intentId} is none of ours: nothing to do`;
  const [seen] = await tx.query('SELECT 1 FROM gateway_disputes WHERE tenant_id = $1 AND gateway = $2 AND dispute_id = $3', [s.tenantId, gateway, e.disputeId]);
  if (seen) return `dispute ${e.disputeId} was recorded before`;
  const why = `chargeback ${e.disputeId}${e.reason ? ` (${e.reason.replaceAll('_', ' ')})` : ''}`;
  await giveBack(tx, s, gp, e.amount, e.currency, e.disputeId, why);
  const id = uuidv7();
  const { invoice } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  await post(tx, s, {
    sourceKey: `gateway-dispute-fee:${id}`,
    description: `Chargeback fee for ${e.disputeId} on ${invoice.invoice_number}`,
    currency: gp.currency,
    lines: [{ account: ACCOUNTS.chargebackFees, debit: e.fee }, { account: ACCOUNTS.gatewayClearing, credit: e.fee }],
  });
  await tx.query(
    `INSERT INTO gateway_disputes (tenant_id, id, gateway, dispute_id, gateway_payment_id, amount, fee, reason, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)`, [s.tenantId, id, gateway, e.disputeId, gp.id, e.amount, e.fee, e.reason, s.now]);
  await tx.query('UPDATE gateway_payments SET charged_back = charged_back + $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [s.tenantId, gp.id, e.amount, s.now]);
  await emit(tx, s, {
    type: 'payment.chargeback',
    summary: `Chargeback on ${invoice.invoice_number}: the card holder's bank took back ${m(e.amount, gp.currency)}${e.reason ? ` (${e.reason.replaceAll('_', ' ')})` : ''}, fee ${m(e.fee, gp.currency)}; the invoice is open again`,
    subjects: { invoice: invoice.id, customer: gp.customer_id, payment: gp.payment_id ?? undefined },
    data: { gateway, dispute_id: e.disputeId, intent_id: gp.intent_id, amount: e.amount, fee: e.fee, reason: e.reason },
  });
  return `${why}: ${m(e.amount, gp.currency)} and a fee of ${m(e.fee, gp.currency)} taken back; ${invoice.invoice_number} open again`;
}

async function openDispute(tx: Sql, s: Scope, gateway: string, intentId: string, disputeId: string) {
  const gp = await lockIntent(tx, s, gateway, intentId);
  if (!gp) return null;
  const [d] = await tx.query<{ id: string; amount: bigint; status: string }>(
    'SELECT id, amount, status FROM gateway_disputes WHERE tenant_id = $1 AND gateway = $2 AND dispute_id = $3', [s.tenantId, gateway, disputeId]);
  return d ? { gp, d } : null;
}

async function disputeWon(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'dispute.won' }>): Promise<string> {
  const found = await openDispute(tx, s, gateway, e.intentId, e.disputeId);
  if (!found) return `dispute ${e.disputeId} was never opened here: nothing to give back`;
  const { gp, d } = found;
  if (d.status !== 'open') return `dispute ${e.disputeId} is ${d.status} already`;
  const { payment, invoice, text } = await receive(tx, s, gp, d.amount, `${gateway} ${gp.intent_id}: dispute ${e.disputeId} won`);
  await post(tx, s, {
    sourceKey: `gateway-dispute-fee-returned:${d.id}`,
    description: `Chargeback fee for ${e.disputeId} on ${invoice.invoice_number} given back: dispute won`,
    currency: gp.currency,
    lines: [{ account: ACCOUNTS.gatewayClearing, debit: e.feeReturned }, { account: ACCOUNTS.chargebackFees, credit: e.feeReturned }],
  });
  await tx.query(`UPDATE gateway_disputes SET status = 'won', closed_at = $3, reinstated_payment_id = $4 WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, d.id, s.now, payment.id]);
  await tx.query('UPDATE gateway_payments SET charged_back = charged_back - $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [s.tenantId, gp.id, d.amount, s.now]);
  await emit(tx, s, {
    type: 'payment.dispute_won',
    summary: `Dispute ${e.disputeId} on ${invoice.invoice_number} won: ${m(d.amount, gp.currency)} back${e.feeReturned > 0n ? ` with the fee of ${m(e.feeReturned, gp.currency)}` : ''}`,
    subjects: { invoice: invoice.id, customer: gp.customer_id, payment: payment.id },
    data: { gateway, dispute_id: e.disputeId, amount: d.amount, fee_returned: e.feeReturned, payment_id: payment.id },
  });
  return `dispute ${e.disputeId} won: ${text}`;
}

async function disputeLost(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'dispute.lost' }>): Promise<string> {
  const found = await openDispute(tx, s, gateway, e.intentId, e.disputeId);
  if (!found) return `dispute ${e.disputeId} was never opened here: nothing to do`;
  const { gp, d } = found;
  if (d.status !== 'open') return `dispute ${e.disputeId} is ${d.status} already`;
  await tx.query(`UPDATE gateway_disputes SET status = 'lost', closed_at = $3 WHERE tenant_id = $1 AND id = $2`, [s.tenantId, d.id, s.now]);
  const { invoice } = await getInvoice(tx, s.tenantId, gp.invoice_id);
  await emit(tx, s, {
    type: 'payment.dispute_lost',
    summary: `Dispute ${e.disputeId} on ${invoice.invoice_number} lost: the ${m(d.amount, gp.currency)} stay with the card holder, the invoice stays open`,
    subjects: { invoice: invoice.id, customer: gp.customer_id },
    data: { gateway, dispute_id: e.disputeId, amount: d.amount },
  });
  return `dispute ${e.disputeId} lost`;
}

async function paidOut(tx: Sql, s: Scope, gateway: string, e: Extract<GatewayEvent, { type: 'payout.paid' }>): Promise<string> {
  if (e.fees === null) throw new Error(`payout ${e.payoutId} reached the books without its fees`);
  const id = uuidv7();
  const fresh = await tx.query(
    `INSERT INTO gateway_payouts (tenant_id, id, gateway, payout_id, currency, amount, fees, arrival_date, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, gateway, payout_id) DO NOTHING RETURNING id`,
    [s.tenantId, id, gateway, e.payoutId, e.currency, e.amount, e.fees, e.arrivalDate, s.now]);
  if (!fresh.length) return `payout ${e.payoutId} was recorded before`;
  await post(tx, s, {
    sourceKey: `gateway-payout:${id}`,
    description: `Payout ${e.payoutId} from ${gateway}: ${m(e.amount, e.currency)} to the bank, ${m(e.fees, e.currency)} fees`,
    currency: e.currency,
    date: e.arrivalDate,
    lines: [
      { account: ACCOUNTS.bank, debit: e.amount },
      { account: ACCOUNTS.processingFees, debit: e.fees },
      { account: ACCOUNTS.gatewayClearing, credit: e.amount + e.fees },
    ],
  });
  await emit(tx, s, {
    type: 'payment.payout',
    summary: `Payout ${e.payoutId} from ${gateway}: ${m(e.amount, e.currency)} to the bank after ${m(e.fees, e.currency)} fees`,
    subjects: {},
    data: { gateway, payout_id: e.payoutId, amount: e.amount, fees: e.fees, currency: e.currency, arrival_date: e.arrivalDate },
  });
  return `payout ${e.payoutId}: ${m(e.amount, e.currency)} to the bank, ${m(e.fees, e.currency)} fees`;
}
