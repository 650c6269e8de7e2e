import { DownloadLink, PdfPreview } from '../components/Documents.tsx';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { InvoiceDeliveries } from '../components/InvoiceDeliveries.tsx';
import { SplitBar } from '../components/Invoices.tsx';
import { Money } from '../components/Money.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatDate, formatDateTime, formatRate, humanize } from '../format.ts';
import { isZero } from '../money.ts';
import { hasRole, type Session } from '../session.ts';
import type { CreditNoteDetail } from '../types.ts';
import { useApi } from '../useApi.ts';

/** One credit note: what it credits of which invoice, its tax, where the money went, and how it went to the customer. */
export function CreditNoteDetailPage({ id, session }: { id: string; session: Session }) {
  const { data: n, error, loading, reload } = useApi<CreditNoteDetail>(`/api/credit-notes/${encodeURIComponent(id)}`);

  if (!n) {
    return (
      <>
        <PageHeader title="Credit note" subtitle={<a href="#/invoices">← Invoices</a>} />
        <ErrorBox message={error} />
        {loading && <Loading what="credit note" />}
      </>
    );
  }

  const cur = n.currency;
  const base = `/api/credit-notes/${encodeURIComponent(n.id)}`;
  const hasAllowance = !isZero(n.allowance_total);

  return (
    <>
      <PageHeader
        title={
          <>
            Credit note {n.credit_note_number}
          </>
        }
        subtitle={
          <>
            <a href={`#/invoices/${n.invoice_id}`} data-testid="credit-note-invoice-link">
              ← Invoice {n.invoice_number}
            </a>{' '}
            · <a href={`#/customers/${n.customer_id}`}>{n.customer_number} {n.customer_name}</a>
            {n.order_id && (
              <>
                {' '}
                · <a href={`#/orders/${n.order_id}`}>order</a>
              </>
            )}
          </>
        }
        actions={
          <button type="button" className="button" onClick={() => void reload()} disabled={loading}>
            Refresh
          </button>
        }
      />
      <ErrorBox message={error} />

      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">Credited</div>
          <div className="kpi-value" data-testid="credit-note-detail-total">
            <Money amount={n.total} currency={cur} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Off the invoice</div>
          <div className="kpi-value" data-testid="credit-note-detail-applied">
            <Money amount={n.applied_to_invoice} currency={cur} />
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">Customer credit</div>
          <div className="kpi-value" data-testid="credit-note-detail-credit">
            <Money amount={n.customer_credit} currency={cur} />
          </div>
          {n.credit_payment_id && !isZero(n.customer_credit) && (
            <a className="small" href={`#/payments/${n.credit_payment_id}`}>
              apply or refund it →
            </a>
          )}
        </div>
        <div className="kpi">
          <div className="kpi-label">Issued</div>
          <div className="kpi-value small-value">{formatDate(n.issue_date)}</div>
        </div>
      </div>

      <section className="card flush">
        <h2 className="card-title">Lines</h2>
        <table className="table" data-testid="credit-note-detail-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>Invoice line</th>
              <th>SKU</th>
              <th>Description</th>
              <th className="num">Quantity</th>
              <th className="num">Unit price</th>
              <th className="num">Discount</th>
              <th>Tax</th>
              <th className="num">Net</th>
            </tr>
          </thead>
          <tbody>
            {n.lines.map((l) => (
              <tr key={l.line_no} data-testid="credit-note-detail-line" data-invoice-line-no={l.invoice_line_no} data-sku={l.sku}>
                <td>{l.line_no}</td>
                <td>{l.invoice_line_no}</td>
                <td className="mono nowrap">{l.sku}</td>
                <td>{l.description}</td>
                <td className="num" data-testid="credit-note-detail-qty">
                  {l.quantity} <span className="muted">{l.uom}</span>
                </td>
                <td className="num">
                  <Money amount={l.unit_price} currency={cur} />
                </td>
                <td className="num">{isZero(l.discount_amount) ? <span className="muted">—</span> : <Money amount={l.discount_amount} currency={cur} />}</td>
                <td className="nowrap">
                  {humanize(l.tax_category)} <span className="muted">{formatRate(l.tax_rate)}</span>
                </td>
                <td className="num">
                  <Money amount={l.net_amount} currency={cur} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {hasAllowance && (
              <tr>
                <td colSpan={8} className="num">
                  Order discount {n.discount_percent ? formatRate(n.discount_percent) : ''}
                </td>
                <td className="num">
                  <Money amount={`-${n.allowance_total}`} currency={cur} />
                </td>
              </tr>
            )}
            {(n.charges ?? []).map((c) => (
              <tr key={`charge-${c.charge_no}`} data-testid="credit-note-charge" data-reason={c.reason}>
                <td colSpan={8} className="num">
                  {c.reason} <span className="muted">{humanize(c.tax_category)} {formatRate(c.tax_rate)}</span>
                </td>
                <td className="num">
                  <Money amount={c.net_amount} currency={cur} />
                </td>
              </tr>
            ))}
            <tr>
              <td colSpan={8} className="num">Net</td>
              <td className="num">
                <Money amount={n.net_total} currency={cur} />
              </td>
            </tr>
            <tr>
              <td colSpan={8} className="num">Tax</td>
              <td className="num">
                <Money amount={n.tax_total} currency={cur} />
              </td>
            </tr>
            {n.rounding_amount && !isZero(n.rounding_amount) && (
              <tr>
                <td colSpan={8} className="num">Rounding to the prices shown</td>
                <td className="num">
                  <Money amount={n.rounding_amount} currency={cur} />
                </td>
              </tr>
            )}
            <tr className="total-row">
              <td colSpan={8} className="num">Total credited</td>
              <td className="num" data-testid="credit-note-detail-total-row">
                <Money amount={n.total} currency={cur} />
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      <div className="grid grid-main-side">
        <div>
          <section className="card">
            <h2>Reason</h2>
            <p className="reason-text" data-testid="credit-note-reason">
              {n.reason || <span className="muted">none recorded</span>}
            </p>
            <SplitBar
              label="Where the credit went"
              currency={cur}
              testId="credit-note-split"
              parts={[
                { key: 'applied', label: `Off ${n.invoice_number}`, amount: n.applied_to_invoice, tone: 'accent' },
                { key: 'credit', label: 'Credit for the customer', amount: n.customer_credit, tone: 'ok' },
              ]}
            />
          </section>


          <section className="card flush">
            <h2 className="card-title">Tax</h2>
            <table className="table" data-testid="credit-note-detail-tax">
              <thead>
                <tr>
                  <th>Category</th>
                  <th>Code</th>
                  <th className="num">Rate</th>
                  <th className="num">Taxable</th>
                  <th className="num">Tax</th>
                </tr>
              </thead>
              <tbody>
                {n.tax_totals.map((t) => (
                  <tr key={`${t.category}-${t.rate}`}>
                    <td>
                      {humanize(t.category)}
                      {t.exemption_reason && <div className="muted small">{t.exemption_reason}</div>}
                    </td>
                    <td className="mono">{t.code}</td>
                    <td className="num">{formatRate(t.rate)}</td>
                    <td className="num">
                      <Money amount={t.taxable} currency={cur} />
                    </td>
                    <td className="num">
                      <Money amount={t.tax} currency={cur} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <InvoiceDeliveries creditNoteId={n.id} canSend={hasRole(session, 'billing')} onSent={() => void reload()} />

          <section className="card preview-card">
            <h2 className="preview-head">
              Preview
              <span className="muted small">{n.credit_note_number}.pdf</span>
            </h2>
            <PdfPreview href={`${base}/pdf`} filename={`${n.credit_note_number}.pdf`} title={`Credit note ${n.credit_note_number} (PDF)`} testId="credit-note-pdf-preview" />
          </section>
        </div>
        <aside>
          <section className="card">
            <h2>Documents</h2>
            <ul className="doc-list" data-testid="credit-note-downloads">
              <li>
                <DownloadLink href={`${base}/pdf`} filename={`${n.credit_note_number}.pdf`} testId="credit-note-download-pdf">
                  PDF
                </DownloadLink>
                <span className="muted small">to read and print</span>
              </li>
              <li>
                <DownloadLink href={`${base}/ubl`} filename={`${n.credit_note_number}.xml`} testId="credit-note-download-ubl">
                  UBL
                </DownloadLink>
                <span className="muted small">Peppol BIS Billing 3.0 credit note</span>
              </li>
            </ul>
          </section>
          <section className="card">
            <h2>Details</h2>
            <dl className="details compact-details">
              <dt>Invoice</dt>
              <dd>
                <a className="doc-number" href={`#/invoices/${n.invoice_id}`}>
                  {n.invoice_number}
                </a>
              </dd>
              <dt>Customer</dt>
              <dd>
                {n.customer_number} {n.customer_name}
              </dd>
              <dt>Currency</dt>
              <dd>{cur}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(n.created_at)}</dd>
              <dt>By</dt>
              <dd>{n.created_by ?? 'system'}</dd>
            </dl>
          </section>
        </aside>
      </div>
    </>
  );
}
