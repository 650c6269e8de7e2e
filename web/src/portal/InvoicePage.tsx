import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { isZero } from '../money.ts';
import { useApi } from '../useApi.ts';
import { DocumentLines } from './DocumentLines.tsx';
import { DocumentDownloads, PayButton, Pill, Totals } from './parts.tsx';
import type { PortalInvoiceDetail } from './types.ts';

export function InvoicePage({ id }: { id: string }) {
  const { data: inv, error } = useApi<PortalInvoiceDetail>(`/api/portal/invoices/${encodeURIComponent(id)}`);
  if (error) return <ErrorBox message={error} />;
  if (!inv) return <Loading what="the invoice" />;
  const toPay = inv.status === 'open' || inv.status === 'overdue';
  return (
    <>
      <a className="back" href="#/invoices">← Invoices</a>
      <PageHeader
        title={
          <>
            Invoice {inv.invoice_number} <Pill status={inv.status} testId="invoice-status" />
          </>
        }
        subtitle={inv.order_id && inv.order_number ? <>For order <a href={`#/orders/${inv.order_id}`}>{inv.order_number}</a></> : undefined}
        actions={
          <>
            <DocumentDownloads kind="invoices" id={inv.id} number={inv.invoice_number} buttons />
            {toPay && <PayButton invoiceId={inv.id} />}
          </>
        }
      />
      <section className="card" data-testid="invoice-summary">
        <div className="portal-summary">
          <div>
            <div className="label">{toPay ? 'To pay' : 'Total'}</div>
            <div className={inv.status === 'overdue' ? 'value big text-bad' : 'value big'} data-testid="invoice-open">
              <Money amount={toPay ? inv.open_amount : inv.total} currency={inv.currency} />
            </div>
          </div>
          <div>
            <div className="label">{toPay && inv.next_due_date && inv.next_due_date !== inv.due_date ? 'Next part due' : 'Due date'}</div>
            <div className="value">{formatDate(toPay ? (inv.next_due_date ?? inv.due_date) : inv.due_date)}</div>
          </div>
          <div>
            <div className="label">Issued</div>
            <div className="value">{formatDate(inv.issue_date)}</div>
          </div>
          <div>
            <div className="label">Payment terms</div>
            <div className="value">{inv.payment_terms}</div>
          </div>
          {!isZero(inv.credited_total) && (
            <div>
              <div className="label">Credited</div>
              <div className="value"><Money amount={inv.credited_total} currency={inv.currency} /></div>
            </div>
          )}
        </div>
      </section>

      <section className="card flush">
        <DocumentLines lines={inv.lines} taxes={inv.tax_totals} currency={inv.currency} totals={<Totals d={inv} />} />
      </section>

      {inv.credit_notes.length > 0 && (
        <section className="card flush">
          <h2 className="card-title">Credit notes for this invoice</h2>
          <table className="table table-compact">
            <tbody>
              {inv.credit_notes.map((n) => (
                <tr key={n.id} data-testid="invoice-credit-note" data-number={n.credit_note_number}>
                  <td><a className="doc-number" href={`#/credit-notes/${n.id}`}>{n.credit_note_number}</a></td>
                  <td className="nowrap">{formatDate(n.issue_date)}</td>
                  <td>{n.reason}</td>
                  <td className="num"><Money amount={n.total} currency={n.currency} /></td>
                  <td className="actions"><DocumentDownloads kind="credit-notes" id={n.id} number={n.credit_note_number} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
