import type { Db, Sql } from '../db/db.ts';
import { emit } from '../events/emit.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Scope } from '../shared/scope.ts';
import { ImportRejected } from '../shared/table-file.ts';
import type { CsvMapping, ParsedLine, ParsedStatement } from './statements/model.ts';
import { parseStatementFile } from './statements/parse.ts';
import { csvHeaderKey, saveMapping, savedMapping } from './csv-mappings.ts';

export interface ImportedStatement {
  id: string;
  format: string;
  statementRef: string;
  account: string;
  lines: number;
  credits: number;
}

const BATCH = 1000;

/**
 * Imports a bank file (camt.052/053/054, MT940, BAI2, CSV, lockbox; the format is read from the content). A
 * malformed file, a statement whose balances do not add up, or a statement imported before (same fingerprint)
 * rejects the whole file: nothing of it is written. Every booking waits for the next cash application run (status
 * new), which matches credits to customers and books the bank's own fees and interest by rule; reversals are kept
 * for bank reconciliation only.
 */
export async function importStatementFile(
  db: Db, scope: () => Scope, file: string, text: string,
  o: { csvMapping?: CsvMapping; currency?: string; depositDate?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportedStatement[]> {
  // A CSV is read with the mapping given (then saved for its header), else the one saved for its header, else a guess.
  const headerKey = csvHeaderKey(text);
  const csvMapping = o.csvMapping ?? (headerKey ? await savedMapping(db, scope().tenantId, headerKey) ?? undefined : undefined);
  const parsed = parseStatementFile(file, text, { csvMapping, currency: o.currency, depositDate: o.depositDate });
  if (!parsed.ok) throw new ImportRejected(file, parsed.errors);
  const total = parsed.statements.reduce((t, st) => t + st.lines.length, 0);
  const imported = await db.transaction(async (tx) => {
    const s = scope();
    if (headerKey && o.csvMapping) await saveMapping(tx, s, headerKey, o.csvMapping);
    const known = await tx.query<{ fingerprint: string; statement_ref: string; file_name: string; imported_at: Date }>(
      'SELECT fingerprint, statement_ref, file_name, imported_at FROM bank_statements WHERE tenant_id = $1 AND fingerprint = ANY($2::text[])',
      [s.tenantId, parsed.statements.map((st) => st.fingerprint)]);
    if (known.length) {
      throw new ImportRejected(file, known.map((k) => ({
        line: 0, location: `statement ${k.statement_ref}`,
        message: `already imported from ${k.file_name} on ${k.imported_at.toISOString().slice(0, 10)}`,
      })));
    }
    const out: ImportedStatement[] = [];
    let done = 0;
    for (const st of parsed.statements) {
      const id = uuidv7();
      await tx.query(
        `INSERT INTO bank_statements (tenant_id, id, format, format_version, statement_ref, sequence, account_iban, account_number,
           currency, opening_balance, closing_balance, from_date, to_date, fingerprint, file_name, line_count, imported_at, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [s.tenantId, id, st.format, st.formatVersion ?? null, st.statementId, st.sequence ?? null, st.account.iban ?? null,
          st.account.number ?? null, st.account.currency, st.openingBalance?.amount ?? null, st.closingBalance?.amount ?? null,
          st.fromDate ?? firstDate(st), st.toDate ?? lastDate(st), st.fingerprint, file, st.lines.length, s.now, s.actor.name]);
      for (let i = 0; i < st.lines.length; i += BATCH) {
        await insertLines(tx, s, id, st.lines.slice(i, i + BATCH), i);
        done += Math.min(BATCH, st.lines.length - i);
        o.onProgress?.(done, total);
      }
      const credits = st.lines.filter(isReceipt).length;
      const account = st.account.iban ?? st.account.number ?? '?';
      await emit(tx, s, {
        type: 'bank_statement.imported',
        summary: `Statement ${st.statementId} of ${account} imported: ${st.lines.length} bookings, ${credits} receipts`,
        subjects: {},
        data: { statement_id: id, format: st.format, lines: st.lines.length, credits },
      });
      out.push({ id, format: st.format, statementRef: st.statementId, account, lines: st.lines.length, credits });
    }
    return out;
  });
  // A big statement changes what the planner should know of the lines (a cash application run updates them by id;
  // on a table it has no statistics of yet it took the status index instead, minutes for 100,000 lines).
  if (total >= BULK && db.kind === 'postgres') await db.query('ANALYZE statement_lines');
  return imported;
}

const BULK = 1000;

/** A credit that is not the reversal of an earlier booking: money a customer may have sent. */
function isReceipt(l: ParsedLine): boolean {
  return l.direction === 'credit' && !l.reversal && l.amount > 0n;
}

const firstDate = (st: ParsedStatement) => st.lines.reduce<string | null>((d, l) => (d === null || l.bookingDate < d ? l.bookingDate : d), null);
const lastDate = (st: ParsedStatement) => st.lines.reduce<string | null>((d, l) => (d === null || l.bookingDate > d ? l.bookingDate : d), null);

async function insertLines(tx: Sql, s: Scope, statementId: string, lines: ParsedLine[], offset: number) {
  const col = <T>(f: (l: ParsedLine, i: number) => T) => lines.map(f);
  await tx.query(
    `INSERT INTO statement_lines (tenant_id, id, statement_id, position, line_ref, booking_date, value_date, amount, direction, currency,
       reversal, counterparty_name, counterparty_iban, counterparty_account, remittance, structured_refs, end_to_end_id, advice,
       bank_tx_code, status, return_reason)
     SELECT $1, v.id, $2, v.position, v.line_ref, v.booking_date, v.value_date, v.amount, v.direction, v.currency, v.reversal, v.name,
            v.iban, v.account, v.remittance, v.refs, v.e2e, v.advice, v.code, v.status, v.return_reason
       FROM unnest($3::uuid[], $4::int[], $5::text[], $6::date[], $7::date[], $8::bigint[], $9::text[], $10::text[], $11::boolean[],
                   $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[])
         AS v(id, position, line_ref, booking_date, value_date, amount, direction, currency, reversal, name, iban, account, remittance,
              refs, e2e, advice, code, status, return_reason)`,
    [s.tenantId, statementId, col(() => uuidv7()), col((_, i) => offset + i + 1), col((l) => l.ref), col((l) => l.bookingDate),
      col((l) => l.valueDate), col((l) => l.amount), col((l) => l.direction), col((l) => l.currency), col((l) => l.reversal),
      col((l) => l.counterparty.name ?? null), col((l) => l.counterparty.iban ?? null), col((l) => l.counterparty.account ?? null),
      col((l) => l.remittance.unstructured.join('\n')), col((l) => l.remittance.structuredRefs.join('\n')),
      col((l) => l.remittance.endToEndId ?? null),
      col((l) => (l.remittance.advice?.length ? JSON.stringify(l.remittance.advice.map((a) => ({ ref: a.invoiceRef, amount: String(a.amount) }))) : null)),
      col((l) => l.bankTxCode ?? null), col((l) => (l.reversal ? 'ignored' : 'new')), col((l) => l.returnReason ?? null)],
  );
}
