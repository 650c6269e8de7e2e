/**
 * RFC 4180 CSV reader that never throws on malformed input: it yields records with their 1-based line
 * number, or an error naming the line (an unterminated quote, a stray quote). Accepts CRLF/LF, a UTF-8
 * BOM, quoted fields with embedded commas, quotes and newlines.
 */
export type CsvRecord = { line: number; fields: string[] };
export type CsvError = { line: number; error: string };

export function* readCsv(text: string, delimiter = ',', firstLine = 1): Generator<CsvRecord | CsvError> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = firstLine;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let quotedField = false;
    let bad: string | null = null;
    for (;;) {
      if (i >= n) {
        if (inQuotes) bad ??= 'a quoted field is not closed';
        fields.push(field);
        break;
      }
      const ch = text[i];
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          inQuotes = false; i++; continue;
        }
        if (ch === '\n') line++;
        field += ch; i++; continue;
      }
      if (ch === '"') {
        if (field.length === 0 && !quotedField) { inQuotes = true; quotedField = true; i++; continue; }
        bad ??= `a quote inside an unquoted field (column ${fields.length + 1})`;
        field += ch; i++; continue;
      }
      if (ch === delimiter) { fields.push(field); field = ''; quotedField = false; i++; continue; }
      if (ch === '\r' && text[i + 1] === '\n') { i++; continue; }
      if (ch === '\n' || ch === '\r') { fields.push(field); i++; line++; break; }
      if (quotedField) { bad ??= `text after a closing quote (column ${fields.length + 1})`; }
      field += ch; i++;
    }
    if (bad) { yield { line: start, error: bad }; continue; }
    if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
    yield { line: start, fields };
  }
}

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return values.map((v) => csvField(v === null || v === undefined ? '' : String(v))).join(',');
}

/**
 * readCsv for text that arrives in pieces (a file read as a stream): complete records are handed out as soon
 * as they are in, a record cut by a chunk boundary waits for the next chunk. A newline ends a record only
 * when the quotes before it are balanced, which is how a quoted field may hold newlines.
 */
export class CsvStream {
  private buffer = '';
  private line = 1;

  constructor(private readonly delimiter = ',') {}

  *push(chunk: string): Generator<CsvRecord | CsvError> {
    this.buffer += chunk;
    let quotes = 0;
    let cut = -1;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch === 34) quotes++;
      else if (ch === 10 && quotes % 2 === 0) cut = i;
    }
    if (cut < 0) return;
    yield* this.emit(this.buffer.slice(0, cut + 1));
    this.buffer = this.buffer.slice(cut + 1);
  }

  *end(): Generator<CsvRecord | CsvError> {
    if (this.buffer.length) yield* this.emit(this.buffer);
    this.buffer = '';
  }

  private *emit(text: string): Generator<CsvRecord | CsvError> {
    yield* readCsv(text, this.delimiter, this.line);
    this.line += (text.match(/\n/g) ?? []).length;
  }
}
