import { getAlpha2Codes } from 'i18n-iso-countries';
import { code as currencyRecord } from 'currency-codes';

/** ISO 3166-1 alpha-2 codes from the maintained `i18n-iso-countries` package (no locales needed). */
const ALPHA2 = new Set(Object.keys(getAlpha2Codes()));

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && ALPHA2.has(code);
}

/** Codes in ISO 4217 that are not money one can invoice in (testing, no currency, metals, SDR). */
const NON_TRADE_CURRENCIES = new Set([
  'XXX',
  'XTS',
  'XAU',
  'XAG',
  'XPT',
  'XPD',
  'XDR',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XSU',
  'XUA',
]);

/** ISO 4217 alphabetic codes from the maintained `currency-codes` package. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && !NON_TRADE_CURRENCIES.has(code) && currencyRecord(code) !== undefined;
}

/** Minor-unit digits of an ISO 4217 currency (KZT 2, JPY 0, KWD 3); 2 if unknown. */
export function currencyDigits(code: string): number {
  const c = currencyRecord(code);
  return c && typeof c.digits === 'number' ? c.digits : 2;
}

/** Eurasian Economic Union member states (Treaty on the EAEU, 2014). */
export const EAEU_MEMBERS: readonly string[] = ['AM', 'BY', 'KG', 'KZ', 'RU'];

/** National currency of each administration Clearway serves. */
export const NATIONAL_CURRENCY: Readonly<Record<string, string>> = {
  KZ: 'KZT',
  KG: 'KGS',
  UZ: 'UZS',
  TJ: 'TJS',
  CN: 'CNY',
};
