import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { createDatabase, dropDatabase, isReachable, openPostgres } from '../../src/db/postgres.ts';
import { SCHEMA } from '../../src/app/schema.ts';

export type DbKind = 'pglite' | 'postgres';

export const SERVER_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | null = null;

/** PGlite always; PostgreSQL too when a server answers (TEST_DATABASE_URL, or 127.0.0.1:5432). */
export async function dbKinds(): Promise<DbKind[]> {
  if (process.env.O2C_TEST_PGLITE_ONLY) return ['pglite'];
  reachable ??= isReachable(SERVER_URL);
  return (await reachable) ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDb {
  db: Db;
  kind: DbKind;
  /** The connection string of the throwaway database (postgres only). */
  url?: string;
  close(): Promise<void>;
}

/** A fresh migrated database of the kind; close() drops it. */
export async function freshDb(kind: DbKind, poolSize = 10): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db, SCHEMA);
    return { db, kind, close: () => db.close() };
  }
  const name = `o2c_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(SERVER_URL, name);
  const db = openPostgres(url, poolSize);
  await migrate(db, SCHEMA);
  return {
    db, kind, url,
    async close() {
      await db.close();
      await dropDatabase(SERVER_URL, name);
    },
  };
}
