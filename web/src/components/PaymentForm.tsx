import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { today } from '../format.ts';
import { fromMinor, toMinor } from '../money.ts';
import type { Customer, Payment } from '../types.ts';
import { useAction } from '../useAction.ts';
import { ErrorBox } from './Feedback.tsx';

export const PAYMENT_METHODS = ['bank_transfer', 'card', 'wallet', 'direct_debit', 'cheque', 'cash'];

interface Props {
  /** Either a fixed customer and currency (paying an invoice)… */
  customerId?: string;
  currency?: string;
  /** …or a list to choose from (payment on account). */
  customers?: Customer[];
  /** Applies the payment to this invoice, up to its open amount; the rest stays unapplied. */
  applyTo?: { invoiceId: string; invoiceNumber: string; open: string };
  initialAmount?: string;
  title: string;
  onDone: (payment: Payment | null) => void;
}

export function PaymentForm({ customerId, currency, customers, applyTo, initialAmount = '', title, onDone }: Props) {
  const [chosen, setChosen] = useState(customerId ?? '');
  const [amount, setAmount] = useState(initialAmount);
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState(applyTo?.invoiceNumber ?? '');
  const [receivedOn, setReceivedOn] = useState(today());
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  const customer = customers?.find((c) => c.id === chosen);
  const cur = currency ?? customer?.currency ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return setInvalid('Choose a customer.');
    const minor = toMinor(amount, cur);
    if (minor === null || minor <= 0) return setInvalid(`The amount must be a positive amount in ${cur}.`);
    setInvalid(null);
    const body: Record<string, unknown> = {
      customer_id: chosen,
      amount: fromMinor(minor, cur),
      currency: cur,
      method,
      received_on: receivedOn,
      ...(reference.trim() && { reference: reference.trim() }),
    };
    if (applyTo) {
      const open = toMinor(applyTo.open, cur) ?? 0;
      const apply = Math.min(minor, open);
      if (apply > 0) body.apply = [{ invoice_id: applyTo.invoiceId, amount: fromMinor(apply, cur) }];
    }
    await save.run(async () => onDone(await api.post<Payment>('/api/payments', body)));
  };

  const overpay = applyTo && (toMinor(amount, cur) ?? 0) > (toMinor(applyTo.open, cur) ?? 0);

  return (
    <section className="card">
      <h2>{title}</h2>
      <form className="inline-form wrap" onSubmit={submit} data-testid="payment-form">
        {customers && (
          <label className="field grow">
            <span>Customer</span>
            <select value={chosen} onChange={(e) => setChosen(e.target.value)} required data-testid="payment-customer">
              <option value="">Choose a customer</option>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.customer_number} · {c.name} ({c.currency})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Amount{cur && ` (${cur})`}</span>
          <input autoFocus value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required data-testid="payment-amount" />
        </label>
        <label className="field">
          <span>Method</span>
          <select value={method} onChange={(e) => setMethod(e.target.value)} data-testid="payment-method">
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {m.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Reference</span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} data-testid="payment-reference" />
        </label>
        <label className="field">
          <span>Received on</span>
          <input type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} required data-testid="payment-received-on" />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button-primary" disabled={save.busy} data-testid="payment-submit">
            {save.busy ? 'Saving…' : 'Record payment'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Cancel
          </button>
        </div>
      </form>
      {applyTo && <p className="muted small">{overpay ? `${applyTo.open} ${cur} is applied to ${applyTo.invoiceNumber}; the rest stays unapplied on the payment.` : `Applied to ${applyTo.invoiceNumber}.`}</p>}
      <ErrorBox message={invalid ?? save.error} />
    </section>
  );
}
