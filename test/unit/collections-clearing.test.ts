import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocateBySection367, type OpenClaim } from '../../src/collections/clearing.ts';
import { Failure } from '../../src/shared/failure.ts';

const claim = (id: string, kind: OpenClaim['kind'], open: bigint, due: string, extra: Partial<OpenClaim> = {}): OpenClaim => ({
  id, kind, source_id: `src-${id}`, document_number: id.toUpperCase(), instalment: 0, open_amount: open, due_date: due, issue_date: '2026-01-01', ...extra,
});
const split = (r: ReturnType<typeof allocateBySection367>) => r.allocations.map((a) => `${a.item_id}:${a.amount}`);

describe('clearing order for partial payments (§366, §367 BGB)', () => {
  // Two invoices; a letter about both charged a fee and interest.
  const a = claim('a', 'invoice', 10000n, '2026-02-01');
  const b = claim('b', 'invoice', 5000n, '2026-01-15');
  const fee = claim('fee', 'fee', 500n, '2026-03-10', { arose_on: ['b', 'a'], document_number: 'DN-1' });
  const interest = claim('int', 'interest', 120n, '2026-03-10', { arose_on: ['b', 'a'], document_number: 'DN-1' });

  it('pays costs, then interest, then the principal of the claim due first, then the next claim', () => {
    const r = allocateBySection367([a, b, fee, interest], 5700n);
    assert.deepEqual(split(r), ['fee:500', 'int:120', 'b:5000', 'a:80']);
    assert.equal(r.unapplied, 0n);
  });

  it('stops where the money ends, inside the costs if need be', () => {
    assert.deepEqual(split(allocateBySection367([a, b, fee, interest], 550n)), ['fee:500', 'int:50']);
  });

  it('gives the claim the payer names precedence, with its own costs and interest first', () => {
    // Naming a: the letter's costs belong to a as well (it was one of the letter's claims).
    const r = allocateBySection367([a, b, fee, interest], 10700n, ['A']);
    assert.deepEqual(split(r), ['fee:500', 'int:120', 'a:10000', 'b:80']);
    // An invoice can be named by its id (source) too; the costs then stay with the claim they came with.
    const plain = claim('c', 'invoice', 300n, '2026-03-01');
    assert.deepEqual(split(allocateBySection367([a, b, plain, fee, interest], 400n, ['src-c'])), ['c:300', 'fee:100']);
  });

  it('keeps what is left over unapplied', () => {
    const r = allocateBySection367([a, b, fee, interest], 20000n);
    assert.deepEqual(split(r), ['fee:500', 'int:120', 'b:5000', 'a:10000']);
    assert.equal(r.unapplied, 4380n);
  });

  it('treats fees and interest whose claims are paid as claims of their own, due on their date', () => {
    // a and b are paid: only an older invoice c and the orphaned costs remain; c is due first.
    const c = claim('c', 'invoice', 1000n, '2026-01-10');
    assert.deepEqual(split(allocateBySection367([c, fee, interest], 1300n)), ['c:1000', 'fee:300']);
  });

  it('clears instalments of one invoice due first, and ties by issue date then number', () => {
    const i2 = claim('i2', 'invoice', 300n, '2026-03-01', { document_number: 'INV-9', instalment: 2 });
    const i1 = claim('i1', 'invoice', 300n, '2026-02-01', { document_number: 'INV-9', instalment: 1 });
    const older = claim('old', 'invoice', 300n, '2026-03-01', { issue_date: '2025-12-01' });
    assert.deepEqual(split(allocateBySection367([i2, older, i1], 800n)), ['i1:300', 'old:300', 'i2:200']);
    assert.deepEqual(split(allocateBySection367([i2, older, i1], 400n, ['INV-9'])), ['i1:300', 'i2:100']);
  });

  it('refuses a named document that is not open, naming it', () => {
    assert.throws(() => allocateBySection367([a], 100n, ['INV-404']), (e: unknown) => e instanceof Failure && e.field === 'named[0]' && /INV-404/.test(e.message));
  });
});
