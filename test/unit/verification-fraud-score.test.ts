import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ABOVE_HISTORY_POINTS, COUNTRY_MISMATCH_POINTS, DAILY_VELOCITY_LIMIT, DAILY_VELOCITY_POINTS, FREE_MAIL_B2B_POINTS,
  fraudScore, HISTORY_MIN_ORDERS, HOURLY_VELOCITY_LIMIT, HOURLY_VELOCITY_POINTS, isFreeMailAddress,
  LARGE_FIRST_ORDER_POINTS, MAX_FRAUD_SCORE, POSTAL_MISMATCH_POINTS,
} from '../../src/verification/rules/index.ts';
import type { FraudInput } from '../../src/verification/rules/index.ts';

// A regular B2B customer re-ordering a usual amount to the billing address: nothing to see.
const CLEAN: FraudInput = {
  isNewCustomer: false,
  orderTotal: 120_000n, // 1200.00 EUR
  currency: 'EUR',
  customerHistory: { orders: 12, averageTotal: 100_000n, maxTotal: 250_000n },
  billingCountry: 'DE',
  shippingCountry: 'DE',
  billingPostalCode: '10115',
  shippingPostalCode: '10115',
  ordersLast24h: 1,
  ordersLastHour: 0,
  email: 'purchasing@example-gmbh.de',
  isB2B: true,
  largeFirstOrderThreshold: 500_000n,
};

const order = (changes: Partial<FraudInput>): FraudInput => ({ ...CLEAN, ...changes });
const codes = (input: FraudInput) => fraudScore(input).signals.map((s) => s.code);

describe('fraudScore', () => {
  it('scores a clean order 0 with no signals', () => {
    assert.deepEqual(fraudScore(CLEAN), { score: 0, signals: [] });
  });

  it('flags a new customer whose first order is above the threshold', () => {
    const newCustomer = { isNewCustomer: true, customerHistory: { orders: 0, averageTotal: null, maxTotal: null } };
    const r = fraudScore(order({ ...newCustomer, orderTotal: 750_000n }));
    assert.equal(r.score, LARGE_FIRST_ORDER_POINTS);
    assert.deepEqual(r.signals, [{
      code: 'large_first_order',
      points: LARGE_FIRST_ORDER_POINTS,
      reason: 'first order of a new customer is 7500.00 EUR, above the 5000.00 EUR limit for first orders',
    }]);
    assert.deepEqual(codes(order({ ...newCustomer, orderTotal: 500_000n })), [], 'exactly at the threshold is fine');
    assert.deepEqual(codes(order({ orderTotal: 750_000n, customerHistory: { orders: 12, averageTotal: 700_000n, maxTotal: 900_000n } })), [],
      'a known customer is not judged by the first-order threshold');
  });

  it('flags a shipping country different from the billing country', () => {
    const r = fraudScore(order({ shippingCountry: 'NG', shippingPostalCode: '100001' }));
    assert.equal(r.score, COUNTRY_MISMATCH_POINTS);
    assert.deepEqual(r.signals, [{
      code: 'country_mismatch',
      points: COUNTRY_MISMATCH_POINTS,
      reason: 'shipping country NG differs from billing country DE',
    }], 'no extra postal signal on top of the country one');
    assert.deepEqual(codes(order({ shippingCountry: 'de' })), [], 'country codes compared case-insensitively');
    assert.deepEqual(codes(order({ shippingCountry: null, shippingPostalCode: undefined })), [], 'nothing shipped, nothing to compare');
  });

  it('flags a different postal code in the same country, with fewer points', () => {
    assert.ok(POSTAL_MISMATCH_POINTS < COUNTRY_MISMATCH_POINTS);
    const r = fraudScore(order({ shippingPostalCode: '80331' }));
    assert.equal(r.score, POSTAL_MISMATCH_POINTS);
    assert.equal(r.signals[0].code, 'postal_code_mismatch');
    assert.equal(r.signals[0].reason, 'shipping postal code 80331 differs from billing postal code 10115 (both in DE)');
    assert.deepEqual(codes(order({ billingCountry: 'GB', shippingCountry: 'GB', billingPostalCode: 'SW1A 1AA', shippingPostalCode: 'sw1a1aa' })), [],
      'the same code written differently is the same place');
    assert.deepEqual(codes(order({ shippingPostalCode: undefined })), [], 'a missing code is not a mismatch');
  });

  it('flags order velocity in the last hour and the last 24 hours', () => {
    assert.deepEqual(codes(order({ ordersLastHour: HOURLY_VELOCITY_LIMIT - 1, ordersLast24h: HOURLY_VELOCITY_LIMIT - 1 })), []);
    const hour = fraudScore(order({ ordersLastHour: HOURLY_VELOCITY_LIMIT, ordersLast24h: HOURLY_VELOCITY_LIMIT }));
    assert.equal(hour.score, HOURLY_VELOCITY_POINTS);
    assert.deepEqual(hour.signals.map((s) => s.code), ['velocity_hour']);
    assert.match(hour.signals[0].reason, /^3 other orders from this customer in the last hour/);

    const day = fraudScore(order({ ordersLastHour: 0, ordersLast24h: DAILY_VELOCITY_LIMIT }));
    assert.equal(day.score, DAILY_VELOCITY_POINTS);
    assert.deepEqual(day.signals.map((s) => s.code), ['velocity_day']);

    const burst = fraudScore(order({ ordersLastHour: 12, ordersLast24h: 12 }));
    assert.equal(burst.score, HOURLY_VELOCITY_POINTS + DAILY_VELOCITY_POINTS, 'a burst that is also a daily record counts twice');
  });

  it('flags a free-mail address on a B2B customer only', () => {
    const r = fraudScore(order({ email: 'Buyer.Office@GMail.com' }));
    assert.equal(r.score, FREE_MAIL_B2B_POINTS);
    assert.deepEqual(r.signals, [{
      code: 'free_mail_b2b',
      points: FREE_MAIL_B2B_POINTS,
      reason: 'business customer uses a free-mail address (gmail.com)',
    }]);
    assert.deepEqual(codes(order({ email: 'someone@gmail.com', isB2B: false })), [], 'consumers use free mail');
    assert.deepEqual(codes(order({ email: null })), []);
    assert.deepEqual(codes(order({ email: 'not an address' })), []);
  });

  it('recognises free-mail providers across country domains', () => {
    for (const address of ['a@gmail.com', 'a@yahoo.com', 'a@yahoo.co.uk', 'a@yahoo.de', 'a@hotmail.fr', 'a@hotmail.com',
      'a@outlook.com', 'a@live.de', 'a@gmx.de', 'a@gmx.net', 'a@web.de', 'a@mail.ru', 'a@yandex.ru', 'a@yandex.com',
      'a@icloud.com', 'a@aol.com', 'a@proton.me', 'a@protonmail.com', 'gmail.com', 'a@GMAIL.COM']) {
      assert.ok(isFreeMailAddress(address), address);
    }
    for (const address of ['a@example.com', 'a@acme-gmbh.de', 'a@gmail.example.com', 'a@notyahoo.com', 'a@yahoo.example.org', 'a@outlookstudio.com']) {
      assert.ok(!isFreeMailAddress(address), address);
    }
  });

  it("flags an amount far above the customer's history", () => {
    const history = { orders: 10, averageTotal: 20_000n, maxTotal: 60_000n }; // avg 200.00, max 600.00
    const r = fraudScore(order({ customerHistory: history, orderTotal: 100_001n }));
    assert.equal(r.score, ABOVE_HISTORY_POINTS);
    assert.deepEqual(r.signals, [{
      code: 'above_customer_history',
      points: ABOVE_HISTORY_POINTS,
      reason: "order of 1000.01 EUR is more than 5× the customer's average of 200.00 EUR and above their largest order of 600.00 EUR",
    }]);
    assert.deepEqual(codes(order({ customerHistory: history, orderTotal: 100_000n })), [], 'exactly 5× is not more than 5×');
    assert.deepEqual(codes(order({ customerHistory: { ...history, maxTotal: 150_000n }, orderTotal: 120_000n })), [],
      'not above their largest order');
    assert.deepEqual(codes(order({ customerHistory: { ...history, orders: HISTORY_MIN_ORDERS - 1 }, orderTotal: 999_999n })), [],
      'too few orders to call it a pattern');
    assert.deepEqual(codes(order({ customerHistory: { orders: 10, averageTotal: null, maxTotal: null }, orderTotal: 999_999n })), []);
  });

  it('compares amounts exactly, even beyond float precision', () => {
    // 2^60 minor units: as numbers, average × 5 and average × 5 + 1 would be the same float.
    const average = 2n ** 60n;
    const history = { orders: 5, averageTotal: average, maxTotal: average };
    assert.deepEqual(codes(order({ customerHistory: history, orderTotal: average * 5n })), []);
    assert.deepEqual(codes(order({ customerHistory: history, orderTotal: average * 5n + 1n })), ['above_customer_history']);
  });

  it('adds the signals up and caps the score at 100', () => {
    const r = fraudScore({
      ...CLEAN,
      isNewCustomer: true,
      orderTotal: 9_000_000n,
      customerHistory: { orders: 0, averageTotal: null, maxTotal: null },
      shippingCountry: 'NG',
      ordersLastHour: 5,
      ordersLast24h: 15,
      email: 'ceo@yahoo.com',
    });
    assert.deepEqual(r.signals.map((s) => s.code), ['large_first_order', 'country_mismatch', 'velocity_hour', 'velocity_day', 'free_mail_b2b']);
    const sum = r.signals.reduce((n, s) => n + s.points, 0);
    assert.ok(sum > MAX_FRAUD_SCORE);
    assert.equal(r.score, MAX_FRAUD_SCORE);
  });

  it('still explains amounts in a currency it cannot format', () => {
    const r = fraudScore(order({
      currency: 'XBT',
      isNewCustomer: true,
      orderTotal: 10n,
      largeFirstOrderThreshold: 5n,
      customerHistory: { orders: 0, averageTotal: null, maxTotal: null },
    }));
    assert.match(r.signals[0].reason, /10 minor units of XBT/);
  });
});
