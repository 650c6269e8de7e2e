import { invoiceLayout, type DocumentPdfOptions } from '../documents/pdf/invoice.ts';
import { dejaVuSans, renderPdf } from '../documents/pdf/layout.ts';
import { Failure } from '../shared/failure.ts';
import { ciiInvoice } from './cii.ts';
import type { EInvoice } from './model.ts';

// Factur-X 1.0 / ZUGFeRD 2: the invoice PDF as PDF/A-3b with its CII XML inside as factur-x.xml, so a person
// reads the PDF and a machine the XML, and both say the same. The XML is the whole invoice (EN 16931 profile),
// hence the relationship "Alternative". The XMP names the embedded file and the profile, and declares the fx
// schema as PDF/A demands for any metadata outside its predefined schemas.

export const FACTURX_FILENAME = 'factur-x.xml';
const FX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

const FX_PROPERTIES: [name: string, description: string][] = [
  ['DocumentFileName', 'The name of the embedded XML document'],
  ['DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'],
  ['Version', 'The actual version of the standard applying to the embedded XML document'],
  ['ConformanceLevel', 'The conformance level of the embedded XML document'],
];

const XMP = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>${FX_NAMESPACE}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>fx</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq>
${FX_PROPERTIES.map(([name, description]) => `      <rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`).join('\n')}
    </rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="${FX_NAMESPACE}">
  <fx:DocumentType>INVOICE</fx:DocumentType>
  <fx:DocumentFileName>${FACTURX_FILENAME}</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>`;

/** The invoice PDF (invoicePdf's layout) as a Factur-X EN 16931 hybrid: PDF/A-3b carrying ciiInvoice(doc). */
export async function facturxPdf(doc: EInvoice, opts: DocumentPdfOptions): Promise<Uint8Array> {
  if (doc.kind === 'credit_note') throw new Failure('invalid_state', `${doc.number} is a credit note; Factur-X is made here for invoices`);
  return renderPdf(invoiceLayout(doc, opts), {
    fonts: dejaVuSans(),
    pdfA3: {
      attachments: [{
        name: FACTURX_FILENAME, bytes: new TextEncoder().encode(ciiInvoice(doc)), mimeType: 'text/xml',
        description: `Invoice ${doc.number} as UN/CEFACT CII (EN 16931)`, relationship: 'Alternative',
      }],
      xmp: XMP,
    },
  });
}
