import { ErrorBox } from './Feedback.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { nextSequence, type Mandate } from '../directDebit.ts';
import { Link } from '../router.tsx';
import { useApi } from '../useApi.ts';

/** How the customer pays, and its SEPA mandates (the active one first), on the customer page. */
export function DirectDebitPanel({ customerId }: { customerId: string }) {
  const dd = useApi<{ payment_method: string; mandates: Mandate[] }>(`/api/direct-debit/customers/${customerId}`);
  if (dd.error) return <ErrorBox message={dd.error} />;
  if (!dd.data) return null;
  const mandates = [...dd.data.mandates].sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
  return (
    <section className="card" data-testid="customer-direct-debit" data-method={dd.data.payment_method}>
      <h2>Payment method <Link className="card-title-link" to="/direct-debits">direct debits →</Link></h2>
      <p data-testid="customer-payment-method">{dd.data.payment_method === 'direct_debit' ? 'SEPA direct debit' : 'Bank transfer'}</p>
      {mandates.length === 0 && <p className="muted">No SEPA mandate on file.</p>}
      {mandates.map((m) => (
        <dl className="details" key={m.id} data-testid="customer-mandate" data-reference={m.reference}>
          <dt>Mandate</dt>
          <dd>{m.reference} <StatusBadge status={m.status} /></dd>
          <dt>Account</dt>
          <dd>{m.iban}{m.bic ? ` · ${m.bic}` : ''}</dd>
          <dt>Scheme</dt>
          <dd>{m.scheme}, {m.kind === 'one_off' ? 'one-off' : 'recurring'}; signed {m.signed_on}</dd>
          {m.status === 'active' && <><dt>Next debit</dt><dd>{nextSequence(m)}{m.last_collected_on ? `, last ${m.last_collected_on}` : ''}</dd></>}
          {m.attention && <><dt>Attention</dt><dd className="text-bad">{m.attention}</dd></>}
        </dl>
      ))}
    </section>
  );
}
