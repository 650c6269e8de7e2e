import { useState, type FormEvent } from 'react';
import { withQuery } from '../api.ts';
import { BarChart } from '../components/BarChart.tsx';
import { PdfLink } from '../components/Documents.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate, humanize, today } from '../format.ts';
import { formatMoney, groupDigits, isZero, minorOf } from '../money.ts';
import type { AgingReport, CustomerAging } from '../receivables.ts';
import { navigate, type Route } from '../router.tsx';
import { useApi } from '../useApi.ts';

const COLORS = ['var(--ok)', 'var(--warn-1)', 'var(--warn-2)', 'var(--warn-3)', 'var(--bad)', 'var(--bad-dark)'];

/**
 * Receivables aging as of any day (`#/aging?as_of=…&buckets=…`): a bar chart per currency, one row per customer,
 * and a customer's items per bucket when its row (or one of its amounts) is clicked (`&customer=…&bucket=…`).
 */
export function AgingPage({ route }: { route: Route }) {
  const asOf = route.query.get('as_of') || today();
  const buckets = route.query.get('buckets') || '';
  const customer = route.query.get('customer');
  const bucket = route.query.get('bucket');
  const go = (p: Record<string, string | null>) => navigate(withQuery('/aging', { as_of: asOf, buckets, customer, bucket, ...p }));
  const report = useApi<AgingReport>(withQuery('/api/receivables/aging', { as_of: asOf, buckets }));
  const drill = useApi<CustomerAging>(customer ? withQuery(`/api/receivables/aging/${encodeURIComponent(customer)}`, { as_of: asOf, buckets }) : null);
  const [dayText, setDayText] = useState(asOf);
  const [bucketText, setBucketText] = useState(buckets);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ as_of: dayText, buckets: bucketText.trim() || null });
  };
  const data = report.data;

  return (
    <>
      <PageHeader
        title="Receivables aging"
        subtitle={data ? `as of ${formatDate(data.as_of)} · days past due counted from the due date` : undefined}
        actions={
          <button type="button" className="button" onClick={() => void report.reload()} disabled={report.loading}>
            Refresh
          </button>
        }
      />
      <section className="card">
        <form className="inline-form" onSubmit={submit} data-testid="aging-form">
          <label className="field">
            <span>As of</span>
            <input type="date" value={dayText} onChange={(e) => setDayText(e.target.value)} data-testid="aging-as-of" />
          </label>
          <label className="field">
            <span>Buckets (days)</span>
            <input value={bucketText} onChange={(e) => setBucketText(e.target.value)} placeholder="30,60,90" data-testid="aging-buckets" />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary">Show</button>
          </div>
        </form>
      </section>
      <ErrorBox message={report.error} />
      {!data && report.loading && <Loading what="aging" />}
      {data && (
        <>
          {data.totals.length === 0 && <p className="muted">Nothing was open on that day.</p>}
          <div className="grid grid-2">
            {data.totals.map((t) => (
              <section className="card" key={t.currency}>
                <h2>
                  {t.currency} · <Money amount={t.total} currency={t.currency} />
                </h2>
                <BarChart
                  ariaLabel={`Receivables aging in ${t.currency}`}
                  testId={`aging-page-chart-${t.currency}`}
                  height={170}
                  bars={data.buckets.map((label, i) => ({
                    key: label,
                    label: humanize(label),
                    value: minorOf(t[label], t.currency),
                    valueLabel: groupDigits(t[label]),
                    title: `${label}: ${formatMoney(t[label], t.currency)}`,
                    color: COLORS[Math.min(i, COLORS.length - 1)],
                  }))}
                />
              </section>
            ))}
          </div>
          <section className="card flush">
            <h2 className="card-title">By customer</h2>
            <table className="table" data-testid="aging-table">
              <thead>
                <tr>
                  <th>Customer</th>
                  {data.buckets.map((b) => (
                    <th className="num" key={b}>
                      {humanize(b)}
                    </th>
                  ))}
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {data.customers.map((c) => (
                  <tr key={`${c.customer_id}-${c.currency}`} aria-selected={c.customer_id === customer} style={c.customer_id === customer ? { background: 'var(--accent-soft)' } : undefined} data-testid={`aging-row-${c.customer_number}`}>
                    <td>
                      <a href={`#${withQuery('/aging', { as_of: asOf, buckets, customer: c.customer_id })}`}>
                        <span className="doc-number">{c.customer_number}</span> {c.name}
                      </a>
                    </td>
                    {data.buckets.map((b) => (
                      <td key={b} className={isZero(c[b]) ? 'num muted' : 'num'}>
                        {isZero(c[b]) ? (
                          <Money amount={c[b]} currency={c.currency} />
                        ) : (
                          <a href={`#${withQuery('/aging', { as_of: asOf, buckets, customer: c.customer_id, bucket: b })}`} data-testid={`aging-cell-${c.customer_number}-${b}`}>
                            <Money amount={c[b]} currency={c.currency} />
                          </a>
                        )}
                      </td>
                    ))}
                    <td className="num strong">
                      <Money amount={c.total} currency={c.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {customer && <Drilldown drill={drill.data} error={drill.error} bucket={bucket} asOf={asOf} onClose={() => go({ customer: null, bucket: null })} />}
    </>
  );
}

function Drilldown({ drill, error, bucket, asOf, onClose }: { drill: CustomerAging | null; error: string | null; bucket: string | null; asOf: string; onClose: () => void }) {
  if (!drill) return <ErrorBox message={error} />;
  const shown = drill.buckets.filter((b) => b.items.length && (!bucket || b.label === bucket));
  return (
    <section className="card flush" data-testid="aging-drilldown">
      <h2 className="card-title">
        <a href={`#/customers/${drill.customer.id}`}>
          {drill.customer.customer_number} {drill.customer.name}
        </a>
        <span className="muted">{bucket ? humanize(bucket) : 'all buckets'} · as of {formatDate(asOf)}</span>
        <span className="card-title-link">
          <PdfLink href={withQuery(`/api/receivables/customers/${drill.customer.id}/statement.pdf`, { as_of: asOf })} filename={`statement-${drill.customer.customer_number}-${asOf}.pdf`} testId="aging-statement">
            Statement PDF
          </PdfLink>{' '}
          · <button type="button" className="link-button" onClick={onClose}>Close</button>
        </span>
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th>Bucket</th>
            <th>Document</th>
            <th>Issued</th>
            <th>Due</th>
            <th className="num">Days past due</th>
            <th className="num">Open then</th>
            <th className="num">Open now</th>
          </tr>
        </thead>
        <tbody>
          {shown.flatMap((b) =>
            b.items.map((i) => (
              <tr key={i.id} data-testid="aging-item">
                <td>{humanize(b.label)}</td>
                <td>
                  {i.kind === 'invoice' ? <a className="doc-number" href={`#/invoices/${i.source_id}`}>{i.document_number}</a> : <span className="doc-number">{i.document_number}</span>}
                  {i.instalment > 0 && <span className="muted"> · part {i.instalment}</span>}
                  {i.in_dispute && <span className="tag">in dispute</span>}
                </td>
                <td>{formatDate(i.issue_date)}</td>
                <td>{formatDate(i.due_date)}</td>
                <td className="num">{i.days_past_due > 0 ? i.days_past_due : '–'}</td>
                <td className="num strong">
                  <Money amount={i.open_as_of} currency={i.currency} />
                </td>
                <td className="num">
                  <Money amount={i.open_amount} currency={i.currency} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
