import { userInfo } from 'node:os';
import { HANDLERS } from '../app/handlers.ts';
import { DatabaseHeldError, defaultDataDir, openDatabase, type Opened } from '../app/open.ts';
import { provisionTenant } from '../app/provision.ts';
import type { Db, Sql } from '../db/db.ts';
import { Dispatcher } from '../events/dispatcher.ts';
import { mailerFromEnv } from '../notifications/mailer.ts';
import { deliverPending } from '../notifications/queue.ts';
import { listTenants, tenantBySlug, type Tenant } from '../identity/tenants.ts';
import { Failure } from '../shared/failure.ts';
import { ImportRejected } from '../shared/table-file.ts';
import type { Actor, Scope } from '../shared/scope.ts';

export interface GlobalOptions {
  dataDir?: string;
  tenant?: string;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export interface Cli {
  db: Db;
  tenant: Tenant;
  actor: Actor;
  run<T>(fn: (tx: Sql, s: Scope) => Promise<T>): Promise<T>;
}

const actor: Actor = { type: 'cli', id: null, name: `cli (${safeUser()})`, roles: ['admin'] };

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

/**
 * Opens the database the way an operator expects: DATABASE_URL when set, else the embedded one in
 * --data-dir / $O2C_DATA_DIR / ./data (created and migrated on first use). Picks the tenant named by
 * --tenant, or the only one, or creates a default tenant when there is none. Events raised by the command
 * (an invoice after a shipment, say) are dispatched before it returns.
 */
export async function withCli<T>(
  opts: GlobalOptions, fn: (cli: Cli) => Promise<T>,
  o: { needTenant?: boolean; /** The books' currency for a tenant created now, when $O2C_CURRENCY does not say. */ newTenantCurrency?: () => string | null } = {},
): Promise<T> {
  let opened: Opened;
  try {
    opened = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: opts.dataDir ?? defaultDataDir(), holder: { kind: 'cli' } });
  } catch (e) {
    if (e instanceof DatabaseHeldError) throw new CliError(e.message, 2);
    throw e;
  }
  try {
    const tenant = o.needTenant === false ? (null as unknown as Tenant) : await pickTenant(opened.db, opts.tenant, o.newTenantCurrency);
    const cli: Cli = {
      db: opened.db,
      tenant,
      actor,
      run: (f) => opened.db.transaction((tx) => f(tx, { tenantId: tenant.id, actor, now: new Date() })),
    };
    const result = await fn(cli);
    await new Dispatcher(opened.db, HANDLERS, (e) => { throw e; }).drain();
    await deliverPending(opened.db, mailerFromEnv({ ...process.env, O2C_DATA_DIR: opts.dataDir ?? process.env.O2C_DATA_DIR }));
    return result;
  } finally {
    await opened.close();
  }
}

async function pickTenant(db: Db, slug?: string, newTenantCurrency?: () => string | null): Promise<Tenant> {
  if (slug) {
    const t = await tenantBySlug(db, slug);
    if (!t) throw new CliError(`no tenant "${slug}" (o2c tenants list shows them)`);
    return t;
  }
  const all = await listTenants(db);
  if (all.length === 1) return all[0];
  if (all.length > 1) throw new CliError(`there are ${all.length} tenants (${all.map((t) => t.slug).join(', ')}): choose one with --tenant SLUG`);
  return provisionTenant(db, {
    slug: 'default',
    name: process.env.O2C_COMPANY_NAME || 'My Company',
    baseCurrency: process.env.O2C_CURRENCY || newTenantCurrency?.() || 'EUR',
    country: process.env.O2C_COUNTRY || 'DE',
  });
}

export function describeError(e: unknown): { message: string; code: number } {
  if (e instanceof CliError) return { message: e.message, code: e.exitCode };
  if (e instanceof ImportRejected) return { message: e.message, code: 1 };
  if (e instanceof Failure) return { message: e.field ? `${e.field}: ${e.message}` : e.message, code: 1 };
  return { message: String((e as Error)?.stack ?? e), code: 70 };
}
