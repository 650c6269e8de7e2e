import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import type { RunDetail, RunListItem } from '../collections.ts';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime, today } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { Session } from '../session.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

/** Dunning runs: propose the letters due as of a day, then review and send them on the run's page. */
export function DunningPage(_: { session: Session }) {
  const runs = useApi<{ items: RunListItem[] }>('/api/dunning/runs');
  const [asOf, setAsOf] = useState(today());
  const [nothing, setNothing] = useState<string | null>(null);
  const action = useAction();

  const propose = async (e: FormEvent) => {
    e.preventDefault();
    setNothing(null);
    await action.run(async () => {
      const answer = await api.post<{ created: boolean; run: RunDetail | null }>('/api/dunning/runs', { as_of: asOf });
      if (answer.run) navigate(`/dunning/${answer.run.id}`);
      else setNothing(`Nothing to dun as of ${asOf}: no item has reached its next level.`);
    });
  };

  return (
    <>
      <PageHeader
        title="Dunning"
        subtitle="A run proposes a letter per customer for the items that reached their next level; you review it, then send it once."
        actions={<Link to="/collections" className="button">Collections worklist</Link>}
      />
      <section className="card">
        <form className="inline-form" onSubmit={(e) => void propose(e)} data-testid="propose-form">
          <label className="field">
            <span>As of</span>
            <input type="date" max={today()} value={asOf} onChange={(e) => setAsOf(e.target.value)} data-testid="propose-as-of" required />
          </label>
          <div className="form-buttons">
            <button type="submit" className="button button-primary" disabled={action.busy} data-testid="propose-run">
              {action.busy ? 'Proposing…' : 'Propose dunning run'}
            </button>
          </div>
          <p className="form-hint muted">Items in dispute, under a promise to pay, or in an open proposal are left out.</p>
        </form>
        <ErrorBox message={action.error} onDismiss={action.clearError} />
        {nothing && <Notice>{nothing}</Notice>}
      </section>
      <ErrorBox message={runs.error} />
      {!runs.data && runs.loading && <Loading what="dunning runs" />}
      {runs.data && (
        <section className="card flush">
          <table className="table table-hover" data-testid="runs-table">
            <thead>
              <tr>
                <th>Run</th>
                <th>As of</th>
                <th>Status</th>
                <th className="num">Letters</th>
                <th>Created</th>
                <th>Closed</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id} className="clickable" onClick={() => navigate(`/dunning/${r.id}`)} data-testid="run-row" data-number={r.run_number} data-status={r.status}>
                  <td><Link className="doc-number" to={`/dunning/${r.id}`}>{r.run_number}</Link></td>
                  <td>{r.as_of}</td>
                  <td><StatusBadge status={r.status} /></td>
                  <td className="num">{r.to_send} <span className="muted">/ {r.notices}</span></td>
                  <td className="nowrap">{formatDateTime(r.created_at)} <span className="muted">{r.created_by}</span></td>
                  <td className="nowrap">{r.closed_at ? <>{formatDateTime(r.closed_at)} <span className="muted">{r.closed_by}</span></> : '—'}</td>
                </tr>
              ))}
              {!runs.data.items.length && (
                <tr><td colSpan={6} className="muted">No dunning run yet.</td></tr>
              )}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
