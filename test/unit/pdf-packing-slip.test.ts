import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { formatKg, packingSlipPdf, type PackingSlipInput } from '../../src/documents/pdf/packing-slip.ts';

const LONG = 'Shelf bracket for wall mounting in galvanised steel, with screws, dowels and a printed assembly guide';
const HUGE = 9007199254740993n; // 2^53 + 1: a float would print it as ...992

type Line = PackingSlipInput['packages'][number]['lines'][number];
// Package 1: A001–A032; package 2: A029–A032 again plus B001–B024, so four SKUs add up across packages.
const first: Line[] = Array.from({ length: 32 }, (_, i) => line(`A${pad(i + 1)}`, BigInt(i + 1)));
first[6] = { ...first[6], description: LONG };
first[31] = { ...first[31], quantity: HUGE };
const second: Line[] = [
  ...['A029', 'A030', 'A031', 'A032'].map((sku) => line(sku, 10n)),
  ...Array.from({ length: 24 }, (_, i) => line(`B${pad(i + 1)}`, BigInt(100 + i), 'BOX')),
];

const slip: PackingSlipInput = {
  company: { name: 'Acme Trading Ltd', address_lines: ['Hafenstrasse 1', '20457 Hamburg', 'Germany'], vat_number: 'DE123456789' },
  shipmentNumber: 'SH-000123',
  orderNumber: 'SO-000042',
  poNumber: 'PO-7781',
  shippedAt: new Date('2026-03-14T09:30:00Z'),
  warehouse: { code: 'HH1', name: 'Hamburg main' },
  shipTo: { name: 'Northwind Supplies', address_line: '500 Market St', city: 'Springfield', postal_code: '62704', region: 'IL', country: 'US' },
  carrier: 'UPS',
  service: 'Ground',
  trackingNumber: '1Z999AA10123456784',
  packages: [
    { number: 'PKG-1', weight_grams: 12345, length_mm: 600, width_mm: 400, height_mm: 300, lines: first },
    { number: 'PKG-2', weight_grams: 7, length_mm: 300, width_mm: 200, height_mm: 100, lines: second },
  ],
  backordered: [
    { sku: 'C001', description: 'Gadget, red', quantity: 15n, expected: '2026-04-02' },
    { sku: 'C002', description: 'Gadget, green', quantity: 3n, expected: null },
  ],
  notes: 'Deliver to gate 4.',
};

const hasPoppler = spawnSync('pdftotext', ['-v']).error === undefined;

describe('packing slip PDF, read back with pdftotext', { skip: !hasPoppler && 'pdftotext not installed (apt-get install poppler-utils)' }, () => {
  let dir: string;
  let pages: string[];
  let text: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'o2c-pdf-'));
    const file = join(dir, 'slip.pdf');
    writeFileSync(file, await packingSlipPdf(slip));
    // pdftotext ends every page with a form feed.
    pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
    text = pages.join('\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('heads the slip with company, shipment, order, PO, carrier and ship-to', () => {
    assert.match(text, /^Acme Trading Ltd$/m);
    assert.match(text, /^VAT number DE123456789$/m);
    assert.match(text, /^Packing slip$/m);
    assert.match(text, /^Shipment +SH-000123$/m);
    assert.match(text, /^Order +SO-000042$/m);
    assert.match(text, /^Your PO +PO-7781$/m);
    assert.match(text, /^Shipped +2026-03-14$/m);
    assert.match(text, /^Warehouse +HH1 Hamburg main$/m);
    assert.match(text, /^Carrier +UPS Ground$/m);
    assert.match(text, /^Tracking number +1Z999AA10123456784$/m);
    assert.match(text, /^SHIP TO\nNorthwind Supplies\n500 Market St\nSpringfield, IL 62704\nUnited States$/m);
  });

  it('lists each package with its dimensions, weight in kg and every line', () => {
    const [pkg1, pkg2] = between(text, ['Package 1 of 2: PKG-1', 'Package 2 of 2: PKG-2', 'Total per SKU']);
    assert.match(pkg1, /Dimensions 600 × 400 × 300 mm +Weight 12\.345 kg/);
    assert.match(pkg2, /Dimensions 300 × 200 × 100 mm +Weight 0\.007 kg/);
    for (const [section, lines] of [[pkg1, first], [pkg2, second]] as const) {
      for (const l of lines) assert.match(section, rowPattern(l.sku, l.quantity, l.uom), `${l.sku} × ${l.quantity}`);
    }
  });

  it('adds up quantities per SKU across packages, without floats', () => {
    const [totals] = between(text, ['Total per SKU', 'Still to follow']);
    const expected = new Map<string, bigint>();
    for (const l of [...first, ...second]) expected.set(l.sku, (expected.get(l.sku) ?? 0n) + l.quantity);
    assert.equal(expected.size, 56);
    assert.equal(expected.get('A030'), 40n);
    assert.equal(expected.get('A032'), HUGE + 10n);
    for (const [sku, quantity] of expected) assert.match(totals, rowPattern(sku, quantity, sku.startsWith('B') ? 'BOX' : 'EA'), sku);
    assert.match(totals, /^ +Packages +2$/m);
    assert.match(totals, /^ +Total weight +12\.352 kg$/m);
  });

  it('wraps a long description inside its column', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^ *A007 /.test(l));
    const head = /^ *A007 +(.+?) +7 +EA$/.exec(lines[at])?.[1];
    assert.equal(`${head} ${lines[at + 1].trim()}`, LONG, 'the description goes on below, in its column');
  });

  it('lists what still follows, with the expected date', () => {
    const [rest] = between(text, ['Still to follow']);
    assert.match(rest, /shipped separately/);
    assert.match(rest, /^ *C001 +Gadget, red +15 +2026-04-02$/m);
    assert.match(rest, /^ *C002 +Gadget, green +3 +to be confirmed$/m);
    assert.match(rest, /^Notes\nDeliver to gate 4\.$/m);
  });

  it('breaks pages, repeats the table header and numbers every page "n / m"', () => {
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    pages.forEach((p, i) => assert.match(p, new RegExp(`Packing slip SH-000123 +Page ${i + 1} / ${pages.length}\\s*$`)));
    const top = pages[1].split('\n').find((l) => l.trim());
    assert.match(top ?? '', /^ *SKU +Description +Quantity +Unit$/, 'page 2 opens with the header row of the table it continues');
  });

  it('never prints a price', () => {
    assert.doesNotMatch(text, /price|amount|total net|EUR|USD/i);
  });
});

describe('packing slip PDF', () => {
  it('gives the same bytes for the same input', async () => {
    assert.deepEqual(await packingSlipPdf(slip), await packingSlipPdf(slip));
  });

  it('embeds a PNG logo', { skip: !hasPoppler && 'pdfimages not installed (apt-get install poppler-utils)' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o2c-pdf-'));
    try {
      const file = join(dir, 'logo.pdf');
      writeFileSync(file, await packingSlipPdf({ ...slip, company: { ...slip.company, logo: png(4, 2) } }));
      const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      assert.equal(images.length, 1);
      assert.match(images[0], /^ +1 +0 +image +4 +2 +rgb /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects logo bytes that are neither PNG nor JPEG', async () => {
    const logo = new TextEncoder().encode('GIF89a not supported');
    await assert.rejects(packingSlipPdf({ ...slip, company: { ...slip.company, logo } }), /image format/i);
  });

  it('refuses a weight that is not whole grams', async () => {
    const packages = [{ ...slip.packages[0], weight_grams: 12.5 }];
    await assert.rejects(packingSlipPdf({ ...slip, packages }), RangeError);
  });

  it('formats grams as kg with three decimals', () => {
    assert.equal(formatKg(0n), '0.000 kg');
    assert.equal(formatKg(7n), '0.007 kg');
    assert.equal(formatKg(12345n), '12.345 kg');
    assert.equal(formatKg(1_000_000_001n), '1000000.001 kg');
  });
});

function line(sku: string, quantity: bigint, uom = 'EA'): Line {
  return { sku, description: `Item ${sku}`, quantity, uom };
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

function rowPattern(sku: string, quantity: bigint, uom: string): RegExp {
  return new RegExp(`^ *${sku} +.*? +${quantity} +${uom}$`, 'm');
}

/** The text from each marker to the next (the last one to the end); every marker must be there, in order. */
function between(text: string, markers: string[]): string[] {
  const at = markers.map((m) => text.indexOf(m));
  at.forEach((i, k) => assert.ok(i >= 0 && (k === 0 || i > at[k - 1]), `"${markers[k]}" in order`));
  return at.map((i, k) => text.slice(i, k + 1 < at.length ? at[k + 1] : undefined));
}

/** A w×h RGB PNG, built by hand so the test needs no image library. */
function png(w: number, h: number): Uint8Array {
  const row = [0, ...Array.from({ length: w }, (_, x) => [x * 60, 120, 200]).flat()];
  const raw = Uint8Array.from(Array.from({ length: h }, () => row).flat());
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}
