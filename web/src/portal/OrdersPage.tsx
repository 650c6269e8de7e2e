import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { navigate } from '../router.tsx';
import type { List } from '../types.ts';
import { useApi } from '../useApi.ts';
import { EmptyState, Pill } from './parts.tsx';
import type { PortalOrder } from './types.ts';

export function OrdersPage() {
  const { data, error } = useApi<List<PortalOrder>>('/api/portal/orders');
  return (
    <>
      <PageHeader title="Orders" subtitle="Everything you ordered, newest first" />
      <ErrorBox message={error} />
      {!data && !error && <Loading what="your orders" />}
      {data && (
        <section className="card flush">
          {data.items.length === 0 ? (
            <EmptyState title="No orders yet" />
          ) : (
            <table className="table table-hover" data-testid="portal-orders">
              <thead>
                <tr>
                  <th>Order</th>
                  <th>Your reference</th>
                  <th>Placed</th>
                  <th>Status</th>
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((o) => (
                  <tr key={o.id} className="clickable" onClick={() => navigate(`/orders/${o.id}`)} data-testid="portal-order" data-number={o.order_number}>
                    <td><a className="doc-number" href={`#/orders/${o.id}`}>{o.order_number}</a></td>
                    <td>{o.po_number ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{formatDate(o.created_at)}</td>
                    <td><Pill status={o.status} /></td>
                    <td className="num"><Money amount={o.total} currency={o.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
