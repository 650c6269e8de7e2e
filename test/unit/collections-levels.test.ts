import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LEVELS } from '../../src/collections/default-procedure.ts';
import { interestDays, interestFor, nextLevel, nextLevelOn, type LevelRule } from '../../src/collections/levels.ts';
import { checkTemplate, fill } from '../../src/collections/templates.ts';
import { Failure } from '../../src/shared/failure.ts';

// The default procedure's timing: 7, 21, 35 and 49 days after due.
const LEVELS: LevelRule[] = DEFAULT_LEVELS.map((l) => ({ level: l.level, name: l.name, days_after_due: l.days_after_due, pay_within_days: l.pay_within_days, fee: 0n, interest_rate_ppm: 90000 }));

describe('dunning levels', () => {
  it('raises an item one level at a time, on its days after due', () => {
    const fresh = { due_date: '2026-03-01', level: 0, dunned_on: null };
    assert.equal(nextLevel(fresh, LEVELS, '2026-03-07'), null, '6 days overdue: not yet');
    assert.equal(nextLevel(fresh, LEVELS, '2026-03-08')?.level, 1, '7 days overdue: the friendly reminder');
    assert.equal(nextLevel(fresh, LEVELS, '2026-06-01')?.level, 1, 'never skips a level, however late');
  });

  it('keeps the gap between two levels after a letter', () => {
    // The reminder went out late (day 40); the second notice waits 14 days (21 − 7) after it, not until day 21.
    const reminded = { due_date: '2026-03-01', level: 1, dunned_on: '2026-04-10' };
    assert.equal(nextLevelOn(reminded, LEVELS)?.on, '2026-04-24');
    assert.equal(nextLevel(reminded, LEVELS, '2026-04-23'), null);
    assert.equal(nextLevel(reminded, LEVELS, '2026-04-24')?.level, 2);
    // On time, the days after due decide: reminder on day 7, second notice on day 21.
    assert.equal(nextLevelOn({ due_date: '2026-03-01', level: 1, dunned_on: '2026-03-08' }, LEVELS)?.on, '2026-03-22');
    // The same day never brings the next letter: re-running proposes nothing new.
    assert.equal(nextLevel({ due_date: '2026-01-01', level: 1, dunned_on: '2026-04-10' }, LEVELS, '2026-04-10'), null);
  });

  it('ends after the last level', () => {
    assert.equal(nextLevelOn({ due_date: '2026-01-01', level: 4, dunned_on: '2026-03-01' }, LEVELS), null);
  });

  it('charges default interest per day on the principal, rounded down', () => {
    // 1,000.00 at 9 % for 30 days = 100000 × 90000 × 30 / 365,000,000 = 739.726… → 739 cents.
    assert.equal(interestFor(100000n, 90000, 30), 739n);
    // 0.99 at 9 % for 1 day = 0.0024… cents → nothing.
    assert.equal(interestFor(99n, 90000, 1), 0n);
    assert.equal(interestFor(100000n, 0, 30), 0n);
    assert.equal(interestFor(100000n, 90000, 0), 0n);
    // From the due date the first time, from the last day charged after that.
    assert.equal(interestDays('2026-03-01', null, '2026-03-22'), 21);
    assert.equal(interestDays('2026-03-01', '2026-03-22', '2026-04-05'), 14);
    assert.equal(interestDays('2026-03-01', '2026-04-05', '2026-04-05'), 0);
  });
});

describe('dunning templates', () => {
  it('fills placeholders and refuses unknown ones, naming the field', () => {
    assert.equal(fill('Dear {customer}, please pay {total} by {pay_by}.', { customer: 'ACME', company: 'Seller', notice_number: 'DN-2026-000001', date: '1 May 2026', total: '12.00 EUR', pay_by: '8 May 2026', level: 'Second notice' }),
      'Dear ACME, please pay 12.00 EUR by 8 May 2026.');
    const t = { ...DEFAULT_LEVELS[0].templates.en };
    assert.doesNotThrow(() => checkTemplate(t, 'levels[0].templates.en'));
    assert.throws(() => checkTemplate({ ...t, body: 'Pay {amount}' }, 'levels[0].templates.en'),
      (e: unknown) => e instanceof Failure && e.field === 'levels[0].templates.en.body' && /\{amount\} is no placeholder/.test(e.message));
    assert.throws(() => checkTemplate({ ...t, subject: ' ' }, 'x'), (e: unknown) => e instanceof Failure && e.field === 'x.subject');
  });

  it('has every default template in English and German with known placeholders', () => {
    for (const [i, l] of DEFAULT_LEVELS.entries()) for (const lang of ['en', 'de'] as const) checkTemplate(l.templates[lang], `levels[${i}].templates.${lang}`);
  });
});
