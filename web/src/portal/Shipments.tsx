import { ErrorBox } from '../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { useApi } from '../useApi.ts';
import { Pill } from './parts.tsx';
import type { PortalShipment, TrackingEvent } from './types.ts';

/** A shipment with what its carrier reported (GET /api/shipments/:id/tracking answers a customer for its own). */
export function ShipmentCard({ s }: { s: PortalShipment }) {
  const tracking = useApi<{ items: TrackingEvent[] }>(`/api/shipments/${encodeURIComponent(s.id)}/tracking`);
  const latest = tracking.data?.items[0];
  const status = s.delivered_at ? 'delivered' : (latest?.status ?? 'shipped');
  return (
    <div className="shipment-card" data-testid="portal-shipment" data-number={s.shipment_number}>
      <div className="shipment-card-head">
        <strong>{s.shipment_number}</strong>
        <Pill status={status} testId="shipment-status" />
        <span className="carrier">
          {s.carrier}
          {s.service ? ` · ${s.service}` : ''} · shipped {formatDate(s.shipped_at)}
          {s.delivered_at ? ` · delivered ${formatDate(s.delivered_at)}` : ''}
        </span>
        {s.tracking_number && (
          <span className="mono" data-testid="tracking-number">
            {s.tracking_url ? (
              <a href={s.tracking_url} target="_blank" rel="noreferrer">
                {s.tracking_number}
              </a>
            ) : (
              s.tracking_number
            )}
          </span>
        )}
      </div>
      <ErrorBox message={tracking.error} />
      {tracking.data && tracking.data.items.length > 0 && (
        <ol className="tracking-events" data-testid="tracking-events">
          {tracking.data.items.map((e) => (
            <li key={e.id}>
              <span className="when">{formatDateTime(e.occurred_at)}</span>
              <strong>{e.description || e.status.replace(/_/g, ' ')}</strong>
              {e.location && <span className="muted"> · {e.location}</span>}
            </li>
          ))}
        </ol>
      )}
      {tracking.data && tracking.data.items.length === 0 && <div className="no-scans">No scans from the carrier yet.</div>}
    </div>
  );
}
