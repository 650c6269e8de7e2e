// Consumer mailbox providers anyone can sign up with for free. A business customer writing from one is
// not wrong in itself (small firms do), but it is a cheap identity to make up, so it feeds the fraud score.

/** Providers known under one exact domain. */
const EXACT = new Set([
  'gmail.com', 'googlemail.com',
  'icloud.com', 'me.com', 'mac.com',
  'aol.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'tutanota.com', 'tutanota.de', 'tuta.io', 'tuta.com',
  'mail.com', 'email.com', 'gmx.com',
  'web.de', 'freenet.de',
  'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'rambler.ru', 'ya.ru',
  'ymail.com', 'rocketmail.com', 'msn.com',
  'zoho.com', 'yopmail.com',
  'qq.com', '163.com', '126.com', 'naver.com',
  'libero.it', 'laposte.net', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl',
  'rediffmail.com',
]);

/**
 * Providers that run one brand under many country domains (yahoo.co.uk, hotmail.fr, gmx.de, yandex.ru…):
 * the brand label followed by a country or generic TLD, optionally behind co./com.
 */
const BRAND_ANY_TLD = /^(yahoo|hotmail|outlook|live|gmx|yandex)\.((co|com)\.)?[a-z]{2,3}$/;

/** Whether an e-mail address (or a bare domain) belongs to a free-mail provider. Case-insensitive. */
export function isFreeMailAddress(emailOrDomain: string): boolean {
  const domain = emailOrDomain.slice(emailOrDomain.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
  return EXACT.has(domain) || BRAND_ANY_TLD.test(domain);
}
