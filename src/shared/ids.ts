import { randomBytes } from 'node:crypto';

// UUIDv7 (RFC 9562): 48-bit ms timestamp then randomness, so ids made by the app sort by creation time and
// index well; a counter in the random bits keeps ids made in the same millisecond ordered.
// Randomness comes from a pool refilled 4 KiB at a time: one system call per 256 ids instead of one each.
let pool = Buffer.alloc(0);
let offset = 0;
function random(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}

let lastMs = 0;
let seq = 0;

export function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    seq++;
    if (seq > 0xfff) { lastMs++; seq = 0; }
    ms = lastMs;
  } else {
    lastMs = ms;
    seq = 0;
  }
  const b = Buffer.from(random(16));
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
