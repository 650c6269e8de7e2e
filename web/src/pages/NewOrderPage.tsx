import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { CustomerPicker } from '../components/CustomerPicker.tsx';
import { ErrorBox, Loading, Notice } from '../components/Feedback.tsx';
import { LinesEditor } from '../components/LinesEditor.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProductPicker } from '../components/ProductPicker.tsx';
import { FlagList, QuoteLines, QuoteTotals } from '../components/Quote.tsx';
import { ShipToFields } from '../components/ShipToFields.tsx';
import { formatMoney, minorOf, parseQuantity } from '../money.ts';
import { draftProblem, lineBodies, lineFromProduct, shipToBody, shipToFromCustomer, type DraftLine, type ShipToDraft } from '../orderDraft.ts';
import { navigate, type Route } from '../router.tsx';
import { hasRole, type Session } from '../session.ts';
import type { CreditProfile, Customer, Order, Product } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import { useQuote } from '../useQuote.ts';

/** Channels a person enters orders for in the back office. */
const CHANNELS: { value: string; label: string }[] = [
  { value: 'web', label: 'Web / email' },
  { value: 'phone', label: 'Phone' },
];

/**
 * The sales desk: pick the customer, add products with what is in stock, negotiate prices and discounts, and
 * see the server's pricing (price source, tax, totals) update as you type. Save as draft or submit.
 */
export function NewOrderPage({ route, session }: { route: Route; session: Session }) {
  const preselect = route.query.get('customer_id');
  const preselected = useApi<Customer>(preselect ? `/api/customers/${encodeURIComponent(preselect)}` : null);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [channel, setChannel] = useState('web');
  const [poNumber, setPoNumber] = useState('');
  const [orderDiscount, setOrderDiscount] = useState('');
  const [shipTo, setShipTo] = useState<ShipToDraft>(() => shipToFromCustomer(null));
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const save = useAction();
  const credit = useApi<CreditProfile>(customer ? `/api/customers/${encodeURIComponent(customer.id)}/credit` : null);

  const pick = (c: Customer | null) => {
    setCustomer(c);
    setShipTo(shipToFromCustomer(c));
    setFormError(null);
  };

  // A customer given in the address (from the customer page) is picked once it has loaded.
  useEffect(() => {
    if (preselected.data && !customer) pick(preselected.data);
  }, [preselected.data]);

  const currency = customer?.currency ?? session.tenant.base_currency;
  const problem = draftProblem(lines, currency, orderDiscount, shipTo);

  const quoteBody = useMemo(() => {
    if (!customer || lines.length === 0 || problem) return null;
    const ship = shipToBody(shipTo);
    return {
      customer_id: customer.id,
      lines: lineBodies(lines),
      ...(orderDiscount.trim() && { discount_percent: orderDiscount.trim().replace(/\s*%$/, '') }),
      ...(ship && { ship_to: ship }),
    };
  }, [customer, lines, orderDiscount, shipTo, problem]);
  const live = useQuote(quoteBody);
  const quote = live.quote;

  const addProduct = (p: Product, quantity: string) => {
    setLines((ls) => {
      // The same product at the list price adds up; a line with a negotiated price or discount stays separate.
      const at = ls.findIndex((l) => l.product.id === p.id && !l.unitPrice.trim() && !l.expectedPrice.trim() && !l.discount.trim());
      if (at >= 0) {
        const next = [...ls];
        next[at] = { ...next[at], quantity: String((parseQuantity(next[at].quantity) ?? 0) + (parseQuantity(quantity) ?? 1)) };
        return next;
      }
      return [...ls, lineFromProduct(p, quantity)];
    });
  };

  const submit = async (confirm: boolean) => {
    setFormError(null);
    if (!customer) return setFormError('Choose a customer.');
    if (lines.length === 0) return setFormError('Add at least one line.');
    if (problem) return setFormError(problem.message);
    const ship = shipToBody(shipTo);
    const body = {
      customer_id: customer.id,
      channel,
      confirm,
      lines: lineBodies(lines),
      ...(poNumber.trim() && { po_number: poNumber.trim() }),
      ...(orderDiscount.trim() && { discount_percent: orderDiscount.trim().replace(/\s*%$/, '') }),
      ...(ship && { ship_to: ship }),
    };
    await save.run(async () => {
      const created = await api.post<Order>('/api/orders', body);
      navigate(`/orders/${created.id}`);
    });
  };

  if (!hasRole(session, 'sales')) {
    return (
      <>
        <PageHeader title="New order" />
        <Notice>Creating orders needs the sales role.</Notice>
      </>
    );
  }

  const invalidField = problem?.field ?? live.field;
  const overCredit =
    quote && credit.data && credit.data.available !== null && credit.data.currency === quote.currency && minorOf(quote.total, quote.currency) > minorOf(credit.data.available, quote.currency);
  const shortLines = lines.filter((l) => l.product.available !== null && (parseQuantity(l.quantity) ?? 0) > Number(l.product.available));

  return (
    <>
      <PageHeader title="New order" subtitle={<a href="#/orders">← Orders</a>} />
      <div className="grid grid-main-side" data-testid="new-order-form">
        <div>
          <section className="card">
            <h2>Customer</h2>
            {customer ? (
              <div className="picked" data-testid="order-customer">
                <div className="picked-head">
                  <div>
                    <strong>{customer.name}</strong> <span className="muted doc-number">{customer.customer_number}</span>
                    {customer.customer_group && <span className="tag" title="customer group (selects price lists)">{customer.customer_group}</span>}
                  </div>
                  <div className="form-buttons">
                    <a href={`#/customers/${customer.id}`}>Open customer →</a>
                    <button type="button" className="button button-small" onClick={() => pick(null)} data-testid="change-customer">
                      Change
                    </button>
                  </div>
                </div>
                <div className="facts">
                  <span>
                    Currency <strong>{customer.currency}</strong>
                  </span>
                  <span>
                    Terms <strong>{customer.payment_terms || '—'}</strong>
                  </span>
                  <span>
                    Credit limit <strong>{customer.credit_limit === null ? 'no limit' : <Money amount={customer.credit_limit} currency={customer.currency} />}</strong>
                  </span>
                  {credit.data && credit.data.available !== null && (
                    <span>
                      Available <strong className={credit.data.available.startsWith('-') ? 'text-bad' : undefined}>{formatMoney(credit.data.available, credit.data.currency)}</strong>
                    </span>
                  )}
                  {credit.data && (
                    <span>
                      Rating <strong className={`rating rating-${credit.data.rating}`}>{credit.data.rating}</strong> <span className="muted">({credit.data.score}/100)</span>
                    </span>
                  )}
                  {customer.vat_number && (
                    <span>
                      VAT <strong className="mono">{customer.vat_number}</strong>
                    </span>
                  )}
                </div>
              </div>
            ) : preselect && preselected.loading ? (
              <Loading what="customer" />
            ) : (
              <CustomerPicker onPick={pick} autoFocus />
            )}
            <ErrorBox message={preselected.error} />
          </section>

          <section className="card">
            <h2>Order</h2>
            <div className="form-row">
              <label className="field">
                <span>Channel</span>
                <select value={channel} onChange={(e) => setChannel(e.target.value)} data-testid="order-channel">
                  {CHANNELS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field grow">
                <span>Customer PO number</span>
                <input value={poNumber} onChange={(e) => setPoNumber(e.target.value)} placeholder="optional" data-testid="order-po" />
              </label>
              <label className="field mid">
                <span>Order discount %</span>
                <input
                  value={orderDiscount}
                  onChange={(e) => setOrderDiscount(e.target.value)}
                  inputMode="decimal"
                  placeholder="0"
                  className={invalidField === 'discount_percent' ? 'invalid' : undefined}
                  data-testid="order-discount"
                />
              </label>
            </div>
            <h3 className="section-label">Ship to</h3>
            <ShipToFields value={shipTo} customer={customer} onChange={setShipTo} invalidField={invalidField} />
          </section>

          <section className="card">
            <h2>Add products</h2>
            <ProductPicker onAdd={addProduct} />
          </section>

          <section className="card">
            <h2>Lines</h2>
            <LinesEditor lines={lines} currency={currency} quote={quote} invalidField={invalidField} onChange={setLines} />
            {shortLines.length > 0 && (
              <p className="text-bad small" data-testid="stock-warning">
                {shortLines.map((l) => l.product.sku).join(', ')}: more than is available; submitting reserves stock and will be refused while it is short.
              </p>
            )}
          </section>

          <section className="card flush" data-testid="quote">
            <h2 className="card-title">
              Pricing {live.pending && quote && <span className="muted small updating">updating…</span>}
            </h2>
            {quote ? (
              <QuoteLines quote={quote} stale={live.pending} />
            ) : (
              <p className="muted pad">
                {!customer
                  ? 'Choose a customer to see prices, tax and totals.'
                  : lines.length === 0
                    ? 'Add a line to see prices, tax and totals.'
                    : problem
                      ? problem.message
                      : live.error
                        ? 'The server could not price this order (see below).'
                        : 'Pricing…'}
              </p>
            )}
            {live.error && (
              <div className="pad">
                <ErrorBox message={live.error} />
              </div>
            )}
          </section>
        </div>

        <aside>
          <section className="card sticky-side" data-testid="order-summary">
            <h2>
              Totals {live.pending && quote && <span className="muted small updating">updating…</span>}
            </h2>
            {quote ? (
              <QuoteTotals quote={quote} stale={live.pending} discountPercent={orderDiscount.trim() || undefined} totalTestId="order-entry-total" />
            ) : (
              <table className="totals">
                <tbody>
                  <tr className="grand-total">
                    <th>Total</th>
                    <td className="num" data-testid="order-entry-total">
                      <span className="muted">{live.pending && quoteBody ? 'pricing…' : '—'}</span>
                    </td>
                  </tr>
                </tbody>
              </table>
            )}
            <p className="muted small">Prices, tax and totals come from the server and are what the invoice will say.</p>
            {quote && quote.flags.length > 0 && (
              <div className="alert alert-warn" data-testid="quote-flags">
                <FlagList flags={quote.flags} testId="quote-flag-list" />
              </div>
            )}
            {overCredit && credit.data && (
              <div className="alert alert-warn" data-testid="credit-warning">
                The total is above the available credit of {formatMoney(credit.data.available, credit.data.currency)}: submitting puts the order on credit review unless it is approved automatically.
              </div>
            )}
            <ErrorBox message={formError ?? save.error} />
            <div className="summary-buttons">
              <button type="button" className="button button-primary button-block" disabled={save.busy} onClick={() => void submit(true)} data-testid="order-submit">
                {save.busy ? 'Saving…' : 'Submit order'}
              </button>
              <button type="button" className="button button-block" disabled={save.busy} onClick={() => void submit(false)} data-testid="order-save-draft">
                Save as draft
              </button>
              <a className="button button-block button-quiet" href="#/orders">
                Cancel
              </a>
            </div>
            <p className="muted small">Submit runs verification, the credit check and reserves stock; the order is confirmed or waits in a review queue.</p>
          </section>
        </aside>
      </div>
    </>
  );
}
