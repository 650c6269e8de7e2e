import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { sign, signedHeaders, verifySignature } from '../../src/shipping/signature.ts';
import { parseReport } from '../../src/shipping/tracking.ts';
import { Failure } from '../../src/shared/failure.ts';

const secret = 'whsec_test';
const body = '{"event_id":"e1","tracking_number":"SIM123","status":"in_transit","occurred_at":"2026-03-10T10:00:00Z"}';
const now = new Date('2026-03-10T10:00:00Z');
const ts = String(now.getTime() / 1000);
const rejected = (fn: () => void, why: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof Failure && e.code === 'unauthenticated' && e.status === 401 && why.test(e.message));

describe('shipping: webhook signature', () => {
  it('is HMAC-SHA256 in hex over "timestamp.body"', () => {
    assert.equal(sign(secret, ts, body), createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex'));
    assert.deepEqual(signedHeaders(secret, body, now), { 'x-o2c-timestamp': ts, 'x-o2c-signature': `sha256=${sign(secret, ts, body)}` });
  });

  it('accepts the signature bare, with sha256= and in upper case', () => {
    const sig = sign(secret, ts, body);
    verifySignature(secret, ts, sig, body, now);
    verifySignature(secret, ts, `sha256=${sig}`, body, now);
    verifySignature(secret, ts, sig.toUpperCase(), body, new Date(now.getTime() + 299_000));
  });

  it('rejects another secret, another body, another timestamp, and garbage', () => {
    const sig = sign(secret, ts, body);
    rejected(() => verifySignature('whsec_other', ts, sig, body, now), /does not match/);
    rejected(() => verifySignature(secret, ts, sig, body.replace('in_transit', 'delivered'), now), /does not match/);
    rejected(() => verifySignature(secret, String(Number(ts) + 1), sig, body, now), /does not match/);
    rejected(() => verifySignature(secret, ts, sig.slice(0, 63), body, now), /does not match/);
    rejected(() => verifySignature(secret, ts, 'z'.repeat(64), body, now), /does not match/);
    rejected(() => verifySignature(secret, ts, undefined, body, now), /does not match/);
    rejected(() => verifySignature(null, ts, sig, body, now), /no webhook secret/);
    rejected(() => verifySignature(secret, undefined, sig, body, now), /Unix seconds/);
    rejected(() => verifySignature(secret, '2026-03-10T10:00:00Z', sig, body, now), /Unix seconds/);
  });

  it('rejects a timestamp more than five minutes off, either way', () => {
    const sig = sign(secret, ts, body);
    rejected(() => verifySignature(secret, ts, sig, body, new Date(now.getTime() + 301_000)), /5 minutes/);
    rejected(() => verifySignature(secret, ts, sig, body, new Date(now.getTime() - 301_000)), /5 minutes/);
  });
});

describe('shipping: tracking report body', () => {
  const invalid = (raw: string, field: string) =>
    assert.throws(() => parseReport(raw, now), (e: unknown) => e instanceof Failure && e.code === 'invalid_input' && e.field === field);

  it('reads the fields, trimming text and taking numeric event ids', () => {
    const r = parseReport(JSON.stringify({ event_id: 42, tracking_number: ' SIM123 ', status: 'delivered', occurred_at: '2026-03-10T11:00:00+01:00', location: 'Utrecht' }), now);
    assert.deepEqual(r, { event_id: '42', tracking_number: 'SIM123', status: 'delivered', occurred_at: new Date('2026-03-10T10:00:00Z'), location: 'Utrecht', description: null });
  });

  it('names the field at fault', () => {
    const ok = { event_id: 'e1', tracking_number: 'SIM123', status: 'in_transit', occurred_at: '2026-03-10T09:00:00Z' };
    invalid('{', 'body');
    invalid('[]', 'body');
    invalid(JSON.stringify({ ...ok, event_id: '' }), 'event_id');
    invalid(JSON.stringify({ ...ok, tracking_number: undefined }), 'tracking_number');
    invalid(JSON.stringify({ ...ok, status: 'lost' }), 'status');
    invalid(JSON.stringify({ ...ok, occurred_at: '2026-03-10' }), 'occurred_at');
    invalid(JSON.stringify({ ...ok, occurred_at: '2026-03-10T10:06:00Z' }), 'occurred_at');
    invalid(JSON.stringify({ ...ok, location: 7.5 }), 'location');
  });
});
