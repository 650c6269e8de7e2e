import type { Db, Sql } from '../db/db.ts';
import { uuidv7 } from '../shared/ids.ts';
import { Failure, invalid } from '../shared/failure.ts';
import { ROLES, type Role } from '../shared/scope.ts';
import { hashPassword } from './passwords.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** The customer a portal user acts for; null for staff. */
  customer_id: string | null;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: string[];
  /** Makes a portal user of that customer (the caller checked it exists); its only role is then customer. */
  customerId?: string | null;
}

export function validateRoles(roles: string[], field = 'roles'): Role[] {
  if (!roles.length) throw invalid(field, 'at least one role is required');
  for (const r of roles) if (!ROLES.includes(r as Role)) throw invalid(field, `unknown role ${r} (one of ${ROLES.join(', ')})`);
  return roles as Role[];
}

export async function createUser(tx: Sql, tenantId: string, u: NewUser): Promise<User> {
  const email = u.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid('email', 'not an email address');
  if (u.password.length < 8) throw invalid('password', 'password must have at least 8 characters');
  const roles = validateRoles(u.roles);
  const customerId = u.customerId ?? null;
  // Without the link a customer login would see nothing, or, with staff roles beside it, everything.
  const portal = customerId !== null;
  if (portal !== roles.includes('customer') || (portal && roles.length > 1)) {
    throw invalid('roles', "a customer's login holds the customer role alone and is made for its customer: POST /api/customers/{id}/portal-users");
  }
  const dup = await tx.query('SELECT 1 FROM users WHERE tenant_id = $1 AND email = $2', [tenantId, email]);
  if (dup.length) throw new Failure('conflict', `user ${email} exists`, 'email');
  const id = uuidv7();
  await tx.query(
    'INSERT INTO users (tenant_id, id, email, name, password_hash, roles, customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [tenantId, id, email, u.name.trim() || email, await hashPassword(u.password), roles, customerId],
  );
  return { id, email, name: u.name, roles, customer_id: customerId };
}

export async function listUsers(db: Db | Sql, tenantId: string): Promise<User[]> {
  return db.query<User>('SELECT id, email, name, roles, customer_id FROM users WHERE tenant_id = $1 ORDER BY email', [tenantId]);
}
