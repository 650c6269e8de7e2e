import type { Handler } from '../events/dispatcher.ts';
import { payReplacementWithCredit } from './replacement.ts';

export const returnHandlers: Handler[] = [
  {
    name: 'returns.pay-replacement-with-credit',
    eventType: 'invoice.issued',
    async handle(tx, s, e) {
      const [rma] = await tx.query<{ id: string }>(
        `SELECT id FROM rmas WHERE tenant_id = $1 AND replacement_order_id = $2`, [s.tenantId, e.data.order_id]);
      if (rma) await payReplacementWithCredit(tx, s, rma.id, e.data.invoice_id as string);
    },
  },
];
