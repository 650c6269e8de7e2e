import { looksLikeXml } from '../../shared/xml.ts';
import { looksLikeBai2 } from './bai2.ts';
import { looksLikeCamt } from './camt.ts';
import { looksLikeLockbox } from './lockbox.ts';
import type { StatementFormat } from './model.ts';
import { looksLikeMt940 } from './mt940.ts';

/**
 * The format of a bank file, told from its content alone (file names and extensions lie): camt by its
 * namespace or message element, BAI2 by its 01 file header, MT940 by its :20:/:25:/:61: tags, a lockbox
 * file by its cheque and invoice columns, anything else with a header row as a bank CSV. MT940 and MT942
 * share a parser and are told apart by their fields, as are camt.052/053/054. Null when it is none of them.
 */
export function detectFormat(text: string): StatementFormat | null {
  const t = text.replace(/^\uFEFF/, '');
  if (!t.trim()) return null;
  if (looksLikeXml(t)) return looksLikeCamt(t) ? camtKind(t) : null;
  if (looksLikeBai2(t)) return 'bai2';
  if (looksLikeMt940(t)) return 'mt940';
  if (looksLikeLockbox(t)) return 'lockbox';
  const first = t.split(/\r?\n/, 1)[0];
  return /[,;\t|]/.test(first) ? 'csv' : null;
}

function camtKind(t: string): StatementFormat {
  const head = t.slice(0, 4000);
  if (/camt\.052|BkToCstmrAcctRpt/.test(head)) return 'camt.052';
  if (/camt\.054|BkToCstmrDbtCdtNtfctn/.test(head)) return 'camt.054';
  return 'camt.053';
}
