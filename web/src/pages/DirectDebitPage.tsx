import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { DownloadLink } from '../components/Documents.tsx';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { nextSequence, type DdReturn, type DdRunItem, type Mandate } from '../directDebit.ts';
import { today } from '../format.ts';
import { Link } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

/** SEPA direct debit: the mandates on file, collection runs (propose, submit, download the pain.008 file) and returns. */
export function DirectDebitPage({ session }: { session: Session }) {
  const mandates = useApi<{ items: Mandate[] }>('/api/direct-debit/mandates');
  const runs = useApi<{ items: DdRunItem[] }>('/api/direct-debit/runs');
  const returns = useApi<{ items: DdReturn[] }>('/api/direct-debit/returns');
  const [date, setDate] = useState(() => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 3);
    return d.toISOString().slice(0, 10);
  });
  const [perInvoice, setPerInvoice] = useState(false);
  const [nothing, setNothing] = useState<string | null>(null);
  const action = useAction();
  const canRun = hasRole(session, 'collector', 'billing');

  const propose = async (e: FormEvent) => {
    e.preventDefault();
    setNothing(null);
    await action.run(async () => {
      const answer = await api.post<{ run: unknown }>('/api/direct-debit/runs', { collection_date: date, grouping: perInvoice ? 'invoice' : 'customer' });
      if (!answer.run) setNothing(`Nothing to collect by ${date}: no open invoice of a customer with an active mandate is due.`);
      await runs.reload();
    });
  };
  const submit = (id: string) => action.run(async () => {
    await api.post(`/api/direct-debit/runs/${id}/submit`, {});
    await Promise.all([runs.reload(), mandates.reload()]);
  });

  return (
    <>
      <PageHeader title="Direct debits" subtitle="SEPA mandates, collection runs as pain.008 files, and debits that came back." />
      {canRun && (
        <section className="card">
          <form className="inline-form" onSubmit={(e) => void propose(e)} data-testid="dd-propose-form">
            <label className="field">
              <span>Collection date</span>
              <input type="date" min={today()} value={date} onChange={(e) => setDate(e.target.value)} data-testid="dd-collection-date" required />
            </label>
            <label className="field checkbox">
              <input type="checkbox" checked={perInvoice} onChange={(e) => setPerInvoice(e.target.checked)} /> <span>One debit per invoice</span>
            </label>
            <div className="form-buttons">
              <button type="submit" className="button button-primary" disabled={action.busy} data-testid="dd-propose">
                {action.busy ? 'Working…' : 'Propose collection run'}
              </button>
            </div>
            <p className="form-hint muted">Open invoices due by that date of customers with an active mandate; disputed, promised and already collected ones are left out.</p>
          </form>
          <ErrorBox message={action.error} onDismiss={action.clearError} />
          {nothing && <Notice>{nothing}</Notice>}
        </section>
      )}

      <section className="card flush">
        <h2 className="card-title">Collection runs</h2>
        <ErrorBox message={runs.error} />
        {!runs.data && runs.loading && <Loading what="runs" />}
        {runs.data && (
          <table className="table" data-testid="dd-runs">
            <thead>
              <tr><th>Run</th><th>Collection date</th><th>Status</th><th className="num">Debits</th><th className="num">Amount</th><th>Returned</th><th>Bank</th><th /></tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id} data-testid="dd-run-row" data-number={r.run_number} data-status={r.status}>
                  <td className="doc-number">{r.run_number}</td>
                  <td>{r.collection_date}</td>
                  <td><StatusBadge status={r.status} /></td>
                  <td className="num">{r.transactions}</td>
                  <td className="num">{r.amount} {r.currency}</td>
                  <td>{r.returned || '—'}</td>
                  <td>{r.status === 'submitted' ? (r.settled ? 'credited' : 'awaiting credit') : '—'}</td>
                  <td className="nowrap">
                    {r.status === 'submitted' && (
                      <DownloadLink href={`/api/direct-debit/runs/${r.id}/file`} filename={`${r.run_number}.xml`} testId="dd-download" button>pain.008 file</DownloadLink>
                    )}
                    {r.status === 'proposed' && canRun && (
                      <button type="button" className="button button-small" disabled={action.busy} onClick={() => void submit(r.id)} data-testid="dd-submit">Submit</button>
                    )}
                  </td>
                </tr>
              ))}
              {!runs.data.items.length && <tr><td colSpan={8} className="muted">No collection run yet.</td></tr>}
            </tbody>
          </table>
        )}
      </section>

      <section className="card flush">
        <h2 className="card-title">Mandates</h2>
        <ErrorBox message={mandates.error} />
        {mandates.data && (
          <table className="table" data-testid="dd-mandates">
            <thead>
              <tr><th>Reference</th><th>Customer</th><th>Account</th><th>Scheme</th><th>Signed</th><th>Status</th><th>Next</th><th>Last debit</th></tr>
            </thead>
            <tbody>
              {mandates.data.items.map((m) => (
                <tr key={m.id} data-testid="dd-mandate-row" data-reference={m.reference} data-status={m.status}>
                  <td className="doc-number">{m.reference}</td>
                  <td><Link to={`/customers/${m.customer_id}`}>{m.customer?.customer_number} {m.customer?.name}</Link></td>
                  <td className="nowrap">{m.iban}{m.bic ? <span className="muted"> {m.bic}</span> : null}</td>
                  <td>{m.scheme} <span className="muted">{m.kind === 'one_off' ? 'one-off' : 'recurring'}</span></td>
                  <td>{m.signed_on}</td>
                  <td><StatusBadge status={m.status} />{m.status_reason && <div className="muted small">{m.status_reason}</div>}{m.attention && <div className="text-bad small">{m.attention}</div>}</td>
                  <td>{m.status === 'active' ? nextSequence(m) : '—'}</td>
                  <td>{m.last_collected_on ?? '—'}</td>
                </tr>
              ))}
              {!mandates.data.items.length && <tr><td colSpan={8} className="muted">No mandate on file.</td></tr>}
            </tbody>
          </table>
        )}
      </section>

      <section className="card flush">
        <h2 className="card-title">Returns</h2>
        <ErrorBox message={returns.error} />
        {returns.data && (
          <table className="table" data-testid="dd-returns">
            <thead>
              <tr><th>Debit</th><th>Customer</th><th>Invoices</th><th>Reason</th><th className="num">Amount</th><th className="num">Fee</th><th>Returned</th></tr>
            </thead>
            <tbody>
              {returns.data.items.map((r) => (
                <tr key={r.id} data-testid="dd-return-row">
                  <td className="doc-number">{r.end_to_end_id}</td>
                  <td><Link to={`/customers/${r.customer.id}`}>{r.customer.customer_number} {r.customer.name}</Link></td>
                  <td>{r.remittance}</td>
                  <td>{r.reason}</td>
                  <td className="num">{r.amount}</td>
                  <td className="num">{r.fee}</td>
                  <td>{r.returned_on}{r.before_settlement ? <span className="muted"> before settlement</span> : null}</td>
                </tr>
              ))}
              {!returns.data.items.length && <tr><td colSpan={7} className="muted">No debit came back.</td></tr>}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
