import { formatAmount } from '../../shared/money.ts';
import { fingerprint } from './fingerprint.ts';
import type { ParsedStatement } from './model.ts';

export type StatementDraft = Omit<ParsedStatement, 'fingerprint'>;

/** Fills the period from the bookings when the bank did not state it, and stamps the fingerprint. */
export function finishStatement(draft: StatementDraft): ParsedStatement {
  const dates = draft.lines.map((l) => l.bookingDate).sort();
  const s: StatementDraft = {
    ...draft,
    fromDate: draft.fromDate ?? dates[0] ?? draft.openingBalance?.date,
    toDate: draft.toDate ?? draft.closingBalance?.date ?? dates[dates.length - 1],
  };
  return { ...s, fingerprint: fingerprint(s) };
}

/** opening + Σ credits − Σ debits = closing, when the statement has both balances; else why not. */
export function balanceProblem(s: StatementDraft): string | null {
  if (!s.openingBalance || !s.closingBalance) return null;
  let credits = 0n;
  let debits = 0n;
  for (const l of s.lines) {
    if (l.direction === 'credit') credits += l.amount;
    else debits += l.amount;
  }
  const expected = s.openingBalance.amount + credits - debits;
  if (expected === s.closingBalance.amount) return null;
  const f = (v: bigint) => formatAmount(v, s.account.currency);
  return (
    `the balances do not add up: opening ${f(s.openingBalance.amount)} + credits ${f(credits)} − debits ${f(debits)} = ` +
    `${f(expected)}, but the closing balance is ${f(s.closingBalance.amount)} (difference ${f(s.closingBalance.amount - expected)})`
  );
}
