import type { Db } from './db.ts';

export interface Migration {
  id: string;
  sql: string;
}

export interface ContextMigrations {
  context: string;
  migrations: Migration[];
}

/**
 * Applies each context's migrations in order, once. Every context owns its tables; the list order only
 * matters for foreign keys between a context and the platform tables it builds on (tenants).
 */
export async function migrate(db: Db, contexts: ContextMigrations[]): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    context text NOT NULL,
    id text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (context, id)
  )`);
  const done = new Set(
    (await db.query<{ context: string; id: string }>('SELECT context, id FROM schema_migrations')).map(
      (r) => `${r.context}/${r.id}`,
    ),
  );
  let applied = 0;
  for (const { context, migrations } of contexts) {
    for (const m of migrations) {
      if (done.has(`${context}/${m.id}`)) continue;
      await db.transaction(async (tx) => {
        for (const stmt of splitStatements(m.sql)) await tx.query(stmt);
        await tx.query('INSERT INTO schema_migrations (context, id) VALUES ($1, $2)', [context, m.id]);
      });
      applied++;
    }
  }
  return applied;
}

// Migrations hold plain DDL separated by semicolons at line ends (no function bodies), which keeps them
// runnable statement by statement on PostgreSQL, PGlite and Citus alike.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
