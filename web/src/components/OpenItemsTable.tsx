import { formatDate, humanize, today } from '../format.ts';
import type { OpenItem } from '../types.ts';
import { Money } from './Money.tsx';

/** Receivable items; invoices link to the invoice. Overdue due dates in red. */
export function OpenItemsTable({ items, testId }: { items: OpenItem[]; testId?: string }) {
  const now = today();
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Document</th>
          <th>Kind</th>
          <th>Issued</th>
          <th>Due</th>
          <th className="num">Amount</th>
          <th className="num">Open</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => {
          const overdue = !i.settled_at && !!i.due_date && i.due_date < now;
          return (
            <tr key={i.id} className={overdue ? 'row-overdue' : undefined}>
              <td>
                {i.kind === 'invoice' ? (
                  <a className="doc-number" href={`#/invoices/${i.source_id}`}>
                    {i.document_number}
                  </a>
                ) : (
                  <span className="doc-number">{i.document_number}</span>
                )}
              </td>
              <td>{humanize(i.kind)}</td>
              <td>{formatDate(i.issue_date)}</td>
              <td className={overdue ? 'text-bad strong' : undefined}>{formatDate(i.due_date)}</td>
              <td className="num">
                <Money amount={i.amount} currency={i.currency} />
              </td>
              <td className="num">
                <Money amount={i.open_amount} currency={i.currency} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
