// Wraps a Db to count what goes to the database: statements, transactions and transaction attempts
// (an attempt beyond the first is a retry after a serialization failure or deadlock). The bench reports
// these per cycle so that a change in round trips shows up next to the throughput figure.
import { runCommitWrites, type Db, type Sql } from '../src/db/db.ts';

export interface Counts {
  /** Statements sent, inside and outside transactions (BEGIN/COMMIT not included). */
  statements: number;
  /** db.transaction() calls that returned or threw. */
  transactions: number;
  /** Times a transaction body started; attempts − transactions = retries. */
  attempts: number;
}

export function zeroCounts(): Counts {
  return { statements: 0, transactions: 0, attempts: 0 };
}

export function diffCounts(after: Counts, before: Counts): Counts {
  return {
    statements: after.statements - before.statements,
    transactions: after.transactions - before.transactions,
    attempts: after.attempts - before.attempts,
  };
}

export function countingDb(inner: Db): { db: Db; counts: Counts } {
  const counts = zeroCounts();
  const db: Db = {
    kind: inner.kind,
    query(text, params) {
      counts.statements++;
      return inner.query(text, params);
    },
    async transaction(fn) {
      try {
        return await inner.transaction(async (tx) => {
          counts.attempts++;
          const counted: Sql = {
            query(text, params) {
              counts.statements++;
              return tx.query(text, params);
            },
          };
          // Writes registered at commit are keyed by the handle the code was given: flush this wrapper's.
          const result = await fn(counted);
          await runCommitWrites(counted);
          return result;
        });
      } finally {
        counts.transactions++;
      }
    },
    close: () => inner.close(),
  };
  return { db, counts };
}
