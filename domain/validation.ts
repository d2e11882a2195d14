import { z } from 'zod';
import type { Nomenclature } from './hs';
import type { OfficeDirectory, OfficeRole } from './offices';
import { DeclarationSchema, type Declaration } from './schemas/declaration';
import { TransitDeclarationSchema, type TransitDeclaration } from './schemas/transit';

/** One bad field: `items[1].hsCode`, a human message and a stable machine code. */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** Reference data the checks beyond the zod schemas need (loaded from PostgreSQL by activities). */
export interface ValidationRefs {
  hs: Nomenclature;
  offices: OfficeDirectory;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** `['items', 1, 'hsCode']` -> `items[1].hsCode`; the root is ``. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

const MISSING = Symbol('missing');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !(seg in (v as object))) return MISSING;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v === undefined ? MISSING : v;
}

/** A missing field is `required`, a wrong type `invalid_type`; zod 4 omits the input unless asked, so look it up. */
function isMissing(i: z.core.$ZodIssue, input: unknown, hasInput: boolean): boolean {
  if (hasInput) return valueAt(input, i.path) === MISSING;
  if ('input' in i && i.input !== undefined) return false;
  return /received undefined| is required/.test(i.message);
}

function codeOf(i: z.core.$ZodIssue, input: unknown, hasInput: boolean): string {
  switch (i.code) {
    case 'custom': {
      const c = (i.params as { code?: unknown } | undefined)?.code;
      return typeof c === 'string' ? c : 'invalid';
    }
    case 'invalid_type':
      return isMissing(i, input, hasInput) ? 'required' : 'invalid_type';
    case 'too_small':
      if (i.origin === 'array' || i.origin === 'set') return Number(i.minimum) <= 1 ? 'required' : 'too_few';
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'required' : 'too_short';
      return 'too_small';
    case 'too_big':
      return i.origin === 'array' || i.origin === 'set'
        ? 'too_many'
        : i.origin === 'string'
          ? 'too_long'
          : 'too_big';
    case 'invalid_value':
      return 'invalid_value';
    case 'invalid_format':
      return i.format === 'date' || i.format === 'datetime' ? 'invalid_date' : 'invalid_format';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return i.code;
  }
}

/**
 * Zod issues -> FieldIssue[], one per issue, in zod's order (deterministic). Pass the parsed `input`
 * too when you have it: it tells a missing field (`required`) from a wrongly typed one (`invalid_type`)
 * exactly; without it the distinction is read from the issue.
 */
export function formatZodIssues(error: z.ZodError, ...input: [unknown?]): FieldIssue[] {
  const hasInput = input.length > 0;
  const data = input[0];
  const out: FieldIssue[] = [];
  for (const i of error.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys)
        out.push({
          path: formatPath([...i.path, k]),
          message: `unknown field "${k}"`,
          code: 'unknown_field',
        });
      continue;
    }
    out.push({ path: formatPath(i.path), message: i.message, code: codeOf(i, data, hasInput) });
  }
  return out;
}

function checkOffice(
  out: FieldIssue[],
  refs: ValidationRefs,
  path: string,
  code: string | undefined,
  role?: OfficeRole,
): void {
  if (code === undefined) return;
  const office = refs.offices.get(code);
  if (!office) {
    out.push({
      path,
      message: `customs office ${code} is not in the office reference data`,
      code: 'unknown_office',
    });
  } else if (role && !office.roles.includes(role)) {
    out.push({
      path,
      message: `customs office ${code} (${office.name}) has no "${role}" role (it has: ${office.roles.join(', ')})`,
      code: 'office_role_mismatch',
    });
  }
}

function checkHs(out: FieldIssue[], refs: ValidationRefs, path: string, code: string): void {
  const r = code.length === 4 ? refs.hs.checkPrefix(code) : refs.hs.check(code);
  if (!r.ok) out.push({ path, message: r.message, code: r.code });
}

/** Checks of a schema-valid declaration that need reference data: HS existence and offices. */
export function checkDeclarationReferences(decl: Declaration, refs: ValidationRefs): FieldIssue[] {
  const out: FieldIssue[] = [];
  checkOffice(out, refs, 'officeOfDeclaration', decl.officeOfDeclaration, 'declaration');
  checkOffice(out, refs, 'officeOfEntry', decl.officeOfEntry);
  checkOffice(out, refs, 'officeOfExit', decl.officeOfExit);
  decl.items.forEach((it, i) => checkHs(out, refs, `items[${i}].hsCode`, it.hsCode));
  return out;
}

/** Checks of a schema-valid transit declaration that need reference data: HS existence, offices and their roles. */
export function checkTransitReferences(t: TransitDeclaration, refs: ValidationRefs): FieldIssue[] {
  const out: FieldIssue[] = [];
  checkOffice(out, refs, 'officeOfDeparture', t.officeOfDeparture, 'departure');
  t.officesOfTransit.forEach((o, i) => checkOffice(out, refs, `officesOfTransit[${i}]`, o, 'transit'));
  checkOffice(out, refs, 'officeOfDestination', t.officeOfDestination, 'destination');
  t.consignment.items.forEach((it, i) => checkHs(out, refs, `consignment.items[${i}].hsCode`, it.hsCode));
  return out;
}

/** safeParse + formatZodIssues in one step, for any schema. */
export function parseWithIssues<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: formatZodIssues(parsed.error, input) };
}

/** Schema, then reference checks: the whole validation an API or activity runs on a declaration. */
export function validateDeclaration(input: unknown, refs: ValidationRefs): Validated<Declaration> {
  const parsed = DeclarationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: formatZodIssues(parsed.error, input) };
  const issues = checkDeclarationReferences(parsed.data, refs);
  return issues.length ? { ok: false, issues } : { ok: true, value: parsed.data };
}

export function validateTransit(input: unknown, refs: ValidationRefs): Validated<TransitDeclaration> {
  const parsed = TransitDeclarationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: formatZodIssues(parsed.error, input) };
  const issues = checkTransitReferences(parsed.data, refs);
  return issues.length ? { ok: false, issues } : { ok: true, value: parsed.data };
}
