import { useEffect, useMemo, useState } from 'react';
import { api, withQuery } from '../api.ts';
import { parseQuantity } from '../money.ts';
import { draftProblem, lineBodies, lineFromProduct, lineKey, shipToBody, shipToFromOrder, type DraftLine, type ShipToDraft } from '../orderDraft.ts';
import type { Customer, List, Order, OrderDetail, Product } from '../types.ts';
import { useAction } from '../useAction.ts';
import { useApi } from '../useApi.ts';
import { useQuote } from '../useQuote.ts';
import { ErrorBox } from './Feedback.tsx';
import { LinesEditor } from './LinesEditor.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import { FlagList, QuoteLines, QuoteTotals } from './Quote.tsx';
import { ShipToFields } from './ShipToFields.tsx';

function linesOf(order: OrderDetail): DraftLine[] {
  return order.lines.map((l) => ({
    key: lineKey(),
    product: { id: l.product_id, sku: l.sku, name: l.description, uom: l.uom, available: null },
    quantity: l.quantity,
    // A negotiated price is kept; anything else is priced again from today's price lists.
    unitPrice: l.price_source === 'negotiated price' ? l.unit_price : '',
    expectedPrice: '',
    discount: l.discount_percent && l.discount_percent !== '0' ? l.discount_percent : '',
  }));
}

/**
 * Changes an order before it ships: lines, quantities, prices, discounts, PO number and ship-to, with the
 * new pricing quoted live. An order past draft goes through verification, credit and reservation again.
 */
export function AmendOrderForm({ order, onDone }: { order: OrderDetail; onDone: (amended: Order | null) => void }) {
  const customer = useApi<Customer>(`/api/customers/${encodeURIComponent(order.customer_id)}`);
  const [lines, setLines] = useState<DraftLine[]>(() => linesOf(order));
  const [poNumber, setPoNumber] = useState(order.po_number ?? '');
  const [discount, setDiscount] = useState(order.discount_percent && order.discount_percent !== '0' ? order.discount_percent : '');
  const [shipTo, setShipTo] = useState<ShipToDraft>(() => shipToFromOrder(order.ship_to, null));
  const [shipToTouched, setShipToTouched] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useAction();

  // Once the customer is known, tell whether the order goes to the customer's own address.
  useEffect(() => {
    if (customer.data && !shipToTouched) setShipTo(shipToFromOrder(order.ship_to, customer.data));
  }, [customer.data, order.ship_to, shipToTouched]);

  // Stock figures for the lines: one search per SKU (the product list is capped, so it may not hold them all).
  const skus = [...new Set(order.lines.map((l) => l.sku))].join('\n');
  useEffect(() => {
    let live = true;
    for (const sku of skus.split('\n').filter(Boolean)) {
      api.get<List<Product>>(withQuery('/api/products', { search: sku })).then(
        (found) => {
          const p = found.items.find((x) => x.sku === sku);
          if (!live || !p) return;
          setLines((ls) => ls.map((l) => (l.product.id === p.id && l.product.available === null ? { ...l, product: { ...l.product, available: p.available } } : l)));
        },
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [skus]);

  const problem = draftProblem(lines, order.currency, discount, shipTo);
  const shipToForRequest = shipToTouched ? shipToBody(shipTo) : (order.ship_to ?? null);
  const quoteBody = useMemo(() => {
    if (lines.length === 0 || problem) return null;
    return {
      customer_id: order.customer_id,
      lines: lineBodies(lines, false),
      ...(discount.trim() && { discount_percent: discount.trim().replace(/\s*%$/, '') }),
      ...(shipToForRequest && { ship_to: shipToForRequest }),
    };
  }, [order.customer_id, lines, discount, shipToForRequest, problem]);
  const live = useQuote(quoteBody);

  const addProduct = (p: Product, quantity: string) => {
    setLines((ls) => {
      const at = ls.findIndex((l) => l.product.id === p.id && !l.unitPrice.trim() && !l.discount.trim());
      if (at < 0) return [...ls, lineFromProduct(p, quantity)];
      const next = [...ls];
      next[at] = { ...next[at], quantity: String((parseQuantity(next[at].quantity) ?? 0) + (parseQuantity(quantity) ?? 1)) };
      return next;
    });
  };

  const submit = async () => {
    if (lines.length === 0) return setInvalid('An order needs at least one line; cancel it instead.');
    if (problem) return setInvalid(problem.message);
    setInvalid(null);
    const body = {
      lines: lineBodies(lines, false),
      po_number: poNumber.trim() || null,
      discount_percent: discount.trim().replace(/\s*%$/, '') || '0',
      ...(shipToTouched && { ship_to: shipToBody(shipTo) }),
    };
    await save.run(async () => onDone(await api.post<Order>(`/api/orders/${encodeURIComponent(order.id)}/amend`, body)));
  };

  const invalidField = problem?.field ?? live.field;
  const quote = live.quote;

  return (
    <section className="card" data-testid="amend-form">
      <h2>Amend order {order.order_number}</h2>
      {order.status !== 'draft' && (
        <p className="muted small">
          The order is {order.status.replace(/_/g, ' ')}: saving releases its reservations and runs verification, the credit check and the reservation again.
        </p>
      )}
      <div>
        <div className="form-row">
          <label className="field grow">
            <span>Customer PO number</span>
            <input value={poNumber} onChange={(e) => setPoNumber(e.target.value)} placeholder="none" data-testid="amend-po" />
          </label>
          <label className="field mid">
            <span>Order discount %</span>
            <input value={discount} onChange={(e) => setDiscount(e.target.value)} inputMode="decimal" placeholder="0" className={invalidField === 'discount_percent' ? 'invalid' : undefined} data-testid="amend-discount" />
          </label>
        </div>
        <h3 className="section-label">Ship to</h3>
        <ShipToFields
          value={shipTo}
          customer={customer.data}
          invalidField={invalidField}
          onChange={(v) => {
            setShipTo(v);
            setShipToTouched(true);
          }}
        />
        <h3 className="section-label">Lines</h3>
        <LinesEditor lines={lines} currency={order.currency} quote={quote} invalidField={invalidField} onChange={setLines} withExpected={false} />
        <details className="add-products">
          <summary>Add a product</summary>
          <ProductPicker onAdd={addProduct} />
        </details>

        <h3 className="section-label">
          New pricing {live.pending && quote && <span className="muted small updating">updating…</span>}
        </h3>
        {quote ? (
          <div className="amend-quote">
            <QuoteLines quote={quote} stale={live.pending} />
            <QuoteTotals quote={quote} stale={live.pending} discountPercent={discount.trim() || undefined} totalTestId="amend-total" />
          </div>
        ) : (
          <p className="muted">{problem ? problem.message : live.error ? 'The server could not price this (see below).' : lines.length === 0 ? 'No lines.' : 'Pricing…'}</p>
        )}
        {quote && quote.flags.length > 0 && (
          <div className="alert alert-warn">
            <FlagList flags={quote.flags} />
          </div>
        )}
        <ErrorBox message={live.error} />
        <ErrorBox message={invalid ?? save.error} />
        <div className="form-buttons form-buttons-end">
          <button type="button" className="button button-primary" disabled={save.busy} onClick={() => void submit()} data-testid="amend-submit">
            {save.busy ? 'Saving…' : 'Save amendment'}
          </button>
          <button type="button" className="button" onClick={() => onDone(null)} disabled={save.busy}>
            Back
          </button>
        </div>
      </div>
    </section>
  );
}
