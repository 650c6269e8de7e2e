import type { Sql } from '../db/db.ts';
import { emit, type SubjectType } from '../events/emit.ts';
import { timelineOf } from '../events/timeline.ts';
import { nextNumber } from '../numbering/next-number.ts';
import type { Scope } from '../shared/scope.ts';
import { folderDropFromEnv } from './outbound.ts';
import type { Envelope } from './x12/write.ts';

export interface OutboundDocument {
  /** The business object the document is about; what was sent lands on its timeline. */
  subject: { type: SubjectType; id: string };
  /** The event recording the sending, e.g. edi.asn_sent. */
  sentEvent: string;
  sender: string;
  partner: string;
  file: string;
  /** The interchange, given its envelope (control numbers taken here). */
  write(envelope: Omit<Envelope, 'functionalId' | 'version'>): string;
  summary: string;
  subjects: Partial<Record<SubjectType, string>>;
  data: Record<string, unknown>;
}

/**
 * Sends an X12 document to a partner once: a replayed event finds the sending on the subject's timeline and
 * sends nothing new. Control numbers come from one series with the 997s and 855s, so no two interchanges we
 * send share one.
 */
export async function sendX12Once(tx: Sql, s: Scope, doc: OutboundDocument): Promise<void> {
  if ((await timelineOf(tx, s.tenantId, doc.subject.type, doc.subject.id)).some((t) => t.event_type === doc.sentEvent)) return;
  const control = Number(await nextNumber(tx, s.tenantId, 'x12-interchange'));
  const content = doc.write({
    senderQualifier: 'ZZ', senderId: doc.sender, receiverQualifier: 'ZZ', receiverId: doc.partner, interchangeControl: control, groupControl: control, at: s.now,
  });
  await folderDropFromEnv().deliver(s.tenantId, doc.partner, doc.file, content);
  await emit(tx, s, { type: doc.sentEvent, summary: doc.summary, subjects: doc.subjects, data: { ...doc.data, partner: doc.partner, file: doc.file, interchange_control: control } });
}
