import { withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { OrdersTable } from '../components/OrdersTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { humanize } from '../format.ts';
import type { Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import { ORDER_STATUSES, type List, type Order } from '../types.ts';
import { useApi } from '../useApi.ts';

export function OrdersPage({ route, session }: { route: Route; session: Session }) {
  const status = route.query.get('status') ?? '';
  const customerId = route.query.get('customer_id') ?? '';
  const { data, error, loading, reload } = useApi<List<Order>>(withQuery('/api/orders', { status, customer_id: customerId }));
  const tabQuery = (s: string) => withQuery('/orders', { status: s, customer_id: customerId });

  return (
    <>
      <PageHeader
        title="Orders"
        actions={
          <>
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
            {hasRole(session, 'sales') && (
              <a className="button button-primary" href="#/orders/new" data-testid="new-order">
                New order
              </a>
            )}
          </>
        }
      />
      <Tabs
        testId="order-status-tabs"
        active={status}
        tabs={[{ key: '', label: 'All', to: tabQuery('') }, ...ORDER_STATUSES.map((s) => ({ key: s, label: humanize(s), to: tabQuery(s) }))]}
      />
      {customerId && (
        <p className="filter-note">
          Showing one customer’s orders. <a href={`#${withQuery('/orders', { status })}`}>Show all customers</a>
        </p>
      )}
      <ErrorBox message={error} />
      {!data && loading ? <Loading what="orders" /> : data && <section className="card flush"><OrdersTable orders={data.items} testId="orders-table" /></section>}
    </>
  );
}
