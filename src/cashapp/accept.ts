import type { Sql } from '../db/db.ts';
import { Failure } from '../shared/failure.ts';
import type { Scope } from '../shared/scope.ts';
import { applyPlan } from './apply.ts';
import { learnPayer } from './knowledge.ts';
import { lockLine, type StatementLine } from './lines.ts';
import { matchesOf } from './workbench.ts';

/**
 * A person confirms a suggestion as matching made it: the same cash per item and the same differences settled
 * (an early-payment discount, bank charges), which a confirmation typed by hand cannot express. The payer is
 * remembered for the customer, as with any decision a person takes.
 */
export async function acceptSuggestion(tx: Sql, s: Scope, lineId: string): Promise<StatementLine> {
  const line = await lockLine(tx, s.tenantId, lineId);
  const matches = line.status === 'suggested' ? (await matchesOf(tx, s.tenantId, [line.id])).filter((m) => m.status === 'suggested') : [];
  const customerId = line.customer_id ?? matches[0]?.customer_id;
  if (!matches.length || !customerId) throw new Failure('invalid_state', `statement line ${line.line_ref} has no suggestion (${line.status})`);
  const updated = await applyPlan(tx, s, line.id, {
    customerId,
    allocations: matches.map((m) => ({
      itemId: m.ar_item_id, documentNumber: m.document_number, customerId: m.customer_id, cash: m.cash, discount: m.discount, charges: m.charges,
      shortfall: m.shortfall,
    })),
    rule: line.rule ?? 'suggestion',
    confidence: line.confidence ?? 0,
    evidence: [line.evidence, `confirmed by ${s.actor.name}`].filter(Boolean).join('; '),
  }, 'confirmed');
  await learnPayer(tx, s, customerId, {
    iban: line.counterparty_iban, account: line.counterparty_account, name: line.counterparty_name, remittance: line.remittance,
    documents: matches.map((m) => m.document_number),
  });
  return updated;
}
