import { invalid } from '../shared/failure.ts';
import { isKnownCountry } from '../verification/rules/index.ts';
import type { Parcel, ShipTo } from './carriers.ts';

/** What a parcel carrier takes: 31.5 kg and 1.75 m at most, whole grams and millimetres. */
export const MAX_WEIGHT_GRAMS = 31_500;
export const MAX_SIDE_MM = 1_750;

const whole = (v: unknown, max: number) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;

export function checkParcels(parcels: Parcel[], atLeastOne: boolean): void {
  if (!Array.isArray(parcels) || (atLeastOne && parcels.length === 0)) throw invalid('parcels', 'at least one parcel');
  parcels.forEach((p, i) => {
    if (!whole(p.weight_grams, MAX_WEIGHT_GRAMS)) throw invalid(`parcels[${i}].weight_grams`, `weight: whole grams, 1 to ${MAX_WEIGHT_GRAMS}`);
    for (const side of ['length_mm', 'width_mm', 'height_mm'] as const) {
      if (!whole(p[side], MAX_SIDE_MM)) throw invalid(`parcels[${i}].${side}`, `${side.replace('_mm', '')}: whole millimetres, 1 to ${MAX_SIDE_MM}`);
    }
  });
}

export function checkShipTo(to: ShipTo | null | undefined): ShipTo {
  if (!to || !isKnownCountry(to.country)) throw invalid('ship_to.country', 'ship-to country: an ISO 3166 alpha-2 code');
  return to;
}
