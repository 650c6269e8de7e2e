import { createHmac, timingSafeEqual } from 'node:crypto';
import { Failure } from '../shared/failure.ts';

/** How far a webhook's timestamp may be from our clock: bounds how long a captured request stays usable. */
export const TOLERANCE_SECONDS = 300;

export const TIMESTAMP_HEADER = 'x-o2c-timestamp';
export const SIGNATURE_HEADER = 'x-o2c-signature';

export function sign(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The two headers a sender adds: the time in Unix seconds and the HMAC-SHA256 of `${timestamp}.${body}`. */
export function signedHeaders(secret: string, rawBody: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${sign(secret, timestamp, rawBody)}` };
}

const unauthenticated = (why: string) => new Failure('unauthenticated', `tracking webhook rejected: ${why}`);

/** Throws unless the signature is the secret's over this timestamp and body, and the timestamp is recent. */
export function verifySignature(secret: string | null, timestamp: string | undefined, signature: string | undefined, rawBody: string, now: Date): void {
  if (!secret) throw unauthenticated('no webhook secret is set up for this tenant');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw unauthenticated(`${TIMESTAMP_HEADER} must be the time in Unix seconds`);
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw unauthenticated(`${TIMESTAMP_HEADER} is more than ${TOLERANCE_SECONDS / 60} minutes away from our clock`);
  }
  const given = (signature ?? '').trim().replace(/^sha256=/i, '').toLowerCase();
  const expected = Buffer.from(sign(secret, timestamp, rawBody), 'hex');
  const actual = /^[0-9a-f]{64}$/.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw unauthenticated(`${SIGNATURE_HEADER} does not match`);
}
