import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { accountBalances } from '../ledger/reports.ts';
import { isIsoDate } from '../shared/dates.ts';
import { invalid } from '../shared/failure.ts';
import { uuidv7 } from '../shared/ids.ts';
import { divRoundHalfUp, formatAmount, isCurrency, parseAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import { today } from '../shared/scope.ts';
import { formatRate, parseRate } from '../tax/rates.ts';
import { aging, bucketLabels, DEFAULT_BUCKETS } from './aging.ts';

/** Share of each aging column (current, 1-30, 31-60, 61-90, 90+) not expected to be collected, in ppm. */
export const DEFAULT_PROVISION_RATES = [0, 10_000, 50_000, 200_000, 500_000];

/** "0,1,5,20,50" (percent per aging column) → ppm; as many as the buckets have columns. */
export function parseProvisionRates(text: string | undefined, columns: number): number[] {
  if (text === undefined || text.trim() === '') {
    if (columns !== DEFAULT_PROVISION_RATES.length) throw invalid('rates', `give a rate for each of the ${columns} aging columns`);
    return DEFAULT_PROVISION_RATES;
  }
  const rates = text.split(',').map((t) => parseRate(t));
  if (rates.length !== columns || rates.some((r) => r === null)) throw invalid('rates', `"${text}": ${columns} percentages, one per aging column (current first)`);
  return rates as number[];
}

export interface ProvisionProposal {
  currency: string;
  /** Per aging column: what is open and what of it the rate says to provide for. */
  columns: { label: string; open: bigint; rate_ppm: number; required: bigint }[];
  required: bigint;
  /** What the allowance holds now. */
  allowance: bigint;
  /** To post: required − allowance (negative: release). */
  adjustment: bigint;
}

/**
 * The bad-debt provision the aging calls for as of a day, per currency: each aging column's open amount times
 * its rate, against what the allowance for doubtful accounts holds.
 */
export async function provisionProposal(
  db: Db | Sql, tenantId: string, asOf: string, rates: number[] = DEFAULT_PROVISION_RATES, bounds: number[] = DEFAULT_BUCKETS,
): Promise<ProvisionProposal[]> {
  const labels = ['current', ...bucketLabels(bounds)];
  const open = new Map<string, bigint[]>();
  for (const r of await aging(db, tenantId, asOf, bounds)) {
    const acc = open.get(r.currency) ?? labels.map(() => 0n);
    [r.current, ...r.buckets].forEach((v, i) => (acc[i] += v));
    open.set(r.currency, acc);
  }
  const allowances = await accountBalances(db, tenantId, ACCOUNTS.allowanceForDoubtfulAccounts);
  for (const c of allowances.keys()) if (!open.has(c)) open.set(c, labels.map(() => 0n));
  return [...open].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amounts]) => {
    const columns = labels.map((label, i) => ({ label, open: amounts[i], rate_ppm: rates[i], required: divRoundHalfUp(amounts[i] * BigInt(rates[i]), 1_000_000n) }));
    const required = columns.reduce((a, c) => a + c.required, 0n);
    const allowance = -(allowances.get(currency) ?? 0n);
    return { currency, columns, required, allowance, adjustment: required - allowance };
  });
}

/**
 * Posts a bad-debt provision: more (Dr 6500 Bad-debt expense / Cr 1190 Allowance) or a release of some
 * (Dr 1190 / Cr 6500) when `amount` is negative.
 */
export async function postProvision(tx: Sql, s: Scope, input: { currency: string; amount: string; note: string; as_of?: string }): Promise<{ id: string; amount: bigint }> {
  const currency = String(input.currency ?? '').toUpperCase();
  if (!isCurrency(currency)) throw invalid('currency', `unknown currency "${input.currency}"`);
  const amount = parseAmount(String(input.amount ?? ''), currency);
  if (amount === null || amount === 0n) throw invalid('amount', `"${input.amount}" is not an amount in ${currency} (negative to release)`);
  const note = input.note?.trim();
  if (!note) throw invalid('note', 'say what the provision is for');
  if (input.as_of !== undefined && !isIsoDate(input.as_of)) throw invalid('as_of', `"${input.as_of}" is not a date (YYYY-MM-DD)`);
  if (amount < 0n) {
    const held = -((await accountBalances(tx, s.tenantId, ACCOUNTS.allowanceForDoubtfulAccounts)).get(currency) ?? 0n);
    if (-amount > held) throw invalid('amount', `the allowance holds ${formatAmount(held, currency)} ${currency}: no more can be released`);
  }
  const id = uuidv7();
  const abs = amount < 0n ? -amount : amount;
  await tx.query(
    'INSERT INTO ar_provisions (tenant_id, id, currency, amount, as_of, note, posted_at, posted_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [s.tenantId, id, currency, amount, input.as_of ?? today(s), note, s.now, s.actor.name]);
  await post(tx, s, {
    sourceKey: `provision:${id}`,
    description: `Bad-debt provision ${amount > 0n ? 'raised' : 'released'}: ${note}`,
    currency,
    lines: amount > 0n
      ? [{ account: ACCOUNTS.badDebtExpense, debit: abs }, { account: ACCOUNTS.allowanceForDoubtfulAccounts, credit: abs }]
      : [{ account: ACCOUNTS.allowanceForDoubtfulAccounts, debit: abs }, { account: ACCOUNTS.badDebtExpense, credit: abs }],
  });
  await emit(tx, s, {
    type: 'receivable.provision_posted',
    summary: `Bad-debt provision ${amount > 0n ? 'raised' : 'released'} by ${formatAmount(abs, currency)} ${currency}: ${note}`,
    subjects: {},
    data: { provision_id: id, currency, amount },
  });
  return { id, amount };
}

export function provisionProposalJson(p: ProvisionProposal) {
  const m = (v: bigint) => formatAmount(v, p.currency);
  return {
    currency: p.currency,
    columns: p.columns.map((c) => ({ label: c.label, open: m(c.open), rate_percent: formatRate(c.rate_ppm), required: m(c.required) })),
    required: m(p.required), allowance: m(p.allowance), adjustment: m(p.adjustment),
  };
}
