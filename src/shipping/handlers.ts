import type { Handler } from '../events/dispatcher.ts';

export const shippingHandlers: Handler[] = [];
