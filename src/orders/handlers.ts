import type { Handler } from '../events/dispatcher.ts';
import { closeOrder, reopenPaidOrder } from './status.ts';
import { confirmationMailHandler } from './confirmation-mail.ts';
import { backorderHandler } from './backorders.ts';

export const orderHandlers: Handler[] = [
  confirmationMailHandler,
  backorderHandler,
  {
    name: 'orders.close-when-paid',
    eventType: 'receivable.settled',
    wants: `payload->'data'->>'order_id' IS NOT NULL`,
    async handle(tx, s, e) {
      const orderId = e.data.order_id as string | null;
      if (orderId) await closeOrder(tx, s, orderId);
    },
  },
  {
    name: 'orders.reopen-when-unpaid',
    eventType: 'receivable.reopened',
    wants: `payload->'data'->>'order_id' IS NOT NULL`,
    async handle(tx, s, e) {
      const orderId = e.data.order_id as string | null;
      if (orderId) await reopenPaidOrder(tx, s, orderId);
    },
  },
];
