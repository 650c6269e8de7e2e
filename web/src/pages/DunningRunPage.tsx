import { Fragment, useState } from 'react';
import { api } from '../api.ts';
import { itemLabel, type Notice, type RunDetail } from '../collections.ts';
import { PdfLink } from '../components/Documents.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import type { Session } from '../session.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

/**
 * A dunning proposal under review: per customer the letter's level (changeable), its items (each can be left
 * out), the fee and interest it would charge, a draft of the letter; a letter can be left out with a reason.
 * Sending books the fees and interest and mails the letters, once.
 */
export function DunningRunPage({ id }: { id: string; session: Session }) {
  const path = `/api/dunning/runs/${encodeURIComponent(id)}`;
  const loaded = useApi<RunDetail>(path);
  const [run, setRun] = useState<RunDetail | null>(null);
  const [excluding, setExcluding] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<string | null>(null);
  const action = useAction();
  const current = run ?? loaded.data;

  const step = (url: string, body: unknown = {}) => action.run(async () => setRun(await api.post<RunDetail>(url, body)));
  const notice = (n: Notice, what: string) => `/api/dunning/notices/${encodeURIComponent(n.id)}/${what}`;
  const send = () => action.run(async () => {
    const r = await api.post<{ sent: number; dropped: number; run: RunDetail }>(`${path}/send`);
    setRun(r.run);
    setOutcome(`${r.sent} letter${r.sent === 1 ? '' : 's'} sent${r.dropped ? `, ${r.dropped} dropped because paid since` : ''}.`);
  });
  const toggle = (nid: string) => setExpanded((e) => (e.includes(nid) ? e.filter((x) => x !== nid) : [...e, nid]));

  if (!current) return loaded.error ? <ErrorBox message={loaded.error} /> : <Loading what="dunning run" />;
  const open = current.status === 'proposed';
  const toSend = current.notices.filter((n) => n.status === 'proposed').length;

  return (
    <>
      <PageHeader
        title={<>Dunning run <span className="title-number" data-testid="run-number">{current.run_number}</span></>}
        subtitle={<>As of {current.as_of} · <StatusBadge status={current.status} testId="run-status" /> · proposed {formatDateTime(current.created_at)} by {current.created_by}</>}
        actions={
          <>
            <Link to="/dunning" className="button">All runs</Link>
            {open && (
              <>
                <button type="button" className="button button-danger-outline" disabled={action.busy} onClick={() => void step(`${path}/discard`)} data-testid="run-discard">Discard</button>
                <button type="button" className="button button-primary" disabled={action.busy || toSend === 0} onClick={() => void send()} data-testid="run-send">
                  {action.busy ? 'Working…' : `Send ${toSend} letter${toSend === 1 ? '' : 's'}`}
                </button>
              </>
            )}
          </>
        }
      />
      <ErrorBox message={action.error} onDismiss={action.clearError} />
      {outcome && <div className="alert alert-ok" role="status" data-testid="run-outcome">{outcome}</div>}
      <div className="kpis">
        {current.totals.map((t) => (
          <Fragment key={t.currency}>
            <div className="kpi"><div className="kpi-label">Total asked ({t.currency})</div><div className="kpi-value" data-testid="run-total"><Money amount={t.total} currency={t.currency} /></div></div>
            <div className="kpi"><div className="kpi-label">Fees</div><div className="kpi-value"><Money amount={t.fee} currency={t.currency} /></div></div>
            <div className="kpi"><div className="kpi-label">Default interest</div><div className="kpi-value"><Money amount={t.interest} currency={t.currency} /></div></div>
          </Fragment>
        ))}
      </div>
      <section className="card flush">
        <table className="table" data-testid="notices-table">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Letter</th>
              <th className="num">Items</th>
              <th className="num">Overdue</th>
              <th className="num">Fee</th>
              <th className="num">Interest</th>
              <th className="num">Total</th>
              <th>Status</th>
              <th className="actions" />
            </tr>
          </thead>
          <tbody>
            {current.notices.map((n) => {
              const dunned = n.items.filter((i) => i.level !== null && !i.excluded).length;
              const shown = expanded.includes(n.id);
              return (
                <Fragment key={n.id}>
                  <tr data-testid="notice-row" data-customer={n.customer.customer_number} data-status={n.status} data-level={n.level}>
                    <td>
                      <button type="button" className="link-button" onClick={() => toggle(n.id)} aria-expanded={shown} data-testid="notice-toggle">{shown ? '▾' : '▸'}</button>{' '}
                      <span className="muted">{n.customer.customer_number}</span> {n.customer.name}
                      <div className="small muted">{n.channel ?? (n.customer.email ? 'email' : 'by post')} · {n.lang}</div>
                    </td>
                    <td>
                      {open && n.status === 'proposed' ? (
                        <select value={n.level} disabled={action.busy} onChange={(e) => void step(notice(n, 'level'), { level: Number(e.target.value) })} data-testid="notice-level" aria-label="Level" style={{ width: 'auto' }}>
                          {n.levels.map((l) => <option key={l.level} value={l.level}>{l.level} · {l.name}</option>)}
                        </select>
                      ) : (
                        <>{n.level} · {n.level_name}{n.notice_number && <div className="small doc-number">{n.notice_number}</div>}</>
                      )}
                    </td>
                    <td className="num">{dunned}</td>
                    <td className="num"><Money amount={n.principal} currency={n.currency} /></td>
                    <td className="num" data-testid="notice-fee"><Money amount={n.fee} currency={n.currency} /></td>
                    <td className="num"><Money amount={n.interest} currency={n.currency} /></td>
                    <td className="num strong" data-testid="notice-total"><Money amount={n.total} currency={n.currency} /></td>
                    <td>
                      <StatusBadge status={n.status} />
                      {n.note && <div className="small muted" data-testid="notice-note">{n.note}</div>}
                    </td>
                    <td className="actions">
                      <PdfLink href={notice(n, 'letter.pdf')} filename={n.notice_number ?? `draft-${n.customer.customer_number}`} testId="notice-pdf">Letter</PdfLink>
                      {open && n.status === 'proposed' && (
                        <div><button type="button" className="link-button" onClick={() => setExcluding(n.id)} data-testid="notice-exclude">Leave out</button></div>
                      )}
                      {open && n.status === 'excluded' && (
                        <div><button type="button" className="link-button" disabled={action.busy} onClick={() => void step(notice(n, 'include'))} data-testid="notice-include">Include</button></div>
                      )}
                    </td>
                  </tr>
                  {excluding === n.id && (
                    <tr className="reason-row">
                      <td colSpan={9}>
                        <ReasonForm label={`Why ${n.customer.name} gets no letter now`} submitLabel="Leave out" busy={action.busy} testId="notice-exclude-form"
                          onCancel={() => setExcluding(null)}
                          onSubmit={(reason) => void step(notice(n, 'exclude'), { reason }).then((ok) => ok && setExcluding(null))} />
                      </td>
                    </tr>
                  )}
                  {shown && (
                    <tr>
                      <td colSpan={9}>
                        <table className="table table-compact inset-table" data-testid="notice-items">
                          <thead>
                            <tr><th>Document</th><th>Due</th><th className="num">Days</th><th>Level</th><th className="num">Open</th><th className="num">Interest</th><th /></tr>
                          </thead>
                          <tbody>
                            {n.items.map((i) => (
                              <tr key={i.ar_item_id} data-testid="notice-item" data-document={i.document_number} data-excluded={i.excluded}>
                                <td className={i.excluded ? 'muted' : undefined}>{itemLabel(i)}</td>
                                <td>{i.due_date}</td>
                                <td className="num">{i.days_overdue}</td>
                                <td>{i.level ?? <span className="muted">{i.held_reason ?? 'listed'}</span>}</td>
                                <td className="num"><Money amount={i.open_amount} currency={n.currency} /></td>
                                <td className="num">{i.interest_days ? <><Money amount={i.interest} currency={n.currency} /> <span className="muted small">{i.interest_days} d</span></> : '—'}</td>
                                <td className="actions">
                                  {open && n.status === 'proposed' && i.level !== null && (
                                    <button type="button" className="link-button" disabled={action.busy} data-testid={i.excluded ? 'item-include' : 'item-exclude'}
                                      onClick={() => void step(notice(n, `items/${encodeURIComponent(i.ar_item_id)}/${i.excluded ? 'include' : 'exclude'}`))}>
                                      {i.excluded ? 'Include' : 'Leave out'}
                                    </button>
                                  )}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
            {!current.notices.length && <tr><td colSpan={9} className="muted">No letters in this run.</td></tr>}
          </tbody>
        </table>
      </section>
    </>
  );
}
