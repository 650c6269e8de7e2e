import { billingHandlers } from '../billing/handlers.ts';
import type { Handler } from '../events/dispatcher.ts';
import { orderHandlers } from '../orders/handlers.ts';

export const HANDLERS: Handler[] = [...billingHandlers, ...orderHandlers];
