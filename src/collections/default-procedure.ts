import type { Lang } from '../notifications/templates/format.ts';

/** A level as entered: amounts as decimal text in the procedure's currency, the rate as percent text. */
export interface LevelSpec {
  level: number;
  name: string;
  days_after_due: number;
  pay_within_days: number;
  fee: string;
  /** Annual default interest in percent, e.g. "9" or "9.12". */
  interest_rate: string;
  templates: Record<Lang, TemplateSpec>;
}

export interface TemplateSpec {
  subject: string;
  body: string;
  letter_title: string;
  letter_body: string;
}

// What every tenant starts with: four letters a fortnight apart. A friendly reminder costs nothing; from the second
// notice on there is a fee and default interest (9 % a year: set your jurisdiction's statutory rate); the
// hand-over fee is the 40.00 recovery flat sum the EU late-payment directive (2011/7/EU, art. 6) grants against
// business debtors.
export const DEFAULT_LEVELS: LevelSpec[] = [
  {
    level: 1, name: 'Friendly reminder', days_after_due: 7, pay_within_days: 7, fee: '0.00', interest_rate: '0',
    templates: {
      en: {
        subject: 'Payment reminder {notice_number} – {company}',
        body: 'Hello {customer},\n\nperhaps it slipped through: the items below were due and we have not received your payment yet. Please transfer {total} by {pay_by}. If you have paid in the meantime, thank you, and please ignore this reminder.',
        letter_title: 'Payment reminder',
        letter_body: 'Perhaps it slipped through: the items below were due and we have not received your payment yet. Please transfer {total} by {pay_by}. If you have paid in the meantime, thank you, and please ignore this reminder.',
      },
      de: {
        subject: 'Zahlungserinnerung {notice_number} – {company}',
        body: 'Guten Tag {customer},\n\nsicher ist es Ihnen entgangen: Die unten aufgeführten Posten sind fällig, und Ihre Zahlung ist bei uns noch nicht eingegangen. Bitte überweisen Sie {total} bis zum {pay_by}. Sollten Sie inzwischen bezahlt haben, danken wir Ihnen und bitten Sie, diese Erinnerung zu übersehen.',
        letter_title: 'Zahlungserinnerung',
        letter_body: 'Sicher ist es Ihnen entgangen: Die unten aufgeführten Posten sind fällig, und Ihre Zahlung ist bei uns noch nicht eingegangen. Bitte überweisen Sie {total} bis zum {pay_by}. Sollten Sie inzwischen bezahlt haben, danken wir Ihnen und bitten Sie, diese Erinnerung zu übersehen.',
      },
    },
  },
  {
    level: 2, name: 'Second notice', days_after_due: 21, pay_within_days: 7, fee: '5.00', interest_rate: '9',
    templates: {
      en: {
        subject: 'Second notice {notice_number}: overdue items – {company}',
        body: 'Hello {customer},\n\nour reminder has gone unanswered and the items below are still open. We charge a dunning fee and default interest as listed. Please transfer {total} by {pay_by}.',
        letter_title: 'Second notice',
        letter_body: 'Our reminder has gone unanswered and the items below are still open. We charge a dunning fee and default interest as listed. Please transfer {total} by {pay_by}.',
      },
      de: {
        subject: 'Zweite Mahnung {notice_number}: überfällige Posten – {company}',
        body: 'Guten Tag {customer},\n\nauf unsere Zahlungserinnerung haben wir keine Antwort erhalten, und die unten aufgeführten Posten sind weiterhin offen. Wir berechnen eine Mahngebühr und Verzugszinsen wie aufgeführt. Bitte überweisen Sie {total} bis zum {pay_by}.',
        letter_title: 'Zweite Mahnung',
        letter_body: 'Auf unsere Zahlungserinnerung haben wir keine Antwort erhalten, und die unten aufgeführten Posten sind weiterhin offen. Wir berechnen eine Mahngebühr und Verzugszinsen wie aufgeführt. Bitte überweisen Sie {total} bis zum {pay_by}.',
      },
    },
  },
  {
    level: 3, name: 'Final notice', days_after_due: 35, pay_within_days: 7, fee: '10.00', interest_rate: '9',
    templates: {
      en: {
        subject: 'Final notice {notice_number} – {company}',
        body: 'Hello {customer},\n\ndespite two letters the items below are still unpaid. This is our final notice: unless {total} reaches us by {pay_by}, we will hand the claim over to a collection agency without further notice, at your cost.',
        letter_title: 'Final notice',
        letter_body: 'Despite two letters the items below are still unpaid. This is our final notice: unless {total} reaches us by {pay_by}, we will hand the claim over to a collection agency without further notice, at your cost.',
      },
      de: {
        subject: 'Letzte Mahnung {notice_number} – {company}',
        body: 'Guten Tag {customer},\n\ntrotz zweier Schreiben sind die unten aufgeführten Posten noch immer unbezahlt. Dies ist unsere letzte Mahnung: Geht der Betrag von {total} nicht bis zum {pay_by} bei uns ein, übergeben wir die Forderung ohne weitere Ankündigung auf Ihre Kosten einem Inkassounternehmen.',
        letter_title: 'Letzte Mahnung',
        letter_body: 'Trotz zweier Schreiben sind die unten aufgeführten Posten noch immer unbezahlt. Dies ist unsere letzte Mahnung: Geht der Betrag von {total} nicht bis zum {pay_by} bei uns ein, übergeben wir die Forderung ohne weitere Ankündigung auf Ihre Kosten einem Inkassounternehmen.',
      },
    },
  },
  {
    level: 4, name: 'Hand-over to collection agency', days_after_due: 49, pay_within_days: 0, fee: '40.00', interest_rate: '9',
    templates: {
      en: {
        subject: 'Claim handed over to a collection agency {notice_number} – {company}',
        body: 'Hello {customer},\n\nas announced in our final notice, we have handed our claim of {total} over to a collection agency, which will contact you. From now on please pay the agency only.',
        letter_title: 'Hand-over to a collection agency',
        letter_body: 'As announced in our final notice, we have handed our claim of {total} over to a collection agency, which will contact you. From now on please pay the agency only.',
      },
      de: {
        subject: 'Übergabe an ein Inkassounternehmen {notice_number} – {company}',
        body: 'Guten Tag {customer},\n\nwie in unserer letzten Mahnung angekündigt, haben wir unsere Forderung über {total} einem Inkassounternehmen übergeben, das sich bei Ihnen melden wird. Bitte zahlen Sie ab jetzt nur noch an das Inkassounternehmen.',
        letter_title: 'Übergabe an ein Inkassounternehmen',
        letter_body: 'Wie in unserer letzten Mahnung angekündigt, haben wir unsere Forderung über {total} einem Inkassounternehmen übergeben, das sich bei Ihnen melden wird. Bitte zahlen Sie ab jetzt nur noch an das Inkassounternehmen.',
      },
    },
  },
];
