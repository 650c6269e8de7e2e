import type { Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { ACCOUNTS, type AccountCode } from '../ledger/chart.ts';
import { post } from '../ledger/post.ts';
import { formatAmount } from '../shared/money.ts';
import type { Scope } from '../shared/scope.ts';
import type { StatementLine } from './lines.ts';

/**
 * Bookings of the bank itself — account fees, charges, interest — posted from rules instead of matched to
 * customers: Dr Bank charges / Cr Bank for a fee, Dr Bank / Cr Interest income for interest credited.
 */
export interface BankRule {
  name: string;
  direction: 'credit' | 'debit';
  /** Matched against the remittance text, the counterparty name and the bank's transaction code. */
  pattern: RegExp;
  account: AccountCode;
}

export const BANK_RULES: BankRule[] = [
  { name: 'bank fees', direction: 'debit', pattern: /\b(CHRG|FEES?|CHARGES?|ENTGELT\w*|GEB(Ü|UE)HR\w*|KONTOF(Ü|UE)HRUNG\w*|SPESEN|COMMISSION)\b|^PMNT\/\w+\/CHRG|ACMT\/MDOP\/CHRG/i, account: ACCOUNTS.bankCharges },
  { name: 'interest', direction: 'credit', pattern: /\b(INTEREST|HABENZINS\w*|ZINSGUTSCHRIFT|ZINSEN|INTR)\b|\/INTR$/i, account: ACCOUNTS.interestIncome },
];

export function bankRuleFor(line: Pick<StatementLine, 'direction' | 'remittance' | 'counterparty_name' | 'counterparty_iban' | 'counterparty_account' | 'bank_tx_code'>): BankRule | null {
  // The bank books its fees and interest without a counterparty account; a customer who writes "interest" on a
  // transfer is still a customer.
  if (line.counterparty_iban || line.counterparty_account) return null;
  const text = [line.remittance, line.counterparty_name ?? '', line.bank_tx_code ?? ''].join(' ');
  return BANK_RULES.find((r) => r.direction === line.direction && r.pattern.test(text)) ?? null;
}

/** Posts a line by its bank rule (once: the entry's key is the line). */
export async function bookByRule(tx: Sql, s: Scope, line: StatementLine, rule: BankRule): Promise<void> {
  const lines = rule.direction === 'debit'
    ? [{ account: rule.account, debit: line.amount }, { account: ACCOUNTS.bank, credit: line.amount }]
    : [{ account: ACCOUNTS.bank, debit: line.amount }, { account: rule.account, credit: line.amount }];
  await post(tx, s, {
    sourceKey: `bank-line:${line.id}`, description: `${rule.name}: ${line.remittance.split('\n')[0] || line.line_ref}`,
    currency: line.currency, date: line.booking_date, lines,
  });
  await tx.query(
    `UPDATE statement_lines SET status = 'confirmed', rule = $3, confidence = 1000, evidence = $4, matched_at = $5, matched_by = $6
      WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, line.id, `bank rule: ${rule.name}`, `booked to ${rule.account}`, s.now, s.actor.name]);
  await emit(tx, s, {
    type: 'bank_line.booked', summary: `${rule.name} ${formatAmount(line.amount, line.currency)} ${line.currency} booked from statement line ${line.line_ref}`,
    subjects: {}, data: { line_id: line.id, account: rule.account, amount: line.amount },
  });
}
