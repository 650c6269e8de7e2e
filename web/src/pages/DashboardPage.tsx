import { BarChart } from '../components/BarChart.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { OrdersTable } from '../components/OrdersTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { humanize } from '../format.ts';
import { formatMoney, groupDigits, isZero, minorOf } from '../money.ts';
import { navigate } from '../router.tsx';
import { ORDER_STATUSES, type Dashboard } from '../types.ts';
import { useApi } from '../useApi.ts';

const AGING_COLORS = ['var(--ok)', 'var(--warn-1)', 'var(--warn-2)', 'var(--warn-3)', 'var(--bad)', 'var(--bad-dark)'];

export function DashboardPage() {
  const { data, error, loading, reload } = useApi<Dashboard>('/api/dashboard');

  return (
    <>
      <PageHeader
        title="Dashboard"
        actions={
          <>
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
            <a className="button button-primary" href="#/orders/new">
              New order
            </a>
          </>
        }
      />
      <ErrorBox message={error} />
      {!data && loading && <Loading />}
      {data && (
        <>
          <div className="grid grid-2">
            <section className="card">
              <h2>Orders by status</h2>
              <BarChart
                ariaLabel="Order counts per status"
                height={230}
                testId="order-status-chart"
                bars={ORDER_STATUSES.map((s) => ({
                  key: s,
                  label: humanize(s),
                  value: data.order_counts[s] ?? 0,
                  valueLabel: String(data.order_counts[s] ?? 0),
                  color: `var(--status-${s})`,
                  onClick: () => navigate(`/orders?status=${s}`),
                }))}
              />
            </section>
            <section className="card">
              <h2>Receivables</h2>
              {data.receivables.length === 0 ? (
                <p className="muted">No open receivables.</p>
              ) : (
                <table className="table" data-testid="receivables-table">
                  <thead>
                    <tr>
                      <th>Currency</th>
                      <th className="num">Open</th>
                      <th className="num">Current</th>
                      <th className="num">Overdue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.receivables.map((r) => (
                      <tr key={r.currency}>
                        <td>{r.currency}</td>
                        <td className="num strong">
                          <Money amount={r.open} currency={r.currency} />
                        </td>
                        <td className="num">
                          <Money amount={r.current} currency={r.currency} />
                        </td>
                        <td className={isZero(r.overdue) ? 'num' : 'num text-bad strong'}>
                          <Money amount={r.overdue} currency={r.currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {data.aging.map((a) => (
                <div className="aging" key={a.currency}>
                  <h3>Aging · {a.currency}</h3>
                  <BarChart
                    ariaLabel={`Receivables aging in ${a.currency}`}
                    testId={`aging-chart-${a.currency}`}
                    height={150}
                    bars={a.buckets.map((b, i) => ({
                      key: b.label,
                      label: b.label.charAt(0).toUpperCase() + b.label.slice(1),
                      value: minorOf(b.amount, a.currency),
                      valueLabel: groupDigits(b.amount),
                      title: `${b.label}: ${formatMoney(b.amount, a.currency)}`,
                      color: AGING_COLORS[Math.min(i, AGING_COLORS.length - 1)],
                    }))}
                  />
                </div>
              ))}
              <div className="card-footer">
                <a href="#/invoices?filter=overdue">Overdue invoices →</a>
              </div>
            </section>
          </div>

          <section className="card">
            <h2>Recent orders</h2>
            <OrdersTable orders={data.recent_orders} testId="recent-orders" />
            <div className="card-footer">
              <a href="#/orders">All orders →</a>
            </div>
          </section>
        </>
      )}
    </>
  );
}
