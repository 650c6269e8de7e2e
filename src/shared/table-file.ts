import { readCsv } from './csv.ts';

export interface RowError {
  line: number;
  /** Where in a non-line format, e.g. "segment 14 (PO1)"; shown instead of the line. */
  location?: string;
  field?: string;
  message: string;
}

export function describeRowError(e: RowError): string {
  return `${e.location ?? `line ${e.line}`}${e.field ? `, field ${e.field}` : ''}: ${e.message}`;
}

/** A whole file refused: every problem found, each with its line and field. */
export class ImportRejected extends Error {
  constructor(readonly file: string, readonly errors: RowError[]) {
    super(
      `${file}: rejected, nothing imported (${errors.length} problem${errors.length === 1 ? '' : 's'})\n` +
        errors.slice(0, 50).map((e) => `  ${describeRowError(e)}`).join('\n') +
        (errors.length > 50 ? `\n  … and ${errors.length - 50} more` : ''),
    );
  }
}

export interface TableRow {
  line: number;
  values: Record<string, string>;
}

/**
 * The column names of a header record (trimmed, lower case); a missing, unknown or repeated column rejects
 * the file at once, so that a misspelt column is not silently ignored.
 */
export function checkHeader(file: string, rec: { line: number; fields: string[] }, required: string[], optional: string[] = []): string[] {
  const header = rec.fields.map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !required.includes(h) && !optional.includes(h));
  const dup = header.filter((h, i) => header.indexOf(h) !== i);
  if (missing.length || unknown.length || dup.length) {
    const parts = [
      missing.length && `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      unknown.length && `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
      dup.length && `repeated column ${dup.join(', ')}`,
    ].filter(Boolean);
    throw new ImportRejected(file, [{ line: rec.line, message: `header: ${parts.join('; ')} (expected ${required.join(',')})` }]);
  }
  return header;
}

/**
 * Reads a CSV file whose header must hold the `required` columns (in any order; `optional` ones may be
 * there too, anything else is an error so that a misspelt column is not silently ignored). A bad header
 * rejects the file at once; broken records are returned as errors next to the good rows, so that one report
 * lists every problem of the file.
 */
export function readTable(file: string, text: string, required: string[], optional: string[] = []): { rows: TableRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows: TableRow[] = [];
  let header: string[] | null = null;
  for (const rec of readCsv(text)) {
    if ('error' in rec) {
      errors.push({ line: rec.line, message: rec.error });
      continue;
    }
    if (!header) {
      header = checkHeader(file, rec, required, optional);
      continue;
    }
    if (rec.fields.length !== header.length) {
      errors.push({ line: rec.line, message: `${rec.fields.length} fields, the header has ${header.length}` });
      continue;
    }
    rows.push({ line: rec.line, values: Object.fromEntries(header.map((h, i) => [h, rec.fields[i].trim()])) });
  }
  if (!header) throw new ImportRejected(file, [{ line: 1, message: `the file is empty (expected the header ${required.join(',')})` }]);
  return { rows, errors };
}
