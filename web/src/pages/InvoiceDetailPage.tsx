import { useState } from 'react';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PaymentForm } from '../components/PaymentForm.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { formatDate, formatRate, humanize } from '../format.ts';
import { isZero } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { InvoiceDetail } from '../types.ts';
import { useApi } from '../useApi.ts';

export function InvoiceDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: inv, error, loading, reload } = useApi<InvoiceDetail>(`/api/invoices/${encodeURIComponent(id)}`);
  const [paying, setPaying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (!inv) {
    return (
      <>
        <PageHeader title="Invoice" subtitle={<a href="#/invoices">← Invoices</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="invoice" />}
      </>
    );
  }

  const open = !isZero(inv.open_amount);
  const canPay = hasRole(session, 'collector', 'billing');

  return (
    <>
      <PageHeader
        title={
          <>
            Invoice {inv.invoice_number} <StatusBadge status={inv.overdue ? 'overdue' : inv.status} testId="invoice-status" />
          </>
        }
        subtitle={
          <>
            <a href="#/invoices">← Invoices</a> · <a href={`#/customers/${inv.customer_id}`}>{inv.customer_number} {inv.customer_name}</a>
            {inv.order_id && (
              <>
                {' '}
                · <a href={`#/orders/${inv.order_id}`}>order</a>
              </>
            )}
          </>
        }
        actions={
          <>
            {open && canPay && !paying && (
              <button type="button" className="button button-primary" onClick={() => setPaying(true)} data-testid="record-payment">
                Record payment…
              </button>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </>
        }
      />
      <ErrorBox message={error} />
      {notice && (
        <div className="alert alert-ok" role="status">
          {notice}
        </div>
      )}
      {paying && (
        <PaymentForm
          title={`Record payment for ${inv.invoice_number}`}
          customerId={inv.customer_id}
          currency={inv.currency}
          applyTo={{ invoiceId: inv.id, invoiceNumber: inv.invoice_number, open: inv.open_amount }}
          initialAmount={inv.open_amount}
          onDone={(p) => {
            setPaying(false);
            if (p) {
              setNotice(`Payment ${p.payment_number} recorded.`);
              void reload();
            }
          }}
        />
      )}

      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">Total</div>
          <div className="kpi-value">
            <Money amount={inv.total} currency={inv.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Open</div>
          <div className={inv.overdue ? 'kpi-value text-bad' : 'kpi-value'} data-testid="invoice-open-amount">
            <Money amount={inv.open_amount} currency={inv.currency} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Issued</div>
          <div className="kpi-value small-value">{formatDate(inv.issue_date)}</div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Due</div>
          <div className={inv.overdue ? 'kpi-value small-value text-bad' : 'kpi-value small-value'}>
            {formatDate(inv.due_date)} {inv.overdue && <span className="small">overdue</span>}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Terms</div>
          <div className="kpi-value small-value">{inv.payment_terms || '—'}</div>
        </div>
      </div>

      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Lines</h2>
            <table className="table" data-testid="invoice-lines">
              <thead>
                <tr>
                  <th>#</th>
                  <th>SKU</th>
                  <th>Description</th>
                  <th className="num">Quantity</th>
                  <th className="num">Unit price</th>
                  <th>Tax</th>
                  <th className="num">Net</th>
                </tr>
              </thead>
              <tbody>
                {inv.lines.map((l) => (
                  <tr key={l.line_no}>
                    <td>{l.line_no}</td>
                    <td className="mono">{l.sku}</td>
                    <td>{l.description}</td>
                    <td className="num">
                      {l.quantity} <span className="muted">{l.uom}</span>
                    </td>
                    <td className="num">
                      <Money amount={l.unit_price} currency={inv.currency} />
                    </td>
                    <td className="nowrap">
                      {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
                    </td>
                    <td className="num">
                      <Money amount={l.net_amount} currency={inv.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={6} className="num">Net</td>
                  <td className="num">
                    <Money amount={inv.net_total} currency={inv.currency} />
                  </td>
                </tr>
                <tr>
                  <td colSpan={6} className="num">Tax</td>
                  <td className="num">
                    <Money amount={inv.tax_total} currency={inv.currency} />
                  </td>
                </tr>
                <tr className="total-row">
                  <td colSpan={6} className="num">Total</td>
                  <td className="num">
                    <Money amount={inv.total} currency={inv.currency} />
                  </td>
                </tr>
                <tr>
                  <td colSpan={6} className="num">Open</td>
                  <td className={inv.overdue ? 'num text-bad strong' : 'num strong'}>
                    <Money amount={inv.open_amount} currency={inv.currency} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </section>

          <section className="card flush">
            <h2 className="card-title">Tax totals</h2>
            <table className="table" data-testid="invoice-tax-totals">
              <thead>
                <tr>
                  <th>Category</th>
                  <th className="num">Rate</th>
                  <th className="num">Taxable</th>
                  <th className="num">Tax</th>
                </tr>
              </thead>
              <tbody>
                {inv.tax_totals.map((t) => (
                  <tr key={`${t.category}-${t.rate}`}>
                    <td>{humanize(t.category)}</td>
                    <td className="num">{formatRate(t.rate)}</td>
                    <td className="num">
                      <Money amount={t.taxable} currency={inv.currency} />
                    </td>
                    <td className="num">
                      <Money amount={t.tax} currency={inv.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <aside>
          <section className="card">
            <h2>Timeline</h2>
            <Timeline entries={inv.timeline ?? []} testId="invoice-timeline" />
          </section>
        </aside>
      </div>
    </>
  );
}
