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

/**
 * Work a transaction must do before it commits, registered by code that wants to write once per transaction
 * (the outbox and timeline rows of all the events it raised, in one statement). Every Db.transaction runs
 * these last, inside the transaction.
 */
const commitHooks = new WeakMap<object, (() => Promise<void>)[]>();

export function beforeCommit(tx: Sql, fn: () => Promise<void>): void {
  const hooks = commitHooks.get(tx) ?? [];
  hooks.push(fn);
  commitHooks.set(tx, hooks);
}

export async function runBeforeCommit(tx: Sql): Promise<void> {
  for (let hooks = commitHooks.get(tx); hooks?.length; hooks = commitHooks.get(tx)) {
    commitHooks.delete(tx);
    for (const fn of hooks) await fn();
  }
}
