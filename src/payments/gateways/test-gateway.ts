import { randomUUID } from 'node:crypto';
import { divRoundHalfUp, exponent } from '../../shared/money.ts';
import { invalid } from '../../shared/failure.ts';
import type { GatewayAdapter, GatewayEvent, Intent, RefundResult } from './adapter.ts';

// The built-in gateway of the demo and the tests: no network, no account, and every outcome follows from the
// card number, like the well-known test cards of real gateways. Its pay page is o2c's own (pay-page.ts); what
// it decides is handed straight to the same event handling as a real gateway's webhooks.

/** Cards that fail, and why; every other number that passes the Luhn check is accepted. */
export const DECLINING_CARDS: Record<string, string> = {
  '4000000000000002': 'card declined',
  '4000000000009995': 'insufficient funds',
  '4000000000000069': 'card expired',
  '4000000000000127': 'incorrect CVC',
};

/** Its fee, taken from each payment: 1.4 % plus a quarter of the currency's major unit, rounded half up. */
export function testGatewayFee(amount: bigint, currency: string): bigint {
  return divRoundHalfUp(amount * 14n, 1000n) + 10n ** BigInt(exponent(currency)) / 4n;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digits of a card number as typed ("4242 4242 4242 4242"); a Failure on field card_number if it is none. */
export function cardDigits(typed: string): string {
  const digits = (typed ?? '').replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) throw invalid('card_number', 'this is not a valid card number (try 4242 4242 4242 4242)');
  return digits;
}

const newId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '')}`;

export class TestGateway implements GatewayAdapter {
  readonly name = 'test';

  async createIntent(): Promise<Intent> {
    return { intentId: newId('tpi'), clientSecret: null };
  }

  /**
   * The customer paid on the hosted page: succeeded (or authorised, for a manual capture) unless the card is one
   * that declines. The event id is new each time: a second attempt after a decline is a new event.
   */
  confirm(i: { intentId: string; amount: bigint; currency: string; capture: 'automatic' | 'manual'; cardNumber: string }): GatewayEvent {
    const card = cardDigits(i.cardNumber);
    const eventId = newId('tev');
    const declined = DECLINING_CARDS[card];
    if (declined) return { type: 'payment.failed', eventId, intentId: i.intentId, reason: `${declined} (card ending ${card.slice(-4)})`, metadata: {} };
    if (i.capture === 'manual') return { type: 'payment.authorized', eventId, intentId: i.intentId, amount: i.amount, currency: i.currency, metadata: {} };
    return this.succeeded(eventId, i.intentId, i.amount, i.currency);
  }

  async capture(c: { intentId: string; amount: bigint; currency: string }): Promise<GatewayEvent> {
    return this.succeeded(newId('tev'), c.intentId, c.amount, c.currency);
  }

  async refund(_intentId: string, amount: bigint): Promise<RefundResult> {
    return { refundId: newId('tre'), amount, status: 'succeeded' };
  }

  parseWebhook(): GatewayEvent {
    throw invalid('gateway', 'the test gateway sends no webhooks: its pay page reports to o2c directly');
  }

  private succeeded(eventId: string, intentId: string, amount: bigint, currency: string): GatewayEvent {
    return { type: 'payment.succeeded', eventId, intentId, amount, currency, method: 'card', fee: testGatewayFee(amount, currency), metadata: {} };
  }
}
