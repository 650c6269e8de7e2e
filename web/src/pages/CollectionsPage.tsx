import { useState } from 'react';
import { withQuery } from '../api.ts';
import { CONTACT_LABEL, type WorklistRow } from '../collections.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate } from '../format.ts';
import { isZero } from '../money.ts';
import { Link, type Route } from '../router.tsx';
import type { Session } from '../session.ts';
import { useApi } from '../useApi.ts';
import { CollectionsCustomerPanel } from './CollectionsCustomerPanel.tsx';

/**
 * The collector's day: customers with something overdue, most urgent first (amount × days × risk), repeat late
 * payers marked, the dunning level reached, the last contact and what to do next. A row opens the customer's
 * contacts and letters, where a call, an email, a note or a promise to pay is recorded.
 */
export function CollectionsPage({ route }: { route: Route; session: Session }) {
  const asOf = route.query.get('as_of');
  const list = useApi<{ as_of: string; items: WorklistRow[] }>(withQuery('/api/collections/worklist', { as_of: asOf }));
  const [open, setOpen] = useState<string | null>(null);
  const rows = list.data?.items ?? [];
  const selected = rows.find((r) => `${r.customer.id}:${r.currency}` === open) ?? null;

  return (
    <>
      <PageHeader
        title="Collections"
        subtitle={list.data ? `Overdue customers as of ${list.data.as_of}, most urgent first: amount overdue × days × risk (credit score).` : 'Overdue customers, most urgent first.'}
        actions={
          <>
            <Link to="/dunning" className="button" data-testid="to-dunning">Dunning runs</Link>
            <button type="button" className="button" onClick={() => void list.reload()} disabled={list.loading}>Refresh</button>
          </>
        }
      />
      <ErrorBox message={list.error} />
      {!list.data && list.loading && <Loading what="worklist" />}
      {list.data && (
        <div className={selected ? 'grid grid-main-side' : undefined}>
          <section className="card flush">
            <table className="table table-hover" data-testid="worklist-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Customer</th>
                  <th className="num">Overdue</th>
                  <th className="num">Oldest</th>
                  <th className="num">Score</th>
                  <th className="num">Priority</th>
                  <th>Level</th>
                  <th>Last contact</th>
                  <th>Next action</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const key = `${r.customer.id}:${r.currency}`;
                  return (
                    <tr key={key} className={`clickable${open === key ? ' row-acting' : ''}`} onClick={() => setOpen(open === key ? null : key)}
                      data-testid="worklist-row" data-customer={r.customer.customer_number}>
                      <td className="num muted">{i + 1}</td>
                      <td>
                        <span className="muted">{r.customer.customer_number}</span> {r.customer.name}
                        {r.repeat_late && <> <span className="tag text-bad" data-testid="repeat-late" title={`late ${r.late_times} times in twelve months`}>repeat late payer</span></>}
                        {!isZero(r.in_dispute) && <> <span className="tag">disputed <Money amount={r.in_dispute} currency={r.currency} /></span></>}
                      </td>
                      <td className="num"><Money amount={r.overdue} currency={r.currency} /></td>
                      <td className="num">{r.oldest_days} d</td>
                      <td className="num">{r.score}</td>
                      <td className="num" data-testid="priority">{r.priority}</td>
                      <td>{r.level ? <span className="badge badge-overdue">level {r.level}</span> : <span className="muted">—</span>}</td>
                      <td className="small">
                        {r.last_contact ? <>{formatDate(r.last_contact.created_at)} · {CONTACT_LABEL[r.last_contact.kind]}</> : <span className="muted">none</span>}
                      </td>
                      <td className="small" data-testid="next-action">{r.next_action}</td>
                    </tr>
                  );
                })}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={9} className="muted" data-testid="worklist-empty">Nobody owes anything overdue.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          {selected && <CollectionsCustomerPanel key={open} row={selected} onRecorded={() => void list.reload()} onClose={() => setOpen(null)} />}
        </div>
      )}
    </>
  );
}
