import type { Db } from '../../db/db.ts';
import { writeInterchange, type OutSegment } from '../../edi/x12/write.ts';
import { nextNumber } from '../../numbering/next-number.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { getOrder } from '../queries.ts';
import type { OrderDraft } from './draft.ts';
import type { OrderImportReport } from './import-orders.ts';

export interface AckFile {
  name: string;
  content: string;
}

type X12Ref = NonNullable<OrderDraft['x12']>;

/**
 * The answers an EDI partner expects for its 850s: one 997 functional acknowledgement per received group
 * (each set accepted, or rejected when it could not be read), and one 855 per purchase order saying what
 * was accepted — lines accepted, backordered (no stock yet) or with a price change — or that it was rejected.
 * Our side of the envelope is the receiver of the inbound interchange.
 */
export async function acknowledgements(db: Db, s: Scope, report: OrderImportReport): Promise<AckFile[]> {
  const files: AckFile[] = [];
  const all = [
    ...report.imported.map((o) => ({ draft: o.draft, accepted: true, readable: true, imported: o })),
    ...report.rejected.filter((r) => r.draft?.x12).map((r) => ({ draft: r.draft!, accepted: false, readable: r.draft!.errors.length === 0, imported: undefined })),
  ].filter((x) => x.draft.x12);
  const groups = new Map<string, typeof all>();
  for (const x of all) {
    const k = `${x.draft.x12!.interchange}|${x.draft.x12!.group}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const control = async () => Number(await db.transaction((tx) => nextNumber(tx, s.tenantId, 'x12-interchange')));
  const envelope = async (x: X12Ref, functionalId: string) => {
    const n = await control();
    return { senderQualifier: x.receiverQualifier, senderId: x.receiverId, receiverQualifier: x.senderQualifier, receiverId: x.senderId, interchangeControl: n, groupControl: n, functionalId, at: s.now };
  };

  for (const items of groups.values()) {
    const x = items[0].draft.x12!;
    const accepted = items.filter((i) => i.readable).length;
    const segments: OutSegment[] = [['AK1', x.functionalId, x.group]];
    for (const i of items) {
      segments.push(['AK2', '850', i.draft.x12!.set]);
      segments.push(i.readable ? ['AK5', 'A'] : ['AK5', 'R', '5']);
    }
    segments.push(['AK9', accepted === items.length ? 'A' : accepted === 0 ? 'R' : 'P', items.length, items.length, accepted]);
    files.push({ name: `997-${x.interchange}-${x.group}.x12`, content: writeInterchange(await envelope(x, 'FA'), [{ type: '997', segments }]) });
  }

  for (const i of all) {
    const x = i.draft.x12!;
    const segments: OutSegment[] = [];
    if (!i.imported) {
      segments.push(['BAK', '00', 'RJ', i.draft.poNumber ?? '', x.poDate]);
    } else {
      const { order, lines } = await getOrder(db, s.tenantId, i.imported.orderId);
      const changed = order.flags.some((f) => f.code === 'price_differs') || order.status === 'draft';
      segments.push(['BAK', '00', changed ? 'AC' : 'AD', i.draft.poNumber ?? '', x.poDate, '', '', '', order.order_number]);
      lines.forEach((l, k) => {
        const price = formatAmount(l.unit_price, order.currency);
        segments.push(['PO1', String(k + 1), l.quantity.toString(), l.uom, price, '', 'VP', l.sku]);
        const priceChanged = order.flags.some((f) => f.code === 'price_differs' && f.line_no === l.line_no);
        const status = order.status === 'draft' ? 'IB' : priceChanged ? 'IP' : 'IA';
        segments.push(['ACK', status, l.quantity.toString(), l.uom]);
      });
      segments.push(['CTT', lines.length]);
    }
    files.push({ name: `855-${(i.draft.poNumber ?? x.set).replace(/[^A-Za-z0-9_-]/g, '_')}-${x.set}.x12`, content: writeInterchange(await envelope(x, 'PR'), [{ type: '855', segments }]) });
  }
  return files;
}
