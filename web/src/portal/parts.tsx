import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { DownloadLink } from '../components/Documents.tsx';
import { Money } from '../components/Money.tsx';
import { isZero } from '../money.ts';
import { useAction } from '../useAction.ts';

const LABELS: Record<string, string> = {
  in_review: 'In review', confirmed: 'Confirmed', partially_shipped: 'Partly shipped', shipped: 'Shipped', completed: 'Completed',
  cancelled: 'Cancelled', open: 'Open', overdue: 'Overdue', paid: 'Paid', credited: 'Credited', requested: 'Requested',
  approved: 'Approved', rejected: 'Rejected', received: 'Received', resolved: 'Done', in_transit: 'In transit',
  out_for_delivery: 'Out for delivery', delivered: 'Delivered', exception: 'Delivery problem',
};

/** A status in the customer's words, coloured by what it means for them. */
export function Pill({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`pill pill-${status}`} data-testid={testId} data-status={status}>
      {LABELS[status] ?? status.replace(/_/g, ' ')}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

/** The PDF and the UBL e-invoice of an invoice or credit note, as the portal serves them to their customer. */
export function DocumentDownloads({ kind, id, number, buttons }: { kind: 'invoices' | 'credit-notes'; id: string; number: string; buttons?: boolean }) {
  const base = `/api/portal/${kind}/${encodeURIComponent(id)}`;
  return (
    <span className="doc-actions">
      <DownloadLink href={`${base}/pdf`} filename={`${number}.pdf`} button={buttons} testId="download-pdf" title={`${number} as PDF`}>
        {buttons ? 'Download PDF' : 'PDF'}
      </DownloadLink>
      <DownloadLink href={`${base}/ubl`} filename={`${number}.xml`} button={buttons} testId="download-ubl" title={`${number} as UBL e-invoice (XML)`}>
        {buttons ? 'E-invoice (XML)' : 'XML'}
      </DownloadLink>
    </span>
  );
}

/** The foot of a document: order discount, net, VAT and total (net is after the discount, as on the invoice). */
export function Totals({ d }: { d: { currency: string; net_total: string; allowance_total?: string; discount_percent?: string; tax_total: string; total: string } }) {
  return (
    <table className="table totals-table" data-testid="totals">
      <tbody>
        {d.allowance_total && !isZero(d.allowance_total) && (
          <tr>
            <td>Order discount {d.discount_percent ? `${d.discount_percent}%` : ''}</td>
            <td className="num"><Money amount={`-${d.allowance_total}`} currency={d.currency} /></td>
          </tr>
        )}
        <tr>
          <td>Net</td>
          <td className="num"><Money amount={d.net_total} currency={d.currency} /></td>
        </tr>
        <tr>
          <td>VAT</td>
          <td className="num"><Money amount={d.tax_total} currency={d.currency} /></td>
        </tr>
        <tr className="grand">
          <td>Total</td>
          <td className="num" data-testid="total"><Money amount={d.total} currency={d.currency} /></td>
        </tr>
      </tbody>
    </table>
  );
}

/** Opens the seller's pay page for what is open on the invoice (a payment link made for this customer's invoice). */
export function PayButton({ invoiceId, small }: { invoiceId: string; small?: boolean }) {
  const pay = useAction();
  const go = () =>
    pay.run(async () => {
      const link = await api.post<{ pay_path: string }>(`/api/portal/invoices/${encodeURIComponent(invoiceId)}/pay`);
      window.location.assign(link.pay_path);
    });
  return (
    <span className="pay">
      <button type="button" className={small ? 'button button-primary button-small' : 'button button-primary'} onClick={() => void go()} disabled={pay.busy} data-testid="pay-invoice">
        {pay.busy ? 'Opening…' : 'Pay now'}
      </button>
      {pay.error && <span className="text-bad small" role="alert">{pay.error}</span>}
    </span>
  );
}
