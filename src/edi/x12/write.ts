/** Writes X12 with the common separators: * between elements, > between components, ~ and a newline after segments. */
export type OutSegment = [string, ...(string | number | undefined)[]];

export interface Envelope {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  interchangeControl: number;
  groupControl: number;
  functionalId: string; // GS01: "FA" for 997, "PR" for 855, "SH" for 856, "IN" for 810
  version?: string; // GS08
  at: Date;
  usage?: 'P' | 'T';
}

const clean = (v: string | number | undefined) => (v === undefined ? '' : String(v).replace(/[*~>\r\n]/g, ' '));

function pad(v: string, n: number) {
  return v.slice(0, n).padEnd(n, ' ');
}

function segmentText(seg: OutSegment): string {
  const parts = seg.map(clean);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('*') + '~';
}

/** One interchange with one group holding the given transaction sets (each without its ST/SE). */
export function writeInterchange(env: Envelope, sets: { type: string; segments: OutSegment[] }[]): string {
  const d = env.at.toISOString();
  const yymmdd = d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
  const ccyymmdd = d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10);
  const hhmm = d.slice(11, 13) + d.slice(14, 16);
  const isaControl = String(env.interchangeControl).padStart(9, '0');
  const out: string[] = [];
  // ISA is fixed-width (106 characters) and carries the component separator itself, so it is written by hand.
  out.push(['ISA', '00', pad('', 10), '00', pad('', 10), pad(clean(env.senderQualifier), 2), pad(clean(env.senderId), 15),
    pad(clean(env.receiverQualifier), 2), pad(clean(env.receiverId), 15), yymmdd, hhmm, 'U', '00401', isaControl, '0', env.usage ?? 'P', '>'].join('*') + '~');
  out.push(segmentText(['GS', env.functionalId, env.senderId, env.receiverId, ccyymmdd, hhmm, env.groupControl, 'X', env.version ?? '004010']));
  sets.forEach((set, i) => {
    const control = String(i + 1).padStart(4, '0');
    out.push(segmentText(['ST', set.type, control]));
    for (const s of set.segments) out.push(segmentText(s));
    out.push(segmentText(['SE', set.segments.length + 2, control]));
  });
  out.push(segmentText(['GE', sets.length, env.groupControl]));
  out.push(segmentText(['IEA', 1, isaControl]));
  return out.join('\n') + '\n';
}
