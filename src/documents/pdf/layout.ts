import { existsSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The one page layout of every business document (packing slip, invoice, credit note): letterhead, title with
 * key/value facts, addresses, then sections flowing over as many A4 pages as they need, each page footed with the
 * document's name and "Page n / m". Callers describe the content; this file alone knows about points and fonts.
 */
export interface Company {
  name: string;
  address_lines: string[];
  vat_number?: string | null;
  /** PNG or JPEG bytes, drawn top right. */
  logo?: Uint8Array | null;
}

export type Align = 'left' | 'center' | 'right';

export interface Column {
  header: string;
  /** Share of the table's width, relative to the other columns' widths. */
  width: number;
  align?: Align;
}

export type Section =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  | { kind: 'totals'; rows: { label: string; value: string; strong?: boolean }[] };

export interface BusinessDocument {
  company: Company;
  title: string;
  /** The document's own number, repeated in every page's footer. */
  number: string;
  /** Becomes the PDF's creation date: taken from the business data rather than the clock, so the same input gives the same bytes. */
  date: Date;
  header: [label: string, value: string][];
  addresses: { label: string; lines: string[] }[];
  sections: Section[];
}

/** TrueType files for body and bold text, embedded (as subsets) in the PDF. */
export interface Fonts {
  regular: string;
  bold: string;
}

/** A file carried inside the PDF as an associated file (PDF/A-3), e.g. the XML of a hybrid e-invoice. */
export interface Attachment {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
  relationship: 'Data' | 'Alternative' | 'Source' | 'Supplement';
}

export interface RenderOptions {
  /** Without them, pdfkit's Helvetica: not embedded, and limited to the WinAnsi characters. */
  fonts?: Fonts;
  /** PDF/A-3b for archiving: needs `fonts`, as PDF/A embeds every font; `xmp` is added to the metadata as is. */
  pdfA3?: { attachments: Attachment[]; xmp: string };
}

const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

/** DejaVu Sans, which covers every European alphabet; Debian's fonts-dejavu-core installs it. */
export function dejaVuSans(): Fonts {
  const fonts = { regular: join(DEJAVU_DIR, 'DejaVuSans.ttf'), bold: join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf') };
  for (const f of Object.values(fonts)) if (!existsSync(f)) throw new Error(`font ${f} missing (apt-get install fonts-dejavu-core)`);
  return fonts;
}

const MARGINS = { top: 50, left: 50, right: 50, bottom: 70 };
const HELVETICA = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const BODY = 9;
const MUTED = '#555555';
const RULE = '#bbbbbb';
const SHADE = '#eeeeee';
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const LOGO_BOX: [number, number] = [160, 60];
// A heading closer than this to the page's end moves to the next page with what it introduces.
const KEEP_WITH_HEADING = 60;

export function renderPdf(doc: BusinessDocument, opts: RenderOptions = {}): Promise<Uint8Array> {
  if (opts.pdfA3 && !opts.fonts) throw new Error('PDF/A embeds every font: it needs TrueType fonts');
  return new Promise((resolve, reject) => {
    const title = `${doc.title} ${doc.number}`;
    const pdf = new PDFDocument({
      size: 'A4',
      margins: MARGINS,
      // Footers need the page count, known only once every page exists.
      bufferPages: true,
      // pdfkit copies Title and Author into the XMP unescaped, where a name like "Smith & Sons" breaks it, so
      // for PDF/A they go into the XMP escaped, by us.
      info: opts.pdfA3
        ? { Creator: 'o2c', Producer: 'o2c', CreationDate: doc.date }
        : { Title: title, Author: doc.company.name, Creator: 'o2c', Producer: 'o2c', CreationDate: doc.date },
      // The default font would load Helvetica, which PDF/A does not allow unembedded.
      ...(opts.fonts && { font: opts.fonts.regular }),
      ...(opts.pdfA3 && { subset: 'PDF/A-3b', pdfVersion: '1.7' }),
    });
    const chunks: Uint8Array[] = [];
    pdf.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);

    if (opts.pdfA3) archival(pdf, doc, title, opts.pdfA3);
    // pdfkit caches a font under the name it was first set by; file paths as names keep each file parsed once.
    const page = new Pager(pdf, opts.fonts ?? HELVETICA);
    page.letterhead(doc.company);
    page.titleBlock(doc.title, doc.header);
    page.addresses(doc.addresses);
    for (const s of doc.sections) page.section(s);
    page.footers(`${doc.title} ${doc.number}`);
    pdf.end();
  });
}

function archival(pdf: PDFKit.PDFDocument, doc: BusinessDocument, title: string, a: NonNullable<RenderOptions['pdfA3']>): void {
  pdf.appendXML(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(title)}</rdf:li></rdf:Alt></dc:title>
  <dc:creator><rdf:Seq><rdf:li>${xmlText(doc.company.name)}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>`);
  pdf.appendXML(a.xmp);
  for (const f of a.attachments) {
    // PDF/A-3 wants each file's MIME type, date and relationship; the dates are the document's, for the same bytes.
    // (@types/pdfkit does not know `relationship` yet; pdfkit writes it as AFRelationship.)
    const options = { name: f.name, type: f.mimeType, description: f.description, relationship: f.relationship, creationDate: doc.date, modifiedDate: doc.date };
    pdf.file(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), options);
  }
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Style {
  font?: string;
  size?: number;
  color?: string;
  align?: Align;
}

/** Draws top to bottom, tracking the vertical position and starting new pages when the next piece won't fit. */
class Pager {
  private y = MARGINS.top;
  private readonly left = MARGINS.left;
  private readonly width: number;
  private readonly bottom: number;

  constructor(private readonly pdf: PDFKit.PDFDocument, private readonly fonts: Fonts) {
    this.width = pdf.page.width - MARGINS.left - MARGINS.right;
    this.bottom = pdf.page.height - MARGINS.bottom;
  }

  letterhead(c: Company): void {
    const top = this.y;
    const logo = c.logo?.length ? c.logo : null;
    if (logo) {
      const bytes = Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength);
      this.pdf.image(bytes, this.left + this.width - LOGO_BOX[0], top, { fit: LOGO_BOX, align: 'right' });
    }
    const w = logo ? this.width - LOGO_BOX[0] - 12 : this.width;
    let y = top + this.write(c.name, this.left, top, w, { font: this.fonts.bold, size: 14 }) + 2;
    const lines = c.vat_number ? [...c.address_lines, `VAT number ${c.vat_number}`] : c.address_lines;
    for (const line of lines) y += this.write(line, this.left, y, w, { color: MUTED });
    this.y = Math.max(y, logo ? top + LOGO_BOX[1] : y) + 24;
  }

  titleBlock(title: string, header: [string, string][]): void {
    this.y += this.write(title, this.left, this.y, this.width, { font: this.fonts.bold, size: 18 }) + 8;
    const labelWidth = 110;
    for (const [label, value] of header) {
      const h = Math.max(
        this.write(label, this.left, this.y, labelWidth, { font: this.fonts.bold }),
        this.write(value, this.left + labelWidth, this.y, this.width - labelWidth),
      );
      this.y += h + 2;
    }
    this.y += 14;
  }

  addresses(blocks: { label: string; lines: string[] }[]): void {
    if (!blocks.length) return;
    const columnWidth = this.width / Math.max(blocks.length, 2);
    let height = 0;
    blocks.forEach((b, i) => {
      const x = this.left + i * columnWidth;
      let y = this.y + this.write(b.label.toUpperCase(), x, this.y, columnWidth - 12, { font: this.fonts.bold, size: 8, color: MUTED }) + 3;
      for (const line of b.lines) y += this.write(line, x, y, columnWidth - 12, { size: 10 });
      height = Math.max(height, y - this.y);
    });
    this.y += height + 18;
  }

  section(s: Section): void {
    switch (s.kind) {
      case 'heading': return this.heading(s.text);
      case 'paragraph': return this.paragraph(s.text);
      case 'table': return this.table(s.columns, s.rows);
      case 'totals': return this.totals(s.rows);
    }
  }

  footers(name: string): void {
    const { start, count } = this.pdf.bufferedPageRange();
    const y = this.pdf.page.height - MARGINS.bottom + 25;
    const half = this.width / 2;
    for (let i = 0; i < count; i++) {
      this.pdf.switchToPage(start + i);
      // pdfkit starts a new page for text below the bottom margin, which is exactly where a footer goes.
      this.pdf.page.margins.bottom = 0;
      this.pdf.moveTo(this.left, y - 6).lineTo(this.left + this.width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
      this.write(name, this.left, y, half, { size: 8, color: MUTED });
      this.write(`Page ${i + 1} / ${count}`, this.left + half, y, half, { size: 8, color: MUTED, align: 'right' });
      this.pdf.page.margins.bottom = MARGINS.bottom;
    }
  }

  private heading(text: string): void {
    if (this.y > MARGINS.top) this.y += 8;
    this.room(this.measure(text, this.width, { font: this.fonts.bold, size: 11 }) + KEEP_WITH_HEADING);
    this.y += this.write(text, this.left, this.y, this.width, { font: this.fonts.bold, size: 11 }) + 4;
  }

  private paragraph(text: string): void {
    this.room(this.measure(text, this.width, {}));
    this.style({});
    // Left to pdfkit, a paragraph longer than the page's rest flows onto the next page by itself.
    this.pdf.text(text, this.left, this.y, { width: this.width });
    this.y = this.pdf.y + 6;
  }

  private table(columns: Column[], rows: string[][]): void {
    const share = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / share) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const header = columns.map((c) => c.header);
    const heightOf = (cells: string[], font: string) =>
      2 * CELL_PAD_Y + Math.max(...cells.map((t, i) => this.measure(t, widths[i] - 2 * CELL_PAD_X, { font })));
    const draw = (cells: string[], font: string, shaded: boolean) => {
      const h = heightOf(cells, font);
      if (shaded) this.pdf.rect(this.left, this.y, this.width, h).fill(SHADE);
      cells.forEach((t, i) =>
        this.write(t, xs[i] + CELL_PAD_X, this.y + CELL_PAD_Y, widths[i] - 2 * CELL_PAD_X, { font, align: columns[i].align }),
      );
      this.y += h;
      this.pdf.moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.5).strokeColor(RULE).stroke();
    };

    const { regular, bold } = this.fonts;
    this.room(heightOf(header, bold) + (rows.length ? heightOf(rows[0], regular) : 0));
    draw(header, bold, true);
    for (const row of rows) {
      if (this.room(heightOf(row, regular))) draw(header, bold, true);
      draw(row, regular, false);
    }
    this.y += 10;
  }

  private totals(rows: { label: string; value: string; strong?: boolean }[]): void {
    const width = Math.min(240, this.width);
    const valueWidth = 100;
    const x = this.left + this.width - width;
    const fontOf = (r: { strong?: boolean }) => (r.strong ? this.fonts.bold : this.fonts.regular);
    const heights = rows.map((r) => this.measure(r.label, width - valueWidth, { font: fontOf(r) }) + 3);
    this.room(heights.reduce((s, h) => s + h, 0));
    rows.forEach((r, i) => {
      const font = fontOf(r);
      if (r.strong) this.pdf.moveTo(x, this.y - 1).lineTo(x + width, this.y - 1).lineWidth(0.5).strokeColor(RULE).stroke();
      this.write(r.label, x, this.y + 1, width - valueWidth, { font });
      this.write(r.value, x + width - valueWidth, this.y + 1, valueWidth, { font, align: 'right' });
      this.y += heights[i];
    });
    this.y += 10;
  }

  /** Starts a new page unless `height` fits on this one; on a fresh page it is drawn anyway, as waiting would not help. */
  private room(height: number): boolean {
    if (this.y + height <= this.bottom || this.y === MARGINS.top) return false;
    this.pdf.addPage();
    this.y = MARGINS.top;
    return true;
  }

  private style(s: Style): void {
    this.pdf.font(s.font ?? this.fonts.regular).fontSize(s.size ?? BODY).fillColor(s.color ?? 'black');
  }

  private measure(text: string, width: number, s: Style): number {
    this.style(s);
    return this.pdf.heightOfString(text, { width });
  }

  /** Draws text wrapped to `width` and returns the height it took. */
  private write(text: string, x: number, y: number, width: number, s: Style = {}): number {
    this.style(s);
    this.pdf.text(text, x, y, { width, align: s.align ?? 'left' });
    return this.pdf.y - y;
  }
}
