export type Row = Record<string, any>;

/** What a use case needs from a connection: parameterised SQL, nothing engine-specific. */
export interface Sql {
  query<T = Row>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction, retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_TX_ATTEMPTS = 8;

export function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: string }).code ?? '');
}

export async function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 2 ** attempt) * (0.5 + Math.random());
  await new Promise((r) => setTimeout(r, ms));
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/**
 * Marks code running inside a transaction, so that reaching for the database handle instead of the
 * transaction handle fails loudly: on PGlite (one connection) it would wait forever for itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const inTransaction = new AsyncLocalStorage<object>();

export function runInTransaction<T>(owner: object, fn: () => Promise<T>): Promise<T> {
  return inTransaction.run(owner, fn);
}

export function assertOutsideTransaction(owner: object): void {
  if (inTransaction.getStore() === owner) {
    throw new Error('a query on the database handle inside one of its transactions: use the transaction handle (tx)');
  }
}

/** One data-modifying statement (INSERT, UPDATE or DELETE, without a WITH of its own) and its parameters. */
export interface Write {
  sql: string;
  params: unknown[];
}

const commitWrites = new WeakMap<object, (() => Write[])[]>();

/**
 * Rows a transaction writes just before it commits, registered by code that writes once per transaction (the
 * outbox and timeline rows of every event raised, the credit decisions taken). Every Db.transaction sends all
 * of them as one statement of data-modifying CTEs: a round trip costs more than the rows it carries.
 */
export function writeAtCommit(tx: Sql, collect: () => Write[]): void {
  const collectors = commitWrites.get(tx) ?? [];
  collectors.push(collect);
  commitWrites.set(tx, collectors);
}

export async function runCommitWrites(tx: Sql): Promise<void> {
  const collectors = commitWrites.get(tx);
  if (!collectors) return;
  commitWrites.delete(tx);
  const writes = collectors.flatMap((collect) => collect());
  if (!writes.length) return;
  const one = combineWrites(writes);
  await tx.query(one.sql, one.params);
}

/** Several writes as one statement: each but the last becomes a CTE, its parameters renumbered after the ones before. */
export function combineWrites(writes: Write[]): Write {
  let offset = 0;
  const params: unknown[] = [];
  const parts = writes.map((w) => {
    const base = offset;
    offset += w.params.length;
    params.push(...w.params);
    return w.sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + base}`);
  });
  const last = parts.pop()!;
  return { sql: parts.length ? `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(',\n')}\n${last}` : last, params };
}
