// Small pieces the warehouse screens share: a write that remembers which field the server objected to, the
// reserved-vs-available bar, warehouse/location/product selects and (re-exported) a link to a PDF behind the token.
import { useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api.ts';
import type { StockItem, Warehouse } from '../types.ts';

export interface FieldAction {
  busy: boolean;
  error: string | null;
  /** The request field a problem+json answer named (e.g. "quantity", "lines[3].picked"). */
  field: string | null;
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

/** Like useAction, but keeps the field of the problem so the form can mark that input. */
export function useFieldAction(): FieldAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [field, setField] = useState<string | null>(null);
  const inFlight = useRef(false);
  const run = useCallback(async (fn: () => Promise<unknown>) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setField(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      setField(e instanceof ApiError ? (e.field ?? null) : null);
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setField(null);
  }, []);
  return { busy, error, field, run, clear };
}

/** `invalid` when the server (or the local check) named this field. */
export function invalidClass(field: string | null | undefined, ...names: string[]): string | undefined {
  return field && names.includes(field) ? 'invalid' : undefined;
}

/** A whole number ≥ 0 (`allowZero`) or > 0, else null. */
export function wholeNumber(text: string, allowZero = false): number | null {
  const t = text.trim();
  if (!/^\d{1,12}$/.test(t)) return null;
  const n = Number(t);
  return n > 0 || (allowZero && n === 0) ? n : null;
}

/**
 * One row's stock as a bar: reserved (dark) and available (light) parts of what is on hand. The numbers are
 * the text next to it; the bar only shows the share.
 */
export function StockBar({ reserved, available, onHand }: { reserved: string; available: string; onHand: string }) {
  const total = Math.max(0, Number(onHand));
  const res = Math.max(0, Number(reserved));
  const avail = Math.max(0, Number(available));
  const resPct = total > 0 ? Math.min(100, (res / total) * 100) : 0;
  const availPct = total > 0 ? Math.min(100 - resPct, (avail / total) * 100) : 0;
  const title = total > 0 ? `${reserved} reserved · ${available} available of ${onHand} on hand` : 'nothing on hand';
  return (
    <div className="stock-bar" title={title} role="img" aria-label={title} data-testid="stock-bar">
      {resPct > 0 && <span className="stock-bar-reserved" style={{ width: `${resPct}%` }} />}
      {availPct > 0 && <span className="stock-bar-available" style={{ width: `${availPct}%` }} />}
    </div>
  );
}

export function StockLegend() {
  return (
    <ul className="legend">
      <li>
        <span className="swatch swatch-reserved" />
        Reserved
      </li>
      <li>
        <span className="swatch swatch-available" />
        Available
      </li>
    </ul>
  );
}

export function WarehouseSelect({ warehouses, value, onChange, testId, label = 'Warehouse' }: { warehouses: Warehouse[]; value: string; onChange: (code: string) => void; testId?: string; label?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {warehouses.map((w) => (
          <option key={w.id} value={w.code}>
            {w.code} · {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ProductSelect({ products, value, onChange, testId, invalid }: { products: StockItem[]; value: string; onChange: (productId: string) => void; testId?: string; invalid?: boolean }) {
  return (
    <label className="field grow">
      <span>
        Product<span className="required" aria-hidden="true"> *</span>
      </span>
      <select value={value} onChange={(e) => onChange(e.target.value)} required className={invalid ? 'invalid' : undefined} data-testid={testId}>
        <option value="">Choose a product…</option>
        {products.map((p) => (
          <option key={p.product_id} value={p.product_id}>
            {p.sku} — {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

// The link to a PDF behind the bearer token now lives with the other document pieces.
export { PdfLink } from './Documents.tsx';
