import { randomInt } from 'node:crypto';
import { invalid } from '../shared/failure.ts';
import type { Carrier, Dispatched, Parcel, QuoteRequest, RateQuote, ShipTo } from './carriers.ts';
import { checkParcels, checkShipTo } from './parcels.ts';
import { scheduleScans, type PlannedScan } from './schedule.ts';

const CODE = 'simulated';
const NAME = 'Simulated Express';
export const SIMULATED_SERVICES = ['standard', 'express'] as const;
type Service = (typeof SIMULATED_SERVICES)[number];

const EU = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);
const EUROPE = new Set(['AD', 'AL', 'BA', 'CH', 'GB', 'IS', 'LI', 'MC', 'ME', 'MK', 'NO', 'RS', 'SM', 'UA', 'VA']);
const NORTH_AMERICA = new Set(['US', 'CA']);

/** Tariff per zone, EUR cents: a parcel's base price covers its first kilogram, each further started kilogram costs perKg. */
const ZONES = [
  { zone: 'EU', base: 495n, perKg: 80n, days: { standard: 2, express: 1 } },
  { zone: 'rest of Europe', base: 1295n, perKg: 150n, days: { standard: 3, express: 2 } },
  { zone: 'North America', base: 2495n, perKg: 450n, days: { standard: 5, express: 3 } },
  { zone: 'world', base: 3495n, perKg: 650n, days: { standard: 7, express: 4 } },
];

export function zoneOf(country: string) {
  return ZONES[EU.has(country) ? 0 : EUROPE.has(country) ? 1 : NORTH_AMERICA.has(country) ? 2 : 3];
}

const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;

/** Carriers bill the larger of weight and volume weight (5000 cm³ per kg, i.e. grams = mm³ / 5000). */
export function billableGrams(p: Parcel): bigint {
  const volume = ceilDiv(BigInt(p.length_mm) * BigInt(p.width_mm) * BigInt(p.height_mm), 5000n);
  const weight = BigInt(p.weight_grams);
  return weight > volume ? weight : volume;
}

export function standardRate(country: string, parcels: Parcel[]): bigint {
  const z = zoneOf(country);
  return parcels.reduce((sum, p) => sum + z.base + z.perKg * (ceilDiv(billableGrams(p), 1000n) - 1n), 0n);
}

/** Express is 75 % dearer, rounded up to the cent. */
export const expressRate = (standard: bigint) => ceilDiv(standard * 7n, 4n);

function serviceOf(service: string | undefined): Service | undefined {
  if (service === undefined) return undefined;
  if (!(SIMULATED_SERVICES as readonly string[]).includes(service)) throw invalid('service', `service: one of ${SIMULATED_SERVICES.join(', ')}`);
  return service as Service;
}

/** Luhn check digit over the digits, so a mistyped number is caught before anyone looks it up. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    const x = i % 2 === 0 ? d * 2 : d;
    sum += x > 9 ? x - 9 : x;
  }
  return (10 - (sum % 10)) % 10;
}

export function simulatedTrackingNumber(): string {
  const digits = String(randomInt(0, 1e10)).padStart(10, '0');
  return `SIM${digits}${luhnDigit(digits)}`;
}

const HUBS: Record<string, string> = {
  NL: 'Utrecht', DE: 'Kassel', BE: 'Mechelen', FR: 'Orléans', AT: 'Linz', IT: 'Bologna', ES: 'Madrid', PL: 'Łódź',
  GB: 'Rugby', US: 'Louisville', CA: 'Mississauga', CH: 'Härkingen',
};

const HOUR = 3600_000;

/**
 * A carrier's scans for one parcel: picked up two hours after the label, sorted at the destination country's
 * hub, out for delivery the next morning (07:30 UTC), delivered before noon.
 */
export function trackingPlan(shippedAt: Date, to: ShipTo | null): PlannedScan[] {
  const hub = to ? HUBS[to.country] : undefined;
  const city = to?.city?.trim() || null;
  const t0 = shippedAt.getTime();
  const hubAt = t0 + 8 * HOUR;
  const nextMorning = Date.UTC(shippedAt.getUTCFullYear(), shippedAt.getUTCMonth(), shippedAt.getUTCDate() + 1, 7, 30);
  const outAt = Math.max(nextMorning, hubAt + HOUR);
  return [
    { status: 'in_transit', due_at: new Date(t0 + 2 * HOUR), location: null, description: `picked up by ${NAME}` },
    {
      status: 'in_transit', due_at: new Date(hubAt), location: hub ?? to?.country ?? null,
      description: hub ? `arrived at ${hub} hub` : `arrived at the sorting centre${to ? ` in ${to.country}` : ''}`,
    },
    { status: 'out_for_delivery', due_at: new Date(outAt), location: city, description: `out for delivery${city ? ` in ${city}` : ''}` },
    { status: 'delivered', due_at: new Date(outAt + 4 * HOUR), location: city, description: `delivered${to?.name ? ` to ${to.name}` : ''}` },
  ];
}

/** A carrier for the demo and the tests: deterministic prices, and scans that arrive over a day through the webhook's path. */
export const simulatedCarrier: Carrier = {
  code: CODE,
  name: NAME,
  async quote(req: QuoteRequest): Promise<RateQuote[]> {
    const to = checkShipTo(req.shipTo);
    checkParcels(req.parcels, true);
    const wanted = serviceOf(req.service);
    const z = zoneOf(to.country);
    const standard = standardRate(to.country, req.parcels);
    const amounts: Record<Service, bigint> = { standard, express: expressRate(standard) };
    return SIMULATED_SERVICES.filter((s) => !wanted || s === wanted)
      .map((service) => ({ carrier: CODE, service, amount: amounts[service], currency: 'EUR', transitDays: z.days[service] }));
  },
  async label(req) {
    checkShipTo(req.shipTo);
    // The simulator bills nothing, so a label without parcel measures is fine; given ones must be sane.
    checkParcels(req.parcels ?? [], false);
    return { trackingNumber: simulatedTrackingNumber(), service: serviceOf(req.service) ?? 'standard' };
  },
  async startTracking(tx, s, shipment: Dispatched) {
    await scheduleScans(tx, s, CODE, shipment, trackingPlan(shipment.shipped_at, shipment.ship_to));
  },
};
