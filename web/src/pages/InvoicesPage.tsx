import { withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { formatDate } from '../format.ts';
import { isZero } from '../money.ts';
import { navigate, type Route } from '../router.tsx';
import type { Invoice, List } from '../types.ts';
import { useApi } from '../useApi.ts';

const FILTERS: { key: string; label: string; keep: (i: Invoice) => boolean }[] = [
  { key: '', label: 'All', keep: () => true },
  { key: 'open', label: 'Open', keep: (i) => !isZero(i.open_amount) },
  { key: 'overdue', label: 'Overdue', keep: (i) => i.overdue },
  { key: 'paid', label: 'Paid', keep: (i) => i.status === 'paid' },
];

export function InvoicesPage({ route }: { route: Route }) {
  const customerId = route.query.get('customer_id') ?? '';
  const filterKey = route.query.get('filter') ?? '';
  const filter = FILTERS.find((f) => f.key === filterKey) ?? FILTERS[0];
  // The API filters on the stored status (issued/paid); open and overdue are derived, so filter here.
  const { data, error, loading, reload } = useApi<List<Invoice>>(withQuery('/api/invoices', { customer_id: customerId }));
  const items = data?.items ?? [];
  const shown = items.filter(filter.keep);

  return (
    <>
      <PageHeader
        title="Invoices"
        actions={
          <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
            Refresh
          </button>
        }
      />
      <Tabs
        testId="invoice-filter-tabs"
        active={filter.key}
        tabs={FILTERS.map((f) => ({
          key: f.key,
          label: f.label,
          to: withQuery('/invoices', { filter: f.key, customer_id: customerId }),
          count: data ? items.filter(f.keep).length : undefined,
        }))}
      />
      <ErrorBox message={error} />
      {!data && loading && <Loading what="invoices" />}
      {data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="invoices-table">
            <thead>
              <tr>
                <th>Number</th>
                <th>Customer</th>
                <th>Status</th>
                <th>Issued</th>
                <th>Due</th>
                <th className="num">Total</th>
                <th className="num">Open</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.id} className={i.overdue ? 'clickable row-overdue' : 'clickable'} onClick={() => navigate(`/invoices/${i.id}`)} data-testid="invoice-row">
                  <td>
                    <a className="doc-number" href={`#/invoices/${i.id}`} onClick={(e) => e.stopPropagation()}>
                      {i.invoice_number}
                    </a>
                  </td>
                  <td>
                    <span className="muted small">{i.customer_number}</span> {i.customer_name}
                  </td>
                  <td>
                    <StatusBadge status={i.overdue ? 'overdue' : i.status} />
                  </td>
                  <td>{formatDate(i.issue_date)}</td>
                  <td className={i.overdue ? 'text-bad strong' : undefined}>{formatDate(i.due_date)}</td>
                  <td className="num">
                    <Money amount={i.total} currency={i.currency} />
                  </td>
                  <td className={i.overdue ? 'num text-bad strong' : 'num'}>
                    <Money amount={i.open_amount} currency={i.currency} />
                  </td>
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No {filter.key ? filter.label.toLowerCase() : ''} invoices.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
