import type { Handler } from '../events/dispatcher.ts';
import { getShipment } from '../fulfillment/ship.ts';
import { getOrder } from '../orders/queries.ts';
import { carrierFor, isKnownCarrier } from './carriers.ts';

export const shippingHandlers: Handler[] = [
  {
    name: 'shipping.start-tracking',
    eventType: 'shipment.shipped',
    async handle(tx, s, e) {
      const { shipment } = await getShipment(tx, s.tenantId, e.data.shipment_id as string);
      if (!shipment.tracking_number || !isKnownCarrier(shipment.carrier)) return;
      const carrier = carrierFor(shipment.carrier);
      if (!carrier.startTracking) return;
      const { order } = await getOrder(tx, s.tenantId, shipment.order_id);
      await carrier.startTracking(tx, s, {
        id: shipment.id, shipment_number: shipment.shipment_number, tracking_number: shipment.tracking_number,
        shipped_at: shipment.shipped_at, ship_to: order.ship_to,
      });
    },
  },
];
