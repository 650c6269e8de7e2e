// Rule-based fraud score for an incoming order: a sum of independent, explainable signals, capped at
// 100. It is advice for a person reviewing the order (every signal carries its reason), not a verdict,
// so the weights favour being easy to reason about over statistical precision. Amounts are bigint minor
// units; ratios are compared by cross-multiplying, never by dividing into floats.
import { formatAmount } from '../../shared/money.ts';
import { isFreeMailAddress } from './free-mail-domains.ts';

export type FraudInput = {
  isNewCustomer: boolean;
  /** This order's total, in minor units of `currency`. */
  orderTotal: bigint;
  currency: string;
  /** The customer's earlier orders (this one excluded), totals in the same currency. */
  customerHistory: { orders: number; averageTotal: bigint | null; maxTotal: bigint | null };
  billingCountry: string;
  /** Null when nothing is shipped (services, pick-up): there is then nothing to mismatch. */
  shippingCountry: string | null;
  billingPostalCode?: string;
  shippingPostalCode?: string;
  /** Orders by the same customer in the window, this one excluded. */
  ordersLast24h: number;
  ordersLastHour: number;
  email: string | null;
  isB2B: boolean;
  /** A new customer's first order above this (minor units, same currency) is a signal. */
  largeFirstOrderThreshold: bigint;
};

export type FraudSignal = { code: string; points: number; reason: string };
export type FraudScore = { score: number; signals: FraudSignal[] };

/** The score never exceeds this, however many signals fire. */
export const MAX_FRAUD_SCORE = 100;

/** A new customer whose first order is above largeFirstOrderThreshold: the classic "test the limit" pattern. */
export const LARGE_FIRST_ORDER_POINTS = 30;

/** Goods shipped to another country than the one billed: common with stolen cards. */
export const COUNTRY_MISMATCH_POINTS = 25;
/**
 * Same country, different postal code: weaker, since businesses often ship to a site other than
 * head office. Not added on top of a country mismatch, which already says more.
 */
export const POSTAL_MISMATCH_POINTS = 10;

/** Earlier orders in the last hour at or above which the order is part of a burst. */
export const HOURLY_VELOCITY_LIMIT = 3;
export const HOURLY_VELOCITY_POINTS = 25;
/** Earlier orders in the last 24 hours at or above which the volume is unusual. Stacks with the hourly one. */
export const DAILY_VELOCITY_LIMIT = 10;
export const DAILY_VELOCITY_POINTS = 15;

/** A business customer using a free consumer mailbox (gmail.com, yahoo.*, …). */
export const FREE_MAIL_B2B_POINTS = 15;

/** The order is above this many times the customer's average order… */
export const HISTORY_AVERAGE_MULTIPLE = 5n;
/** …and above their largest order so far, with at least this many earlier orders to form a pattern. */
export const HISTORY_MIN_ORDERS = 3;
export const ABOVE_HISTORY_POINTS = 20;

export function fraudScore(input: FraudInput): FraudScore {
  const signals: FraudSignal[] = [];
  const money = (minor: bigint) => formatMoney(minor, input.currency);

  if (input.isNewCustomer && input.orderTotal > input.largeFirstOrderThreshold) {
    signals.push({
      code: 'large_first_order',
      points: LARGE_FIRST_ORDER_POINTS,
      reason: `first order of a new customer is ${money(input.orderTotal)}, above the ${money(input.largeFirstOrderThreshold)} limit for first orders`,
    });
  }

  const billing = input.billingCountry.trim().toUpperCase();
  const shipping = input.shippingCountry?.trim().toUpperCase() ?? null;
  if (shipping !== null && shipping !== billing) {
    signals.push({
      code: 'country_mismatch',
      points: COUNTRY_MISMATCH_POINTS,
      reason: `shipping country ${shipping} differs from billing country ${billing}`,
    });
  } else if (shipping !== null) {
    const billingPostal = comparablePostalCode(input.billingPostalCode);
    const shippingPostal = comparablePostalCode(input.shippingPostalCode);
    if (billingPostal && shippingPostal && billingPostal !== shippingPostal) {
      signals.push({
        code: 'postal_code_mismatch',
        points: POSTAL_MISMATCH_POINTS,
        reason: `shipping postal code ${input.shippingPostalCode?.trim()} differs from billing postal code ${input.billingPostalCode?.trim()} (both in ${billing})`,
      });
    }
  }

  if (input.ordersLastHour >= HOURLY_VELOCITY_LIMIT) {
    signals.push({
      code: 'velocity_hour',
      points: HOURLY_VELOCITY_POINTS,
      reason: `${input.ordersLastHour} other orders from this customer in the last hour (signal at ${HOURLY_VELOCITY_LIMIT})`,
    });
  }
  if (input.ordersLast24h >= DAILY_VELOCITY_LIMIT) {
    signals.push({
      code: 'velocity_day',
      points: DAILY_VELOCITY_POINTS,
      reason: `${input.ordersLast24h} other orders from this customer in the last 24 hours (signal at ${DAILY_VELOCITY_LIMIT})`,
    });
  }

  if (input.isB2B && input.email && input.email.includes('@') && isFreeMailAddress(input.email)) {
    const domain = input.email.slice(input.email.lastIndexOf('@') + 1).trim().toLowerCase();
    signals.push({
      code: 'free_mail_b2b',
      points: FREE_MAIL_B2B_POINTS,
      reason: `business customer uses a free-mail address (${domain})`,
    });
  }

  const { orders, averageTotal, maxTotal } = input.customerHistory;
  if (
    orders >= HISTORY_MIN_ORDERS &&
    averageTotal !== null &&
    averageTotal > 0n &&
    input.orderTotal > averageTotal * HISTORY_AVERAGE_MULTIPLE &&
    (maxTotal === null || input.orderTotal > maxTotal)
  ) {
    const largest = maxTotal === null ? '' : ` and above their largest order of ${money(maxTotal)}`;
    signals.push({
      code: 'above_customer_history',
      points: ABOVE_HISTORY_POINTS,
      reason: `order of ${money(input.orderTotal)} is more than ${HISTORY_AVERAGE_MULTIPLE}× the customer's average of ${money(averageTotal)}${largest}`,
    });
  }

  const total = signals.reduce((sum, s) => sum + s.points, 0);
  return { score: Math.min(MAX_FRAUD_SCORE, total), signals };
}

/** Postal codes compared without blanks, dashes or case, so "10115" and "101 15" are the same place. */
function comparablePostalCode(code: string | undefined): string {
  return (code ?? '').replace(/[\s-]/g, '').toUpperCase();
}

/** "1234.50 EUR"; a currency money.ts does not know still gets a readable, exact rendering. */
function formatMoney(minor: bigint, currency: string): string {
  try {
    return `${formatAmount(minor, currency)} ${currency}`;
  } catch {
    return `${minor} minor units of ${currency}`;
  }
}
