import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { discountDate, dueDate, earlyPaymentDiscount, parsePaymentTerms, type PaymentTerms } from '../../src/shared/payment-terms.ts';
import { addDays, daysBetween, endOfMonth, isIsoDate } from '../../src/shared/dates.ts';

const terms = (text: string): PaymentTerms => {
  const t = parsePaymentTerms(text);
  assert.ok(t, `"${text}" parses`);
  return t;
};

describe('payment terms: parsing', () => {
  it('reads net, discount, end-of-month and immediate terms', () => {
    assert.deepEqual(terms('net 30'), { text: 'net 30', netDays: 30, endOfMonth: false, discountPercent: null, discountDays: null });
    assert.deepEqual(terms('2/10 net 30'), { text: '2/10 net 30', netDays: 30, endOfMonth: false, discountPercent: '2', discountDays: 10 });
    assert.deepEqual(terms('eom 30'), { text: 'eom 30', netDays: 30, endOfMonth: true, discountPercent: null, discountDays: null });
    assert.deepEqual(terms('due on receipt'), { text: 'net 0', netDays: 0, endOfMonth: false, discountPercent: null, discountDays: null });
  });

  it('normalises how people write them', () => {
    assert.equal(terms('NET30').text, 'net 30');
    assert.equal(terms('  Net   45 ').text, 'net 45');
    assert.equal(terms('net 030').text, 'net 30');
    assert.equal(terms('2 / 10, net 30').text, '2/10 net 30');
    assert.equal(terms('1.5/10 net 30').discountPercent, '1.5');
    assert.equal(terms('End of month + 15').text, 'eom 15');
    assert.equal(terms('EOM+30').text, 'eom 30');
    assert.equal(terms('immediate').netDays, 0);
  });

  it('rejects junk', () => {
    for (const bad of ['', '   ', 'net', 'net thirty', 'net -5', 'net 1000', 'net 30 days', '30', 'eom', 'eom -1',
      '2/40 net 30', '100/10 net 30', '2/ net 30', '/10 net 30', '2/10', '2/10 net', 'net 30; drop table', 'cash on delivery']) {
      assert.equal(parsePaymentTerms(bad), null, `"${bad}" must be rejected`);
    }
  });
});

describe('payment terms: due dates', () => {
  it('net 30 counts calendar days, across month and year ends', () => {
    const t = terms('net 30');
    assert.equal(dueDate(t, '2024-03-01'), '2024-03-31');
    assert.equal(dueDate(t, '2024-01-31'), '2024-03-01'); // 2024 is a leap year: Feb has 29 days
    assert.equal(dueDate(t, '2023-01-31'), '2023-03-02');
    assert.equal(dueDate(t, '2024-02-29'), '2024-03-30');
    assert.equal(dueDate(t, '2023-12-15'), '2024-01-14');
    assert.equal(dueDate(terms('net 0'), '2024-02-29'), '2024-02-29');
  });

  it('2/10 net 30 gives a discount date and a due date', () => {
    const t = terms('2/10 net 30');
    assert.equal(discountDate(t, '2024-02-25'), '2024-03-06');
    assert.equal(discountDate(t, '2023-02-25'), '2023-03-07');
    assert.equal(dueDate(t, '2024-02-25'), '2024-03-26');
    assert.equal(discountDate(terms('net 30'), '2024-02-25'), null);
  });

  it('eom 30 counts from the end of the invoice month', () => {
    const t = terms('eom 30');
    assert.equal(dueDate(t, '2024-01-05'), '2024-03-01'); // 31 Jan + 30 in a leap year
    assert.equal(dueDate(t, '2023-01-05'), '2023-03-02');
    assert.equal(dueDate(t, '2024-02-01'), '2024-03-30'); // 29 Feb + 30
    assert.equal(dueDate(t, '2023-02-28'), '2023-03-30'); // 28 Feb + 30
    assert.equal(dueDate(t, '2024-12-31'), '2025-01-30');
    assert.equal(dueDate(t, '2024-04-30'), '2024-05-30');
    assert.equal(dueDate(terms('eom 0'), '2024-02-10'), '2024-02-29');
    assert.equal(dueDate(terms('eom 0'), '2023-02-10'), '2023-02-28');
    assert.equal(dueDate(terms('eom 0'), '2100-02-10'), '2100-02-28', '2100 is not a leap year');
    assert.equal(dueDate(terms('eom 0'), '2000-02-10'), '2000-02-29', '2000 is');
  });
});

describe('dates', () => {
  it('validates ISO dates strictly', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
    assert.ok(!isIsoDate('2024-13-01'));
    assert.ok(!isIsoDate('2024-1-01'));
    assert.ok(!isIsoDate('20240101'));
    assert.ok(!isIsoDate('2024-01-01T00:00:00Z'));
  });

  it('adds days, finds month ends and counts days between', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(endOfMonth('2024-02-01'), '2024-02-29');
    assert.equal(endOfMonth('2024-12-31'), '2024-12-31');
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
    assert.equal(daysBetween('2024-03-31', '2024-03-01'), -30);
  });
});

it('the early-payment discount is the percent of the gross, rounded half up, until the discount date', () => {
  const t = parsePaymentTerms('2/10 net 30')!;
  assert.deepEqual(earlyPaymentDiscount(t, '2026-03-01', 11925n), { amount: 239n, until: '2026-03-11' });
  assert.deepEqual(earlyPaymentDiscount(parsePaymentTerms('1.5/14 net 30')!, '2026-03-01', 10033n), { amount: 150n, until: '2026-03-15' });
  assert.equal(earlyPaymentDiscount(parsePaymentTerms('net 30')!, '2026-03-01', 10000n), null);
});
