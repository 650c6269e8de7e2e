import { formatDateTime, humanize } from '../format.ts';
import type { TimelineEntry } from '../types.ts';
import { Empty } from './Feedback.tsx';

/** What happened, when and by whom, oldest first (the story of the document), as a vertical list. */
export function Timeline({ entries, testId }: { entries: TimelineEntry[]; testId?: string }) {
  const time = (e: TimelineEntry) => new Date(e.occurred_at).getTime() || 0;
  const sorted = [...entries].sort((a, b) => time(a) - time(b));
  if (sorted.length === 0) {
    return (
      <ol className="timeline" data-testid={testId}>
        <Empty>Nothing has happened yet.</Empty>
      </ol>
    );
  }
  return (
    <ol className="timeline" data-testid={testId}>
      {sorted.map((e) => (
        <li key={e.id} className={`timeline-entry event-${e.event_type.split('.')[0]}`} data-testid="timeline-entry">
          <div className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <div className="timeline-summary">{e.summary || humanize(e.event_type)}</div>
            <div className="timeline-meta">
              <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at)}</time>
              <span> · {e.actor_name || humanize(e.actor_type) || 'system'}</span>
              <span className="muted"> · {e.event_type}</span>
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
