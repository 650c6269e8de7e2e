import { formatDateTime } from '../format.ts';
import { statementAccount, statementPeriod, type BankStatement } from './bankLines.ts';

/** Imported statements, newest first: how many of their lines still wait, a filter for the queue, the reconciliation. */
export function StatementsTable({ statements, selected, filterTo }: { statements: BankStatement[]; selected: string; filterTo: (statementId: string) => string }) {
  if (!statements.length) return <p className="muted pad">No statement imported yet.</p>;
  return (
    <table className="table table-compact" data-testid="statements-table">
      <thead>
        <tr>
          <th>Statement</th>
          <th>Account</th>
          <th>Period</th>
          <th className="num">Lines</th>
          <th className="num">Open</th>
          <th>Imported</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {statements.map((s) => (
          <tr key={s.id} className={s.id === selected ? 'row-selected' : undefined} data-testid="statement-row" data-ref={s.statement_ref}>
            <td>
              <a className="doc-number" href={`#${filterTo(s.id === selected ? '' : s.id)}`} title={s.id === selected ? 'show every statement’s lines' : 'show only this statement’s lines'}>
                {s.statement_ref}
              </a>
              <span className="tag">{s.format}</span>
            </td>
            <td className="mono nowrap">
              {statementAccount(s)} <span className="muted">{s.currency}</span>
            </td>
            <td className="nowrap">{statementPeriod(s)}</td>
            <td className="num">{s.line_count}</td>
            <td className="num" data-testid="statement-open-lines">
              {s.open_lines > 0 ? <span className="badge badge-open">{s.open_lines}</span> : <span className="muted">0</span>}
            </td>
            <td className="nowrap small" title={s.file_name}>
              {formatDateTime(s.imported_at)}
            </td>
            <td className="actions">
              <a className="button button-small" href={`#/reconciliation/${s.id}`} data-testid="statement-reconcile">
                Reconcile →
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
