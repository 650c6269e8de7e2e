import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { useApi } from '../useApi.ts';
import { Pill } from './parts.tsx';
import { REASON_LABEL } from './ReturnForm.tsx';
import type { PortalReturnDetail } from './types.ts';

const NEXT: Record<string, string> = {
  requested: 'We are reviewing your request and will tell you how to send the items.',
  approved: 'Approved: please send the items back. We inspect them when they arrive.',
  received: 'The items arrived and were inspected; the credit or replacement follows.',
  resolved: 'Done.',
};

export function ReturnPage({ id }: { id: string }) {
  const { data: r, error } = useApi<PortalReturnDetail>(`/api/portal/returns/${encodeURIComponent(id)}`);
  if (error) return <ErrorBox message={error} />;
  if (!r) return <Loading what="the return" />;
  return (
    <>
      <a className="back" href="#/returns">← Returns</a>
      <PageHeader
        title={
          <>
            Return {r.rma_number} <Pill status={r.status} testId="return-status" />
          </>
        }
        subtitle={<>For order <a href={`#/orders/${r.order_id}`}>{r.order_number}</a> · requested {formatDate(r.created_at)}</>}
      />
      {(NEXT[r.status] || r.status_reason) && (
        <div className="alert alert-info" data-testid="return-next">{r.status_reason ?? NEXT[r.status]}</div>
      )}
      <div className="grid grid-main-side">
        <div>
          <section className="card flush">
            <h2 className="card-title">Items</h2>
            <table className="table">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Reason</th>
                  <th className="num">Units</th>
                  <th className="num">Received</th>
                </tr>
              </thead>
              <tbody>
                {(r.lines ?? []).map((l) => (
                  <tr key={l.line_no} data-testid="return-line" data-sku={l.sku}>
                    <td>
                      {l.description ?? l.sku}
                      <div className="small muted mono">{l.sku}</div>
                    </td>
                    <td>{REASON_LABEL[l.reason] ?? l.reason}</td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{l.received_quantity ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {r.note && <p className="pad small"><span className="muted">Your note:</span> {r.note}</p>}
          </section>
          {r.credit_notes.length > 0 && (
            <section className="card flush">
              <h2 className="card-title">Credit</h2>
              <table className="table table-compact">
                <tbody>
                  {r.credit_notes.map((n) => (
                    <tr key={n.id}>
                      <td><a className="doc-number" href={`#/credit-notes/${n.id}`}>{n.credit_note_number}</a></td>
                      <td className="nowrap">{formatDate(n.issue_date)}</td>
                      <td className="num"><Money amount={n.total} currency={n.currency} /></td>
                    </tr>
                  ))}
                  {r.refunds.map((f, i) => (
                    <tr key={i}>
                      <td>Refund ({f.method.replace(/_/g, ' ')})</td>
                      <td className="nowrap">{formatDate(f.refunded_on)}</td>
                      <td className="num"><Money amount={f.amount} currency={f.currency} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
        <aside>
          <section className="card">
            <h2>History</h2>
            <ol className="steps-list" data-testid="return-steps">
              {r.steps.map((s, i) => (
                <li key={i}>
                  <span className="when">{formatDateTime(s.occurred_at)}</span>
                  <span>{s.summary}</span>
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </>
  );
}
