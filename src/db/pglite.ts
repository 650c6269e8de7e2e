import { PGlite, types } from '@electric-sql/pglite';
import { MAX_TX_ATTEMPTS, assertOutsideTransaction, backoff, isRetryable, runCommitWrites, runInTransaction, type Db, type Sql } from './db.ts';

// PGlite is one connection: everything (plain queries and transactions) goes through one queue so that a
// query can never land inside somebody else's open transaction.
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

const parsers = {
  [types.INT8]: (v: string) => BigInt(v),
  [types.DATE]: (v: string) => v,
};

export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = await PGlite.create(dataDir ? { dataDir, parsers } : { parsers });
  const queue = new Queue();
  const exec = async <T>(q: { query: PGlite['query'] }, text: string, params?: unknown[]) =>
    (await q.query<T>(text, params as any[])).rows;
  const owner = {};
  return {
    kind: 'pglite',
    query: (text, params) => {
      assertOutsideTransaction(owner);
      return queue.run(() => exec(pg, text, params));
    },
    async transaction(fn) {
      assertOutsideTransaction(owner);
      for (let attempt = 1; ; attempt++) {
        try {
          return await queue.run(() => pg.transaction((tx) => runInTransaction(owner, async () => {
            const handle: Sql = { query: (t, p) => exec(tx, t, p) };
            const result = await fn(handle);
            await runCommitWrites(handle);
            return result;
          })));
        } catch (err) {
          if (!isRetryable(err) || attempt >= MAX_TX_ATTEMPTS) throw err;
          await backoff(attempt);
        }
      }
    },
    close: () => pg.close(),
  };
}
