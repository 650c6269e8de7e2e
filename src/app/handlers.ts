import { billingHandlers } from '../billing/handlers.ts';
import type { Handler } from '../events/dispatcher.ts';
import { orderHandlers } from '../orders/handlers.ts';
import { shippingHandlers } from '../shipping/handlers.ts';
import { returnHandlers } from '../returns/handlers.ts';
import { ediHandlers } from '../edi/handlers.ts';
import { ediInvoiceHandlers } from '../edi/invoice-handlers.ts';
import { deliveryHandlers } from '../einvoice/delivery-handlers.ts';

export const HANDLERS: Handler[] = [...billingHandlers, ...orderHandlers, ...shippingHandlers, ...returnHandlers, ...ediHandlers, ...ediInvoiceHandlers, ...deliveryHandlers];
