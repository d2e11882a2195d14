import { z } from 'zod';
import { parseCsv } from './hs';
import { IsoDate, Text } from './schemas/common';
import { RateSchema, type Rate, type TariffLine } from './tariff';

/**
 * A national tariff as a CSV file (`clearway reference load tariff FILE`, docs/reference-data.md):
 * one national 10-digit line per row with its validity and its duty. Parsing is all or nothing: every
 * bad field of every line is reported with its line number, and a file with any issue yields no lines.
 */
export const TARIFF_FILE_COLUMNS = [
  'country',
  'code',
  'description',
  'valid_from',
  'valid_to',
  'duty_kind',
  'percent',
  'amount',
  'currency',
  'per',
  'unit',
  'rule',
] as const;
type Column = (typeof TARIFF_FILE_COLUMNS)[number];

/** A bad field: `line` is the file's line number (the header is line 1). */
export interface TariffFileIssue {
  line: number;
  field: Column | 'header' | 'validity';
  message: string;
}

/** What the file is checked against: the reference data already loaded. */
export interface TariffFileContext {
  /** Countries with customs offices in the reference data. */
  countries: ReadonlySet<string>;
  /** The 6-digit subheadings of the loaded HS nomenclature. */
  subheadings: ReadonlySet<string>;
  /** National (10-digit) lines already loaded, for the overlap check across versions. */
  existing: readonly Pick<TariffLine, 'id' | 'country' | 'hsPrefix' | 'validFrom' | 'validTo'>[];
}

/** A sanity bound, not a legal one: a percent above it is a typo (a rate of 1000 % is already rare). */
const MAX_PERCENT = 1000;
const KINDS: Record<string, Column[]> = {
  ad_valorem: ['percent'],
  specific: ['amount', 'currency', 'per', 'unit'],
  mixed: ['rule', 'percent', 'amount', 'currency', 'per', 'unit'],
};
const RATE_FIELDS: Column[] = ['percent', 'amount', 'currency', 'per', 'unit', 'rule'];
const Description = Text(500);

/** The id of a loaded line: one row per country, national code and start of validity (a version). */
export const tariffLineId = (country: string, code: string, validFrom: string) =>
  `${country}-${code}-${validFrom}`;

function message(e: z.ZodError): string {
  return e.issues[0]?.message ?? 'invalid';
}

function rowLine(row: Record<Column, string>, at: number, ctx: TariffFileContext, out: TariffFileIssue[]) {
  const bad = (field: TariffFileIssue['field'], msg: string) => out.push({ line: at, field, message: msg });
  const before = out.length;
  if (!ctx.countries.has(row.country))
    bad('country', `unknown country "${row.country}": no customs office of it in the reference data`);
  if (!/^[0-9]{10}$/.test(row.code)) bad('code', 'must be a national tariff line of 10 digits');
  else if (!ctx.subheadings.has(row.code.slice(0, 6)))
    bad('code', `HS subheading ${row.code.slice(0, 6)} is not in the loaded HS nomenclature`);
  const description = Description.safeParse(row.description);
  if (!description.success) bad('description', message(description.error));
  for (const f of ['valid_from', 'valid_to'] as const) {
    if (f === 'valid_to' && row[f] === '') continue;
    const d = IsoDate.safeParse(row[f]);
    if (!d.success) bad(f, message(d.error));
  }
  if (row.valid_to !== '' && row.valid_to < row.valid_from)
    bad('valid_to', `must not be before valid_from ${row.valid_from}`);

  const duty = parseDuty(row, bad);
  if (out.length > before || !description.success || !duty) return undefined;
  return {
    id: tariffLineId(row.country, row.code, row.valid_from),
    country: row.country,
    hsPrefix: row.code,
    description: description.data,
    duty,
    validFrom: row.valid_from,
    ...(row.valid_to ? { validTo: row.valid_to } : {}),
  };
}

/** The duty of a row: the fields its kind uses (the others must be empty), checked as the domain's rate. */
function parseDuty(row: Record<Column, string>, bad: (f: Column, msg: string) => void): Rate | undefined {
  const allowed = KINDS[row.duty_kind];
  if (!allowed) return void bad('duty_kind', `must be one of ${Object.keys(KINDS).join(', ')}`);
  for (const f of RATE_FIELDS)
    if (row[f] !== '' && !allowed.includes(f))
      bad(f, `not used by the ${row.duty_kind} rate: leave it empty`);
  const given = allowed.filter((f) => row[f] !== '').map((f) => [f, row[f]]);
  const parsed = RateSchema.safeParse(Object.fromEntries([['kind', row.duty_kind], ...given]));
  if (!parsed.success) {
    for (const i of parsed.error.issues) bad((i.path[0] as Column | undefined) ?? 'duty_kind', i.message);
    return undefined;
  }
  if (parsed.data.kind !== 'specific' && Number(parsed.data.percent) > MAX_PERCENT)
    return void bad('percent', `must not exceed ${MAX_PERCENT}`);
  return parsed.data;
}

const overlaps = (a: { validFrom: string; validTo?: string }, b: { validFrom: string; validTo?: string }) =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
const span = (l: { validFrom: string; validTo?: string }) => `${l.validFrom}..${l.validTo ?? 'open'}`;

/** Two versions of one national line may not be valid on the same day: in the file or against what is loaded. */
function checkOverlaps(
  lines: { line: TariffLine; at: number }[],
  ctx: TariffFileContext,
  out: TariffFileIssue[],
) {
  const inFile = new Set(lines.map((l) => l.line.id));
  const byCode = new Map<string, { line: TariffLine; at: number }[]>();
  for (const l of lines) {
    const key = `${l.line.country}|${l.line.hsPrefix}`;
    byCode.set(key, [...(byCode.get(key) ?? []), l]);
  }
  for (const group of byCode.values())
    for (let i = 0; i < group.length; i++)
      for (let j = 0; j < i; j++)
        if (overlaps(group[i].line, group[j].line))
          out.push({
            line: group[i].at,
            field: 'validity',
            message: `${span(group[i].line)} overlaps line ${group[j].at} (${span(group[j].line)}) of the same code`,
          });
  for (const e of ctx.existing) {
    if (inFile.has(e.id)) continue; // restated in the file: the file's row replaces it
    for (const l of byCode.get(`${e.country}|${e.hsPrefix}`) ?? [])
      if (overlaps(l.line, e))
        out.push({
          line: l.at,
          field: 'validity',
          message: `${span(l.line)} overlaps the loaded line ${e.id} (${span(e)}): restate that line with a valid_to first`,
        });
  }
}

/** Parses and checks a tariff file; `lines` is empty whenever `issues` is not. */
export function parseTariffFile(
  text: string,
  ctx: TariffFileContext,
): { lines: TariffLine[]; issues: TariffFileIssue[] } {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0]?.map((h) => h.trim());
  if (!header || header.join(',') !== TARIFF_FILE_COLUMNS.join(','))
    return {
      lines: [],
      issues: [{ line: 1, field: 'header', message: `must be ${TARIFF_FILE_COLUMNS.join(',')}` }],
    };
  const issues: TariffFileIssue[] = [];
  const good: { line: TariffLine; at: number }[] = [];
  records.slice(1).forEach((fields, i) => {
    const at = i + 2;
    if (fields.length === 1 && fields[0].trim() === '') return; // a blank line
    if (fields.length !== TARIFF_FILE_COLUMNS.length)
      return void issues.push({
        line: at,
        field: 'header',
        message: `has ${fields.length} fields, the header ${TARIFF_FILE_COLUMNS.length}`,
      });
    const row = Object.fromEntries(TARIFF_FILE_COLUMNS.map((c, k) => [c, fields[k].trim()])) as Record<
      Column,
      string
    >;
    const line = rowLine(row, at, ctx, issues);
    if (line) good.push({ line, at });
  });
  checkOverlaps(good, ctx, issues);
  if (good.length === 0 && issues.length === 0)
    issues.push({ line: 2, field: 'code', message: 'the file has no tariff lines' });
  issues.sort((a, b) => a.line - b.line);
  return { lines: issues.length ? [] : good.map((g) => g.line), issues };
}
