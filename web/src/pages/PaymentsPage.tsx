import { useMemo, useState } from 'react';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PaymentForm } from '../components/PaymentForm.tsx';
import { PaymentsTable } from '../components/PaymentsTable.tsx';
import { navigate } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { Customer, List, Payment } from '../types.ts';
import { useApi } from '../useApi.ts';

export function PaymentsPage({ session }: { session: Session }) {
  const { data, error, loading, reload } = useApi<List<Payment>>('/api/payments');
  const customers = useApi<List<Customer>>('/api/customers');
  const [recording, setRecording] = useState(false);
  const names = useMemo(() => new Map((customers.data?.items ?? []).map((c) => [c.id, `${c.customer_number} ${c.name}`])), [customers.data]);
  const canRecord = hasRole(session, 'collector', 'billing');

  return (
    <>
      <PageHeader
        title="Payments"
        actions={
          <>
            <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
              Refresh
            </button>
            {canRecord && !recording && (
              <button type="button" className="button button-primary" onClick={() => setRecording(true)} data-testid="new-payment">
                Record payment
              </button>
            )}
          </>
        }
      />
      {recording && customers.data && (
        <PaymentForm
          title="Record a payment on account"
          customers={customers.data.items}
          onDone={(p) => {
            setRecording(false);
            if (p) navigate(`/payments/${p.id}`);
          }}
        />
      )}
      <ErrorBox message={error ?? customers.error} />
      {!data && loading && <Loading what="payments" />}
      {data && (
        <section className="card flush">
          {data.items.length === 0 ? <p className="muted pad">No payments yet.</p> : <PaymentsTable payments={data.items} customers={names} testId="payments-table" />}
        </section>
      )}
    </>
  );
}
