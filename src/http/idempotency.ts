import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { isUniqueViolation } from '../db/db.ts';
import { toJson } from '../shared/json.ts';
import { sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Idempotency-Key on every write: the key is claimed (a row with no answer yet) before the use case runs and
 * the answer stored after it, so a retry with the same key and body replays the first answer and writes
 * nothing new; a retry while the first is still running gets 409; the same key with another body, 422.
 * A 5xx answer frees the key, because nothing was written and the client should retry.
 */
export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers['idempotency-key'];
    if (!key || !WRITES.has(req.method) || !req.principal) return;
    if (typeof key !== 'string' || key.length > 255) return sendProblem(reply, 400, 'invalid_input', 'Idempotency-Key must be at most 255 characters', 'Idempotency-Key');
    const tenantId = req.principal.tenantId;
    const hash = createHash('sha256').update(`${req.method} ${req.url}\n${toJson(req.body ?? null)}`).digest('hex');
    try {
      await db.query(
        `INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [tenantId, key, req.method, req.url, hash, new Date()],
      );
      req.idempotencyKey = key;
      return;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const [prior] = await db.query<{ request_hash: string; status_code: number | null; response: string | null }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
    if (!prior) return sendProblem(reply, 409, 'conflict', 'the request with this Idempotency-Key is still being processed; retry shortly');
    if (prior.request_hash !== hash) {
      return sendProblem(reply, 422, 'idempotency_mismatch', 'this Idempotency-Key was used with a different request', 'Idempotency-Key');
    }
    if (prior.status_code === null) return sendProblem(reply, 409, 'conflict', 'the request with this Idempotency-Key is still being processed; retry shortly');
    reply.header('idempotent-replayed', 'true');
    const isProblem = prior.status_code >= 400;
    return reply.code(prior.status_code).type(isProblem ? 'application/problem+json' : 'application/json; charset=utf-8').send(prior.response ?? '');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key || !req.principal) return payload;
    const tenantId = req.principal.tenantId;
    if (reply.statusCode >= 500) {
      await db.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [tenantId, key]);
    } else {
      await db.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE tenant_id = $1 AND key = $2', [
        tenantId, key, reply.statusCode, typeof payload === 'string' ? payload : payload == null ? '' : String(payload),
      ]);
    }
    return payload;
  });
}
