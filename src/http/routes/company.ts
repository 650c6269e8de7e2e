import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';

export function companyRoutes(_app: FastifyInstance, _db: Db) {}
