import { useEffect } from 'react';
import { BarChart, type Bar } from '../components/BarChart.tsx';
import { isApplied, remittanceLines, signedAmount, statementAccount, statementPeriod, type BankLine, type BankStatement, type Reconciliation } from '../components/bankLines.ts';
import '../components/cashapp.css';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatMoney, fromMinor, groupDigits, isZero, minorOf } from '../money.ts';
import { navigate } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { List } from '../types.ts';
import { useApi } from '../useApi.ts';

/**
 * A bank statement against the bank account in the ledger over the statement's dates: what both know, what only
 * one side knows, and whether those one-sided items explain the difference in movement to the cent.
 */
export function ReconciliationPage({ id, session }: { id: string | undefined; session: Session }) {
  const statements = useApi<List<BankStatement>>('/api/cashapp/statements');
  const rec = useApi<Reconciliation>(id ? `/api/cashapp/statements/${encodeURIComponent(id)}/reconciliation` : null);
  const newest = statements.data?.items[0]?.id;

  // Without a statement named, the newest one is the one a person wants.
  useEffect(() => {
    if (!id && newest) navigate(`/reconciliation/${newest}`);
  }, [id, newest]);

  if (!hasRole(session, 'billing', 'collector')) {
    return (
      <>
        <PageHeader title="Bank reconciliation" />
        <Notice>Bank reconciliation needs the billing or collector role.</Notice>
      </>
    );
  }

  const listed = statements.data?.items.find((s) => s.id === id);
  const r = rec.data;
  return (
    <>
      <PageHeader
        title={<>Bank reconciliation {r && <span className="title-number mono">{r.statement.statement_ref}</span>}</>}
        subtitle={
          <>
            <a href="#/cash-application">← Cash application</a>
            {r && (
              <>
                {' '}· account <span className="mono">{listed ? statementAccount(listed) : r.statement.account}</span> · {statementPeriod(r.statement)} · {r.statement.currency}
                {listed && <> · {listed.format}, {listed.file_name}</>}
              </>
            )}
          </>
        }
        actions={
          <>
            {statements.data && statements.data.items.length > 0 && (
              <label className="field">
                <span>Statement</span>
                <select value={id ?? ''} onChange={(e) => navigate(`/reconciliation/${e.target.value}`)} data-testid="reconciliation-statement">
                  {!id && <option value="">Choose…</option>}
                  {statements.data.items.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.statement_ref} · {statementPeriod(s)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" className="button" onClick={() => void rec.reload()} disabled={!id || rec.loading}>
              Refresh
            </button>
          </>
        }
      />
      <ErrorBox message={statements.error ?? rec.error} />
      {statements.data && statements.data.items.length === 0 && <Notice>No statement imported yet: import one on the Cash application page.</Notice>}
      {!r && rec.loading && <Loading what="reconciliation" />}
      {r && <ReconciliationView r={r} />}
    </>
  );
}

function ReconciliationView({ r }: { r: Reconciliation }) {
  const cur = r.statement.currency;
  const onStatement = r.unmatched_statement.reduce((t, l) => t + minorOf(signedAmount(l), cur), 0);
  const inLedger = r.unmatched_ledger.reduce((t, e) => t + minorOf(e.amount, cur), 0);
  const reconciled = r.unexplained !== null && isZero(r.unexplained);
  const money = (minor: number) => fromMinor(minor, cur);
  const bar = (key: string, label: string, amount: string | null, color: string): Bar => ({
    key, label, value: minorOf(amount, cur), valueLabel: amount === null ? '—' : groupDigits(amount), color,
  });
  const bars = [
    bar('statement', 'Statement', r.statement_movement, '#0891b2'),
    bar('ledger', 'Ledger', r.ledger_movement, 'var(--accent)'),
    bar('difference', 'Difference', r.difference, 'var(--border-strong)'),
    bar('explained', 'Explained', r.explained, '#d4a72c'),
    bar('unexplained', 'Unexplained', r.unexplained, reconciled ? 'var(--ok)' : 'var(--bad)'),
  ];

  return (
    <>
      <div className="status-strip">
        {r.unexplained === null ? (
          <span className="status-pill bad" data-testid="reconciliation-state" data-state="no-balances">
            The statement has no opening and closing balance: the difference cannot be proven
          </span>
        ) : reconciled ? (
          <span className="status-pill ok" data-testid="reconciliation-state" data-state="reconciled">
            ✓ Reconciled — every difference is explained
          </span>
        ) : (
          <span className="status-pill bad" data-testid="reconciliation-state" data-state="unexplained">
            <Money amount={r.unexplained} currency={cur} /> unexplained
          </span>
        )}
      </div>

      <div className="kpis">
        <Kpi label="Statement movement" amount={r.statement_movement} currency={cur} testId="rec-statement-movement" />
        <Kpi label="Ledger movement (bank)" amount={r.ledger_movement} currency={cur} testId="rec-ledger-movement" />
        <Kpi label="Difference" amount={r.difference} currency={cur} testId="rec-difference" />
        <Kpi label="Explained" amount={r.explained} currency={cur} testId="rec-explained" />
        <Kpi label="Unexplained" amount={r.unexplained} currency={cur} testId="rec-unexplained" tone={r.unexplained === null ? undefined : reconciled ? 'ok' : 'bad'} />
      </div>

      <section className="card rec-bridge" data-testid="reconciliation-bridge">
        <h2>From the ledger to the statement</h2>
        <div className="rec-bridge-body">
          <BarChart bars={bars} height={190} ariaLabel="statement and ledger movement, their difference, what explains it and what is unexplained" testId="reconciliation-chart" />
          <table className="table table-compact rec-equation">
            <tbody>
              <tr>
                <td>Ledger movement, account 1000 Bank</td>
                <td className="num"><Money amount={r.ledger_movement} currency={cur} /></td>
              </tr>
              <tr>
                <td>+ on the statement only ({r.unmatched_statement.length})</td>
                <td className="num"><Money amount={money(onStatement)} currency={cur} /></td>
              </tr>
              <tr>
                <td>− in the ledger only ({r.unmatched_ledger.length})</td>
                <td className="num"><Money amount={money(inLedger)} currency={cur} /></td>
              </tr>
              <tr>
                <td>+ unexplained</td>
                <td className={reconciled ? 'num text-ok strong' : 'num text-bad strong'}>{r.unexplained === null ? '—' : <Money amount={r.unexplained} currency={cur} />}</td>
              </tr>
              <tr className="total-row">
                <td>= Statement movement</td>
                <td className="num"><Money amount={r.statement_movement} currency={cur} /></td>
              </tr>
              <tr>
                <td className="muted small" colSpan={2}>
                  {r.statement.opening_balance === null || r.statement.closing_balance === null
                    ? 'The statement carries no balances.'
                    : <>closing balance {formatMoney(r.statement.closing_balance, cur)} − opening balance {formatMoney(r.statement.opening_balance, cur)}</>}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <div className="rec-columns">
        <section className="card flush" data-testid="rec-matched">
          <h2 className="card-title">
            Matched <span className="badge badge-ok">{r.matched.length}</span>
          </h2>
          <p className="pad muted small">On the statement and booked in the ledger.</p>
          <LinesTable lines={r.matched} empty="Nothing booked from this statement yet." />
        </section>
        <section className="card flush" data-testid="rec-statement-only">
          <h2 className="card-title">
            Only on the statement <span className="badge badge-open">{r.unmatched_statement.length}</span>
          </h2>
          <p className="pad muted small">The bank booked it; the ledger does not know it yet (receipts waiting in the workbench, payments nobody booked).</p>
          <LinesTable lines={r.unmatched_statement} empty="Nothing: every line is booked." />
        </section>
        <section className="card flush" data-testid="rec-ledger-only">
          <h2 className="card-title">
            Only in the ledger <span className="badge badge-open">{r.unmatched_ledger.length}</span>
          </h2>
          <p className="pad muted small">Bank postings of the period no line of this statement explains (entered by hand, another statement’s).</p>
          <table className="table table-compact">
            <tbody>
              {r.unmatched_ledger.map((e) => (
                <tr key={e.source_key} data-testid="rec-ledger-entry">
                  <td className="nowrap small">{e.entry_date}</td>
                  <td>
                    {e.description}
                    <div className="muted small mono">{e.source_key}</div>
                  </td>
                  <td className="num"><Money amount={e.amount} currency={cur} /></td>
                </tr>
              ))}
              {r.unmatched_ledger.length === 0 && (
                <tr>
                  <td className="muted">Nothing: every bank posting of the period comes from this statement.</td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

function Kpi({ label, amount, currency, testId, tone }: { label: string; amount: string | null; currency: string; testId?: string; tone?: 'ok' | 'bad' }) {
  return (
    <div className={tone ? `kpi kpi-${tone}` : 'kpi'}>
      <div className="kpi-label">{label}</div>
      {/* Plain figures: a negative difference is a direction here, not a fault. */}
      <div className="kpi-value money" data-testid={testId} data-amount={amount ?? ''}>
        {formatMoney(amount, currency)}
      </div>
    </div>
  );
}

function LinesTable({ lines, empty }: { lines: BankLine[]; empty: string }) {
  return (
    <table className="table table-compact">
      <tbody>
        {lines.map((l) => (
          <tr key={l.id} data-testid="rec-line" data-ref={l.line_ref} data-status={l.status}>
            <td className="nowrap small">{l.booking_date}</td>
            <td>
              <a href={`#/cash-application?tab=all&statement=${l.statement_id}&line=${l.id}`}>{l.counterparty_name || remittanceLines(l)[0] || l.line_ref}</a>
              <div className="small muted">
                <StatusBadge status={l.status} /> {isApplied(l) && l.rule}
              </div>
            </td>
            <td className="num"><Money amount={signedAmount(l)} currency={l.currency} /></td>
          </tr>
        ))}
        {lines.length === 0 && (
          <tr>
            <td className="muted">{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
