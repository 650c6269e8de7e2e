import type { Db, Sql } from '../db/db.ts';
import type { SubjectType } from './emit.ts';

export interface TimelineEntry {
  id: string;
  event_type: string;
  summary: string;
  actor_type: string;
  actor_name: string;
  occurred_at: Date;
  data: Record<string, unknown>;
}

export async function timelineOf(db: Db | Sql, tenantId: string, subjectType: SubjectType, subjectId: string) {
  return db.query<TimelineEntry>(
    `SELECT id, event_type, summary, actor_type, actor_name, occurred_at, data FROM timeline_entries
      WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3 ORDER BY id`,
    [tenantId, subjectType, subjectId],
  );
}
