import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { SCHEMA } from './schema.ts';

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Written into the embedded database's lock so that others can say who holds it. */
  holder: { kind: 'server' | 'cli'; url?: string };
}

export interface Opened {
  db: Db;
  where: string;
  close(): Promise<void>;
}

export class DatabaseHeldError extends Error {
  constructor(readonly dataDir: string, readonly holder: { pid: number; kind: string; url?: string }) {
    super(
      `The embedded database in ${dataDir} is in use by ${holder.kind === 'server' ? 'the o2c server' : 'another o2c command'} ` +
        `(pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}). The embedded database (PGlite) takes one process at a time: ` +
        (holder.kind === 'server' ? `stop the server, or use its API${holder.url ? ` at ${holder.url}` : ''}, ` : 'wait for it to finish, ') +
        'or point o2c at PostgreSQL with DATABASE_URL.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function defaultDataDir(): string {
  return resolve(process.env.O2C_DATA_DIR || './data');
}

/** Opens PostgreSQL when a URL is given, else the embedded database in dataDir (locked to this process); migrates. */
export async function openDatabase(o: OpenOptions): Promise<Opened> {
  if (o.databaseUrl) {
    const db = openPostgres(o.databaseUrl);
    await migrate(db, SCHEMA);
    const u = new URL(o.databaseUrl);
    return { db, where: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`, close: () => db.close() };
  }
  const dir = resolve(o.dataDir ?? defaultDataDir());
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'o2c.lock');
  if (existsSync(lock)) {
    try {
      const holder = JSON.parse(readFileSync(lock, 'utf8'));
      if (holder.pid !== process.pid && alive(holder.pid)) throw new DatabaseHeldError(dir, holder);
    } catch (e) {
      if (e instanceof DatabaseHeldError) throw e;
    }
  }
  writeFileSync(lock, JSON.stringify({ pid: process.pid, kind: o.holder.kind, url: o.holder.url, since: new Date().toISOString() }));
  const release = () => rmSync(lock, { force: true });
  let db: Db;
  try {
    db = await openPglite(join(dir, 'pgdata'));
    await migrate(db, SCHEMA);
  } catch (e) {
    release();
    throw e;
  }
  return {
    db,
    where: `embedded PostgreSQL (PGlite) in ${dir}`,
    async close() {
      await db.close();
      release();
    },
  };
}

/** Updates the lock's advertised URL once the server knows its port. */
export function advertise(dataDir: string, url: string): void {
  const lock = join(resolve(dataDir), 'o2c.lock');
  if (!existsSync(lock)) return;
  const holder = JSON.parse(readFileSync(lock, 'utf8'));
  writeFileSync(lock, JSON.stringify({ ...holder, url }));
}
