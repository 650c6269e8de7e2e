import type { RowError } from '../../shared/table-file.ts';

/**
 * What every bank file becomes, whatever it came as (camt.052/053/054, MT940/MT942, BAI2, CSV with a column
 * mapping, lockbox CSV): statements of one account, each a list of bookings. The parsers are pure (text in,
 * this model or a list of errors out) so that cash application never sees a format's quirks.
 *
 * Conventions every parser keeps:
 * - amounts are bigint minor units of the line's currency; a line's `amount` is never negative, its
 *   `direction` says which way the money went (credit = money in). Balances are signed (negative = overdrawn).
 * - dates are ISO `YYYY-MM-DD`.
 * - `ref` is the bank's reference of the booking (camt `AcctSvcrRef`, MT940 the `//` part of :61: else the
 *   customer reference, BAI2 the bank reference, CSV the mapped reference column, lockbox the cheque number);
 *   when the bank gives none it is `#n`, the line's 1-based position in its statement, so it is never empty.
 * - `location` names where the line is in the file ("line 12", "Stmt 1, Ntry 3") so that a person can find it.
 * - a file either parses whole or yields errors and no statement: nothing of a broken file is imported.
 */
export type StatementFormat = 'camt.052' | 'camt.053' | 'camt.054' | 'mt940' | 'mt942' | 'bai2' | 'csv' | 'lockbox';

export type Direction = 'credit' | 'debit';

export interface Balance {
  /** Signed minor units: positive when the account is in credit. */
  amount: bigint;
  date: string;
}

export interface StatementAccount {
  iban?: string;
  /** The bank's own account number when it is not an IBAN (BAI2, MT940 "bank code/account"). */
  number?: string;
  bic?: string;
  name?: string;
  currency: string;
}

export interface Counterparty {
  name?: string;
  iban?: string;
  /** An account number that is not an IBAN. */
  account?: string;
  bic?: string;
}

/** What the payer said the money is for. */
export interface Remittance {
  /** Free text, one entry per field or line the bank gave, in order. */
  unstructured: string[];
  /** Structured creditor references (ISO 11649 RF…, national references such as a Finnish or Swiss one). */
  structuredRefs: string[];
  endToEndId?: string;
  /** A remittance advice: which invoices one payment covers and how much of each (lockbox, structured camt). */
  advice?: { invoiceRef: string; amount: bigint }[];
}

export interface ParsedLine {
  ref: string;
  bookingDate: string;
  valueDate: string;
  /** Minor units, never negative. */
  amount: bigint;
  direction: Direction;
  currency: string;
  /** A reversal of an earlier booking (MT940 RC/RD, camt RvslInd). */
  reversal: boolean;
  counterparty: Counterparty;
  remittance: Remittance;
  /** Why a debit of ours came back, as the bank coded it (camt RtrInf/Rsn/Cd: AM04, MD06…). */
  returnReason?: string;
  /** The bank's transaction code as it gave it: camt "PMNT/RCDT/ESCT" or proprietary, MT940 "NTRF" or "166", BAI2 "175". */
  bankTxCode?: string;
  location: string;
  /** 1-based line of the file where the booking starts. */
  line: number;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The message version when the format has one (camt "001.02", "001.08"). */
  formatVersion?: string;
  /** The statement's id as the bank gave it (camt Stmt/Id, MT940 :20: + :28C:, BAI2 file id + account). */
  statementId: string;
  /** The statement's number in the bank's sequence, when given (camt ElctrncSeqNb/LglSeqNb, MT940 :28C:). */
  sequence?: string;
  account: StatementAccount;
  openingBalance?: Balance;
  closingBalance?: Balance;
  /** When the bank produced it. */
  createdAt?: string;
  /** The period covered, when known; else the first and last booking dates. */
  fromDate?: string;
  toDate?: string;
  lines: ParsedLine[];
  location: string;
  /** Same file content, same statement → same fingerprint (see fingerprint.ts): the key for duplicate detection. */
  fingerprint: string;
}

export type StatementError = RowError;

export type ParseResult =
  | { ok: true; format: StatementFormat; statements: ParsedStatement[] }
  | { ok: false; format?: StatementFormat; errors: StatementError[] };

/**
 * How a bank's CSV export maps to lines; saved per bank account so the next file of the same bank needs no
 * questions. Columns are named by their header text (matched without regard to case and surrounding spaces).
 * Either `amount` (signed, or unsigned with `direction`) or `credit`/`debit` must be given.
 */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'YYYYMMDD', 'DD.MM.YY', 'DD/MM/YY', 'MM/DD/YY', 'DD-MM-YY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface CsvMapping {
  delimiter: ',' | ';' | '\t' | '|';
  decimal: '.' | ',';
  /** The order of day, month and year; day and month may have one digit, the year two (read as 20YY: "09.11.26"). */
  dateFormat: DateFormat;
  columns: {
    bookingDate: string;
    valueDate?: string;
    amount?: string;
    credit?: string;
    debit?: string;
    /** A column saying credit or debit ("C"/"D", "CR"/"DR", "credit"/"debit", "H"/"S") for unsigned amounts. */
    direction?: string;
    currency?: string;
    reference?: string;
    name?: string;
    iban?: string;
    bic?: string;
    text?: string;
    /** The statement's own account, for exports that repeat it on every row. */
    account?: string;
    /** The balance after each booking; when mapped, every row's running balance is checked. */
    balanceAfter?: string;
  };
  /** Used when there is no currency column. */
  currency?: string;
}

export interface ParseOptions {
  /** For CSV files; without it the mapping is guessed from the header (guessMapping). */
  csvMapping?: CsvMapping;
  /** The account's currency, for CSV and lockbox files that do not say it. */
  currency?: string;
  /** The date the money arrived, for lockbox files without a deposit date column. */
  depositDate?: string;
}
