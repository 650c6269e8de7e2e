import type { Sql } from '../db/db.ts';
import type { Scope } from '../shared/scope.ts';
import { guessDelimiter, normalizeHeader, readHeader } from './statements/csv.ts';
import { detectFormat } from './statements/detect.ts';
import type { CsvMapping } from './statements/model.ts';

/**
 * Column mappings of bank CSV exports, saved by the header they were made for: a bank's export keeps its header,
 * so the next file of the same bank is read without questions. Null when the file is no CSV statement.
 */
export function csvHeaderKey(text: string): string | null {
  if (detectFormat(text) !== 'csv') return null;
  const head = readHeader(text, guessDelimiter(text), 0);
  return head ? `csv:${head.header.map(normalizeHeader).join('|')}` : null;
}

export async function savedMapping(tx: Sql, tenantId: string, key: string): Promise<CsvMapping | null> {
  const [row] = await tx.query<{ mapping: string }>('SELECT mapping FROM csv_mappings WHERE tenant_id = $1 AND account_key = $2', [tenantId, key]);
  return row ? (JSON.parse(row.mapping) as CsvMapping) : null;
}

export async function saveMapping(tx: Sql, s: Scope, key: string, mapping: CsvMapping): Promise<void> {
  await tx.query(
    `INSERT INTO csv_mappings (tenant_id, account_key, mapping, saved_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, account_key) DO UPDATE SET mapping = EXCLUDED.mapping, saved_at = EXCLUDED.saved_at`,
    [s.tenantId, key, JSON.stringify(mapping), s.now]);
}
