// Throwaway databases for the benchmark: PGlite in memory, or a fresh database on a PostgreSQL server that is
// dropped again at the end. Both are migrated with the application's schema.
import { randomBytes } from 'node:crypto';
import { SCHEMA } from '../src/app/schema.ts';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { createDatabase, dropDatabase, isReachable, openPostgres } from '../src/db/postgres.ts';

export type Engine = 'pglite' | 'postgres';

export const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDb {
  db: Db;
  engine: Engine;
  /** Where it lives, for notes on stderr. */
  where: string;
  /** The throwaway database's name on the server (postgres). */
  database?: string;
  /** Closes the connections and drops the database (postgres). Safe to call twice. */
  close(): Promise<void>;
}

export function serverReachable(): Promise<boolean> {
  return isReachable(SERVER_URL);
}

export async function openBenchDb(engine: Engine, poolSize: number): Promise<BenchDb> {
  if (engine === 'pglite') {
    const db = await openPglite();
    await migrate(db, SCHEMA);
    let closed = false;
    return {
      db, engine, where: 'PGlite (in memory)',
      async close() {
        if (closed) return;
        closed = true;
        await db.close();
      },
    };
  }
  const name = `o2c_bench_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(SERVER_URL, name);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close().catch(() => undefined);
    await dropDatabase(SERVER_URL, name);
  };
  const db = openPostgres(url, poolSize);
  try {
    await migrate(db, SCHEMA);
  } catch (e) {
    await close();
    throw e;
  }
  const u = new URL(url);
  return { db, engine, where: `PostgreSQL ${u.host}/${name} (pool ${poolSize})`, database: name, close };
}
