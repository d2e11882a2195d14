import { z } from 'zod';
import { CountryCode, CurrencyCode, IsoDate, OfficeCode } from './schemas/common';
import { OfficeSchema, type Office } from './offices';

/**
 * Reference tables behind valuation and duties, as data: tariff lines, preferences, VAT, excise,
 * exchange rates and reference unit prices. Each row has a validity period [validFrom, validTo]
 * (dates YYYY-MM-DD, both inclusive, validTo open-ended when absent). `TariffBook` compiles the
 * rows once into maps keyed by country and HS prefix; lookups never parse strings.
 */

const decimalPattern = /^\d+(\.\d+)?$/;
const Decimal = z.string().regex(decimalPattern, { error: 'must be a non-negative decimal string' });
export const HsPrefixSchema = z
  .string()
  .regex(/^([0-9]{2}){1,5}$/, { error: 'HS prefix must be 2, 4, 6, 8 or 10 digits' });

const validity = { validFrom: IsoDate, validTo: IsoDate.optional() };

/** How a duty (or excise) is charged. Specific amounts are in `currency`, per kg of net mass or per unit of `unit`. */
const AdValorem = z.object({ kind: z.literal('ad_valorem'), percent: Decimal });
const Specific = z.object({
  kind: z.literal('specific'),
  amount: Decimal,
  currency: CurrencyCode,
  per: z.enum(['kg', 'unit']),
  /** For per-unit rates: the UN/ECE Rec. 20 unit the item quantity must be declared in (PCE, LTR, ...). */
  unit: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/)
    .optional(),
});
const Mixed = z.object({
  kind: z.literal('mixed'),
  /** greater: "10% but not less than EUR 2/kg"; lesser: "10% but not more than EUR 2/kg". */
  rule: z.enum(['greater', 'lesser']),
  percent: Decimal,
  amount: Decimal,
  currency: CurrencyCode,
  per: z.enum(['kg', 'unit']),
  unit: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/)
    .optional(),
});
export const RateSchema = z.discriminatedUnion('kind', [AdValorem, Specific, Mixed]);
export type Rate = z.infer<typeof RateSchema>;

export const TariffLineSchema = z.object({
  id: z.string().min(1),
  country: CountryCode,
  hsPrefix: HsPrefixSchema,
  description: z.string().min(1),
  duty: RateSchema,
  ...validity,
});
export type TariffLine = z.infer<typeof TariffLineSchema>;

export const PreferenceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  importingCountries: z.array(CountryCode).min(1),
  /** Countries of (preferential) origin that qualify. */
  originCountries: z.array(CountryCode).min(1),
  /** HS prefixes covered; empty = all goods. */
  hsPrefixes: z.array(HsPrefixSchema).default([]),
  /** HS prefixes excluded (sensitive goods stay at the MFN rate). */
  excludedHsPrefixes: z.array(HsPrefixSchema).default([]),
  /** Preferential duty = MFN duty x factor ("0" duty-free, "0.75" a 25 % reduction). */
  dutyFactor: Decimal,
  /** Document code the declaration must carry as proof of origin (none: not required). */
  proofDocumentCode: z.string().optional(),
  ...validity,
});
export type Preference = z.infer<typeof PreferenceSchema>;

export const VatRateSchema = z.object({
  country: CountryCode,
  /** Absent: the standard rate; present: a reduced/zero rate for that HS prefix (longest wins). */
  hsPrefix: HsPrefixSchema.optional(),
  percent: Decimal,
  ...validity,
});
export type VatRate = z.infer<typeof VatRateSchema>;

export const ExciseRateSchema = z.object({
  id: z.string().min(1),
  country: CountryCode,
  hsPrefix: HsPrefixSchema,
  description: z.string().min(1),
  rate: RateSchema,
  ...validity,
});
export type ExciseRate = z.infer<typeof ExciseRateSchema>;

/** 1 unit of `currency` = `rate` units of `base` (the national currency), from `validFrom`. */
export const ExchangeRateSchema = z.object({
  currency: CurrencyCode,
  base: CurrencyCode,
  rate: Decimal,
  validFrom: IsoDate,
});
export type ExchangeRate = z.infer<typeof ExchangeRateSchema>;

/** Reference unit price for import price verification (risk engine). */
export const ReferencePriceSchema = z.object({
  country: CountryCode,
  hsPrefix: HsPrefixSchema,
  /** Origin it applies to; absent: any origin. */
  originCountry: CountryCode.optional(),
  unit: z.string().regex(/^[A-Z0-9]{2,3}$/),
  currency: CurrencyCode,
  price: Decimal,
  ...validity,
});
export type ReferencePrice = z.infer<typeof ReferencePriceSchema>;

export const ReferenceDataSchema = z.object({
  offices: z.array(OfficeSchema),
  tariffLines: z.array(TariffLineSchema),
  preferences: z.array(PreferenceSchema),
  vatRates: z.array(VatRateSchema),
  exciseRates: z.array(ExciseRateSchema),
  exchangeRates: z.array(ExchangeRateSchema),
  referencePrices: z.array(ReferencePriceSchema),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;
export type ReferenceDataInput = z.input<typeof ReferenceDataSchema>;

export { OfficeCode };
export type { Office };

/** True if `date` (YYYY-MM-DD) is within [validFrom, validTo]. */
export function isValidOn(row: { validFrom: string; validTo?: string | null }, date: string): boolean {
  return row.validFrom <= date && (row.validTo == null || date <= row.validTo);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export function assertDate(date: string): void {
  if (!DATE_RE.test(date)) throw new RangeError(`expected a date YYYY-MM-DD, got "${date}"`);
}

/** Prefixes of a code, longest first: 8471300000 -> 8471300000, 84713000, 847130, 8471, 84. */
function prefixesLongestFirst(hs: string): string[] {
  const out: string[] = [];
  for (let n = Math.min(hs.length, 10); n >= 2; n -= 2) out.push(hs.slice(0, n));
  return out;
}

function index<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Longest matching prefix wins; among rows of that prefix valid on the date, the latest validFrom wins. */
function longestValid<T extends { validFrom: string; validTo?: string | null }>(
  m: Map<string, T[]>,
  country: string,
  hs: string,
  date: string,
): { row: T; prefix: string } | undefined {
  for (const p of prefixesLongestFirst(hs)) {
    const rows = m.get(`${country}|${p}`);
    if (!rows) continue;
    const valid = rows
      .filter((r) => isValidOn(r, date))
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
    if (valid.length) return { row: valid[0], prefix: p };
  }
  return undefined;
}

function covers(prefixes: readonly string[], hs: string): boolean {
  return prefixes.some((p) => hs.startsWith(p));
}

/** Reference data compiled for lookups. Build once (per load), reuse for every declaration. */
export class TariffBook {
  private readonly lines: Map<string, TariffLine[]>;
  private readonly vat: Map<string, VatRate[]>;
  private readonly excise: Map<string, ExciseRate[]>;
  private readonly prefs: Map<string, Preference[]>;
  private readonly rates: Map<string, ExchangeRate[]>;
  private readonly prices: Map<string, ReferencePrice[]>;

  constructor(readonly data: Omit<ReferenceData, 'offices'> & { offices?: Office[] }) {
    this.lines = index(data.tariffLines, (l) => `${l.country}|${l.hsPrefix}`);
    this.vat = index(data.vatRates, (v) => `${v.country}|${v.hsPrefix ?? ''}`);
    this.excise = index(data.exciseRates, (e) => `${e.country}|${e.hsPrefix}`);
    const prefPairs: { k: string; p: Preference }[] = [];
    for (const p of data.preferences) for (const c of p.importingCountries) prefPairs.push({ k: c, p });
    this.prefs = new Map();
    for (const { k, p } of prefPairs) this.prefs.set(k, [...(this.prefs.get(k) ?? []), p]);
    this.rates = index(data.exchangeRates, (r) => `${r.currency}|${r.base}`);
    for (const list of this.rates.values())
      list.sort((a, b) => (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0));
    this.prices = index(data.referencePrices, (r) => `${r.country}|${r.hsPrefix}`);
  }

  /** The tariff line for an HS code in a country on a date: longest matching prefix valid that day. */
  tariffLine(country: string, hs: string, date: string): { line: TariffLine; prefix: string } | undefined {
    const r = longestValid(this.lines, country, hs, date);
    return r && { line: r.row, prefix: r.prefix };
  }

  vatRate(country: string, hs: string, date: string): VatRate | undefined {
    const reduced = longestValid(this.vat, country, hs, date);
    if (reduced) return reduced.row;
    return (this.vat.get(`${country}|`) ?? [])
      .filter((v) => isValidOn(v, date))
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  }

  exciseRate(country: string, hs: string, date: string): ExciseRate | undefined {
    return longestValid(this.excise, country, hs, date)?.row;
  }

  /** Preferences of the importing country that cover this origin and HS code on the date (proof not checked here). */
  preferences(country: string, origin: string, hs: string, date: string): Preference[] {
    return (this.prefs.get(country) ?? []).filter(
      (p) =>
        isValidOn(p, date) &&
        p.originCountries.includes(origin) &&
        (p.hsPrefixes.length === 0 || covers(p.hsPrefixes, hs)) &&
        !covers(p.excludedHsPrefixes, hs),
    );
  }

  /** Rate valid on the date: the latest published on or before it. Same currency: 1. */
  exchangeRate(currency: string, base: string, date: string): ExchangeRate | undefined {
    if (currency === base) return { currency, base, rate: '1', validFrom: '0000-01-01' };
    return (this.rates.get(`${currency}|${base}`) ?? []).find((r) => r.validFrom <= date);
  }

  referencePrice(country: string, hs: string, origin: string, date: string): ReferencePrice | undefined {
    for (const p of prefixesLongestFirst(hs)) {
      const rows = (this.prices.get(`${country}|${p}`) ?? []).filter((r) => isValidOn(r, date));
      const hit =
        rows.find((r) => r.originCountry === origin) ?? rows.find((r) => r.originCountry === undefined);
      if (hit) return hit;
    }
    return undefined;
  }
}
