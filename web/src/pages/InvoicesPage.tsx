import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { KindTag, SplitBar } from '../components/Invoices.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { formatDate, today } from '../format.ts';
import { isZero, sumAmounts } from '../money.ts';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { ConsolidatedRun, InvoiceRow, List } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

const FILTERS: { key: string; label: string; keep: (i: InvoiceRow) => boolean }[] = [
  { key: '', label: 'All', keep: () => true },
  { key: 'issued', label: 'Issued', keep: (i) => i.status === 'issued' },
  { key: 'overdue', label: 'Overdue', keep: (i) => i.overdue },
  { key: 'paid', label: 'Paid', keep: (i) => i.status === 'paid' },
  { key: 'credited', label: 'Credited', keep: (i) => i.status === 'credited' },
];

const statusOf = (i: InvoiceRow) => (i.overdue ? 'overdue' : i.status);

export function InvoicesPage({ route, session }: { route: Route; session: Session }) {
  const customerId = route.query.get('customer_id') ?? '';
  const rawFilter = route.query.get('filter') ?? '';
  // "open" was this list's name for unpaid invoices before; they are the issued ones.
  const filterKey = rawFilter === 'open' ? 'issued' : rawFilter;
  const filter = FILTERS.find((f) => f.key === filterKey) ?? FILTERS[0];
  const [search, setSearch] = useState(() => route.query.get('search') ?? '');
  const [running, setRunning] = useState(false);
  const [made, setMade] = useState<string[] | null>(null);
  // The API filters on the stored status (issued/paid/credited) and the customer; overdue is derived and the search is
  // over number and customer, so both are applied here.
  const { data, error, loading, reload } = useApi<List<InvoiceRow>>(withQuery('/api/invoices', { customer_id: customerId }));
  const items = data?.items ?? [];
  const needle = search.trim().toLowerCase();
  const found = needle ? items.filter((i) => `${i.invoice_number} ${i.customer_number} ${i.customer_name}`.toLowerCase().includes(needle)) : items;
  const shown = found.filter(filter.keep);
  const canRun = hasRole(session, 'billing');
  const customerName = customerId ? items[0]?.customer_name : undefined;
  const tabTo = (key: string) => withQuery('/invoices', { filter: key, customer_id: customerId, search: search.trim() });

  return (
    <>
      <PageHeader
        title="Invoices"
        subtitle={
          customerId ? (
            <span data-testid="invoice-customer-filter">
              Invoices of {customerName ?? 'one customer'} · <a href={withQuery('#/invoices', { filter: filter.key })}>all customers</a>
            </span>
          ) : undefined
        }
        actions={
          <>
            {canRun && !running && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setMade(null);
                  setRunning(true);
                }}
                data-testid="run-invoicing"
              >
                Run consolidated invoicing…
              </button>
            )}
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
          </>
        }
      />
      {running && (
        <RunForm
          onDone={(ids) => {
            setRunning(false);
            if (ids) {
              setMade(ids);
              void reload();
            }
          }}
        />
      )}
      {made && (
        <div className="alert alert-ok" role="status" data-testid="run-result" data-count={made.length}>
          <span>
            {made.length === 0 ? (
              'Consolidated invoicing made no invoices: no weekly or monthly customer has unbilled shipments of a period that has ended.'
            ) : (
              <>
                Consolidated invoicing made {made.length} invoice{made.length === 1 ? '' : 's'}:{' '}
                {made.map((id, n) => (
                  <span key={id}>
                    {n > 0 && ', '}
                    <a className="doc-number" href={`#/invoices/${id}`}>
                      {items.find((i) => i.id === id)?.invoice_number ?? 'new invoice'}
                    </a>
                  </span>
                ))}
                .
              </>
            )}
          </span>
          <button type="button" className="link-button" onClick={() => setMade(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <ErrorBox message={error} />
      {data && <Summary invoices={found} />}
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search customer or invoice number…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Search customer or invoice number"
          data-testid="invoice-search"
        />
        {needle && (
          <span className="muted small">
            {found.length} of {items.length} match “{search.trim()}”
          </span>
        )}
      </div>
      <Tabs
        testId="invoice-filter-tabs"
        active={filter.key}
        tabs={FILTERS.map((f) => ({ key: f.key, label: f.label, to: tabTo(f.key), count: data ? found.filter(f.keep).length : undefined }))}
      />
      {!data && loading && <Loading what="invoices" />}
      {data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="invoices-table">
            <thead>
              <tr>
                <th>Number</th>
                <th>Kind</th>
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
                <tr
                  key={i.id}
                  className={i.overdue ? 'clickable row-overdue' : made?.includes(i.id) ? 'clickable row-fresh' : 'clickable'}
                  onClick={() => navigate(`/invoices/${i.id}`)}
                  data-testid="invoice-row"
                  data-id={i.id}
                  data-number={i.invoice_number}
                  data-status={statusOf(i)}
                  data-order-id={i.order_id ?? undefined}
                >
                  <td>
                    <a className="doc-number" href={`#/invoices/${i.id}`} onClick={(e) => e.stopPropagation()}>
                      {i.invoice_number}
                    </a>
                  </td>
                  <td>
                    <KindTag invoice={i} />
                  </td>
                  <td>
                    <span className="muted small">{i.customer_number}</span> {i.customer_name}
                  </td>
                  <td>
                    <StatusBadge status={statusOf(i)} />
                  </td>
                  <td className="nowrap">{formatDate(i.issue_date)}</td>
                  <td className={i.overdue ? 'nowrap text-bad strong' : 'nowrap'} title={i.payment_terms.startsWith('instalments') ? `${i.payment_terms}: the next part still open` : undefined}>
                    {formatDate(i.next_due_date ?? i.due_date)}
                  </td>
                  <td className="num">
                    <Money amount={i.total} currency={i.currency} />
                  </td>
                  <td className={i.overdue ? 'num text-bad strong' : isZero(i.open_amount) ? 'num muted' : 'num'} data-testid="invoice-row-open">
                    <Money amount={i.open_amount} currency={i.currency} />
                  </td>
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    No {filter.key ? filter.label.toLowerCase() : ''} invoices{needle ? ` matching “${search.trim()}”` : ''}.
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

/** What is open and overdue among the invoices shown (before the status tab), per currency, with a bar. */
function Summary({ invoices }: { invoices: InvoiceRow[] }) {
  const currencies = [...new Set(invoices.map((i) => i.currency))].sort();
  if (currencies.length === 0) return null;
  return (
    <section className="card invoice-summary" data-testid="invoice-summary">
      {currencies.map((cur) => {
        const mine = invoices.filter((i) => i.currency === cur);
        const open = mine.filter((i) => !isZero(i.open_amount));
        const overdue = open.filter((i) => i.overdue);
        const current = open.filter((i) => !i.overdue);
        const openAmount = sumAmounts(open.map((i) => i.open_amount), cur);
        const overdueAmount = sumAmounts(overdue.map((i) => i.open_amount), cur);
        const currentAmount = sumAmounts(current.map((i) => i.open_amount), cur);
        return (
          <div className="summary-row" key={cur} data-currency={cur}>
            <div className="summary-figures">
              <div className="summary-figure">
                <div className="kpi-label">Open</div>
                <div className="kpi-value" data-testid="summary-open">
                  <Money amount={openAmount} currency={cur} />
                </div>
                <div className="muted small">
                  {open.length} invoice{open.length === 1 ? '' : 's'}
                </div>
              </div>
              <div className="summary-figure">
                <div className="kpi-label">Overdue</div>
                <div className={isZero(overdueAmount) ? 'kpi-value' : 'kpi-value text-bad'} data-testid="summary-overdue">
                  <Money amount={overdueAmount} currency={cur} />
                </div>
                <div className="muted small">
                  {overdue.length} invoice{overdue.length === 1 ? '' : 's'}
                </div>
              </div>
              <div className="summary-figure">
                <div className="kpi-label">Invoiced</div>
                <div className="kpi-value">
                  <Money amount={sumAmounts(mine.map((i) => i.total), cur)} currency={cur} />
                </div>
                <div className="muted small">
                  {mine.length} invoice{mine.length === 1 ? '' : 's'}, {mine.filter((i) => i.status === 'paid').length} paid
                </div>
              </div>
            </div>
            <div className="summary-chart">
              <SplitBar
                label={`Open receivables in ${cur}`}
                currency={cur}
                testId="summary-bar"
                parts={[
                  { key: 'overdue', label: 'Overdue', amount: overdueAmount, tone: 'bad' },
                  { key: 'current', label: 'Not yet due', amount: currentAmount, tone: 'accent' },
                ]}
              />
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** Consolidated invoicing now: weekly and monthly customers' shipments of the periods ended by the date. */
function RunForm({ onDone }: { onDone: (ids: string[] | null) => void }) {
  const [asOf, setAsOf] = useState(today());
  const run = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let answer: ConsolidatedRun | null = null;
    const ok = await run.run(async () => {
      answer = await api.post<ConsolidatedRun>('/api/invoices/run', asOf ? { as_of: asOf } : {});
    });
    if (ok) onDone((answer as ConsolidatedRun | null)?.invoices ?? []);
  };
  return (
    <section className="card" data-testid="run-invoicing-form">
      <form className="inline-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>As of</span>
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} required data-testid="run-as-of" />
        </label>
        <p className="muted small form-hint">
          One invoice per weekly or monthly customer and currency for its shipments of the periods ended by this date (weeks end on Mondays, months on the 1st). Shipments already billed are skipped, so running it twice bills nothing twice.
        </p>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={run.busy || !asOf} data-testid="run-submit">
            {run.busy ? 'Invoicing…' : 'Run invoicing'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={run.busy}>
            Back
          </button>
        </div>
      </form>
      <ErrorBox message={run.error} />
    </section>
  );
}
