import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { Failure, invalid } from '../../shared/failure.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { today } from '../../shared/scope.ts';
import { handleGatewayEvent, type EventReceipt } from './gateway-events.ts';
import { GATEWAY_PAYMENT_COLUMNS, getGatewayPayment, type GatewayPayment } from './gateway-payments.ts';
import { adapterFor, gatewaySettings } from './settings.ts';

// What staff ask of a gateway: capture an authorised payment, refund one, and (for the test gateway, which has
// no bank of its own) pay out what it holds. The gateway is asked first, outside any transaction; its answer is
// then handled like its webhook, which may bring the same news again and finds it done.

const fresh = (s: Scope): Scope => ({ ...s, now: new Date() });

export async function captureGatewayPayment(db: Db, s: Scope, id: string, amountText?: string): Promise<EventReceipt | null> {
  const gp = await getGatewayPayment(db, s.tenantId, id);
  if (gp.status !== 'authorized') throw new Failure('invalid_state', `${gp.intent_id} is ${gp.status}: only an authorised payment is captured`);
  const amount = amountText === undefined ? gp.amount : parseAmount(amountText, gp.currency);
  if (amount === null || amount <= 0n || amount > gp.amount) throw invalid('amount', `amount: a positive amount up to the ${formatAmount(gp.amount, gp.currency)} ${gp.currency} authorised`);
  const event = await adapterFor(await gatewaySettings(db, s.tenantId), gp.gateway).capture({ intentId: gp.intent_id, amount, currency: gp.currency });
  return event && db.transaction((tx) => handleGatewayEvent(tx, fresh(s), gp.gateway, event));
}

export interface RefundOutcome {
  refund_id: string;
  status: 'succeeded' | 'pending' | 'failed';
  receipt: EventReceipt | null;
}

/** Pays a card payment back, all that is left of it or `amount`; the invoice is open again for what goes back. */
export async function refundGatewayPayment(db: Db, s: Scope, id: string, amountText?: string): Promise<RefundOutcome> {
  const gp = await getGatewayPayment(db, s.tenantId, id);
  if (gp.status !== 'succeeded') throw new Failure('invalid_state', `${gp.intent_id} is ${gp.status}: only a captured payment is refunded`);
  const left = gp.captured - gp.refunded - gp.charged_back;
  const amount = amountText === undefined ? left : parseAmount(amountText, gp.currency);
  if (amount === null || amount <= 0n || amount > left) {
    throw invalid('amount', `amount: a positive amount up to the ${formatAmount(left, gp.currency)} ${gp.currency} not refunded yet`);
  }
  // The same refund asked again (a retry after a lost answer) carries the same key, so the gateway refunds once.
  const key = `o2c-refund-${gp.id}-${gp.refunded}-${amount}`;
  const r = await adapterFor(await gatewaySettings(db, s.tenantId), gp.gateway).refund(gp.intent_id, amount, key);
  if (r.status !== 'succeeded') return { refund_id: r.refundId, status: r.status, receipt: null };
  const receipt = await db.transaction((tx) => handleGatewayEvent(tx, fresh(s), gp.gateway, {
    type: 'refund.succeeded', eventId: `refund:${r.refundId}`, intentId: gp.intent_id, refundId: r.refundId, amount: r.amount, currency: gp.currency,
  }));
  return { refund_id: r.refundId, status: r.status, receipt };
}

/**
 * The test gateway pays out everything it captured and has not paid out yet, less its fees, what went back
 * (refunds, chargebacks) and the chargeback fees it kept: one payout per currency.
 */
export async function payOutTestGateway(db: Db, s: Scope): Promise<EventReceipt[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<GatewayPayment & { dispute_fees: bigint }>(
      `SELECT ${GATEWAY_PAYMENT_COLUMNS.split(',').map((c) => `g.${c.trim()}`).join(', ')},
              COALESCE((SELECT SUM(d.fee) FROM gateway_disputes d WHERE d.tenant_id = g.tenant_id AND d.gateway_payment_id = g.id AND d.status <> 'won'), 0)::bigint AS dispute_fees
         FROM gateway_payments g WHERE g.tenant_id = $1 AND g.gateway = 'test' AND g.status = 'succeeded' AND g.payout_id IS NULL
        ORDER BY g.id FOR UPDATE`, [s.tenantId]);
    const receipts: EventReceipt[] = [];
    for (const currency of [...new Set(rows.map((r) => r.currency))].sort()) {
      const mine = rows.filter((r) => r.currency === currency);
      const fees = mine.reduce((a, r) => a + r.fee, 0n);
      const net = mine.reduce((a, r) => a + r.captured - r.refunded - r.charged_back - r.dispute_fees, 0n) - fees;
      if (net < 0n) continue;
      const payoutId = `tpo_${randomUUID().replaceAll('-', '')}`;
      await tx.query('UPDATE gateway_payments SET payout_id = $3 WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [s.tenantId, mine.map((r) => r.id), payoutId]);
      receipts.push(await handleGatewayEvent(tx, s, 'test', {
        type: 'payout.paid', eventId: `payout:${payoutId}`, payoutId, amount: net, currency, arrivalDate: today(s), fees,
      }));
    }
    return receipts;
  });
}
