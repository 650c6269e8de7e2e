import { ImportRejected } from '../../shared/table-file.ts';
import { parseBai2 } from './bai2.ts';
import { parseCamt } from './camt.ts';
import { parseCsvStatement } from './csv.ts';
import { detectFormat } from './detect.ts';
import { parseLockbox } from './lockbox.ts';
import type { ParsedStatement, ParseOptions, ParseResult, StatementFormat } from './model.ts';
import { parseMt940 } from './mt940.ts';

/**
 * Any bank file in, its statements or every problem found out; never throws on what the file holds. The
 * format is read from the content; the name is not looked at (callers name the file in their messages).
 */
export function parseStatementFile(_name: string, text: string, options: ParseOptions = {}): ParseResult {
  const format = detectFormat(text);
  if (!format) {
    return {
      ok: false,
      errors: [{ line: 1, message: 'not a bank statement o2c reads (camt.052/053/054, MT940/MT942, BAI2, CSV with a header row, lockbox CSV)' }],
    };
  }
  const result = parseAs(format, text, options);
  return result.ok ? withoutRepeats(result) : result;
}

function parseAs(format: StatementFormat, text: string, options: ParseOptions): ParseResult {
  switch (format) {
    case 'camt.052':
    case 'camt.053':
    case 'camt.054':
      return parseCamt(text);
    case 'mt940':
    case 'mt942':
      return parseMt940(text);
    case 'bai2':
      return parseBai2(text);
    case 'lockbox':
      return parseLockbox(text, options);
    case 'csv':
      return parseCsvStatement(text, options);
  }
}

/**
 * A file that reports the same statement twice (same fingerprint) would import it twice. Empty repeats
 * (an account without activity reported again) say nothing new and are dropped; a repeat with bookings
 * is an error, since which copy is right cannot be told.
 */
function withoutRepeats(result: Extract<ParseResult, { ok: true }>): ParseResult {
  const first = new Map<string, ParsedStatement>();
  const statements: ParsedStatement[] = [];
  const errors = [];
  for (const s of result.statements) {
    const earlier = first.get(s.fingerprint);
    if (!earlier) {
      first.set(s.fingerprint, s);
      statements.push(s);
    } else if (s.lines.length) {
      errors.push({ line: s.lines[0].line, location: s.location, message: `the statement repeats the one at ${earlier.location}, bookings and all` });
    }
  }
  return errors.length ? { ok: false, format: result.format, errors } : { ...result, statements };
}

/** parseStatementFile for callers that reject a broken file whole: its statements, or ImportRejected listing every problem. */
export function parseStatementFileOrReject(name: string, text: string, options: ParseOptions = {}): { format: StatementFormat; statements: ParsedStatement[] } {
  const result = parseStatementFile(name, text, options);
  if (!result.ok) throw new ImportRejected(name, result.errors);
  return { format: result.format, statements: result.statements };
}
