import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { discountDate, dueDate, earlyPaymentDiscount, instalmentSchedule, parsePaymentTerms, type PaymentTerms } from '../../src/shared/payment-terms.ts';
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

describe('payment terms: instalments', () => {
  it('reads a schedule of shares, each with its own net or end-of-month term, and writes it back normalised', () => {
    const t = terms('Instalments 50% net 30, 50% net 60');
    assert.equal(t.text, 'instalments 50% net 30, 50% net 60');
    assert.deepEqual(t.instalments, [{ percent: '50', netDays: 30, endOfMonth: false }, { percent: '50', netDays: 60, endOfMonth: false }]);
    assert.equal(dueDate(t, '2026-11-22'), '2026-12-22', 'the due date is the first part\'s');
    assert.equal(terms('installments 33.33 % net 0, 33.33% eom 30, 33.34% eom 60').text, 'instalments 33.33% net 0, 33.33% eom 30, 33.34% eom 60');
    assert.equal(terms('instalments 40.50% net 10, 59.50% net 40').instalments![0].percent, '40.5');
    assert.equal(terms('instalments 50% due on receipt, 50% net 30').text, 'instalments 50% net 0, 50% net 30');
  });

  it('rejects schedules that do not add up, fall due out of order, or carry a discount', () => {
    for (const bad of ['instalments', 'instalments 100% net 30', 'instalments 50% net 30, 40% net 60', 'instalments 60% net 30, 50% net 60',
      'instalments 50% net 60, 50% net 30', 'instalments 50% net 30, 50% net 30', 'instalments 50% eom 0, 50% net 20',
      'instalments 50% 2/10 net 30, 50% net 60', 'instalments 0% net 10, 100% net 30', 'instalments 50 net 30, 50 net 60',
      `instalments ${Array.from({ length: 13 }, (_, i) => `${i < 12 ? '7.69' : '7.72'}% net ${i + 1}`).join(', ')}`]) {
      assert.equal(parsePaymentTerms(bad), null, `"${bad}" must be rejected`);
    }
  });

  it('splits the total: every part but the last is its share rounded down, the last takes the rest', () => {
    const third = terms('instalments 33.33% net 30, 33.33% net 60, 33.34% net 90');
    // 100.00: 33.33 + 33.33 + 33.34; 100.01: 33.3333 → 33.33, twice, the last 33.35
    assert.deepEqual(instalmentSchedule(third, '2026-01-31', 10000n).map((p) => [p.instalment, p.dueDate, p.amount]),
      [[1, '2026-03-02', 3333n], [2, '2026-04-01', 3333n], [3, '2026-05-01', 3334n]]);
    assert.deepEqual(instalmentSchedule(third, '2026-01-31', 10001n).map((p) => p.amount), [3333n, 3333n, 3335n]);
    // a cent cannot be halved: the first part rounds down to nothing, the last takes it
    assert.deepEqual(instalmentSchedule(terms('instalments 50% net 30, 50% net 60'), '2026-01-01', 1n).map((p) => p.amount), [0n, 1n]);
    // without instalments: one part, the whole total on the due date
    assert.deepEqual(instalmentSchedule(terms('eom 30'), '2026-01-05', 999n), [{ instalment: 0, percent: '100', dueDate: '2026-03-02', amount: 999n }]);
  });

  it('accepts a schedule only if each part falls due after the one before on every issue date', () => {
    const t = terms('instalments 30% net 10, 30% eom 11, 40% net 42');
    assert.equal(parsePaymentTerms('instalments 30% net 10, 30% eom 11, 40% net 41'), null, 'issued on the 1st of a 31-day month, eom 11 is day 41');
    assert.equal(parsePaymentTerms('instalments 50% net 10, 50% eom 10'), null, 'issued on a month\'s last day, both fall on the same day');
    for (let day = '2024-01-01'; day < '2025-01-01'; day = addDays(day, 1)) {
      const dues = instalmentSchedule(t, day, 100n).map((p) => p.dueDate);
      assert.ok(dues[0] < dues[1] && dues[1] < dues[2], `${day}: ${dues}`);
    }
  });

  it('the parts always add up to the total and none is negative', () => {
    const t = terms('instalments 12.5% net 10, 37.5% net 40, 25% eom 60, 25% eom 90');
    for (let total = 0n; total < 2000n; total += 7n) {
      const parts = instalmentSchedule(t, '2026-02-28', total);
      assert.equal(parts.reduce((a, p) => a + p.amount, 0n), total);
      assert.ok(parts.every((p) => p.amount >= 0n));
    }
  });
});
