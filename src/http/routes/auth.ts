import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { createApiKey, login, logout } from '../../identity/auth.ts';
import { tenantById } from '../../identity/tenants.ts';
import { createUser, listUsers } from '../../identity/users.ts';
import { ROLES } from '../../shared/scope.ts';
import { scopeOf } from '../auth.ts';

const RoleList = Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1 });

export function authRoutes(app: FastifyInstance, db: Db) {
  app.post('/api/auth/login', {
    config: { roles: 'public' },
    schema: { tags: ['auth'], security: [], body: Type.Object({ tenant: Type.String({ minLength: 1 }), email: Type.String({ minLength: 1 }), password: Type.String({ minLength: 1 }) }) },
  }, async (req) => {
    const r = await login(db, req.body as { tenant: string; email: string; password: string }, new Date());
    const tenant = await tenantById(db, r.principal.tenantId);
    return {
      token: r.token, expires_at: r.expiresAt,
      user: { id: r.principal.actor.id, name: r.principal.actor.name, roles: r.principal.actor.roles },
      tenant: tenant && { id: tenant.id, slug: tenant.slug, name: tenant.name, base_currency: tenant.base_currency },
    };
  });

  app.post('/api/auth/logout', { config: { roles: 'any' }, schema: { tags: ['auth'] } }, async (req, reply) => {
    await logout(db, (req.headers.authorization ?? '').replace(/^Bearer /, ''));
    return reply.code(204).send();
  });

  app.get('/api/me', { config: { roles: 'any' }, schema: { tags: ['auth'] } }, async (req) => {
    const s = scopeOf(req);
    const t = await tenantById(db, s.tenantId);
    return { user: { id: s.actor.id, name: s.actor.name, roles: s.actor.roles, type: s.actor.type }, tenant: t };
  });

  app.get('/api/users', { config: { roles: ['admin'] }, schema: { tags: ['admin'] } }, async (req) => ({ items: await listUsers(db, scopeOf(req).tenantId) }));

  app.post('/api/users', {
    config: { roles: ['admin'] },
    schema: { tags: ['admin'], body: Type.Object({ email: Type.String(), name: Type.String(), password: Type.String(), roles: RoleList }) },
  }, async (req, reply) => {
    const s = scopeOf(req);
    const u = await db.transaction((tx) => createUser(tx, s.tenantId, req.body as any));
    return reply.code(201).send(u);
  });

  app.post('/api/api-keys', {
    config: { roles: ['admin'] },
    schema: { tags: ['admin'], body: Type.Object({ name: Type.String({ minLength: 1 }), roles: RoleList }) },
  }, async (req, reply) => {
    const s = scopeOf(req);
    return reply.code(201).send(await db.transaction((tx) => createApiKey(tx, s.tenantId, req.body as any)));
  });
}
