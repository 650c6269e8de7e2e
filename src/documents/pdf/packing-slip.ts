import { addressLines, type PostalAddress } from '../address.ts';
import { renderPdf, type Column, type Company, type Section } from './layout.ts';

/** What goes in the box and what still follows; a packing slip carries no prices. */
export interface PackingSlipInput {
  company: Company;
  shipmentNumber: string;
  orderNumber: string;
  poNumber?: string | null;
  shippedAt: Date;
  warehouse: { code: string; name: string };
  shipTo: PostalAddress;
  carrier: string;
  service?: string | null;
  trackingNumber?: string | null;
  packages: PackingSlipPackage[];
  /** What still follows, with its expected date. */
  backordered?: { sku: string; description: string; quantity: bigint; expected?: string | null }[];
  notes?: string | null;
}

export interface PackingSlipPackage {
  number: string;
  weight_grams: number;
  length_mm: number;
  width_mm: number;
  height_mm: number;
  lines: { sku: string; description: string; quantity: bigint; uom: string }[];
}

const CONTENTS: Column[] = [
  { header: 'SKU', width: 1.3 },
  { header: 'Description', width: 3.7 },
  { header: 'Quantity', width: 1.3, align: 'right' },
  { header: 'Unit', width: 0.7 },
];
const TO_FOLLOW: Column[] = [
  { header: 'SKU', width: 1.3 },
  { header: 'Description', width: 3.1 },
  { header: 'Quantity', width: 1.3, align: 'right' },
  { header: 'Expected', width: 1.3 },
];

export async function packingSlipPdf(input: PackingSlipInput): Promise<Uint8Array> {
  const count = input.packages.length;
  const sections: Section[] = input.packages.flatMap((p, i): Section[] => [
    { kind: 'heading', text: `Package ${i + 1} of ${count}: ${p.number}` },
    { kind: 'paragraph', text: `Dimensions ${p.length_mm} × ${p.width_mm} × ${p.height_mm} mm    Weight ${formatKg(grams(p.weight_grams))}` },
    { kind: 'table', columns: CONTENTS, rows: p.lines.map((l) => [l.sku, l.description, l.quantity.toString(), l.uom]) },
  ]);
  sections.push(
    { kind: 'heading', text: 'Total per SKU' },
    { kind: 'table', columns: CONTENTS, rows: totalPerSku(input.packages) },
    {
      kind: 'totals',
      rows: [
        { label: 'Packages', value: String(count) },
        { label: 'Total weight', value: formatKg(input.packages.reduce((s, p) => s + grams(p.weight_grams), 0n)), strong: true },
      ],
    },
  );
  if (input.backordered?.length) {
    sections.push(
      { kind: 'heading', text: 'Still to follow' },
      { kind: 'paragraph', text: 'These items are on backorder and will be shipped separately.' },
      {
        kind: 'table',
        columns: TO_FOLLOW,
        rows: input.backordered.map((b) => [b.sku, b.description, b.quantity.toString(), b.expected || 'to be confirmed']),
      },
    );
  }
  if (input.notes?.trim()) sections.push({ kind: 'heading', text: 'Notes' }, { kind: 'paragraph', text: input.notes.trim() });

  const facts: [string, string | null | undefined][] = [
    ['Shipment', input.shipmentNumber],
    ['Order', input.orderNumber],
    ['Your PO', input.poNumber],
    ['Shipped', input.shippedAt.toISOString().slice(0, 10)],
    ['Warehouse', `${input.warehouse.code} ${input.warehouse.name}`],
    ['Carrier', input.service ? `${input.carrier} ${input.service}` : input.carrier],
    ['Tracking number', input.trackingNumber],
  ];
  return renderPdf({
    company: input.company,
    title: 'Packing slip',
    number: input.shipmentNumber,
    date: input.shippedAt,
    header: facts.filter((f): f is [string, string] => !!f[1]),
    addresses: [{ label: 'Ship to', lines: addressLines(input.shipTo) }],
    sections,
  });
}

function grams(weight: number): bigint {
  if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weight must be whole grams, not ${weight}`);
  return BigInt(weight);
}

/** 12345 g → "12.345 kg", in integers so no gram is ever lost to rounding. */
export function formatKg(grams: bigint): string {
  return `${grams / 1000n}.${(grams % 1000n).toString().padStart(3, '0')} kg`;
}

/** One row per SKU and unit, in the order the SKUs first appear; quantities in different units are not added up. */
function totalPerSku(packages: PackingSlipPackage[]): string[][] {
  const totals = new Map<string, { sku: string; description: string; quantity: bigint; uom: string }>();
  for (const line of packages.flatMap((p) => p.lines)) {
    const key = JSON.stringify([line.sku, line.uom]);
    const t = totals.get(key);
    if (t) t.quantity += line.quantity;
    else totals.set(key, { ...line });
  }
  return [...totals.values()].map((t) => [t.sku, t.description, t.quantity.toString(), t.uom]);
}
