import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Failure } from '../shared/failure.ts';
import { DatabaseHeldError } from '../app/open.ts';

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict',
  415: 'Unsupported media type', 422: 'Unprocessable content', 429: 'Too many requests', 500: 'Internal error', 503: 'Unavailable',
};

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, field?: string, extra?: object) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `https://o2c.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, detail, code, ...(field && { field }), ...extra });
}

/** Every error becomes RFC 9457 problem+json; the field at fault is named where we know it. */
export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof Failure) return sendProblem(reply, err.status, err.code, err.message, err.field, err.detail && { detail_data: err.detail });
  const fe = err as FastifyError & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string }[] };
  if (fe.validation?.length) {
    const v = fe.validation[0];
    const missing = v.params?.missingProperty as string | undefined;
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const field = [path, missing].filter(Boolean).join('.') || undefined;
    const where = fe.validationContext === 'querystring' ? 'query parameter' : fe.validationContext === 'params' ? 'path parameter' : 'field';
    return sendProblem(reply, 400, 'invalid_input', `${field ? `${where} ${field}: ` : ''}${v.message ?? 'invalid'}`, field);
  }
  if (err instanceof DatabaseHeldError) return sendProblem(reply, 503, 'database_busy', err.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendProblem(reply, fe.statusCode, fe.statusCode === 415 ? 'unsupported_media_type' : 'invalid_input', fe.message);
  }
  req.log.error(err);
  return sendProblem(reply, 500, 'internal', 'something went wrong on our side; the request wrote nothing');
}
