import { navigate } from '../router.tsx';
import { remittanceLines, signedAmount, type BankLine } from './bankLines.ts';
import { Confidence } from './Confidence.tsx';
import { Money } from './Money.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** The workbench queue: one row per bank line, what matching thinks of it and how sure it is. */
export function CashAppQueue({ lines, selected, linkTo, empty }: { lines: BankLine[]; selected: string | null; linkTo: (lineId: string) => string; empty: string }) {
  return (
    <table className="table table-compact table-hover queue" data-testid="cashapp-queue">
      <thead>
        <tr>
          <th>Payer and text</th>
          <th className="num">Amount</th>
          <th>Match</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => {
          const text = remittanceLines(l)[0] ?? l.end_to_end_id ?? '';
          const proposed = [...new Set(l.matches.filter((m) => m.status === l.status).map((m) => m.document_number))].join(', ');
          return (
            <tr
              key={l.id}
              className={l.id === selected ? 'clickable row-selected' : 'clickable'}
              onClick={() => navigate(linkTo(l.id))}
              aria-selected={l.id === selected}
              data-testid="queue-line"
              data-ref={l.line_ref}
              data-status={l.status}
            >
              <td className="queue-payer">
                <a href={`#${linkTo(l.id)}`} onClick={(e) => e.stopPropagation()} className="queue-name">
                  {l.counterparty_name || text || l.line_ref}
                </a>
                <div className="queue-text" title={l.remittance}>
                  {l.booking_date}
                  {l.counterparty_name && text && <> · {text}</>}
                </div>
              </td>
              <td className="num">
                <Money amount={signedAmount(l)} currency={l.currency} />
              </td>
              <td className="queue-match">
                <div className="queue-match-head">
                  <StatusBadge status={l.status} />
                  {l.confidence !== null && <Confidence value={l.confidence} />}
                </div>
                {(l.rule || proposed) && (
                  <div className="queue-rule small">
                    {l.rule}
                    {proposed && <span className="doc-number"> → {proposed}</span>}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
        {lines.length === 0 && (
          <tr>
            <td colSpan={3} className="muted" data-testid="queue-empty">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
