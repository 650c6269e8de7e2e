/**
 * ANSI X12 reader. The separators are read from the ISA header itself (element separator = 4th character,
 * component separator = ISA16, segment terminator = the character after it, newline when it is one), so
 * any trading partner's choice works; whitespace and line breaks between segments are ignored. Never
 * throws: malformed input comes back as errors naming the segment (its 1-based position) and the element.
 */

export interface Segment {
  id: string;
  elements: string[]; // elements[0] is the first data element (e.g. ST01)
  position: number; // 1-based position in the interchange
}

export interface TransactionSet {
  type: string; // ST01, e.g. "850"
  control: string; // ST02
  segments: Segment[]; // between ST and SE, exclusive
  position: number;
}

export interface FunctionalGroup {
  functionalId: string; // GS01, e.g. "PO"
  sender: string;
  receiver: string;
  control: string; // GS06
  version: string; // GS08
  sets: TransactionSet[];
}

export interface Interchange {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  control: string; // ISA13
  date: string; // YYMMDD
  time: string;
  usage: string; // P or T
  separators: { element: string; component: string; segment: string };
  groups: FunctionalGroup[];
}

export interface EdiError {
  position: number; // segment position, 0 for the whole file
  segment?: string;
  message: string;
}

export type ParseResult = { ok: true; interchanges: Interchange[] } | { ok: false; errors: EdiError[] };

export function looksLikeX12(text: string): boolean {
  return /^\s*ISA/.test(text.replace(/^\uFEFF/, ''));
}

function splitSegments(text: string): { segments: string[]; element: string; component: string; terminator: string } | EdiError {
  const body = text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (!body.startsWith('ISA')) return { position: 0, message: 'not an X12 interchange: it does not start with ISA' };
  const element = body[3];
  if (!element || /[A-Za-z0-9\s]/.test(element)) return { position: 1, segment: 'ISA', message: 'the ISA element separator is missing or a letter/digit' };
  let idx = 3;
  for (let n = 0; n < 16; n++) {
    idx = body.indexOf(element, idx + (n === 0 ? 0 : 1));
    if (idx < 0) return { position: 1, segment: 'ISA', message: 'the ISA header has fewer than 16 elements' };
  }
  const component = body[idx + 1];
  let terminator = body[idx + 2];
  if (component === undefined || terminator === undefined) return { position: 1, segment: 'ISA', message: 'the ISA header is cut short' };
  // A terminator of whitespace ("~\n" written as " \r\n" or a bare newline) means: one segment per line.
  if (/\s/.test(terminator)) terminator = '\n';
  const normalised = terminator === '\n' ? body.replace(/\r\n?/g, '\n') : body;
  const segments = normalised.split(terminator).map((s) => s.replace(/^[\s]+|[\s]+$/g, '')).filter((s) => s.length > 0);
  return { segments, element, component, terminator };
}

export function parseX12(text: string): ParseResult {
  const split = splitSegments(text);
  if ('message' in split) return { ok: false, errors: [split] };
  const errors: EdiError[] = [];
  const segs: Segment[] = split.segments.map((raw, i) => {
    const parts = raw.split(split.element);
    return { id: parts[0], elements: parts.slice(1), position: i + 1 };
  });
  const interchanges: Interchange[] = [];
  let i = 0;
  const err = (s: Segment | undefined, message: string) => errors.push({ position: s?.position ?? 0, segment: s?.id, message });

  while (i < segs.length) {
    const isa = segs[i];
    if (isa.id !== 'ISA') {
      err(isa, `expected ISA, found ${isa.id}`);
      break;
    }
    if (isa.elements.length < 16) err(isa, `ISA has ${isa.elements.length} elements, 16 expected`);
    const ic: Interchange = {
      senderQualifier: (isa.elements[4] ?? '').trim(), senderId: (isa.elements[5] ?? '').trim(),
      receiverQualifier: (isa.elements[6] ?? '').trim(), receiverId: (isa.elements[7] ?? '').trim(),
      date: isa.elements[8] ?? '', time: isa.elements[9] ?? '', control: (isa.elements[12] ?? '').trim(), usage: isa.elements[14] ?? '',
      separators: { element: split.element, component: split.component, segment: split.terminator },
      groups: [],
    };
    i++;
    while (i < segs.length && segs[i].id === 'GS') {
      const gs = segs[i];
      const group: FunctionalGroup = {
        functionalId: gs.elements[0] ?? '', sender: gs.elements[1] ?? '', receiver: gs.elements[2] ?? '',
        control: gs.elements[5] ?? '', version: gs.elements[7] ?? '', sets: [],
      };
      i++;
      while (i < segs.length && segs[i].id === 'ST') {
        const st = segs[i];
        const set: TransactionSet = { type: st.elements[0] ?? '', control: st.elements[1] ?? '', segments: [], position: st.position };
        i++;
        while (i < segs.length && !['SE', 'ST', 'GE', 'IEA', 'ISA', 'GS'].includes(segs[i].id)) set.segments.push(segs[i++]);
        const se = segs[i];
        if (se?.id !== 'SE') {
          err(se ?? st, `transaction set ${set.control} (ST at segment ${st.position}) has no SE trailer`);
        } else {
          const count = Number(se.elements[0]);
          if (!sameControl(se.elements[1], set.control)) err(se, `SE02 ${se.elements[1]} does not match ST02 ${set.control}`);
          if (count !== set.segments.length + 2) err(se, `SE01 says ${se.elements[0]} segments, the set has ${set.segments.length + 2}`);
          i++;
        }
        group.sets.push(set);
      }
      const ge = segs[i];
      if (ge?.id !== 'GE') {
        err(ge ?? gs, `functional group ${group.control} has no GE trailer`);
      } else {
        if (Number(ge.elements[0]) !== group.sets.length) err(ge, `GE01 says ${ge.elements[0]} transaction sets, the group has ${group.sets.length}`);
        if (!sameControl(ge.elements[1], group.control)) err(ge, `GE02 ${ge.elements[1]} does not match GS06 ${group.control}`);
        i++;
      }
      ic.groups.push(group);
    }
    const iea = segs[i];
    if (iea?.id !== 'IEA') {
      err(iea ?? isa, `interchange ${ic.control} has no IEA trailer${iea ? ` (found ${iea.id})` : ''}`);
      interchanges.push(ic);
      break;
    }
    if (Number(iea.elements[0]) !== ic.groups.length) err(iea, `IEA01 says ${iea.elements[0]} functional groups, the interchange has ${ic.groups.length}`);
    if (!sameControl(iea.elements[1], ic.control)) err(iea, `IEA02 ${iea.elements[1]} does not match ISA13 ${ic.control}`);
    interchanges.push(ic);
    i++;
  }
  if (!interchanges.length && !errors.length) errors.push({ position: 0, message: 'no interchange found' });
  return errors.length ? { ok: false, errors } : { ok: true, interchanges };
}

/** Control numbers are numeric; some senders pad them differently in header and trailer. */
function sameControl(a: string | undefined, b: string): boolean {
  const norm = (x: string) => x.trim().replace(/^0+(?=\d)/, '');
  return a !== undefined && norm(a) === norm(b);
}

export function element(seg: Segment, n: number): string {
  return (seg.elements[n - 1] ?? '').trim();
}
