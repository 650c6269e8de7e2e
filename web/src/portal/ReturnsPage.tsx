import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { navigate } from '../router.tsx';
import type { List } from '../types.ts';
import { useApi } from '../useApi.ts';
import { EmptyState, Pill } from './parts.tsx';
import type { PortalReturn } from './types.ts';

export function ReturnsPage() {
  const { data, error } = useApi<List<PortalReturn>>('/api/portal/returns');
  return (
    <>
      <PageHeader title="Returns" subtitle="To send something back, open the order and choose “Return items”." />
      <ErrorBox message={error} />
      {!data && !error && <Loading what="your returns" />}
      {data && (
        <section className="card flush">
          {data.items.length === 0 ? (
            <EmptyState title="No returns">
              <a href="#/orders">Your orders</a>
            </EmptyState>
          ) : (
            <table className="table table-hover" data-testid="portal-returns">
              <thead>
                <tr>
                  <th>Return</th>
                  <th>Order</th>
                  <th>Requested</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id} className="clickable" onClick={() => navigate(`/returns/${r.id}`)} data-testid="portal-return" data-number={r.rma_number}>
                    <td><a className="doc-number" href={`#/returns/${r.id}`}>{r.rma_number}</a></td>
                    <td><a className="doc-number" href={`#/orders/${r.order_id}`} onClick={(e) => e.stopPropagation()}>{r.order_number}</a></td>
                    <td className="nowrap">{formatDate(r.created_at)}</td>
                    <td><Pill status={r.status} /></td>
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
