import type { Sql } from '../../db/db.ts';
import { letterLanguage } from '../../collections/propose.ts';
import type { Customer } from '../../customers/customers.ts';
import { enqueueMessage } from '../../notifications/queue.ts';
import { formatDate, formatMoney } from '../../notifications/templates/format.ts';
import { formatAmount } from '../../shared/money.ts';
import type { Scope } from '../../shared/scope.ts';
import { maskIban, type Mandate } from './mandates.ts';

/**
 * The SEPA pre-notification: the debtor learns amount, date, mandate and our creditor identifier before the debit,
 * by email when we have an address (mailed after the submission commits; once per debit). Without an address the
 * invoice and customer timelines still say it (direct_debit.announced), for the paper or portal route.
 */
export async function queuePreNotification(tx: Sql, s: Scope, n: {
  customer: Customer; transactionId: string; mandate: Mandate; amount: bigint; collectionDate: string; remittance: string; creditorId: string; creditorName: string;
}): Promise<boolean> {
  if (!n.customer.email) return false;
  const lang = letterLanguage(n.customer);
  const amount = formatMoney(formatAmount(n.amount, 'EUR'), 'EUR', lang);
  const date = formatDate(n.collectionDate, lang);
  const account = maskIban(n.mandate.iban);
  const mail = lang === 'de'
    ? {
      subject: `Vorabinformation: SEPA-Lastschrift über ${amount} am ${date}`,
      text: `Sehr geehrte Damen und Herren,\n\nwir ziehen am ${date} ${amount} für ${n.remittance} von Ihrem Konto ${account} ein.\n`
        + `Mandatsreferenz: ${n.mandate.reference}\nGläubiger-Identifikationsnummer: ${n.creditorId}\n\nMit freundlichen Grüßen\n${n.creditorName}\n`,
    }
    : {
      subject: `Pre-notification: SEPA direct debit of ${amount} on ${date}`,
      text: `Dear customer,\n\non ${date} we will debit ${amount} for ${n.remittance} from your account ${account}.\n`
        + `Mandate reference: ${n.mandate.reference}\nCreditor identifier: ${n.creditorId}\n\nKind regards\n${n.creditorName}\n`,
    };
  return enqueueMessage(tx, s, {
    dedupeKey: `dd-prenotification:${n.transactionId}`, kind: 'direct_debit_prenotification',
    subject: { type: 'customer', id: n.customer.id }, to: n.customer.email, mail,
  });
}
