import { humanize } from '../format.ts';

/** A coloured pill for an order, invoice, shipment or credit-decision status. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const key = status.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return (
    <span className={`badge badge-${key}`} data-testid={testId} data-status={status}>
      {humanize(status)}
    </span>
  );
}
