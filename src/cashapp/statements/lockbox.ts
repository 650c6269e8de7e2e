import { isIsoDate } from '../../shared/dates.ts';
import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { formatAmount, isCurrency } from '../../shared/money.ts';
import { readCsv } from '../../shared/csv.ts';
import type { ParsedLine, ParseOptions, ParseResult, StatementError } from './model.ts';
import { guessDelimiter, normalizeHeader, parseDate } from './csv.ts';
import { finishStatement } from './statement.ts';
import { minorUnits } from './values.ts';

type Field = 'cheque' | 'chequeAmount' | 'payer' | 'payerAccount' | 'invoice' | 'invoiceAmount' | 'date' | 'currency';

// Header texts as normalizeHeader leaves them ("Cheque_Number" → "cheque number").
const HEADERS: Record<Field, string[]> = {
  cheque: ['cheque number', 'check number', 'cheque', 'check', 'cheque no', 'check no', 'item number'],
  chequeAmount: ['cheque amount', 'check amount', 'payment amount', 'amount'],
  payer: ['payer', 'payer name', 'remitter', 'customer', 'customer name', 'drawer'],
  payerAccount: ['payer account', 'account', 'account number', 'iban', 'payer iban'],
  invoice: ['invoice number', 'invoice', 'invoice no', 'invoice ref', 'document number'],
  invoiceAmount: ['invoice amount', 'amount paid', 'applied amount', 'paid amount'],
  date: ['deposit date', 'date', 'processing date'],
  currency: ['currency', 'ccy'],
};

/** A header with a cheque column and an invoice column: a lockbox remittance file rather than a bank CSV. */
export function looksLikeLockbox(t: string): boolean {
  const first = t.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const names = first.split(guessDelimiter(first)).map(normalizeHeader);
  return names.some((n) => HEADERS.cheque.includes(n)) && names.some((n) => HEADERS.invoice.includes(n));
}

/**
 * A lockbox file: a row per invoice a cheque pays (cheque number, cheque amount, payer, invoice number,
 * invoice amount; deposit date and currency optional). The rows of one cheque must be together and
 * become one credit whose remittance advice lists the amount for each invoice. The invoice amounts may
 * add up to less than the cheque (the rest waits unapplied), never to more. Amounts use a decimal point.
 */
export function parseLockbox(text: string, options: ParseOptions = {}): ParseResult {
  const errors: StatementError[] = [];
  const delimiter = guessDelimiter(text);
  const at = new Map<Field, number>();
  let headerLine = 0;
  const lines: ParsedLine[] = [];
  const seen = new Map<string, number>();
  let chequeAmountText = '';
  const currencies = new Set<string>();

  for (const rec of readCsv(text, delimiter)) {
    if ('error' in rec) {
      errors.push({ line: rec.line, message: rec.error });
      continue;
    }
    if (!headerLine) {
      headerLine = rec.line;
      const names = rec.fields.map(normalizeHeader);
      for (const field of Object.keys(HEADERS) as Field[]) {
        const i = names.findIndex((n, k) => HEADERS[field].includes(n) && ![...at.values()].includes(k));
        if (i >= 0) at.set(field, i);
      }
      const missing = (['cheque', 'chequeAmount'] as Field[]).filter((f) => !at.has(f));
      if (at.has('invoice') !== at.has('invoiceAmount')) missing.push(at.has('invoice') ? 'invoiceAmount' : 'invoice');
      if (missing.length) {
        return { ok: false, format: 'lockbox', errors: [{ line: rec.line, message: `header: missing ${missing.map(describe).join(', ')}` }] };
      }
      continue;
    }
    const get = (f: Field) => (at.has(f) ? (rec.fields[at.get(f)!] ?? '').trim() : '');
    const bad = (f: Field, message: string) => errors.push({ line: rec.line, field: describe(f), message });
    const cheque = get('cheque');
    if (!cheque) {
      bad('cheque', 'no cheque number');
      continue;
    }
    const currency = (get('currency') || options.currency || '').toUpperCase();
    if (!isCurrency(currency)) {
      bad('currency', currency ? `unknown currency "${currency}"` : 'no currency: the file has no currency column, give the account\'s currency');
      continue;
    }
    const dateText = get('date');
    const date = dateText ? parseDate(dateText, 'YYYY-MM-DD') ?? parseDate(dateText, 'MM/DD/YYYY') : options.depositDate ?? null;
    if (!date || !isIsoDate(date)) {
      bad('date', dateText ? `"${dateText}" is not a date (YYYY-MM-DD or MM/DD/YYYY)` : 'no deposit date: the file has no date column, give the deposit date');
      continue;
    }
    const amountText = get('chequeAmount');
    const amount = minorUnits(amountText, currency);
    if (typeof amount !== 'bigint' || amount <= 0n) {
      bad('chequeAmount', typeof amount === 'bigint' ? `the cheque amount must be positive, is ${amountText}` : amount.error);
      continue;
    }
    const current: ParsedLine | undefined = lines[lines.length - 1];
    let line: ParsedLine;
    if (current?.ref !== cheque) {
      if (seen.has(cheque)) {
        bad('cheque', `cheque ${cheque} came before on line ${seen.get(cheque)}; the rows of a cheque must be together`);
        continue;
      }
      seen.set(cheque, rec.line);
      currencies.add(currency);
      const account = get('payerAccount');
      chequeAmountText = amountText;
      line = {
        ref: cheque,
        bookingDate: date,
        valueDate: date,
        amount,
        direction: 'credit',
        currency,
        reversal: false,
        counterparty: {
          ...(get('payer') ? { name: get('payer') } : {}),
          ...(account ? (isValidIban(normalizeIban(account)) ? { iban: normalizeIban(account) } : { account }) : {}),
        },
        remittance: { unstructured: [], structuredRefs: [], advice: [] },
        location: `line ${rec.line}`,
        line: rec.line,
      };
      lines.push(line);
    } else if (current.amount !== amount || current.currency !== currency || current.bookingDate !== date) {
      bad('chequeAmount', `cheque ${cheque} has ${amountText} ${currency} of ${date} here, ${chequeAmountText} ${current.currency} of ${current.bookingDate} on line ${current.line}`);
      continue;
    } else line = current;
    const invoice = get('invoice');
    if (!invoice && !get('invoiceAmount')) continue;
    const invoiceAmount = minorUnits(get('invoiceAmount'), currency);
    if (!invoice) bad('invoice', 'an invoice amount without an invoice number');
    else if (typeof invoiceAmount !== 'bigint' || invoiceAmount <= 0n) {
      bad('invoiceAmount', typeof invoiceAmount === 'bigint' ? 'the invoice amount must be positive' : invoiceAmount.error);
    } else line.remittance.advice!.push({ invoiceRef: invoice, amount: invoiceAmount });
  }
  if (!headerLine) return { ok: false, format: 'lockbox', errors: [{ line: 1, message: 'the file is empty' }] };
  for (const l of lines) {
    const applied = l.remittance.advice!.reduce((s, a) => s + a.amount, 0n);
    if (applied > l.amount) {
      errors.push({ line: l.line, field: describe('invoiceAmount'), message: `the invoices of cheque ${l.ref} add up to ${formatAmount(applied, l.currency)}, more than the cheque's ${formatAmount(l.amount, l.currency)}` });
    }
    if (!l.remittance.advice!.length) delete l.remittance.advice;
    else l.remittance.unstructured = l.remittance.advice!.map((a) => a.invoiceRef);
  }
  if (currencies.size > 1) errors.push({ line: headerLine, message: `the file mixes currencies (${[...currencies].join(', ')}); a lockbox batch has one` });
  if (errors.length) return { ok: false, format: 'lockbox', errors };
  const currency = [...currencies][0] ?? options.currency ?? '';
  if (!isCurrency(currency)) return { ok: false, format: 'lockbox', errors: [{ line: headerLine, message: 'the file holds no cheque' }] };
  const dates = lines.map((l) => l.bookingDate).sort();
  return {
    ok: true,
    format: 'lockbox',
    statements: [finishStatement({
      format: 'lockbox',
      statementId: `lockbox ${dates[0]}..${dates[dates.length - 1]}`,
      account: { currency },
      lines,
      location: `line ${headerLine}`,
    })],
  };
}

function describe(f: Field): string {
  return HEADERS[f][0];
}
