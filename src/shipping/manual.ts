import { invalid } from '../shared/failure.ts';
import type { Carrier } from './carriers.ts';

const TRACKING = /^[A-Za-z0-9 -]{4,40}$/;

/** Own transport or a carrier without an integration: the user types the tracking number, events come by webhook. */
export const manualCarrier: Carrier = {
  code: 'manual',
  name: 'Manual (tracking number typed in)',
  async quote() {
    return [];
  },
  async label(req) {
    const tracking = req.trackingNumber?.trim() ?? '';
    if (!TRACKING.test(tracking)) throw invalid('tracking_number', 'tracking number: 4-40 letters, digits, spaces or dashes');
    return { trackingNumber: tracking, service: req.service?.trim() || 'standard' };
  },
};
