// The official e-invoice rules as a test oracle: the OASIS UBL 2.1 XSD (xmllint), the CEN EN 16931 schematron
// and the Peppol BIS Billing 3.0 schematron (their published XSLT, run by Saxon-HE on Java), the same three layers
// as shared/conformance/validate-ubl.sh. Saxon spends ~2 s compiling a stylesheet and milliseconds per document,
// so every document asked for in the same tick goes through one xmllint and one Saxon run per stylesheet.
// CII (UN/CEFACT Cross Industry Invoice, the XML of Factur-X / ZUGFeRD) goes through the CEN EN 16931 CII
// schematron the same way; the conformance folder has no CII schema, so xmllint only checks it is well-formed.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { nodes, parseXml, text, attr } from '../../src/shared/xml.ts';

const run = promisify(execFile);

export const CONFORMANCE_DIR = resolve(process.env.O2C_CONFORMANCE_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance'));
const SAXON_JAR = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
const XSD = {
  Invoice: join(CONFORMANCE_DIR, 'xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd'),
  CreditNote: join(CONFORMANCE_DIR, 'xsd/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd'),
};
const SCHEMATRON = {
  en16931: join(CONFORMANCE_DIR, 'en16931/ubl/xslt/EN16931-UBL-validation.xslt'),
  peppol: join(CONFORMANCE_DIR, 'peppol/release-2026.5-3.0.21/xslt/PEPPOL-EN16931-UBL.xslt'),
};
const CII_SCHEMATRON = join(CONFORMANCE_DIR, 'en16931/cii/xslt/EN16931-CII-validation.xslt');
// A short-lived JVM: the C1 compiler and the serial collector roughly halve Saxon's stylesheet compile time.
const JAVA_OPTS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export type Layer = 'xsd' | 'en16931' | 'peppol';
export interface Finding { layer: Layer; id: string; text: string; location: string }
export interface UblReport { fatal: Finding[]; warnings: Finding[] }

/** Why the official rules cannot run here (a tool or the rule files missing), or null when they can. */
export function conformanceUnavailable(): string | null {
  if (!existsSync(SCHEMATRON.peppol) || !existsSync(XSD.Invoice)) return `the conformance files are not at ${CONFORMANCE_DIR} (O2C_CONFORMANCE_DIR)`;
  if (spawnSync('xmllint', ['--version']).status !== 0) return 'xmllint missing (apt-get install libxml2-utils)';
  if (spawnSync('java', ['-version']).status !== 0) return 'java missing (apt-get install default-jre-headless)';
  if (!existsSync(SAXON_JAR)) return `Saxon-HE missing at ${SAXON_JAR} (apt-get install libsaxonhe-java)`;
  return null;
}

/** Why the EN 16931 CII rules cannot run here, or null when they can. */
export function ciiConformanceUnavailable(): string | null {
  if (!existsSync(CII_SCHEMATRON)) return `the EN 16931 CII rules are not at ${CII_SCHEMATRON} (O2C_CONFORMANCE_DIR)`;
  return conformanceUnavailable();
}

/** Validates documents in one xmllint run and one Saxon run per rule set; reports in the order given. */
export async function validateUblBatch(xmls: string[]): Promise<UblReport[]> {
  const dir = await mkdtemp(join(tmpdir(), 'o2c-ubl-'));
  try {
    const names = xmls.map((_, i) => `doc-${String(i).padStart(4, '0')}.xml`);
    for (const sub of ['in', 'ok', 'en16931', 'peppol']) await mkdir(join(dir, sub));
    await Promise.all(xmls.map((x, i) => writeFile(join(dir, 'in', names[i]), x)));
    const reports: UblReport[] = xmls.map(() => ({ fatal: [], warnings: [] }));
    const wellFormed = await schemaLayer(dir, names, xmls, reports);
    if (wellFormed.length) {
      // Saxon transforms every file of a directory; only well-formed documents go there.
      await Promise.all(wellFormed.map((i) => writeFile(join(dir, 'ok', names[i]), xmls[i])));
      await Promise.all((['en16931', 'peppol'] as const).map((layer) =>
        run('java', [...JAVA_OPTS, '-cp', SAXON_JAR, 'net.sf.saxon.Transform', `-s:${join(dir, 'ok')}`, `-xsl:${SCHEMATRON[layer]}`, `-o:${join(dir, layer)}`],
          { maxBuffer: 64 * 1024 * 1024 })));
      for (const i of wellFormed) {
        for (const layer of ['en16931', 'peppol'] as const) {
          for (const f of svrlFindings(await readFile(join(dir, layer, names[i]), 'utf8'), layer)) {
            (f.flag === 'fatal' ? reports[i].fatal : reports[i].warnings).push(f.finding);
          }
        }
      }
    }
    return reports;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** XSD per root element; returns the indexes of the well-formed documents. */
async function schemaLayer(dir: string, names: string[], xmls: string[], reports: UblReport[]): Promise<number[]> {
  const wellFormed: number[] = [];
  for (const root of ['Invoice', 'CreditNote'] as const) {
    const mine = xmls.flatMap((x, i) => (rootOf(x) === root ? [i] : []));
    if (!mine.length) continue;
    const r = await run('xmllint', ['--noout', '--schema', XSD[root], ...mine.map((i) => join('in', names[i]))], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
      .catch((e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr }));
    for (const i of mine) {
      const own = r.stderr.split('\n').filter((l) => l.startsWith(`in/${names[i]}:`));
      const broken = own.some((l) => / parser error /.test(l));
      if (!broken) wellFormed.push(i);
      const errors = own.filter((l) => !l.endsWith(' validates') && !l.endsWith(' fails to validate'));
      for (const l of errors) reports[i].fatal.push({ layer: 'xsd', id: broken ? 'XML' : 'XSD', text: l.slice(`in/${names[i]}:`.length), location: '' });
      if (!errors.length && !r.stderr.includes(`in/${names[i]} validates`)) {
        reports[i].fatal.push({ layer: 'xsd', id: 'XSD', text: 'xmllint did not validate the document', location: '' });
      }
    }
  }
  xmls.forEach((x, i) => {
    if (!rootOf(x)) reports[i].fatal.push({ layer: 'xsd', id: 'XSD', text: 'the root element is not a UBL 2.1 Invoice or CreditNote', location: '' });
  });
  return wellFormed.sort((a, b) => a - b);
}

function rootOf(xml: string): 'Invoice' | 'CreditNote' | null {
  const m = /<(?:[\w.-]+:)?(Invoice|CreditNote)\b[^>]*\sxmlns(?::[\w.-]+)?="urn:oasis:names:specification:ubl:schema:xsd:(Invoice|CreditNote)-2"/.exec(xml);
  return m && m[1] === m[2] ? (m[1] as 'Invoice' | 'CreditNote') : null;
}

function svrlFindings(svrl: string, layer: Layer): { flag: string; finding: Finding }[] {
  const doc = parseXml(svrl);
  if (!doc.ok) throw new Error(`${layer}: Saxon wrote no readable SVRL (${doc.message})`);
  return ['failed-assert', 'successful-report'].flatMap((kind) => nodes(doc.root, kind)).map((n) => ({
    flag: attr(n, 'flag') || 'fatal',
    finding: { layer, id: attr(n, 'id'), text: text(n, 'text').replace(/\s+/g, ' '), location: attr(n, 'location').replace(/\[namespace-uri\(\)='[^']*'\]/g, '') },
  }));
}

/** CII documents: well-formedness (xmllint), then the EN 16931 CII rules in one Saxon run. */
export async function validateCiiBatch(xmls: string[]): Promise<UblReport[]> {
  const dir = await mkdtemp(join(tmpdir(), 'o2c-cii-'));
  try {
    const names = xmls.map((_, i) => `doc-${String(i).padStart(4, '0')}.xml`);
    for (const sub of ['in', 'ok', 'en16931']) await mkdir(join(dir, sub));
    await Promise.all(xmls.map((x, i) => writeFile(join(dir, 'in', names[i]), x)));
    const reports: UblReport[] = xmls.map(() => ({ fatal: [], warnings: [] }));
    const r = await run('xmllint', ['--noout', ...names.map((n) => join('in', n))], { cwd: dir, maxBuffer: 64 * 1024 * 1024 })
      .catch((e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr }));
    const wellFormed = names.flatMap((n, i) => {
      const errors = r.stderr.split('\n').filter((l) => l.startsWith(`in/${n}:`));
      for (const l of errors) reports[i].fatal.push({ layer: 'xsd', id: 'XML', text: l.slice(`in/${n}:`.length), location: '' });
      const isCii = /<(?:[\w.-]+:)?CrossIndustryInvoice\b[^>]*\sxmlns(?::[\w.-]+)?="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/.test(xmls[i]);
      if (!errors.length && !isCii) reports[i].fatal.push({ layer: 'xsd', id: 'XML', text: 'the root element is not a CII CrossIndustryInvoice', location: '' });
      return errors.length || !isCii ? [] : [i];
    });
    if (wellFormed.length) {
      await Promise.all(wellFormed.map((i) => writeFile(join(dir, 'ok', names[i]), xmls[i])));
      await run('java', [...JAVA_OPTS, '-cp', SAXON_JAR, 'net.sf.saxon.Transform', `-s:${join(dir, 'ok')}`, `-xsl:${CII_SCHEMATRON}`, `-o:${join(dir, 'en16931')}`],
        { maxBuffer: 64 * 1024 * 1024 });
      for (const i of wellFormed) {
        for (const f of svrlFindings(await readFile(join(dir, 'en16931', names[i]), 'utf8'), 'en16931')) {
          (f.flag === 'fatal' ? reports[i].fatal : reports[i].warnings).push(f.finding);
        }
      }
    }
    return reports;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Gathers the documents asked for in the same tick and validates them in one run. */
function batched(validate: (xmls: string[]) => Promise<UblReport[]>): (xml: string) => Promise<UblReport> {
  let pending: { xml: string; done: (r: UblReport) => void; fail: (e: unknown) => void }[] = [];
  return (xml) => new Promise((done, fail) => {
    if (!pending.length) {
      setImmediate(() => {
        const batch = pending;
        pending = [];
        validate(batch.map((p) => p.xml)).then(
          (reports) => batch.forEach((p, i) => p.done(reports[i])),
          (e) => batch.forEach((p) => p.fail(e)));
      });
    }
    pending.push({ xml, done, fail });
  });
}

/** One document's findings; documents asked for in the same tick share one validation run. */
export const validateUbl = batched(validateUblBatch);

/** One CII document's findings against the EN 16931 CII rules, batched like validateUbl. */
export const validateCii = batched(validateCiiBatch);

/** "BR-CO-16 [en16931] …" per fatal finding, for assertion messages. */
export function describeFatal(r: UblReport): string {
  return r.fatal.map((f) => `${f.id} [${f.layer}] ${f.text}${f.location ? ` at ${f.location}` : ''}`).join('\n');
}
