// Pieces the return (RMA) screens share: labels, the units an RMA holds of an order's lines, and the list of an
// order's returns on its detail page.
import { useEffect, useState } from 'react';
import { api, errorMessage, withQuery } from '../api.ts';
import { formatDateTime } from '../format.ts';
import type { List, ReturnDisposition, ReturnReason, ReturnResolution, Rma, RmaDetail, RmaLine, RmaStatus } from '../types.ts';
import { StatusBadge } from './StatusBadge.tsx';

export const REASON_LABEL: Record<ReturnReason, string> = {
  damaged: 'Damaged',
  wrong_item: 'Wrong item',
  not_needed: 'Not needed',
  defective: 'Defective',
  other: 'Other',
};

export const DISPOSITION_LABEL: Record<ReturnDisposition, string> = { restock: 'Restocked', scrap: 'Scrapped' };

export const RESOLUTION_LABEL: Record<ReturnResolution, string> = { credit: 'Credit note', replacement: 'Replacement' };

export function reasonLabel(r: string): string {
  return REASON_LABEL[r as ReturnReason] ?? r.replace(/_/g, ' ');
}

/** Who may take the next step of an RMA in each state (admin always). */
export const NEXT_STEP: Partial<Record<RmaStatus, { text: string; roles: string[] }>> = {
  requested: { text: 'Waiting for approval: sales or the warehouse approves or rejects the request.', roles: ['sales', 'warehouse'] },
  approved: { text: 'Waiting for the goods: the warehouse receives them and inspects each line (restock or scrap).', roles: ['warehouse'] },
  received: { text: 'Waiting for the resolution: sales or billing issues the credit note, with a refund or a replacement order.', roles: ['sales', 'billing'] },
};

/** The units of an order line an RMA holds: what was asked for while it is open, what came back once received. */
export function claimedUnits(rma: Pick<RmaDetail, 'status'>, line: RmaLine): number {
  if (rma.status === 'requested' || rma.status === 'approved') return Number(line.quantity);
  if (rma.status === 'received' || rma.status === 'resolved') return Number(line.received_quantity ?? 0);
  return 0;
}

/** The units of each listed line, e.g. "3 × LAMP-LED, 2 × MAT-FELT". */
export function linesSummary(lines: RmaLine[]): string {
  return lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ');
}

/**
 * The returns of one order with their lines. GET /api/returns answers without lines, so each one's detail is
 * fetched too (an order has few returns).
 */
export function useOrderReturns(orderId: string): { items: RmaDetail[] | null; error: string | null } {
  const [items, setItems] = useState<RmaDetail[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const list = await api.get<List<Rma>>(withQuery('/api/returns', { order_id: orderId }));
        const details = await Promise.all(list.items.map((r) => api.get<RmaDetail>(`/api/returns/${encodeURIComponent(r.id)}`)));
        if (live) setItems(details);
      } catch (e) {
        if (live) setError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [orderId]);
  return { items, error };
}

/** The returns of an order, as a card on the order's page; nothing when it has none (or they cannot be read). */
export function OrderReturns({ orderId }: { orderId: string }) {
  const { items } = useOrderReturns(orderId);
  if (!items || items.length === 0) return null;
  return (
    <section className="card flush">
      <h2 className="card-title">Returns</h2>
      <table className="table" data-testid="order-returns">
        <thead>
          <tr>
            <th>RMA</th>
            <th>Status</th>
            <th>Units</th>
            <th>Requested</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="order-return" data-number={r.rma_number}>
              <td>
                <a className="doc-number" href={`#/returns/${r.id}`}>
                  {r.rma_number}
                </a>
              </td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>{linesSummary(r.lines)}</td>
              <td className="nowrap">{formatDateTime(r.created_at)}</td>
              <td>{r.requested_via === 'customer' ? 'the customer' : r.created_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
