import { formatDateTime } from '../format.ts';
import { navigate } from '../router.tsx';
import type { Order } from '../types.ts';
import { Empty } from './Feedback.tsx';
import { Money } from './Money.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** Orders as a table; a row opens the order. */
export function OrdersTable({ orders, testId, showCustomer = true }: { orders: Order[]; testId?: string; showCustomer?: boolean }) {
  if (orders.length === 0) {
    return (
      <>
        <table className="table" data-testid={testId}>
          <tbody />
        </table>
        <Empty>No orders.</Empty>
      </>
    );
  }
  return (
    <table className="table table-hover" data-testid={testId}>
      <thead>
        <tr>
          <th>Number</th>
          {showCustomer && <th>Customer</th>}
          <th>PO</th>
          <th>Status</th>
          <th className="num">Total</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id} data-testid="order-row" data-order-id={o.id} onClick={() => navigate(`/orders/${o.id}`)} className="clickable">
            <td>
              <a href={`#/orders/${o.id}`} className="doc-number" onClick={(e) => e.stopPropagation()}>
                {o.order_number}
              </a>
            </td>
            {showCustomer && (
              <td>
                <span className="muted small">{o.customer_number}</span> {o.customer_name}
              </td>
            )}
            <td className="nowrap">{o.po_number || <span className="muted">—</span>}</td>
            <td>
              <StatusBadge status={o.status} />
              {o.status === 'on_hold' && o.hold_reason && <span className="muted small"> {o.hold_reason.split(',').join(', ')}</span>}
            </td>
            <td className="num">
              <Money amount={o.total} currency={o.currency} />
            </td>
            <td className="nowrap">{formatDateTime(o.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
