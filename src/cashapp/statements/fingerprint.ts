import { createHash } from 'node:crypto';
import type { ParsedLine, ParsedStatement } from './model.ts';

/**
 * The identity of a statement's content, for refusing the same statement twice: account, statement id,
 * period, balances and every booking (reference, date, direction, amount). The format is left out on
 * purpose, and so is the file name, so a statement renamed or fetched again is still recognised; a
 * corrected statement (one booking more or different) is not a duplicate.
 */
export function fingerprint(s: Omit<ParsedStatement, 'fingerprint'>): string {
  const h = createHash('sha256');
  const part = (v: unknown) => h.update(String(v ?? '')).update('\u001f');
  part(s.account.iban ?? s.account.number);
  part(s.account.currency);
  part(s.statementId);
  part(s.fromDate);
  part(s.toDate);
  part(s.openingBalance?.amount);
  part(s.closingBalance?.amount);
  for (const l of s.lines) part(lineKey(l));
  return h.digest('hex');
}

function lineKey(l: ParsedLine): string {
  return `${l.ref}|${l.bookingDate}|${l.valueDate}|${l.direction}|${l.amount}|${l.currency}`;
}
