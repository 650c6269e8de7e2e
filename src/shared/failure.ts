// Use cases fail with a typed Failure: a stable code a client can branch on, the HTTP status it maps to,
// and the input field at fault. Thrown inside a transaction it also rolls the transaction back, so a
// failed use case never leaves half its writes behind.
export type FailureCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'insufficient_stock'
  | 'unauthenticated'
  | 'forbidden'
  | 'idempotency_mismatch'
  | 'database_busy';

const STATUS: Record<FailureCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  insufficient_stock: 409,
  unauthenticated: 401,
  forbidden: 403,
  idempotency_mismatch: 422,
  database_busy: 503,
};

export class Failure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly field?: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Failure';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const invalid = (field: string, message: string) => new Failure('invalid_input', message, field);
export const notFound = (what: string, id: string) => new Failure('not_found', `${what} ${id} not found`);

/** TigerBeetle-style invariant check: a broken invariant is a bug, never a user error. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
