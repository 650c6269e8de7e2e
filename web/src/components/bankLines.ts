// What the cash application endpoints answer (src/http/routes/cashapp.ts): bank statements, their lines with
// what matching made of them, and a statement's reconciliation. Amounts are decimal strings in major units.
import type { Customer, OpenItem } from '../types.ts';

export type LineStatus = 'new' | 'auto' | 'suggested' | 'unmatched' | 'confirmed' | 'ignored';

export interface LineMatch {
  id: string;
  ar_item_id: string;
  document_number: string;
  customer_id: string;
  cash: string;
  discount: string;
  charges: string;
  shortfall: string;
  status: string;
  application_id: string | null;
}

export interface BankLine {
  id: string;
  statement_id: string;
  position: number;
  line_ref: string;
  booking_date: string;
  value_date: string;
  amount: string;
  direction: 'credit' | 'debit';
  currency: string;
  reversal: boolean;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  counterparty_account: string | null;
  /** Newline-separated, as the bank sent it. */
  remittance: string;
  structured_refs: string;
  end_to_end_id: string | null;
  bank_tx_code: string | null;
  status: LineStatus;
  customer_id: string | null;
  payment_id: string | null;
  rule: string | null;
  /** 0..1, null when nothing was proposed. */
  confidence: number | null;
  /** "; "-separated reasons. */
  evidence: string | null;
  matches: LineMatch[];
}

export interface BankLineDetail extends BankLine {
  customer: Customer | null;
  open_items: OpenItem[];
}

export interface BankStatement {
  id: string;
  format: string;
  statement_ref: string;
  account_iban: string | null;
  account_number: string | null;
  currency: string;
  from_date: string | null;
  to_date: string | null;
  line_count: number;
  imported_at: string;
  file_name: string;
  open_lines: number;
}

export interface ImportedStatement {
  id: string;
  format: string;
  statementRef: string;
  account: string;
  lines: number;
  credits: number;
}

export interface RunResult {
  lines: number;
  booked: number;
  auto: number;
  suggested: number;
  unmatched: number;
}

export interface LedgerOnlyEntry {
  source_key: string;
  entry_date: string;
  description: string;
  amount: string;
}

export interface Reconciliation {
  statement: {
    id: string;
    statement_ref: string;
    account: string;
    currency: string;
    from_date: string | null;
    to_date: string | null;
    opening_balance: string | null;
    closing_balance: string | null;
  };
  matched: BankLine[];
  unmatched_statement: BankLine[];
  unmatched_ledger: LedgerOnlyEntry[];
  statement_movement: string | null;
  ledger_movement: string;
  difference: string | null;
  explained: string;
  unexplained: string | null;
}

/** Lines a person still has to decide on. */
export const OPEN_STATUSES: LineStatus[] = ['new', 'suggested', 'unmatched'];

/** Applied lines: a payment exists (or a bank rule booked the line). */
export const isApplied = (l: Pick<BankLine, 'status'>) => l.status === 'auto' || l.status === 'confirmed';

/** Booked by a bank rule (fees, interest): posted straight to the ledger, nothing to unapply. */
export const isBankRule = (l: Pick<BankLine, 'rule'>) => (l.rule ?? '').startsWith('bank rule:');

/** A debit is money going out: shown with a minus. */
export const signedAmount = (l: Pick<BankLine, 'amount' | 'direction'>) => (l.direction === 'debit' ? `-${l.amount}` : l.amount);

export const remittanceLines = (l: Pick<BankLine, 'remittance'>) => l.remittance.split('\n').map((s) => s.trim()).filter(Boolean);

export const evidenceOf = (l: Pick<BankLine, 'evidence'>) => (l.evidence ?? '').split('; ').map((s) => s.trim()).filter(Boolean);

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00", as printed on paper. */
export function formatIban(iban: string | null | undefined): string {
  if (!iban) return '';
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function statementAccount(s: Pick<BankStatement, 'account_iban' | 'account_number'>): string {
  return s.account_iban ? formatIban(s.account_iban) : s.account_number ?? '—';
}

export function statementPeriod(s: { from_date: string | null; to_date: string | null }): string {
  if (!s.from_date && !s.to_date) return '—';
  if (s.from_date === s.to_date || !s.to_date) return s.from_date ?? '';
  return `${s.from_date ?? '…'} – ${s.to_date}`;
}
