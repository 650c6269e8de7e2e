import type { Sql } from '../db/db.ts';
import { Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { manualCarrier } from './manual.ts';
import { simulatedCarrier } from './simulated.ts';

export interface Parcel { weight_grams: number; length_mm: number; width_mm: number; height_mm: number }
export interface ShipTo { name?: string | null; address_line?: string | null; city?: string | null; postal_code?: string | null; region?: string | null; country: string }
export interface LabelRequest {
  shipmentNumber: string;
  shipTo: ShipTo;
  parcels: Parcel[];
  service?: string;
  /** Manual carrier: the number the user typed. */
  trackingNumber?: string;
}
export type QuoteRequest = Omit<LabelRequest, 'trackingNumber' | 'shipmentNumber'>;
export interface Label { trackingNumber: string; service: string; labelPdf?: Uint8Array; trackingUrl?: string }
export interface RateQuote {
  carrier: string;
  service: string;
  /** Minor units of currency. */
  amount: bigint;
  currency: string;
  transitDays: number;
}

/** A shipment that left with a carrier's label, as the carrier's tracking sees it. */
export interface Dispatched {
  id: string;
  shipment_number: string;
  tracking_number: string;
  shipped_at: Date;
  ship_to: ShipTo | null;
}

/** Real carriers plug in here: quotes and labels from their API, tracking events through the webhook. */
export interface Carrier {
  code: string;
  name: string;
  quote(req: QuoteRequest): Promise<RateQuote[]>;
  label(req: LabelRequest): Promise<Label>;
  /** Runs once the shipment has left (on shipment.shipped), in that transaction: the simulator schedules its scans. */
  startTracking?(tx: Sql, s: Scope, shipment: Dispatched): Promise<void>;
}

const REGISTRY: Record<string, Carrier> = { [manualCarrier.code]: manualCarrier, [simulatedCarrier.code]: simulatedCarrier };

export const CARRIERS: string[] = Object.keys(REGISTRY);

export function isKnownCarrier(code: string): boolean {
  return Object.hasOwn(REGISTRY, code);
}

export function carrierFor(code: string): Carrier {
  if (!isKnownCarrier(code)) throw new Failure('invalid_input', `unknown carrier ${code} (one of ${CARRIERS.join(', ')})`, 'carrier');
  return REGISTRY[code];
}
