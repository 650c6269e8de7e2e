/**
 * RFC 4180 CSV reader that never throws on malformed input: it yields records with their 1-based line
 * number, or an error naming the line (an unterminated quote, a stray quote). Accepts CRLF/LF, a UTF-8
 * BOM, quoted fields with embedded commas, quotes and newlines.
 */
export type CsvRecord = { line: number; fields: string[] };
export type CsvError = { line: number; error: string };

export function* readCsv(text: string, delimiter = ','): Generator<CsvRecord | CsvError> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
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
