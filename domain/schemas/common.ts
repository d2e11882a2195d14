import { z } from 'zod';
import { isCountryCode, isCurrencyCode } from '../codes';
import { checkHsShape } from '../hs';

/**
 * Building blocks shared by every contract schema. Checks that need only static data (shape,
 * ISO 3166 countries, ISO 4217 currencies, HS chapter rules) live here; checks that need reference
 * data (HS existence, offices) are in ../validation.ts. Every custom issue carries a stable code in
 * `params.code`, which formatZodIssues reports.
 */

export function issue(
  ctx: z.RefinementCtx,
  code: string,
  message: string,
  path: (string | number)[] = [],
): void {
  ctx.addIssue({ code: 'custom', message, params: { code }, path });
}

/** `when` for object-level rules: run cross-field checks only if every field parsed cleanly. */
export const cleanSoFar = (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0;

/** Non-negative decimal string with at most `maxScale` decimals: "25400.00", "420.000", "0". */
export function decimalString(what: string, maxScale = 2) {
  return z
    .string({
      error: (i) =>
        i.input === undefined ? `${what} is required` : `${what} must be a decimal string like "12.50"`,
    })
    .superRefine((s, ctx) => {
      if (/^-\d+(\.\d+)?$/.test(s))
        return issue(ctx, 'negative_amount', `${what} must not be negative, got "${s}"`);
      if (!/^\d+(\.\d+)?$/.test(s))
        return issue(ctx, 'invalid_amount', `${what} must be a decimal string like "12.50", got "${s}"`);
      const scale = s.includes('.') ? s.split('.')[1].length : 0;
      if (scale > maxScale)
        issue(ctx, 'too_many_decimals', `${what} has ${scale} decimals, at most ${maxScale} allowed`);
    });
}

export const amount = (what = 'amount') => decimalString(what, 2);
export const massKg = (what = 'mass') => decimalString(what, 3);
export const quantity = (what = 'quantity') => decimalString(what, 6);

export const CountryCode = z.string().superRefine((s, ctx) => {
  if (!isCountryCode(s)) issue(ctx, 'invalid_country', `"${s}" is not an ISO 3166-1 alpha-2 country code`);
});

export const CurrencyCode = z.string().superRefine((s, ctx) => {
  if (!isCurrencyCode(s)) issue(ctx, 'invalid_currency', `"${s}" is not an ISO 4217 currency code`);
});

/** Customs office reference number shape (2-letter country + 6 characters); existence is a reference check. */
export const OfficeCode = z.string().superRefine((s, ctx) => {
  if (!/^[A-Z]{2}[A-Z0-9]{6}$/.test(s))
    return issue(
      ctx,
      'invalid_office_code',
      `"${s}" is not a customs office code (country + 6 characters, e.g. KZALA001)`,
    );
  if (!isCountryCode(s.slice(0, 2)))
    issue(ctx, 'invalid_office_code', `office code "${s}" does not start with an ISO country code`);
});

/** Declarable HS code: 6 digits or an 8/10-digit national line, chapter 01-97, not 77. */
export function hsCode(lengths: readonly number[] = [6, 8, 10]) {
  return z.string().superRefine((s, ctx) => {
    const c = checkHsShape(s, lengths);
    if (!c.ok) issue(ctx, c.code, c.message);
  });
}

export const IsoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with zone, e.g. 2026-11-27T08:30:00Z',
});

/*
 * Control characters (C0, DEL, C1) in a text break what stores and shows it: PostgreSQL refuses NUL
 * in text and jsonb, and a case whose read-model write is refused stops moving. They are refused at
 * the door; a multi-line text (`lines`) allows tab, line feed and carriage return. A lone surrogate
 * (not UTF-16, not storable as UTF-8) is refused too. Texts are kept in NFC, so the same words sent
 * by two systems compare and digest equal.
 */
// Matching control characters is the point of these two (ESLint's rule guards against accidents).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string without control characters (tab, LF and CR allowed with `lines`): no trimming, no normalising. */
export function plainString(opts: { lines?: boolean } = {}) {
  const control = opts.lines ? CONTROL_BUT_LINES : CONTROL;
  return z.string().superRefine((s, ctx) => {
    const at = s.search(control);
    if (at >= 0)
      return issue(
        ctx,
        'control_character',
        `must not contain control characters: U+${s.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} at position ${at + 1}`,
      );
    if (LONE_SURROGATE.test(s))
      issue(ctx, 'invalid_text', 'must be well-formed Unicode text (a lone surrogate was sent)');
  });
}

/** Free text: no control characters (see above), trimmed, in NFC, 1 to `max` characters. */
export const Text = (max: number, opts: { lines?: boolean } = {}) =>
  plainString(opts).trim().normalize('NFC').min(1, { error: 'must not be empty' }).max(max);

/** A trader or person (WCO Data Model party: identification, name, country). */
export const PartySchema = z.object({
  tin: Text(35).optional(),
  eori: Text(17).optional(),
  name: Text(140),
  country: CountryCode,
  address: z
    .object({ street: Text(70).optional(), city: Text(35).optional(), postcode: Text(17).optional() })
    .optional(),
  aeo: z.boolean().optional(),
});
export type Party = z.infer<typeof PartySchema>;

export const TransportModeSchema = z.enum([
  'SEA',
  'RAIL',
  'ROAD',
  'AIR',
  'POST',
  'FIXED',
  'INLAND_WATERWAY',
  'OWN_PROPULSION',
  'UNKNOWN',
]);
export type TransportMode = z.infer<typeof TransportModeSchema>;

export const MoneySchema = z.object({ currency: CurrencyCode, amount: amount() });
export type Money = z.infer<typeof MoneySchema>;

/** Guarantee types (NCTS / CTC): 0 waiver, 1 comprehensive, 2 individual by guarantor, 3 cash, 4 vouchers, 9 individual multiple usage, B TIR. */
export const GuaranteeTypeSchema = z.enum(['0', '1', '2', '3', '4', '9', 'B']);
export type GuaranteeType = z.infer<typeof GuaranteeTypeSchema>;

export const GrnSchema = z.string().superRefine((s, ctx) => {
  if (!/^[0-9]{2}[A-Z]{2}[A-Z0-9]{12,20}$/.test(s))
    issue(ctx, 'invalid_grn', `"${s}" is not a guarantee reference number (year, country, 12-20 characters)`);
});

export const AccessCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{4}$/, { error: 'access code must be 4 characters [A-Z0-9]' });

/** Adds issues for duplicate `seq` numbers in a list of items. */
export function checkSequence(items: readonly { seq: number }[], ctx: z.RefinementCtx, base: string): void {
  const seen = new Set<number>();
  items.forEach((it, i) => {
    if (seen.has(it.seq))
      issue(ctx, 'duplicate_seq', `item sequence number ${it.seq} is used twice`, [base, i, 'seq']);
    seen.add(it.seq);
  });
}
