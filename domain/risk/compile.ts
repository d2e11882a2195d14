// House-rule exception (docs/house-rules.md): this file is over 300 lines on purpose. It is the tuned
// risk kernel: compilation, field indexes and the evaluation loop share closures and hot-path state that
// splitting across modules would turn into property look-ups on every rule of every declaration
// (docs/risk-engine.md has the figures).
import { fieldKind, type FieldName, type RiskFacts, type RiskHeaderFacts, type RiskItemFacts } from './facts';
import {
  assembleDecision,
  decisionPolicy,
  MATCH_SLOT,
  predicateScope,
  type DecisionPolicy,
  type EvaluateOptions,
  type RiskDecision,
  type RuleScope,
} from './decision';
import { asciiCaseOrbit, compileRegex } from './regex';
import { RiskProfileSchema, type DecimalLiteral, type Predicate, type RiskProfileInput } from './schema';

/**
 * Compilation: a profile version is turned once into closures (one per rule, regexes compiled on
 * RE2 (regex.ts) and decimal literals parsed here) and indexes that pick the candidate rules for a
 * fact set without testing
 * every rule:
 *  - an HS-prefix trie (one node per digit) for rules whose predicate requires an HS prefix;
 *  - a value map per field for rules whose predicate requires `field equals/in {values}`;
 *  - an `always` list for rules with no indexable necessary condition.
 * The index only narrows; every candidate is still checked by its full closure, so the result is
 * exactly the reference evaluator's (see reference.ts and the property test).
 */

type Pred = (h: RiskHeaderFacts, it: RiskItemFacts | undefined) => boolean;
type Getter = (h: RiskHeaderFacts, it: RiskItemFacts | undefined) => unknown;
type IndexKey = string | boolean;

interface HsNode {
  rules: number[] | null;
  kids: (HsNode | undefined)[];
}

interface EqIndex {
  field: FieldName;
  get: Getter;
  map: Map<IndexKey, number[]>;
}

/**
 * Numeric threshold index for one field. Rules anchored on `field >= lo` sit in `byLo` sorted by lo
 * ascending: for a fact x the candidates are the prefix with lo <= x (binary search). Rules with only
 * an upper bound sit in `byHi` sorted by hi descending: candidates are the prefix with hi >= x.
 */
interface RangeIndex {
  field: FieldName;
  get: Getter;
  los: Float64Array;
  loRules: Int32Array;
  his: Float64Array;
  hiRules: Int32Array;
}

/** First-character index for `^`-anchored patterns on one text field. */
/** Files rule `ri` under each key of `field`'s index, creating the index on first use. */
function addToFieldIndex<K, I extends { field: FieldName; get: Getter; map: Map<K, number[]> }>(
  byField: Map<FieldName, I>,
  all: I[],
  field: FieldName,
  keys: Iterable<K>,
  ri: number,
): void {
  let index = byField.get(field);
  if (!index) {
    index = { field, get: getter(field), map: new Map<K, number[]>() } as I;
    byField.set(field, index);
    all.push(index);
  }
  for (const k of keys) {
    const list = index.map.get(k);
    if (list) list.push(ri);
    else index.map.set(k, [ri]);
  }
}

interface FirstCharIndex {
  field: FieldName;
  get: Getter;
  map: Map<number, number[]>;
}

interface ScopeIndex {
  always: number[];
  hsRoot: HsNode | null;
  eqs: EqIndex[];
  ranges: RangeIndex[];
  firsts: FirstCharIndex[];
}

export interface CompiledProfile {
  readonly profileId: string;
  readonly profileVersion: number;
  readonly policy: DecisionPolicy;
  /** Scope of each rule, in profile order (header-level rules are evaluated once per declaration). */
  readonly scopes: readonly RuleScope[];
  /** How the rules were indexed: for the design note and the bench. */
  readonly indexStats: {
    hsIndexed: number;
    valueIndexed: number;
    rangeIndexed: number;
    patternIndexed: number;
    unindexed: number;
  };
  /** @internal */
  readonly preds: readonly Pred[];
  /** @internal */
  readonly headerIndex: ScopeIndex;
  /** @internal */
  readonly itemIndex: ScopeIndex;
}

function dec(v: DecimalLiteral): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * One literal property read per field: each getter is its own function with its own inline cache,
 * so reads stay monomorphic (a shared `h[field]` closure would go megamorphic across fields).
 */
const GETTERS: { readonly [K in FieldName]: Getter } = {
  declarationType: (h) => h.declarationType,
  procedureCode: (h) => h.procedureCode,
  declarantTin: (h) => h.declarantTin,
  declarantCountry: (h) => h.declarantCountry,
  importerTin: (h) => h.importerTin,
  exporterCountry: (h) => h.exporterCountry,
  aeo: (h) => h.aeo,
  aeoStatus: (h) => h.aeoStatus,
  complianceScore: (h) => h.complianceScore,
  complianceRating: (h) => h.complianceRating,
  officeOfDeclaration: (h) => h.officeOfDeclaration,
  officeOfEntry: (h) => h.officeOfEntry,
  countryOfDispatch: (h) => h.countryOfDispatch,
  countryOfDestination: (h) => h.countryOfDestination,
  routeCountries: (h) => h.routeCountries,
  transportMode: (h) => h.transportMode,
  incoterm: (h) => h.incoterm,
  invoiceCurrency: (h) => h.invoiceCurrency,
  invoiceAmount: (h) => h.invoiceAmount,
  relatedParties: (h) => h.relatedParties,
  containerCount: (h) => h.containerCount,
  itemCount: (h) => h.itemCount,
  documentCodes: (h) => h.documentCodes,
  totalGrossMassKg: (h) => h.totalGrossMassKg,
  recentAdverseAudits: (h) => h.recentAdverseAudits,
  seq: (_h, it) => it?.seq,
  hsCode: (_h, it) => it?.hsCode,
  originCountry: (_h, it) => it?.originCountry,
  description: (_h, it) => it?.description,
  unit: (_h, it) => it?.unit,
  quantity: (_h, it) => it?.quantity,
  netMassKg: (_h, it) => it?.netMassKg,
  grossMassKg: (_h, it) => it?.grossMassKg,
  itemInvoiceAmount: (_h, it) => it?.itemInvoiceAmount,
  unitValue: (_h, it) => it?.unitValue,
  referenceUnitPrice: (_h, it) => it?.referenceUnitPrice,
};

function getter(field: FieldName): Getter {
  return GETTERS[field];
}

/** Removes prefixes made redundant by a shorter prefix in the same set (so a rule sits on one trie path node at most). */
function reducePrefixes(prefixes: readonly string[]): string[] {
  const sorted = [...new Set(prefixes)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

const LITERAL_RE = /^(\^?)([A-Za-z0-9 _,;:'"&%#@!=<>~/-]+)(\$?)$/;

/**
 * A regex that is only ASCII literal text, optionally anchored (`^abc`, `abc$`, `^abc$`, `abc`),
 * with flags among i and s, is compiled to string operations instead of an RE2 program. Semantics
 * are identical: under `i` RE2 folds an ASCII letter to its other ASCII case and, for k and s, to
 * one non-ASCII code point each (asciiCaseOrbit); FOLD maps each of those to the lower-case letter,
 * which is what the comparison below does. Anything else (classes, groups, escapes, m/u flags) is
 * matched by RE2.
 */
function literalMatcher(source: string, flags: string): ((x: string) => boolean) | undefined {
  if (!/^[is]*$/.test(flags)) return undefined;
  const m = LITERAL_RE.exec(source);
  if (!m) return undefined;
  const start = m[1] === '^';
  const end = m[3] === '$';
  const lit = m[2];
  if (!flags.includes('i')) {
    if (start && end) return (x) => x === lit;
    if (start) return (x) => x.startsWith(lit);
    if (end) return (x) => x.endsWith(lit);
    return (x) => x.includes(lit);
  }
  const n = lit.length;
  const low = Array.from(lit, (ch) => foldAscii(ch.charCodeAt(0)));
  const at = (x: string, off: number): boolean => {
    for (let j = 0; j < n; j++) if (foldAscii(x.charCodeAt(off + j)) !== low[j]) return false;
    return true;
  };
  if (start && end) return (x) => x.length === n && at(x, 0);
  if (start) return (x) => x.length >= n && at(x, 0);
  if (end) return (x) => x.length >= n && at(x, x.length - n);
  return (x) => {
    for (let off = 0; off + n <= x.length; off++) if (at(x, off)) return true;
    return false;
  };
}

/** Code point -> the lower-case ASCII letter RE2's `i` folds it with (itself for anything else). */
const FOLD = (() => {
  const table = new Uint16Array(0x212b).map((_, c) => c);
  for (let c = 97; c <= 122; c++) for (const o of asciiCaseOrbit(c)) table[o] = c;
  return table;
})();

function foldAscii(c: number): number {
  return c < FOLD.length ? FOLD[c] : c;
}

/** Rough relative evaluation cost, used only to order conjuncts and disjuncts (stable sort). */
function predicateCost(p: Predicate): number {
  switch (p.op) {
    case 'pattern':
      return 20;
    case 'all':
    case 'any':
      return p.of.reduce((s, q) => s + predicateCost(q), 0);
    case 'not':
      return predicateCost(p.of);
    case 'route':
      return 2;
    case 'in':
      return fieldKind(p.field) === 'stringList' ? 3 : 1;
    default:
      return 1;
  }
}

function compilePredicate(p: Predicate): Pred {
  switch (p.op) {
    case 'equals': {
      const get = getter(p.field);
      const kind = fieldKind(p.field);
      if (kind === 'stringList') {
        const v = p.value as string;
        return (h, it) => {
          const x = get(h, it) as readonly string[] | undefined;
          return x !== undefined && x.includes(v);
        };
      }
      const v = kind === 'number' ? dec(p.value as DecimalLiteral) : p.value;
      return (h, it) => get(h, it) === v;
    }
    case 'in': {
      const get = getter(p.field);
      const kind = fieldKind(p.field);
      const set = new Set<unknown>(kind === 'number' ? p.values.map((v) => dec(v)) : p.values);
      if (kind === 'stringList')
        return (h, it) => {
          const x = get(h, it) as readonly string[] | undefined;
          if (x === undefined) return false;
          for (let i = 0; i < x.length; i++) if (set.has(x[i])) return true;
          return false;
        };
      return (h, it) => set.has(get(h, it));
    }
    case 'hsPrefix': {
      const pre = reducePrefixes(p.prefixes);
      if (pre.length === 1) {
        const p0 = pre[0];
        return (_h, it) => it !== undefined && it.hsCode.startsWith(p0);
      }
      return (_h, it) => {
        if (it === undefined) return false;
        const code = it.hsCode;
        for (let i = 0; i < pre.length; i++) if (code.startsWith(pre[i])) return true;
        return false;
      };
    }
    case 'range': {
      const get = getter(p.field);
      const lo = p.min === undefined ? -Infinity : dec(p.min);
      const hi = p.max === undefined ? Infinity : dec(p.max);
      return (h, it) => {
        const x = get(h, it);
        return typeof x === 'number' && x >= lo && x <= hi;
      };
    }
    case 'pattern': {
      const get = getter(p.field);
      const literal = literalMatcher(p.regex, p.flags ?? '');
      const re = literal ? { test: literal } : compileRegex(p.regex, p.flags);
      if (fieldKind(p.field) === 'stringList')
        return (h, it) => {
          const x = get(h, it) as readonly string[] | undefined;
          if (x === undefined) return false;
          for (let i = 0; i < x.length; i++) if (re.test(x[i])) return true;
          return false;
        };
      return (h, it) => {
        const x = get(h, it);
        return typeof x === 'string' && re.test(x);
      };
    }
    case 'all': {
      // Conjuncts are pure, so their order cannot change the result: cheap tests run first.
      const of = [...p.of].sort((a, b) => predicateCost(a) - predicateCost(b)).map(compilePredicate);
      if (of.length === 1) return of[0];
      if (of.length === 2) {
        const [a, b] = of;
        return (h, it) => a(h, it) && b(h, it);
      }
      return (h, it) => {
        for (let i = 0; i < of.length; i++) if (!of[i](h, it)) return false;
        return true;
      };
    }
    case 'any': {
      const of = [...p.of].sort((a, b) => predicateCost(a) - predicateCost(b)).map(compilePredicate);
      if (of.length === 1) return of[0];
      if (of.length === 2) {
        const [a, b] = of;
        return (h, it) => a(h, it) || b(h, it);
      }
      return (h, it) => {
        for (let i = 0; i < of.length; i++) if (of[i](h, it)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compilePredicate(p.of);
      return (h, it) => !inner(h, it);
    }
    case 'underValued': {
      const ratio = dec(p.ratioBelow);
      return (_h, it) => {
        if (it === undefined) return false;
        const uv = it.unitValue;
        const ref = it.referenceUnitPrice;
        return uv !== undefined && ref !== undefined && ref > 0 && uv < ratio * ref;
      };
    }
    case 'compliance': {
      const min = p.score?.min ?? -Infinity;
      const max = p.score?.max ?? Infinity;
      const hasScore = p.score !== undefined;
      const ratings = p.ratings ? new Set(p.ratings) : undefined;
      const unknown = p.unknown === true;
      const onlyUnknown = unknown && !hasScore && !ratings;
      return (h) => {
        const s = h.complianceScore;
        const r = h.complianceRating;
        if (s === undefined && r === undefined) return unknown;
        if (onlyUnknown) return false;
        if (hasScore && (s === undefined || s < min || s > max)) return false;
        if (ratings && (r === undefined || !ratings.has(r))) return false;
        return true;
      };
    }
    case 'aeo': {
      if (!p.is) return (h) => h.aeo !== true;
      if (!p.statuses) return (h) => h.aeo === true;
      const st = new Set(p.statuses);
      return (h) => h.aeo === true && h.aeoStatus !== undefined && st.has(h.aeoStatus);
    }
    case 'route': {
      const origin = p.origin ? new Set(p.origin) : undefined;
      const dispatch = p.dispatch ? new Set(p.dispatch) : undefined;
      const destination = p.destination ? new Set(p.destination) : undefined;
      const via = p.via ? new Set(p.via) : undefined;
      return (h, it) => {
        if (origin && !(it !== undefined && it.originCountry !== undefined && origin.has(it.originCountry)))
          return false;
        if (dispatch && !(h.countryOfDispatch !== undefined && dispatch.has(h.countryOfDispatch)))
          return false;
        if (destination && !(h.countryOfDestination !== undefined && destination.has(h.countryOfDestination)))
          return false;
        if (via) {
          const rc = h.routeCountries;
          let any = false;
          for (let i = 0; i < rc.length; i++)
            if (via.has(rc[i])) {
              any = true;
              break;
            }
          if (!any) return false;
        }
        return true;
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Anchors: a necessary condition of a predicate that an index can look up.

type Anchor =
  | { kind: 'hs'; prefixes: string[] }
  | { kind: 'eq'; field: FieldName; values: IndexKey[] }
  | { kind: 'range'; field: FieldName; lo: number; hi: number }
  | { kind: 'first'; field: FieldName; chars: number[] };

/** Expected share of fact sets an anchor admits (smaller is better). A heuristic; it never changes results. */
function anchorCost(a: Anchor): number {
  if (a.kind === 'hs') return a.prefixes.reduce((s, p) => s + Math.pow(10, -Math.min(p.length, 6)) * 5, 0);
  if (a.kind === 'range') return 0.5; // distribution unknown: used only when nothing better exists
  if (a.kind === 'first') return Math.min(0.4, a.chars.length / 40);
  const card = fieldKind(a.field) === 'boolean' ? 2 : 50;
  return a.values.length / card;
}

function anchorOf(p: Predicate): Anchor | undefined {
  switch (p.op) {
    case 'equals': {
      const k = fieldKind(p.field);
      if (k === 'string' || k === 'boolean')
        return { kind: 'eq', field: p.field, values: [p.value as IndexKey] };
      return undefined;
    }
    case 'in':
      return fieldKind(p.field) === 'string'
        ? { kind: 'eq', field: p.field, values: [...new Set(p.values as string[])] }
        : undefined;
    case 'hsPrefix':
      return { kind: 'hs', prefixes: reducePrefixes(p.prefixes) };
    case 'route': {
      const cands: Anchor[] = [];
      if (p.origin) cands.push({ kind: 'eq', field: 'originCountry', values: [...new Set(p.origin)] });
      if (p.dispatch)
        cands.push({ kind: 'eq', field: 'countryOfDispatch', values: [...new Set(p.dispatch)] });
      if (p.destination)
        cands.push({ kind: 'eq', field: 'countryOfDestination', values: [...new Set(p.destination)] });
      return best(cands);
    }
    case 'aeo':
      return p.is ? { kind: 'eq', field: 'aeo', values: [true] } : undefined;
    case 'pattern': {
      if (fieldKind(p.field) !== 'string') return undefined;
      const chars = firstChars(p.regex, p.flags ?? '');
      return chars ? { kind: 'first', field: p.field, chars } : undefined;
    }
    case 'range':
      return {
        kind: 'range',
        field: p.field,
        lo: p.min === undefined ? -Infinity : dec(p.min),
        hi: p.max === undefined ? Infinity : dec(p.max),
      };
    case 'all':
      return best(p.of.map(anchorOf).filter((a): a is Anchor => a !== undefined));
    case 'any': {
      // A disjunction is indexable if every branch is anchored on the same trie or the same field.
      const as = p.of.map(anchorOf);
      if (as.some((a) => a === undefined)) return undefined;
      const first = as[0]!;
      if (first.kind === 'hs' && as.every((a) => a!.kind === 'hs'))
        return {
          kind: 'hs',
          prefixes: reducePrefixes(as.flatMap((a) => (a as { prefixes: string[] }).prefixes)),
        };
      if (first.kind === 'eq' && as.every((a) => a!.kind === 'eq' && a!.field === first.field))
        return {
          kind: 'eq',
          field: first.field,
          values: [...new Set(as.flatMap((a) => (a as { values: IndexKey[] }).values))],
        };
      return undefined;
    }
    default:
      return undefined;
  }
}

const REGEX_META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
const QUANTIFIERS = new Set(['?', '*', '+', '{']);

/**
 * The UTF-16 code units a `^`-anchored regex can match as the first character of the subject, when
 * that is decidable by a simple reading of the source: `^` followed by an ASCII literal, or by a
 * group of alternatives that each start with an ASCII literal (under `i`, every character RE2 folds
 * it with; all are single code units). Undefined whenever unsure (escapes, classes, quantifiers at
 * the start, m or u flags, non-ASCII): such rules are simply not indexed.
 */
function firstChars(source: string, flags: string): number[] | undefined {
  if (!/^[is]*$/.test(flags) || !source.startsWith('^') || hasTopLevelAlternation(source)) return undefined;
  const fold = flags.includes('i');
  const out = new Set<number>();
  // Returns the index after the analysed element, or -1 if undecidable.
  const element = (i: number): number => {
    const ch = source[i];
    if (ch === undefined) return -1;
    if (ch === '(') {
      let j = i + 1;
      if (source.startsWith('?:', j)) j += 2;
      else if (source[j] === '?') return -1; // lookaround or named group
      for (;;) {
        const end = element(j);
        if (end < 0) return -1;
        // skip the rest of this alternative up to '|' or the closing ')' at this depth
        let depth = 0;
        let k = j;
        for (; k < source.length; k++) {
          const c = source[k];
          if (c === '\\') k++;
          else if (c === '[') {
            k++;
            while (k < source.length && source[k] !== ']') {
              if (source[k] === '\\') k++;
              k++;
            }
          } else if (c === '(') depth++;
          else if (c === ')') {
            if (depth === 0) break;
            depth--;
          } else if (c === '|' && depth === 0) break;
        }
        if (k >= source.length) return -1;
        if (source[k] === ')') {
          if (QUANTIFIERS.has(source[k + 1] ?? '')) return -1;
          return k + 1;
        }
        j = k + 1;
      }
    }
    if (REGEX_META.has(ch)) return -1;
    const code = ch.charCodeAt(0);
    if (code > 127 || QUANTIFIERS.has(source[i + 1] ?? '')) return -1;
    for (const c of fold ? asciiCaseOrbit(code) : [code]) out.add(c);
    return i + 1;
  };
  if (element(1) < 0) return undefined;
  return [...out].sort((a, b) => a - b);
}

/** `^a|b` is `(^a)|(b)`: the anchor binds only the first alternative. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (let k = 0; k < source.length; k++) {
    const c = source[k];
    if (c === '\\') k++;
    else if (c === '[') {
      k++;
      while (k < source.length && source[k] !== ']') {
        if (source[k] === '\\') k++;
        k++;
      }
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

function best(cands: Anchor[]): Anchor | undefined {
  let b: Anchor | undefined;
  for (const c of cands) if (b === undefined || anchorCost(c) < anchorCost(b)) b = c;
  return b;
}

function newNode(): HsNode {
  return { rules: null, kids: new Array<HsNode | undefined>(10).fill(undefined) };
}

function buildIndex(entries: { ri: number; anchor: Anchor | undefined }[]): ScopeIndex {
  const ix: ScopeIndex = { always: [], hsRoot: null, eqs: [], ranges: [], firsts: [] };
  const firstByField = new Map<FieldName, FirstCharIndex>();
  const eqByField = new Map<FieldName, EqIndex>();
  const rangeByField = new Map<FieldName, { lo: [number, number][]; hi: [number, number][] }>();
  for (const { ri, anchor } of entries) {
    if (anchor === undefined) ix.always.push(ri);
    else if (anchor.kind === 'hs') {
      ix.hsRoot ??= newNode();
      for (const pre of anchor.prefixes) {
        let node = ix.hsRoot;
        for (let c = 0; c < pre.length; c++) {
          const d = pre.charCodeAt(c) - 48;
          node = node.kids[d] ??= newNode();
        }
        (node.rules ??= []).push(ri);
      }
    } else if (anchor.kind === 'first') {
      addToFieldIndex(firstByField, ix.firsts, anchor.field, anchor.chars, ri);
    } else if (anchor.kind === 'range') {
      let r = rangeByField.get(anchor.field);
      if (!r) rangeByField.set(anchor.field, (r = { lo: [], hi: [] }));
      if (anchor.lo !== -Infinity) r.lo.push([anchor.lo, ri]);
      else r.hi.push([anchor.hi, ri]);
    } else {
      addToFieldIndex(eqByField, ix.eqs, anchor.field, anchor.values, ri);
    }
  }
  for (const [field, r] of rangeByField) {
    r.lo.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    r.hi.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    ix.ranges.push({
      field,
      get: getter(field),
      los: Float64Array.from(r.lo, (e) => e[0]),
      loRules: Int32Array.from(r.lo, (e) => e[1]),
      his: Float64Array.from(r.hi, (e) => e[0]),
      hiRules: Int32Array.from(r.hi, (e) => e[1]),
    });
  }
  return ix;
}

/** Compiles a profile version once. Validates it first (throws a ZodError naming each bad path). */
export function compileProfile(input: RiskProfileInput): CompiledProfile {
  const profile = RiskProfileSchema.parse(input);
  const preds = profile.rules.map((r) => compilePredicate(r.when));
  const scopes = profile.rules.map((r) => predicateScope(r.when));
  const header: { ri: number; anchor: Anchor | undefined }[] = [];
  const item: { ri: number; anchor: Anchor | undefined }[] = [];
  const indexStats = { hsIndexed: 0, valueIndexed: 0, rangeIndexed: 0, patternIndexed: 0, unindexed: 0 };
  profile.rules.forEach((r, ri) => {
    const anchor = anchorOf(r.when);
    if (anchor === undefined) indexStats.unindexed++;
    else if (anchor.kind === 'hs') indexStats.hsIndexed++;
    else if (anchor.kind === 'range') indexStats.rangeIndexed++;
    else if (anchor.kind === 'first') indexStats.patternIndexed++;
    else indexStats.valueIndexed++;
    (scopes[ri] === 'header' ? header : item).push({ ri, anchor });
  });
  return {
    profileId: profile.id,
    profileVersion: profile.version,
    policy: decisionPolicy(profile),
    scopes,
    indexStats,
    preds,
    headerIndex: buildIndex(header),
    itemIndex: buildIndex(item),
  };
}

function collect(
  ix: ScopeIndex,
  preds: readonly Pred[],
  h: RiskHeaderFacts,
  it: RiskItemFacts | undefined,
  slot: number,
  out: number[],
): void {
  const always = ix.always;
  for (let k = 0; k < always.length; k++) {
    const r = always[k];
    if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
  }
  if (ix.hsRoot !== null && it !== undefined) {
    let node: HsNode | undefined = ix.hsRoot;
    const code = it.hsCode;
    for (let c = 0; c < code.length; c++) {
      const d = code.charCodeAt(c) - 48;
      if (d < 0 || d > 9) break;
      node = node.kids[d];
      if (node === undefined) break;
      const rules = node.rules;
      if (rules !== null)
        for (let k = 0; k < rules.length; k++) {
          const r = rules[k];
          if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
        }
    }
  }
  const eqs = ix.eqs;
  for (let e = 0; e < eqs.length; e++) {
    const eq = eqs[e];
    const rules = eq.map.get(eq.get(h, it) as IndexKey);
    if (rules !== undefined)
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k];
        if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
      }
  }
  const firsts = ix.firsts;
  for (let e = 0; e < firsts.length; e++) {
    const f = firsts[e];
    const x = f.get(h, it);
    if (typeof x !== 'string' || x.length === 0) continue;
    const rules = f.map.get(x.charCodeAt(0));
    if (rules !== undefined)
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k];
        if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
      }
  }
  const ranges = ix.ranges;
  for (let e = 0; e < ranges.length; e++) {
    const ri = ranges[e];
    const x = ri.get(h, it);
    if (typeof x !== 'number' || x !== x) continue; // a range never holds for a missing value or NaN
    const n = countAtMost(ri.los, x);
    const loRules = ri.loRules;
    for (let k = 0; k < n; k++) {
      const r = loRules[k];
      if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
    }
    const his = ri.his;
    const hiRules = ri.hiRules;
    for (let k = 0; k < his.length && his[k] >= x; k++) {
      const r = hiRules[k];
      if (preds[r](h, it)) out.push(r * MATCH_SLOT + slot);
    }
  }
}

/** Number of entries of an ascending array that are <= x. */
function countAtMost(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ascending(a: number, b: number): number {
  return a - b;
}

/** Rule hits only (sorted match codes), without assembling a decision. */
export function matchRules(compiled: CompiledProfile, facts: RiskFacts): number[] {
  const out: number[] = [];
  const h = facts.header;
  collect(compiled.headerIndex, compiled.preds, h, undefined, 0, out);
  const items = facts.items;
  if (items.length >= MATCH_SLOT)
    throw new RangeError(`too many goods items (${items.length}) for one declaration`);
  for (let i = 0; i < items.length; i++) collect(compiled.itemIndex, compiled.preds, h, items[i], i + 1, out);
  if (out.length > 1) out.sort(ascending);
  return out;
}

/** Evaluates one declaration's facts against a compiled profile. Pure and deterministic. */
export function evaluate(compiled: CompiledProfile, facts: RiskFacts, opts: EvaluateOptions): RiskDecision {
  return assembleDecision(compiled.policy, facts, matchRules(compiled, facts), opts);
}
