import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { HANDLERS } from '../../src/app/handlers.ts';
import { provisionTenant } from '../../src/app/provision.ts';
import type { Db } from '../../src/db/db.ts';
import { Dispatcher } from '../../src/events/dispatcher.ts';
import { buildServer } from '../../src/http/server.ts';
import type { Tenant } from '../../src/identity/tenants.ts';

export interface Reply {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: string;
  json: any;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP API over fastify's inject, with its own dispatcher (errors collected, not thrown, so that a
 * failing handler in the background never becomes an unhandled rejection).
 */
export async function apiWorld(db: Db) {
  const dispatcherErrors: unknown[] = [];
  const dispatcher = new Dispatcher(db, HANDLERS, (e) => { dispatcherErrors.push(e); });
  const app: FastifyInstance = await buildServer({ db, dispatcher });
  await app.ready();

  async function call(method: string, url: string, o: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const r = await app.inject({ method: method as any, url, headers, ...(o.body !== undefined && { payload: o.body as any }) });
    let json: any;
    try { json = r.body ? JSON.parse(r.body) : undefined; } catch { json = undefined; }
    return { status: r.statusCode, headers: r.headers, body: r.body, json };
  }

  /** A tenant with an admin, logged in; returns the admin's token. */
  async function tenantWithAdmin(slug: string, admin = { email: `admin@${slug}.test`, name: `Admin ${slug}`, password: 'correct horse battery' }) {
    const tenant: Tenant = await provisionTenant(db, { slug, name: `Tenant ${slug}`, baseCurrency: 'EUR', country: 'DE' }, admin);
    const token = await login(slug, admin.email, admin.password);
    return { tenant, token, admin };
  }

  async function login(tenant: string, email: string, password: string): Promise<string> {
    const r = await call('POST', '/api/auth/login', { body: { tenant, email, password } });
    if (r.status !== 200) throw new Error(`login ${email}@${tenant}: ${r.status} ${r.body}`);
    return r.json.token as string;
  }

  /** Creates a user through the API (as admin) and logs them in. */
  async function user(adminToken: string, slug: string, name: string, roles: string[]) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@${slug}.test`;
    const password = 'a long enough password';
    const r = await call('POST', '/api/users', { token: adminToken, body: { email, name, password, roles } });
    if (r.status !== 201) throw new Error(`create user ${email}: ${r.status} ${r.body}`);
    return { id: r.json.id as string, name, token: await login(slug, email, password) };
  }

  /** Invites a portal user of a customer through the API (as admin) and logs it in. */
  async function portalUser(adminToken: string, slug: string, customerId: string, name: string) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@${slug}.test`;
    const password = 'a long enough password';
    const r = await call('POST', `/api/customers/${customerId}/portal-users`, { token: adminToken, body: { email, name, password } });
    if (r.status !== 201) throw new Error(`invite portal user ${email}: ${r.status} ${r.body}`);
    return { id: r.json.id as string, name, token: await login(slug, email, password) };
  }

  /**
   * Waits for the background drain the server started after a write, then drains what is left. Twice: a
   * response's onResponse hook (which wakes the dispatcher) may run just after inject has answered.
   */
  async function settle(): Promise<number> {
    let n = 0;
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setImmediate(r));
      await dispatcher.stop();
      n += await dispatcher.drain();
    }
    return n;
  }

  return {
    app, dispatcher, dispatcherErrors, call, login, user, portalUser, tenantWithAdmin, settle,
    async close() {
      await dispatcher.stop();
      await app.close();
    },
  };
}

export type ApiWorld = Awaited<ReturnType<typeof apiWorld>>;

/** Row counts of the tables a write touches: equal before and after means nothing was written. */
export async function tableCounts(db: Db, tenantId: string): Promise<Record<string, number>> {
  const tables = ['customers', 'products', 'orders', 'order_lines', 'reservations', 'shipments', 'invoices', 'payments',
    'payment_applications', 'ar_items', 'journal_entries', 'journal_lines', 'outbox', 'timeline_entries', 'stock_moves', 'credit_decisions'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await db.query<{ n: bigint }>(`SELECT COUNT(*)::bigint AS n FROM ${t} WHERE tenant_id = $1`, [tenantId]);
    out[t] = Number(r.n);
  }
  const counters = await db.query<{ series: string; period: string; next_value: bigint }>(
    'SELECT series, period, next_value FROM counters WHERE tenant_id = $1 ORDER BY series, period', [tenantId]);
  for (const c of counters) out[`counter:${c.series}:${c.period}`] = Number(c.next_value);
  return out;
}
