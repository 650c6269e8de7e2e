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

export interface DurableDb {
  db: Db;
  kind: DbKind;
  /** Closes every connection and opens the same database again, as a restarted process would. */
  restart(): Promise<Db>;
  close(): Promise<void>;
}

/** A fresh migrated database that outlives its connections: PGlite in a temporary directory, or a server database. */
export async function durableDb(kind: DbKind): Promise<DurableDb> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  let dir: string | undefined;
  let name: string | undefined;
  let open: () => Promise<Db>;
  if (kind === 'pglite') {
    dir = await mkdtemp(join(tmpdir(), 'o2c-test-'));
    const dataDir = join(dir, 'pgdata');
    open = async () => { const db = await openPglite(dataDir); await migrate(db, SCHEMA); return db; };
  } else {
    name = `o2c_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = await createDatabase(SERVER_URL, name);
    open = async () => { const db = openPostgres(url, 4); await migrate(db, SCHEMA); return db; };
  }
  const d: DurableDb = {
    db: await open(),
    kind,
    async restart() {
      await d.db.close();
      d.db = await open();
      return d.db;
    },
    async close() {
      await d.db.close().catch(() => undefined);
      if (name) await dropDatabase(SERVER_URL, name);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return d;
}
