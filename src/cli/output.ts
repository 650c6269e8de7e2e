import { csvRow } from '../shared/csv.ts';

export type Format = 'table' | 'csv' | 'json';

export function parseFormat(f: string | undefined, allowed: Format[] = ['table', 'csv', 'json']): Format {
  const v = (f ?? 'table') as Format;
  if (!allowed.includes(v)) throw new Error(`--format must be one of ${allowed.join(', ')}`);
  return v;
}

/** Prints rows as an aligned table, CSV (header first) or JSON, always with the same columns. */
export function printRows(input: object[], columns: string[], format: Format, rightAligned: string[] = []) {
  const rows = input as Record<string, unknown>[];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
    return;
  }
  if (format === 'csv') {
    process.stdout.write([csvRow(columns), ...rows.map((r) => csvRow(columns.map((c) => cell(r[c]))))].join('\n') + '\n');
    return;
  }
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const fmt = (vals: string[]) =>
    vals.map((v, i) => (rightAligned.includes(columns[i]) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [fmt(columns), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => fmt(columns.map((c) => cell(r[c]))))];
  if (!rows.length) out.push('(none)');
  process.stdout.write(out.join('\n') + '\n');
}

/** A progress bar on stderr for long work (redrawn in place on a terminal; otherwise a line every 10 %). */
export function progress(label: string) {
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  let drawn = false;
  return {
    tick(done: number, total: number) {
      const pct = total ? Math.floor((done * 100) / total) : 100;
      if (pct === lastPct) return;
      lastPct = pct;
      if (tty) {
        const w = 30;
        const fill = Math.round((pct * w) / 100);
        process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${pct}% (${done}/${total})`);
        drawn = true;
      } else if (pct % 10 === 0) {
        process.stderr.write(`${label}: ${pct}% (${done}/${total})\n`);
      }
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

/** commander option parser for repeatable options (--line A --line B). */
export const collect = (v: string, prev: string[] = []) => [...prev, v];
