// A tiny client for the o2c API: adds the bearer token, sends an Idempotency-Key on every write and turns
// application/problem+json answers into an ApiError whose message names the field at fault.
import { getToken } from './session.ts';

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  field?: string;
  /** File imports refused as a whole list every problem found. */
  errors?: RowError[];
}

/** One problem in an uploaded file: its line (or location in an EDI/XML file), the field and what is wrong. */
export interface RowError {
  line: number;
  location?: string;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly errors: RowError[];

  constructor(status: number, problem: Problem) {
    super(describeProblem(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.field = problem.field;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/** Fired on any 401 outside the login call, so the app can drop the session and show the login page. */
export const UNAUTHENTICATED_EVENT = 'o2c:unauthenticated';

const CODE_TEXT: Record<string, string> = {
  invalid_input: 'Invalid input',
  not_found: 'Not found',
  conflict: 'Conflict',
  invalid_state: 'Not possible in the current state',
  insufficient_stock: 'Insufficient stock',
  unauthenticated: 'Not signed in',
  forbidden: 'Not allowed for your role',
  idempotency_mismatch: 'Request was already sent with different content',
};

function describeProblem(status: number, p: Problem): string {
  const title = (p.code && CODE_TEXT[p.code]) || p.title || `HTTP ${status}`;
  const detail = p.detail && p.detail !== p.title ? p.detail : '';
  // Name the field unless the detail already does.
  const field = p.field && !detail.includes(p.field) ? `field “${p.field}”` : '';
  const rest = [field, detail].filter(Boolean).join(': ');
  return rest ? `${title} — ${rest}` : title;
}

/** RFC 4122 v4; crypto.randomUUID only exists in secure contexts (https or localhost), so fall back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (method !== 'GET') headers['Idempotency-Key'] = newIdempotencyKey();
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'the server could not be reached' });
  }

  return readAnswer<T>(res.status, res.statusText, await res.text(), path);
}

/** Turns an answer into its JSON, or throws the ApiError its problem+json describes. */
function readAnswer<T>(status: number, statusText: string, text: string, path: string): T {
  if (status === 204) return undefined as T;
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (status < 200 || status >= 300) {
    if (status === 401 && path !== '/api/auth/login') window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    const problem: Problem = json && typeof json === 'object' ? (json as Problem) : { title: statusText || undefined };
    throw new ApiError(status, problem);
  }
  return json as T;
}

/**
 * Posts a file's text as the raw body (imports), reporting the upload progress as a fraction 0..1. Uses
 * XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadText<T>(path: string, text: string, contentType: string, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Idempotency-Key', newIdempotencyKey());
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error', detail: 'the server could not be reached' }));
    xhr.onload = () => {
      try {
        resolve(readAnswer<T>(xhr.status, xhr.statusText, xhr.responseText, path));
      } catch (e) {
        reject(e);
      }
    };
    xhr.send(text);
  });
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
