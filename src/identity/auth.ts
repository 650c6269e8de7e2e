import type { Db, Sql } from '../db/db.ts';
import { uuidv7, UUID_RE } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import type { Actor, Role } from '../shared/scope.ts';
import { hashSecret, newSecret, secretsEqual, verifyPassword } from './passwords.ts';
import { tenantBySlug } from './tenants.ts';
import { validateRoles } from './users.ts';

// Tokens carry their tenant and row id in clear ("o2c_s.<tenant>.<id>.<secret>") so that checking one is a
// primary-key lookup that starts with tenant_id, and only the secret's hash is stored.
const SESSION_HOURS = 12;

export interface Principal {
  tenantId: string;
  actor: Actor;
  /** The customer a portal user acts for (users.customer_id); null for staff and API keys. */
  customerId: string | null;
}

export async function login(
  db: Db,
  input: { tenant: string; email: string; password: string },
  now: Date,
): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
  const fail = new Failure('unauthenticated', 'unknown tenant, email or password');
  const tenant = await tenantBySlug(db, input.tenant);
  if (!tenant) throw fail;
  const [user] = await db.query<{ id: string; name: string; password_hash: string; roles: Role[]; customer_id: string | null }>(
    'SELECT id, name, password_hash, roles, customer_id FROM users WHERE tenant_id = $1 AND email = $2',
    [tenant.id, input.email.trim().toLowerCase()],
  );
  if (!user || !(await verifyPassword(input.password, user.password_hash))) throw fail;
  const id = uuidv7();
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.query(
    'INSERT INTO sessions (tenant_id, id, user_id, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [tenant.id, id, user.id, hashSecret(secret), expiresAt],
  );
  return {
    token: `o2c_s.${tenant.id}.${id}.${secret}`,
    expiresAt,
    principal: { tenantId: tenant.id, actor: { type: 'user', id: user.id, name: user.name, roles: user.roles }, customerId: user.customer_id },
  };
}

export async function logout(db: Db, token: string): Promise<void> {
  const t = parseToken(token);
  if (t?.kind === 'o2c_s') await db.query('DELETE FROM sessions WHERE tenant_id = $1 AND id = $2', [t.tenantId, t.id]);
}

export async function createApiKey(
  tx: Sql,
  tenantId: string,
  input: { name: string; roles: string[] },
): Promise<{ id: string; key: string }> {
  const roles = validateRoles(input.roles);
  // A key is not linked to a customer, so with the customer role it would be a portal login that sees nothing.
  if (roles.includes('customer')) throw invalid('roles', 'an API key acts for the seller; the customer role is for portal users');
  const id = uuidv7();
  const secret = newSecret();
  await tx.query('INSERT INTO api_keys (tenant_id, id, name, secret_hash, roles) VALUES ($1, $2, $3, $4, $5)', [
    tenantId, id, input.name, hashSecret(secret), roles,
  ]);
  return { id, key: `o2c_k.${tenantId}.${id}.${secret}` };
}

function parseToken(token: string): { kind: string; tenantId: string; id: string; secret: string } | null {
  const [kind, tenantId, id, secret] = token.split('.');
  if ((kind !== 'o2c_s' && kind !== 'o2c_k') || !UUID_RE.test(tenantId ?? '') || !UUID_RE.test(id ?? '') || !secret) {
    return null;
  }
  return { kind, tenantId, id, secret };
}

/** Resolves a bearer token (session or API key) to who is acting; null when it is not valid now. */
export async function authenticate(db: Db, token: string, now: Date): Promise<Principal | null> {
  const t = parseToken(token);
  if (!t) return null;
  if (t.kind === 'o2c_s') {
    const [row] = await db.query<{ secret_hash: string; expires_at: Date; user_id: string; name: string; roles: Role[]; customer_id: string | null }>(
      `SELECT s.secret_hash, s.expires_at, u.id AS user_id, u.name, u.roles, u.customer_id
         FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        WHERE s.tenant_id = $1 AND s.id = $2`,
      [t.tenantId, t.id],
    );
    if (!row || row.expires_at.getTime() <= now.getTime() || !secretsEqual(row.secret_hash, hashSecret(t.secret))) return null;
    return { tenantId: t.tenantId, actor: { type: 'user', id: row.user_id, name: row.name, roles: row.roles }, customerId: row.customer_id };
  }
  const [key] = await db.query<{ secret_hash: string; name: string; roles: Role[]; revoked_at: Date | null }>(
    'SELECT secret_hash, name, roles, revoked_at FROM api_keys WHERE tenant_id = $1 AND id = $2',
    [t.tenantId, t.id],
  );
  if (!key || key.revoked_at || !secretsEqual(key.secret_hash, hashSecret(t.secret))) return null;
  return { tenantId: t.tenantId, actor: { type: 'api_key', id: t.id, name: `api key ${key.name}`, roles: key.roles }, customerId: null };
}
