import { withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { formatDate } from '../format.ts';
import { navigate, type Route } from '../router.tsx';
import type { List } from '../types.ts';
import { useApi, type Loaded } from '../useApi.ts';
import { DocumentDownloads, EmptyState, Pill } from './parts.tsx';
import type { PortalCreditNote, PortalInvoice } from './types.ts';

const FILTERS: { key: string; label: string; keep: (i: PortalInvoice) => boolean }[] = [
  { key: '', label: 'All', keep: () => true },
  { key: 'open', label: 'To pay', keep: (i) => i.status === 'open' || i.status === 'overdue' },
  { key: 'overdue', label: 'Overdue', keep: (i) => i.status === 'overdue' },
  { key: 'paid', label: 'Paid', keep: (i) => i.status === 'paid' },
  { key: 'credited', label: 'Credited', keep: (i) => i.status === 'credited' },
];

/** Invoices by status, and the credit notes, each with its PDF and e-invoice. */
export function InvoicesPage({ route }: { route: Route }) {
  const key = route.query.get('filter') ?? '';
  const invoices = useApi<List<PortalInvoice>>('/api/portal/invoices');
  const notes = useApi<List<PortalCreditNote>>('/api/portal/credit-notes');
  const items = invoices.data?.items ?? [];
  const filter = FILTERS.find((f) => f.key === key) ?? FILTERS[0];
  const tabs = [
    ...FILTERS.map((f) => ({ key: f.key, label: f.label, to: withQuery('/invoices', { filter: f.key }), count: invoices.data ? items.filter(f.keep).length : undefined })),
    { key: 'credit-notes', label: 'Credit notes', to: '/invoices?filter=credit-notes', count: notes.data?.items.length },
  ];

  return (
    <>
      <PageHeader title="Invoices" subtitle="Your invoices and credit notes, with PDF and e-invoice (UBL XML)" />
      <Tabs tabs={tabs} active={key === 'credit-notes' ? key : filter.key} testId="invoice-filters" />
      {key === 'credit-notes' ? <CreditNotes notes={notes} /> : (
        <>
          <ErrorBox message={invoices.error} />
          {!invoices.data && !invoices.error && <Loading what="your invoices" />}
          {invoices.data && (
            <section className="card flush">
              {items.filter(filter.keep).length === 0 ? (
                <EmptyState title="No invoices here" />
              ) : (
                <table className="table table-hover" data-testid="portal-invoices">
                  <thead>
                    <tr>
                      <th>Invoice</th>
                      <th>Issued</th>
                      <th>Due</th>
                      <th>Status</th>
                      <th className="num">Total</th>
                      <th className="num">Open</th>
                      <th className="actions">Download</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.filter(filter.keep).map((i) => (
                      <tr key={i.id} className={i.status === 'overdue' ? 'clickable row-overdue' : 'clickable'} onClick={() => navigate(`/invoices/${i.id}`)}
                        data-testid="portal-invoice" data-number={i.invoice_number} data-status={i.status}>
                        <td><a className="doc-number" href={`#/invoices/${i.id}`}>{i.invoice_number}</a></td>
                        <td className="nowrap">{formatDate(i.issue_date)}</td>
                        <td className="nowrap">{formatDate(i.status === 'open' || i.status === 'overdue' ? (i.next_due_date ?? i.due_date) : i.due_date)}</td>
                        <td><Pill status={i.status} /></td>
                        <td className="num"><Money amount={i.total} currency={i.currency} /></td>
                        <td className="num">{i.status === 'open' || i.status === 'overdue' ? <Money amount={i.open_amount} currency={i.currency} /> : <span className="muted">—</span>}</td>
                        <td className="actions" onClick={(e) => e.stopPropagation()}>
                          <DocumentDownloads kind="invoices" id={i.id} number={i.invoice_number} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}

function CreditNotes({ notes }: { notes: Loaded<List<PortalCreditNote>> }) {
  if (notes.error) return <ErrorBox message={notes.error} />;
  if (!notes.data) return <Loading what="your credit notes" />;
  return (
    <section className="card flush">
      {notes.data.items.length === 0 ? (
        <EmptyState title="No credit notes" />
      ) : (
        <table className="table table-hover" data-testid="portal-credit-notes">
          <thead>
            <tr>
              <th>Credit note</th>
              <th>Issued</th>
              <th>For invoice</th>
              <th>Reason</th>
              <th className="num">Amount</th>
              <th className="actions">Download</th>
            </tr>
          </thead>
          <tbody>
            {notes.data.items.map((n) => (
              <tr key={n.id} className="clickable" onClick={() => navigate(`/credit-notes/${n.id}`)} data-testid="portal-credit-note" data-number={n.credit_note_number}>
                <td><a className="doc-number" href={`#/credit-notes/${n.id}`}>{n.credit_note_number}</a></td>
                <td className="nowrap">{formatDate(n.issue_date)}</td>
                <td><a className="doc-number" href={`#/invoices/${n.invoice_id}`} onClick={(e) => e.stopPropagation()}>{n.invoice_number}</a></td>
                <td>{n.reason}</td>
                <td className="num"><Money amount={n.total} currency={n.currency} /></td>
                <td className="actions" onClick={(e) => e.stopPropagation()}>
                  <DocumentDownloads kind="credit-notes" id={n.id} number={n.credit_note_number} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
