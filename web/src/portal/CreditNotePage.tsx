import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { isZero } from '../money.ts';
import { useApi } from '../useApi.ts';
import { DocumentLines } from './DocumentLines.tsx';
import { DocumentDownloads, Totals } from './parts.tsx';
import type { PortalCreditNoteDetail } from './types.ts';

export function CreditNotePage({ id }: { id: string }) {
  const { data: n, error } = useApi<PortalCreditNoteDetail>(`/api/portal/credit-notes/${encodeURIComponent(id)}`);
  if (error) return <ErrorBox message={error} />;
  if (!n) return <Loading what="the credit note" />;
  return (
    <>
      <a className="back" href="#/invoices?filter=credit-notes">← Credit notes</a>
      <PageHeader
        title={`Credit note ${n.credit_note_number}`}
        subtitle={<>Credits invoice <a href={`#/invoices/${n.invoice_id}`}>{n.invoice_number}</a> · {n.reason}</>}
        actions={<DocumentDownloads kind="credit-notes" id={n.id} number={n.credit_note_number} buttons />}
      />
      <section className="card">
        <div className="portal-summary">
          <div>
            <div className="label">Credited</div>
            <div className="value big"><Money amount={n.total} currency={n.currency} /></div>
          </div>
          <div>
            <div className="label">Issued</div>
            <div className="value">{formatDate(n.issue_date)}</div>
          </div>
          <div>
            <div className="label">Taken off the invoice</div>
            <div className="value"><Money amount={n.applied_to_invoice} currency={n.currency} /></div>
          </div>
          {!isZero(n.customer_credit) && (
            <div>
              <div className="label">Credit for you</div>
              <div className="value"><Money amount={n.customer_credit} currency={n.currency} /></div>
            </div>
          )}
        </div>
      </section>
      <section className="card flush">
        <DocumentLines lines={n.lines} taxes={n.tax_totals} currency={n.currency} totals={<Totals d={n} />} />
      </section>
    </>
  );
}
