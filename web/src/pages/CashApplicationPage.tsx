import { useMemo, useState } from 'react';
import { api, withQuery } from '../api.ts';
import { OPEN_STATUSES, type BankLine, type BankStatement, type LineStatus, type RunResult } from '../components/bankLines.ts';
import '../components/cashapp.css';
import { CashAppQueue } from '../components/CashAppQueue.tsx';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { LinePanel } from '../components/LinePanel.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatementsTable } from '../components/StatementsTable.tsx';
import { StatementUpload } from '../components/StatementUpload.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { List } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';

const TABS: { key: string; label: string; statuses: LineStatus[] | null }[] = [
  { key: 'review', label: 'To review', statuses: OPEN_STATUSES },
  { key: 'applied', label: 'Applied', statuses: ['auto', 'confirmed'] },
  { key: 'ignored', label: 'Not receipts', statuses: ['ignored'] },
  { key: 'all', label: 'All', statuses: null },
];

/** Suggestions first (surest on top), then what was never matched, then what matching found nothing for. */
const REVIEW_ORDER: Record<string, number> = { suggested: 0, new: 1, unmatched: 2 };
function reviewOrder(a: BankLine, b: BankLine): number {
  return (REVIEW_ORDER[a.status] ?? 3) - (REVIEW_ORDER[b.status] ?? 3) || (b.confidence ?? 0) - (a.confidence ?? 0) || a.booking_date.localeCompare(b.booking_date);
}

/**
 * Cash application: bank statements in, a matching run, and the workbench where a person decides on what
 * matching was not sure enough to apply alone.
 */
export function CashApplicationPage({ route, session }: { route: Route; session: Session }) {
  const asked = route.query.get('tab') ?? 'review';
  const tab = TABS.find((t) => t.key === asked) ?? TABS[0];
  const statementId = route.query.get('statement') ?? '';
  const selected = route.query.get('line');
  const linkTo = (p: { tab?: string; statement?: string; line?: string | null }) =>
    withQuery('/cash-application', { tab: (p.tab ?? tab.key) === 'review' ? undefined : p.tab ?? tab.key, statement: p.statement ?? statementId, line: p.line === undefined ? selected : p.line });

  const statements = useApi<List<BankStatement>>('/api/cashapp/statements');
  const review = useApi<List<BankLine>>(withQuery('/api/cashapp/lines', { status: OPEN_STATUSES.join(','), statement_id: statementId }));
  const other = useApi<List<BankLine>>(tab.key === 'review' ? null : withQuery('/api/cashapp/lines', { status: tab.statuses?.join(','), statement_id: statementId }));
  const shown = tab.key === 'review' ? review : other;
  const lines = useMemo(() => {
    const items = shown.data?.items ?? [];
    return tab.key === 'review' ? [...items].sort(reviewOrder) : items;
  }, [shown.data, tab.key]);

  const [result, setResult] = useState<RunResult | null>(null);
  const run = useAction();
  const canWrite = hasRole(session, 'billing', 'collector');

  if (!canWrite) {
    return (
      <>
        <PageHeader title="Cash application" />
        <Notice>Cash application needs the billing or collector role.</Notice>
      </>
    );
  }

  const refresh = async () => {
    await Promise.all([statements.reload(), review.reload(), tab.key === 'review' ? Promise.resolve() : other.reload()]);
  };

  const runMatching = async () => {
    setResult(null);
    await run.run(async () => setResult(await api.post<RunResult>('/api/cashapp/run', {})));
    await refresh();
  };

  // A decision takes the line out of the queue: the next one is shown, so a person works down the list.
  const changed = async (done: boolean) => {
    if (done && tab.key === 'review' && selected) {
      const at = lines.findIndex((l) => l.id === selected);
      const next = lines[at + 1] ?? lines[at - 1];
      navigate(linkTo({ line: next && next.id !== selected ? next.id : null }));
    }
    await refresh();
  };

  const waiting = review.data?.items ?? [];
  const count = (status: LineStatus) => waiting.filter((l) => l.status === status).length;
  const statement = statements.data?.items.find((s) => s.id === statementId);

  return (
    <>
      <PageHeader
        title="Cash application"
        subtitle="Bank receipts matched to open items. Sure matches are applied and posted; the rest waits here for a person, with the evidence behind each suggestion."
        actions={
          <>
            <button type="button" className="button" onClick={() => void refresh()} disabled={review.loading}>
              Refresh
            </button>
            <button type="button" className="button button-primary" onClick={() => void runMatching()} disabled={run.busy} data-testid="run-matching">
              {run.busy ? 'Matching…' : 'Run matching'}
            </button>
          </>
        }
      />
      <ErrorBox message={run.error} onDismiss={run.clearError} />
      {result && (
        <div className="alert alert-ok run-result" data-testid="run-result">
          <span>
            <strong>Matching done:</strong> {result.lines} receipt{result.lines === 1 ? '' : 's'} looked at —{' '}
            <strong data-testid="run-auto">{result.auto}</strong> applied automatically, <strong data-testid="run-suggested">{result.suggested}</strong> suggested for review,{' '}
            <strong data-testid="run-unmatched">{result.unmatched}</strong> without a match
            {result.booked > 0 && <>; {result.booked} bank fee or interest booking{result.booked === 1 ? '' : 's'} posted by rule</>}.
          </span>
          <button type="button" className="link-button" onClick={() => setResult(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}

      <div className="grid grid-main-side">
        <section className="card flush">
          <h2 className="card-title">
            Statements
            {statement && (
              <a className="card-title-link" href={`#${linkTo({ statement: '', line: null })}`} data-testid="statement-filter-clear">
                showing {statement.statement_ref} only — show all
              </a>
            )}
          </h2>
          <ErrorBox message={statements.error} />
          {statements.data ? <StatementsTable statements={statements.data.items} selected={statementId} filterTo={(id) => linkTo({ statement: id, line: null })} /> : statements.loading && <Loading what="statements" />}
        </section>
        <aside>
          <StatementUpload onImported={() => void refresh()} />
        </aside>
      </div>

      {review.data && (
        <div className="kpis compact" data-testid="cashapp-kpis">
          <div className="kpi">
            <div className="kpi-label">Suggestions to confirm</div>
            <div className="kpi-value" data-testid="kpi-suggested">{count('suggested')}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Without a match</div>
            <div className="kpi-value" data-testid="kpi-unmatched">{count('unmatched')}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Not matched yet</div>
            <div className="kpi-value" data-testid="kpi-new">{count('new')}</div>
          </div>
        </div>
      )}

      <Tabs
        testId="cashapp-tabs"
        active={tab.key}
        tabs={TABS.map((t) => ({ key: t.key, label: t.label, to: linkTo({ tab: t.key, line: null }), count: t.key === 'review' && review.data ? waiting.length : undefined }))}
      />
      <div className="workbench">
        <section className="card flush workbench-queue">
          <ErrorBox message={shown.error} />
          {shown.data ? (
            <CashAppQueue
              lines={lines}
              selected={selected}
              linkTo={(id) => linkTo({ line: id })}
              empty={tab.key === 'review' ? (count('new') === 0 && statements.data?.items.length ? 'Nothing waits for a person.' : 'Import a statement and run matching.') : 'No lines here.'}
            />
          ) : (
            shown.loading && <Loading what="bank lines" />
          )}
        </section>
        <div className="workbench-panel">
          {selected ? (
            <LinePanel key={selected} id={selected} session={session} onChanged={(done) => void changed(done)} />
          ) : (
            <section className="card line-panel-empty" data-testid="line-panel-empty">
              <p className="muted">Choose a line on the left to see the payer, the remittance and what matching proposes.</p>
            </section>
          )}
        </div>
      </div>
    </>
  );
}
