import { useState } from 'react';
import { withQuery } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate, formatDateTime, humanize } from '../format.ts';
import { formatMoney, isNegative, isZero } from '../money.ts';
import type { JournalEntry, List, TrialBalance, TrialBalanceRow } from '../types.ts';
import { useApi } from '../useApi.ts';

const PAGE = 50;

export function LedgerPage() {
  const [asOf, setAsOf] = useState('');
  const tb = useApi<TrialBalance>(withQuery('/api/ledger/trial-balance', { as_of: asOf }));
  const journal = useApi<List<JournalEntry>>('/api/ledger/journal');

  return (
    <>
      <PageHeader
        title="Ledger"
        actions={
          <>
            <label className="field inline">
              <span>As of</span>
              <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} data-testid="ledger-as-of" />
            </label>
            {asOf && (
              <button type="button" className="button" onClick={() => setAsOf('')}>
                Today
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                void tb.reload();
                void journal.reload();
              }}
              disabled={tb.loading || journal.loading}
            >
              Refresh
            </button>
          </>
        }
      />
      <ErrorBox message={tb.error} />
      {!tb.data && tb.loading && <Loading what="trial balance" />}
      {tb.data && <TrialBalanceView tb={tb.data} />}
      <ErrorBox message={journal.error} />
      {journal.data && <Journal entries={journal.data.items} accountNames={new Map((tb.data?.rows ?? []).map((r) => [r.account, r.name]))} />}
    </>
  );
}

function TrialBalanceView({ tb }: { tb: TrialBalance }) {
  const currencies = [...new Set([...tb.totals.map((t) => t.currency), ...tb.rows.map((r) => r.currency)])].sort();
  const unbalanced = tb.totals.filter((t) => !t.balanced).map((t) => t.currency);
  const arBroken = tb.ar_check.filter((a) => !a.equal).map((a) => a.currency);
  const balanced = unbalanced.length === 0;

  return (
    <>
      <div className="status-strip">
        <div className={balanced ? 'status-pill ok' : 'status-pill bad'} data-testid="trial-balance-status" data-balanced={balanced}>
          {balanced ? 'Balanced ✓' : `Out of balance ✗ (${unbalanced.join(', ')})`}
        </div>
        <div className={arBroken.length === 0 ? 'status-pill ok' : 'status-pill bad'} data-testid="ar-check-status">
          {arBroken.length === 0 ? 'AR control = open items ✓' : `AR control ≠ open items ✗ (${arBroken.join(', ')})`}
        </div>
        <span className="muted">Trial balance as of {tb.as_of ? formatDate(tb.as_of) : 'now'}</span>
      </div>

      {currencies.length === 0 && <p className="muted">Nothing has been posted yet.</p>}

      <div className="grid grid-2">
        {currencies.map((cur) => {
          const rows = tb.rows.filter((r) => r.currency === cur).sort((a, b) => a.account.localeCompare(b.account));
          const total = tb.totals.find((t) => t.currency === cur);
          return (
            <section className="card flush" key={cur}>
              <h2 className="card-title">
                Trial balance · {cur}{' '}
                {total && <span className={total.balanced ? 'badge badge-ok' : 'badge badge-bad'}>{total.balanced ? 'Balanced ✓' : 'Out of balance ✗'}</span>}
              </h2>
              <table className="table table-compact" data-testid={`trial-balance-${cur}`}>
                <thead>
                  <tr>
                    <th>Account</th>
                    <th>Name</th>
                    <th>Type</th>
                    <th className="num">Debit</th>
                    <th className="num">Credit</th>
                    <th className="num">Balance</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <Row key={r.account} r={r} />
                  ))}
                </tbody>
                {total && (
                  <tfoot>
                    <tr className="total-row">
                      <td colSpan={3}>Total</td>
                      <td className="num">
                        <Money amount={total.debit} currency={cur} />
                      </td>
                      <td className="num">
                        <Money amount={total.credit} currency={cur} />
                      </td>
                      <td className={total.balanced ? 'num text-ok' : 'num text-bad'}>{total.balanced ? '✓' : '✗'}</td>
                    </tr>
                  </tfoot>
                )}
              </table>
            </section>
          );
        })}
      </div>

      {tb.ar_check.length > 0 && (
        <section className="card flush">
          <h2 className="card-title">Receivables check (AR control account = sum of open items)</h2>
          <table className="table table-compact" data-testid="ar-check">
            <thead>
              <tr>
                <th>Currency</th>
                <th className="num">AR control account</th>
                <th className="num">Open items</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {tb.ar_check.map((a) => (
                <tr key={a.currency}>
                  <td>{a.currency}</td>
                  <td className="num">
                    <Money amount={a.control} currency={a.currency} />
                  </td>
                  <td className="num">
                    <Money amount={a.open_items} currency={a.currency} />
                  </td>
                  <td className={a.equal ? 'text-ok strong' : 'text-bad strong'}>{a.equal ? 'Equal ✓' : 'Different ✗'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function Row({ r }: { r: TrialBalanceRow }) {
  return (
    <tr>
      <td className="mono">{r.account}</td>
      <td>{r.name}</td>
      <td className="muted">{humanize(r.type)}</td>
      <td className="num">{isZero(r.debit) ? <span className="muted">—</span> : <Money amount={r.debit} currency={r.currency} />}</td>
      <td className="num">{isZero(r.credit) ? <span className="muted">—</span> : <Money amount={r.credit} currency={r.currency} />}</td>
      <td className="num strong">
        <DrCr amount={r.balance} currency={r.currency} />
      </td>
    </tr>
  );
}

/** A balance as accountants read it: positive = debit (Dr), negative = credit (Cr), no minus signs. */
function DrCr({ amount, currency }: { amount: string; currency: string }) {
  if (isZero(amount)) return <Money amount={amount.replace('-', '')} currency={currency} />;
  const credit = isNegative(amount);
  return (
    <span className="money" title={`${amount} ${currency}`}>
      {formatMoney(credit ? amount.replace('-', '') : amount, currency)} <span className={credit ? 'drcr cr' : 'drcr dr'}>{credit ? 'Cr' : 'Dr'}</span>
    </span>
  );
}

function Journal({ entries, accountNames }: { entries: JournalEntry[]; accountNames: Map<string, string> }) {
  const [shown, setShown] = useState(PAGE);
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const matching = f
    ? entries.filter((e) => e.description.toLowerCase().includes(f) || e.source_key.toLowerCase().includes(f) || e.lines.some((l) => l.account.toLowerCase().includes(f) || (accountNames.get(l.account) ?? '').toLowerCase().includes(f)))
    : entries;

  return (
    <section className="card flush">
      <h2 className="card-title">
        Journal <span className="muted small">{entries.length} entries</span>
      </h2>
      <div className="pad">
        <input type="search" className="search" placeholder="Filter by description, source or account" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <table className="table table-compact journal" data-testid="journal">
        <thead>
          <tr>
            <th>Date</th>
            <th>Description</th>
            <th>Account</th>
            <th className="num">Debit</th>
            <th className="num">Credit</th>
          </tr>
        </thead>
        {matching.slice(0, shown).map((e) => (
          <tbody key={e.id} className="journal-entry">
            <tr className="journal-head">
              <td className="nowrap">{formatDate(e.entry_date)}</td>
              <td colSpan={4}>
                <strong>{e.description}</strong>{' '}
                <span className="muted small">
                  {e.source_key} · posted {formatDateTime(e.posted_at)}
                  {e.posted_by && ` by ${e.posted_by}`}
                </span>
              </td>
            </tr>
            {e.lines.map((l, i) => (
              <tr key={i} className="journal-line">
                <td />
                <td />
                <td className={isZero(l.credit) ? undefined : 'indent'}>
                  <span className="mono">{l.account}</span> <span className="muted">{accountNames.get(l.account) ?? ''}</span>
                </td>
                <td className="num">{isZero(l.debit) ? '' : <Money amount={l.debit} currency={e.currency} />}</td>
                <td className="num">{isZero(l.credit) ? '' : <Money amount={l.credit} currency={e.currency} />}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {matching.length > shown && (
        <div className="pad">
          <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, matching.length - shown)} more of {matching.length - shown}
          </button>
        </div>
      )}
      {matching.length === 0 && <p className="muted pad">No journal entries{f ? ' match' : ''}.</p>}
    </section>
  );
}
