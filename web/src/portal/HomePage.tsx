import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { isZero } from '../money.ts';
import { navigate } from '../router.tsx';
import { useApi } from '../useApi.ts';
import { EmptyState, PayButton, Pill } from './parts.tsx';
import type { Account, Balance, Home } from './types.ts';

/** The account at a glance: what is owed, overdue and due next; the latest orders; the invoices still open. */
export function HomePage({ account }: { account: Account }) {
  const { data, error } = useApi<Home>('/api/portal/home');
  const c = account.customer;
  const balances: Balance[] = data?.balances.length ? data.balances : [{ currency: c.currency, owed: '0', overdue: '0', overdue_items: 0, next_due: null }];

  return (
    <>
      <PageHeader title={`Welcome, ${c.name}`} subtitle={`Customer ${c.customer_number} · payment terms ${c.payment_terms}`} />
      <ErrorBox message={error} />
      {!data && !error && <Loading what="your account" />}
      {data && (
        <>
          {balances.map((b) => (
            <div className="portal-figures" key={b.currency} data-testid="balance" data-currency={b.currency}>
              <div className={isZero(b.owed) ? 'portal-figure figure-ok' : 'portal-figure'}>
                <div className="figure-label">Balance owed</div>
                <div className="figure-value" data-testid="balance-owed"><Money amount={b.owed} currency={b.currency} /></div>
                <div className="figure-note">{isZero(b.owed) ? 'Nothing open — thank you!' : `on ${data.open_invoices.length} open invoice${data.open_invoices.length === 1 ? '' : 's'}`}</div>
              </div>
              <div className={isZero(b.overdue) ? 'portal-figure figure-ok' : 'portal-figure figure-bad'}>
                <div className="figure-label">Overdue</div>
                <div className="figure-value" data-testid="balance-overdue"><Money amount={b.overdue} currency={b.currency} /></div>
                <div className="figure-note">{b.overdue_items ? `${b.overdue_items} item${b.overdue_items === 1 ? '' : 's'} past the due date` : 'Nothing past its due date'}</div>
              </div>
              <div className="portal-figure">
                <div className="figure-label">Next due</div>
                <div className="figure-value" data-testid="balance-next-due">{b.next_due ? <Money amount={b.next_due.amount} currency={b.currency} /> : '—'}</div>
                <div className="figure-note">{b.next_due ? `on ${formatDate(b.next_due.date)}` : 'Nothing falls due'}</div>
              </div>
            </div>
          ))}

          <div className="grid portal-home-grid">
            <section className="card flush" data-testid="home-open-invoices">
              <h2 className="card-title">
                Open invoices <a className="card-title-link" href="#/invoices?filter=open">All invoices →</a>
              </h2>
              {data.open_invoices.length === 0 ? (
                <EmptyState title="No open invoices">Everything is paid.</EmptyState>
              ) : (
                <table className="table table-hover">
                  <thead>
                    <tr>
                      <th>Invoice</th>
                      <th>Due</th>
                      <th>Status</th>
                      <th className="num">Open</th>
                      <th className="actions" />
                    </tr>
                  </thead>
                  <tbody>
                    {data.open_invoices.map((i) => (
                      <tr key={i.id} className="clickable" onClick={() => navigate(`/invoices/${i.id}`)} data-testid="home-invoice" data-number={i.invoice_number}>
                        <td><a className="doc-number" href={`#/invoices/${i.id}`}>{i.invoice_number}</a></td>
                        <td className="nowrap">{formatDate(i.next_due_date ?? i.due_date)}</td>
                        <td><Pill status={i.status} /></td>
                        <td className="num"><Money amount={i.open_amount} currency={i.currency} /></td>
                        <td className="actions" onClick={(e) => e.stopPropagation()}>
                          <PayButton invoiceId={i.id} small />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section className="card flush" data-testid="home-recent-orders">
              <h2 className="card-title">
                Recent orders <a className="card-title-link" href="#/orders">All orders →</a>
              </h2>
              {data.recent_orders.length === 0 ? (
                <EmptyState title="No orders yet" />
              ) : (
                <table className="table table-hover">
                  <thead>
                    <tr>
                      <th>Order</th>
                      <th>Placed</th>
                      <th>Status</th>
                      <th className="num">Total</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.recent_orders.map((o) => (
                      <tr key={o.id} className="clickable" onClick={() => navigate(`/orders/${o.id}`)} data-testid="home-order" data-number={o.order_number}>
                        <td>
                          <a className="doc-number" href={`#/orders/${o.id}`}>{o.order_number}</a>
                          {o.po_number && <div className="small muted nowrap">your ref. {o.po_number}</div>}
                        </td>
                        <td className="nowrap">{formatDate(o.created_at)}</td>
                        <td><Pill status={o.status} /></td>
                        <td className="num"><Money amount={o.total} currency={o.currency} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
