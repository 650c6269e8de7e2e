import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';

export function returnRoutes(_app: FastifyInstance, _db: Db) {}
