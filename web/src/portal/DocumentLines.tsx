import type { ReactNode } from 'react';
import { Money } from '../components/Money.tsx';
import type { DocumentLine, TaxTotal } from './types.ts';

/** The lines of an invoice or credit note; below them its VAT breakdown beside `totals`. */
export function DocumentLines({ lines, taxes, currency, totals }: { lines: DocumentLine[]; taxes: TaxTotal[]; currency: string; totals: ReactNode }) {
  return (
    <>
      <table className="table" data-testid="document-lines">
        <thead>
          <tr>
            <th>Item</th>
            <th className="num">Quantity</th>
            <th className="num">Unit price</th>
            <th className="num">VAT</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.line_no} data-testid="document-line" data-sku={l.sku}>
              <td>
                {l.description}
                <div className="small muted mono">{l.sku}</div>
              </td>
              <td className="num">{l.quantity} <span className="muted">{l.uom}</span></td>
              <td className="num">
                <Money amount={l.unit_price} currency={currency} />
                {l.discount_percent && l.discount_percent !== '0' && <div className="small muted">−{l.discount_percent}%</div>}
              </td>
              <td className="num">{l.tax_rate}%</td>
              <td className="num"><Money amount={l.net_amount} currency={currency} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="doc-foot">
        <table className="table table-compact vat-breakdown" data-testid="vat-breakdown">
          <thead>
            <tr>
              <th>VAT</th>
              <th className="num">Taxable</th>
              <th className="num">Tax</th>
            </tr>
          </thead>
          <tbody>
            {taxes.map((t) => (
              <tr key={`${t.category}-${t.rate}`}>
                <td>
                  {t.rate}% {t.category.replace(/_/g, ' ')}
                  {t.exemption_reason && <span className="muted small"> · {t.exemption_reason}</span>}
                </td>
                <td className="num"><Money amount={t.taxable} currency={currency} /></td>
                <td className="num"><Money amount={t.tax} currency={currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {totals}
      </div>
    </>
  );
}
