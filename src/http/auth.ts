import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { authenticate, type Principal } from '../identity/auth.ts';
import type { Role } from '../shared/scope.ts';
import type { Scope } from '../shared/scope.ts';
import { sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route; undefined = any signed-in staff role; 'public' = no credentials. */
    roles?: Role[] | 'public' | 'any';
  }
}

const STAFF: Role[] = ['admin', 'sales', 'credit', 'warehouse', 'billing', 'collector'];

export function authHook(db: Db) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const need = req.routeOptions.config?.roles;
    if (need === 'public' || !req.url.startsWith('/api/')) return;
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : (req.headers['x-api-key'] as string | undefined);
    const principal = token ? await authenticate(db, token, new Date()) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(reply, 401, 'unauthenticated', 'sign in (POST /api/auth/login) or send an API key as a Bearer token');
    }
    req.principal = principal;
    const roles = principal.actor.roles;
    if (roles.includes('admin') || need === 'any') return;
    const allowed = need ?? STAFF;
    if (!roles.some((r) => allowed.includes(r))) {
      return sendProblem(reply, 403, 'forbidden', `this needs one of the roles ${['admin', ...allowed.filter((r) => r !== 'admin')].join(', ')}`);
    }
  };
}

export function scopeOf(req: FastifyRequest): Scope {
  const p = req.principal;
  if (!p) throw new Error('route without authentication asked for a scope');
  return { tenantId: p.tenantId, actor: p.actor, now: new Date() };
}
