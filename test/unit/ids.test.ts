import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7, UUID_RE } from '../../src/shared/ids.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version nibble 7, variant 10xx', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7();
      assert.match(id, UUID_RE);
      assert.match(id, V7);
      assert.equal(id[14], '7', 'version nibble');
      assert.ok('89ab'.includes(id[19]), 'variant bits');
    }
  });

  it('carries the creation time in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    assert.ok(msOf(id) >= before, `${msOf(id)} >= ${before}`);
    // ids made faster than 4096 per millisecond borrow the next millisecond, never more than a few
    assert.ok(msOf(id) <= after + 5, `${msOf(id)} <= ${after} + 5`);
  });

  it('orders 1000 ids made in a row strictly by creation, as strings', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7());
    assert.equal(new Set(ids).size, ids.length, 'unique');
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} < ${ids[i]} at ${i}`);
    assert.deepEqual([...ids].sort(), ids);
  });

  it('stays ordered past 4096 ids in one millisecond (counter overflow)', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} < ${ids[i]} at ${i}`);
    for (const id of ids) assert.match(id, V7);
  });
});
