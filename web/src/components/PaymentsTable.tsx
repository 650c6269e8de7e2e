import { formatDate, humanize } from '../format.ts';
import { isZero } from '../money.ts';
import { navigate } from '../router.tsx';
import type { Payment } from '../types.ts';
import { Money } from './Money.tsx';

/** Payments; a row opens the payment. `customers` maps ids to names when the list spans customers. */
export function PaymentsTable({ payments, customers, testId }: { payments: Payment[]; customers?: Map<string, string>; testId?: string }) {
  return (
    <table className="table table-hover" data-testid={testId}>
      <thead>
        <tr>
          <th>Number</th>
          {customers && <th>Customer</th>}
          <th>Received</th>
          <th>Method</th>
          <th>Reference</th>
          <th className="num">Amount</th>
          <th className="num">Unapplied</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id} className="clickable" onClick={() => navigate(`/payments/${p.id}`)} data-testid="payment-row">
            <td>
              <a className="doc-number" href={`#/payments/${p.id}`} onClick={(e) => e.stopPropagation()}>
                {p.payment_number}
              </a>
            </td>
            {customers && (
              <td>
                <a href={`#/customers/${p.customer_id}`} onClick={(e) => e.stopPropagation()}>
                  {customers.get(p.customer_id) ?? 'customer'}
                </a>
              </td>
            )}
            <td>{formatDate(p.received_on)}</td>
            <td>{p.method ? humanize(p.method) : '—'}</td>
            <td>{p.reference || <span className="muted">—</span>}</td>
            <td className="num">
              <Money amount={p.amount} currency={p.currency} />
            </td>
            <td className={isZero(p.unapplied) ? 'num muted' : 'num strong'}>
              <Money amount={p.unapplied} currency={p.currency} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
