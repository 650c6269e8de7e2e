import { element, parseX12, type Interchange, type TransactionSet } from '../../edi/x12/parse.ts';
import type { RowError } from '../../shared/table-file.ts';
import type { OrderDraft } from './draft.ts';

const at = (pos: number, id: string) => `segment ${pos} (${id})`;

/**
 * Reads every 850 of every interchange and group. The buyer is the N1*BY party identified with qualifier
 * 91 or 92 (our customer number), else the interchange sender (the customer's EDI id). Lines come from PO1:
 * quantity PO102, unit price PO104 (what the buyer expects), the product from the vendor part number (VP;
 * VN, the vendor's item number, when VP is absent); the ship-to from the N1*ST loop (N3 street, N4 city, state,
 * postal code, country).
 */
export function read850s(text: string): { drafts: OrderDraft[]; interchanges: Interchange[]; errors: RowError[] } {
  const parsed = parseX12(text);
  if (!parsed.ok) {
    return { drafts: [], interchanges: [], errors: parsed.errors.map((e) => ({ line: e.position, location: e.position ? at(e.position, e.segment ?? '?') : 'file', message: e.message })) };
  }
  const drafts: OrderDraft[] = [];
  const errors: RowError[] = [];
  for (const ic of parsed.interchanges) {
    for (const g of ic.groups) {
      for (const set of g.sets) {
        if (set.type !== '850') {
          errors.push({ line: set.position, location: at(set.position, 'ST'), message: `transaction set ${set.type} is not a purchase order (850)` });
          continue;
        }
        const d = mapSet(ic, set);
        d.x12 = { senderQualifier: ic.senderQualifier, senderId: ic.senderId, receiverQualifier: ic.receiverQualifier, receiverId: ic.receiverId,
          interchange: ic.control, group: g.control, functionalId: g.functionalId, set: set.control, poDate: d.x12?.poDate ?? '' };
        drafts.push(d);
      }
    }
  }
  return { drafts, interchanges: parsed.interchanges, errors };
}

function mapSet(ic: Interchange, set: TransactionSet): OrderDraft {
  const draft: OrderDraft = {
    ref: `ISA ${ic.control} / ST ${set.control}`,
    line: set.position,
    customer: { ediId: ic.senderId },
    poNumber: null,
    lines: [],
    errors: [],
  };
  const fail = (pos: number, id: string, field: string, message: string) => draft.errors.push({ line: pos, location: at(pos, id), field, message });
  let poLines = 0;
  let party = '';
  for (const seg of set.segments) {
    if (seg.id === 'N1') party = element(seg, 1);
    if (party === 'ST') {
      draft.shipTo ??= {};
      if (seg.id === 'N1' && element(seg, 2)) draft.shipTo.name = element(seg, 2);
      if (seg.id === 'N3') draft.shipTo.address_line = [element(seg, 1), element(seg, 2)].filter(Boolean).join(', ');
      if (seg.id === 'N4') {
        draft.shipTo.city = element(seg, 1) || undefined;
        draft.shipTo.region = element(seg, 2) || undefined;
        draft.shipTo.postal_code = element(seg, 3) || undefined;
        draft.shipTo.country = element(seg, 4) || undefined;
      }
    }
    switch (seg.id) {
      case 'BEG':
        draft.poNumber = element(seg, 3) || null;
        draft.x12 = { ...(draft.x12 as NonNullable<OrderDraft['x12']>), poDate: element(seg, 5) };
        if (!draft.poNumber) fail(seg.position, 'BEG', 'BEG03', 'the purchase order number is empty');
        break;
      case 'CUR':
        if (element(seg, 1) === 'BY' || element(seg, 1) === 'SE') draft.currency = element(seg, 2) || undefined;
        break;
      case 'N1':
        if (element(seg, 1) === 'BY' && ['91', '92'].includes(element(seg, 3)) && element(seg, 4)) draft.customer.number = element(seg, 4);
        break;
      case 'PO1': {
        poLines++;
        const qty = element(seg, 2);
        const price = element(seg, 4);
        const ids = new Map<string, string>();
        for (let k = 6; k + 1 <= seg.elements.length; k += 2) if (element(seg, k)) ids.set(element(seg, k), element(seg, k + 1));
        const sku = ids.get('VP') ?? ids.get('VN');
        if (!sku) { fail(seg.position, 'PO1', 'PO107', 'no vendor part number (VP) to find the product'); break; }
        const whole = /^\d+(\.0*)?$/.test(qty) ? qty.replace(/\.0*$/, '') : null;
        if (!whole || whole === '0') { fail(seg.position, 'PO1', 'PO102', `quantity "${qty}" is not a positive whole number`); break; }
        if (price && !/^\d+(\.\d+)?$/.test(price)) { fail(seg.position, 'PO1', 'PO104', `unit price "${price}" is not a number`); break; }
        draft.lines.push({ sku, quantity: whole, expectedUnitPrice: price || undefined, line: seg.position, location: at(seg.position, 'PO1') });
        break;
      }
      case 'CTT': {
        const n = Number(element(seg, 1));
        if (Number.isFinite(n) && n !== poLines) fail(seg.position, 'CTT', 'CTT01', `CTT01 says ${n} line items, the order has ${poLines}`);
        break;
      }
    }
  }
  if (!poLines && !draft.errors.length) draft.errors.push({ line: set.position, location: at(set.position, 'ST'), message: 'the purchase order has no PO1 lines' });
  return draft;
}
