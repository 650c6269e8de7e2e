import pg from 'pg';
import { MAX_TX_ATTEMPTS, assertOutsideTransaction, backoff, isRetryable, runInTransaction, type Db, type Sql } from './db.ts';

const INT8 = 20;
const DATE = 1082;

function typeParser(oid: number, format?: any): any {
  if (oid === INT8) return (v: string) => BigInt(v);
  if (oid === DATE) return (v: string) => v;
  return pg.types.getTypeParser(oid, format);
}

export function openPostgres(connectionString: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: { getTypeParser: typeParser } as any });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
  const owner = {};
  return {
    kind: 'postgres',
    async query(text, params) {
      assertOutsideTransaction(owner);
      return (await pool.query(text, params as any[])).rows;
    },
    async transaction(fn) {
      assertOutsideTransaction(owner);
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('BEGIN');
          const tx: Sql = { query: async (t, p) => (await client.query(t, p as any[])).rows };
          const result = await runInTransaction(owner, () => fn(tx));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try { await client.query('ROLLBACK'); } catch { broken = true; }
          if (!isRetryable(err) || attempt >= MAX_TX_ATTEMPTS) throw err;
        } finally {
          client.release(broken);
        }
        await backoff(attempt);
      }
    },
    close: () => pool.end(),
  };
}

/** Creates a database on the server of `url` (used by tests and benchmarks for throwaway databases). */
export async function createDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function isReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}
