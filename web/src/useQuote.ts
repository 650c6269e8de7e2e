// Live pricing for the order-entry screen: POSTs the draft to /api/orders/quote once the user stopped typing
// (~300 ms) and keeps only the answer to the latest request. Nothing is saved by a quote.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, errorMessage } from './api.ts';
import type { Quote } from './types.ts';
import { useDebounced } from './useDebounced.ts';

export interface QuoteState {
  quote: Quote | null;
  error: string | null;
  /** The request field the server found at fault (e.g. "lines[1].discount_percent"). */
  field: string | null;
  /** A request is pending (typing, debounce or in flight): what is shown may be out of date. */
  pending: boolean;
}

export function useQuote(body: object | null, ms = 300): QuoteState {
  const key = body === null ? '' : JSON.stringify(body);
  const settled = useDebounced(key, ms);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [field, setField] = useState<string | null>(null);
  const [inFlight, setInFlight] = useState(false);
  const ticket = useRef(0);

  useEffect(() => {
    const mine = ++ticket.current;
    if (!settled) {
      setQuote(null);
      setError(null);
      setField(null);
      setInFlight(false);
      return;
    }
    setInFlight(true);
    api.post<Quote>('/api/orders/quote', JSON.parse(settled)).then(
      (q) => {
        if (mine !== ticket.current) return;
        setQuote(q);
        setError(null);
        setField(null);
        setInFlight(false);
      },
      (e) => {
        if (mine !== ticket.current) return;
        setQuote(null);
        setError(errorMessage(e));
        setField(e instanceof ApiError ? e.field ?? null : null);
        setInFlight(false);
      },
    );
  }, [settled]);

  // Invalidate answers that arrive after the component is gone.
  useEffect(() => () => void (ticket.current += 1), []);

  return { quote: key ? quote : null, error: key ? error : null, field: key ? field : null, pending: key !== settled || inFlight };
}
