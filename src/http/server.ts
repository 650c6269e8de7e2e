import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Db } from '../db/db.ts';
import type { Dispatcher } from '../events/dispatcher.ts';
import { toJson } from '../shared/json.ts';
import { authHook } from './auth.ts';
import { registerIdempotency } from './idempotency.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { registerRoutes } from './routes/index.ts';

export interface ServerDeps {
  db: Db;
  dispatcher: Dispatcher;
  /** Built web app to serve at / (web/dist); omitted in API-only tests. */
  webDist?: string;
  logger?: boolean;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: 'warn' } : false,
    bodyLimit: 10 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  app.setReplySerializer((payload) => toJson(payload));
  app.setErrorHandler(errorHandler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'o2c API', version: '1.0.0', description: 'Order-to-cash: orders, credit, stock, shipping, invoices, payments, receivables, ledger. Money is a decimal string in major units next to its currency.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Credentials and role are checked before the body is parsed or validated: 401/403 come first.
  app.addHook('onRequest', authHook(deps.db));
  registerIdempotency(app, deps.db);
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400) deps.dispatcher.wake();
  });

  app.get('/health', { config: { roles: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { config: { roles: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await registerRoutes(app, deps.db);

  const dist = deps.webDist && resolve(deps.webDist);
  if (dist && existsSync(resolve(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.method !== 'GET') return sendProblem(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
      return reply.sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
  }
  return app;
}
