/**
 * npm run bench:risk
 *
 * One generated 1,000-rule profile, one generated set of declarations (deterministic generator,
 * fixed seed). Clearway's compiled engine and json-rules-engine (v7) evaluate the same profile -
 * translated rule by rule into json-rules-engine conditions - over the same declarations in this
 * one run. Prints declarations/s for both, the ratio, and a check that both engines produce the
 * same hit sets (rule id + goods item) for every declaration json-rules-engine evaluated.
 * No assertions: figures only (targets are printed beside them).
 */
import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import {
  compileProfile,
  evaluate,
  factsFromDeclaration,
  fieldKind,
  matchRules,
  MATCH_SLOT,
  mulberry32,
  predicateScope,
  type Predicate,
  type RiskDeclarationInput,
  type RiskFacts,
  type RiskFactsContext,
  type RiskProfileInput,
  type RiskRule,
} from '../domain/risk';

const RULES = 1000;
const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 1000);
const CLEARWAY_MIN_MS = 3000;

// ---------------------------------------------------------------------------------------------
// Deterministic generator

const rnd = mulberry32(20261127);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const digits = (n: number): string => Array.from({ length: n }, () => String(int(10))).join('');

const COUNTRIES = ['CN', 'KZ', 'KG', 'UZ', 'TJ', 'RU', 'TR', 'DE', 'IN', 'IR', 'AF', 'AE', 'KR', 'JP', 'US', 'PK'];
const OFFICES = ['KZALA001', 'KZKHO001', 'KZAST001', 'KGBIS001', 'UZTAS001', 'TJDUS001'];
const MODES = ['ROAD', 'RAIL', 'AIR', 'SEA'];
const HEADINGS = Array.from({ length: 300 }, () => {
  const ch = 1 + int(97);
  return String(ch === 77 ? 76 : ch).padStart(2, '0') + digits(2);
});
const SUBHEADINGS = Array.from({ length: 900 }, () => pick(HEADINGS) + digits(2));
const HS_CODES = Array.from({ length: 3000 }, () => pick(SUBHEADINGS) + digits(4));
const TINS = Array.from({ length: 2000 }, () => pick(['KZ', 'KG', 'UZ']) + digits(12));
const WORDS = [
  'laptop', 'adapter', 'lithium battery', 'cotton fabric', 'steel pipe', 'tyres', 'cigarettes', 'medicine', 'toys', 'phones',
  'spare parts', 'garments', 'tea', 'dried fruit', 'carpets', 'solar panels', 'pumps', 'valves', 'cables', 'furniture',
  'footwear', 'ceramics', 'glassware', 'paint', 'fertiliser', 'seeds', 'wheat', 'sugar', 'cosmetics', 'perfume',
  'watches', 'cameras', 'printers', 'monitors', 'routers', 'bicycles', 'engines', 'bearings', 'tools', 'textiles',
];

function genPredicate(): Predicate {
  const k = int(100);
  const hs6 = (): string => pick(SUBHEADINGS);
  const hs4 = (): string => pick(HEADINGS);
  if (k < 30)
    return {
      op: 'all',
      of: [
        { op: 'hsPrefix', prefixes: [int(3) === 0 ? hs4() : hs6()] },
        { op: 'range', field: pick(['grossMassKg', 'unitValue', 'quantity'] as const), min: String(int(500)), max: String(500 + int(5000)) },
      ],
    };
  if (k < 40) return { op: 'all', of: [{ op: 'hsPrefix', prefixes: [hs6(), hs6()] }, { op: 'route', origin: [pick(COUNTRIES), pick(COUNTRIES)] }] };
  if (k < 52)
    return {
      op: 'all',
      of: [{ op: 'equals', field: 'declarantTin', value: pick(TINS) }, { op: 'range', field: 'invoiceAmount', min: '10000' }],
    };
  if (k < 60) return { op: 'all', of: [{ op: 'route', origin: [pick(COUNTRIES)] }, { op: 'hsPrefix', prefixes: [hs4()] }] };
  if (k < 67) return { op: 'all', of: [{ op: 'hsPrefix', prefixes: [hs4()] }, { op: 'underValued', ratioBelow: pick(['0.5', '0.6', '0.75']) }] };
  if (k < 72)
    return {
      op: 'all',
      of: [{ op: 'hsPrefix', prefixes: [hs4()] }, { op: 'pattern', field: 'description', regex: `\\b(${pick(WORDS)}|${pick(WORDS)})`, flags: 'i' }],
    };
  if (k < 77) return { op: 'any', of: [{ op: 'hsPrefix', prefixes: [hs6()] }, { op: 'hsPrefix', prefixes: [hs6()] }] };
  if (k < 82)
    return {
      op: 'all',
      of: [
        { op: 'equals', field: 'officeOfDeclaration', value: pick(OFFICES) },
        { op: 'in', field: 'transportMode', values: [pick(MODES)] },
        { op: 'compliance', score: { max: 5 + int(20) }, unknown: int(4) === 0 },
      ],
    };
  if (k < 86)
    return {
      op: 'all',
      of: [
        { op: 'route', via: [pick(COUNTRIES)], dispatch: [pick(COUNTRIES)] },
        { op: 'in', field: 'transportMode', values: [pick(MODES)] },
        { op: 'not', of: { op: 'aeo', is: true } },
      ],
    };
  if (k < 90)
    return {
      op: 'all',
      of: [{ op: 'aeo', is: false }, { op: 'range', field: 'grossMassKg', min: String(27000 + int(3000)) }, { op: 'pattern', field: 'description', regex: pick(WORDS) }],
    };
  if (k < 92) return { op: 'all', of: [{ op: 'compliance', score: { max: 1 + int(4) } }, { op: 'range', field: 'invoiceAmount', min: String(50000 + int(500000)) }] };
  if (k < 94) return { op: 'pattern', field: 'description', regex: `^${pick(WORDS)} ${pick(WORDS)}$`, flags: 'i' };
  if (k < 96) return { op: 'pattern', field: 'description', regex: `^(${pick(WORDS)}|${pick(WORDS)}) (${pick(WORDS)}|${pick(WORDS)})$` };
  return { op: 'all', of: [{ op: 'equals', field: 'declarantTin', value: pick(TINS) }, { op: 'not', of: { op: 'hsPrefix', prefixes: [hs4().slice(0, 2)] } }] };
}

export function genProfile(): RiskProfileInput {
  const rules: RiskRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const r: RiskRule = { id: `R${String(i).padStart(4, '0')}`, when: genPredicate(), reason: `generated rule ${i}` };
    const f = int(100);
    if (f < 2) r.forceChannel = 'RED';
    else if (f < 3) r.forceChannel = 'QUERY';
    else if (f < 4) r.forceChannel = 'BLUE';
    if (f >= 2 || int(2) === 0) r.weight = 3 + int(20);
    rules.push(r);
  }
  return {
    id: 'BENCH-GENERATED',
    version: 1,
    country: 'KZ',
    thresholds: { default: { blue: 20, yellow: 40, red: 70 }, offices: { KZKHO001: { yellow: 30, red: 60 } } },
    randomSelection: { default: { rate: 0.03 }, offices: { KZKHO001: { rate: 0.05, channel: 'RED' } } },
    aeo: { scoreMultiplier: 0.5, channelStepDown: 1, randomRateMultiplier: 1, lowersForcedChannels: false },
    rules,
  };
}

export function genDeclaration(n: number): { decl: RiskDeclarationInput; ctx: RiskFactsContext; office: string } {
  const items = Array.from({ length: 1 + int(4) }, (_, i) => {
    const qty = 1 + int(1000);
    return {
      seq: i + 1,
      hsCode: pick(HS_CODES),
      description: `${pick(WORDS)} ${pick(WORDS)}`,
      originCountry: pick(COUNTRIES),
      quantity: String(qty),
      unit: 'PCE',
      netMassKg: (int(20000000) / 1000).toFixed(3),
      grossMassKg: (int(30000000) / 1000).toFixed(3),
      invoiceAmount: (qty * (1 + int(3000)) + int(100) / 100).toFixed(2),
    };
  });
  const office = pick(OFFICES);
  const decl: RiskDeclarationInput = {
    lrn: `BENCH-${n}`,
    mrn: `26KZ${String(n).padStart(13, '0')}0`,
    type: 'IM',
    procedureCode: '4000',
    declarant: { tin: pick(TINS), country: 'KZ', aeo: int(10) === 0 },
    officeOfDeclaration: office,
    officeOfEntry: pick(OFFICES),
    countryOfDispatch: pick(COUNTRIES),
    countryOfDestination: 'KZ',
    transport: { mode: pick(MODES), containers: [] },
    invoice: { currency: 'USD', amount: items.reduce((s, it) => s + Number(it.invoiceAmount), 0).toFixed(2) },
    items,
  };
  const referenceUnitPrices: Record<string, string> = {};
  for (const it of items) if (int(2) === 0) referenceUnitPrices[it.hsCode.slice(0, 6)] = String(1 + int(4000));
  const ctx: RiskFactsContext = {
    referenceUnitPrices,
    routeCountries: [decl.countryOfDispatch!, pick(COUNTRIES), 'KZ'],
  };
  if (int(5) > 0) ctx.compliance = { score: int(100), rating: pick(['A', 'B', 'C', 'D']) };
  return { decl, ctx, office };
}

// ---------------------------------------------------------------------------------------------
// Translation to json-rules-engine

function num(v: string | number): number {
  return typeof v === 'number' ? v : Number(v);
}

function toJre(p: Predicate): NestedCondition {
  switch (p.op) {
    case 'equals':
      if (fieldKind(p.field) === 'stringList') return { fact: p.field, operator: 'contains', value: p.value };
      return { fact: p.field, operator: 'equal', value: fieldKind(p.field) === 'number' ? num(p.value as string) : p.value };
    case 'in':
      if (fieldKind(p.field) === 'stringList') return { fact: p.field, operator: 'intersects', value: p.values };
      return { fact: p.field, operator: 'in', value: fieldKind(p.field) === 'number' ? p.values.map(num) : p.values };
    case 'hsPrefix':
      return { fact: 'hsCode', operator: 'hsPrefix', value: p.prefixes };
    case 'range': {
      const all: NestedCondition[] = [];
      if (p.min !== undefined) all.push({ fact: p.field, operator: 'greaterThanInclusive', value: num(p.min) });
      if (p.max !== undefined) all.push({ fact: p.field, operator: 'lessThanInclusive', value: num(p.max) });
      return { all };
    }
    case 'pattern':
      return { fact: p.field, operator: fieldKind(p.field) === 'stringList' ? 'anyMatches' : 'matches', value: { regex: p.regex, flags: p.flags ?? '' } };
    case 'all':
      return { all: p.of.map(toJre) };
    case 'any':
      return { any: p.of.map(toJre) };
    case 'not':
      return { not: toJre(p.of) };
    case 'underValued':
      return { fact: 'priceCheck', operator: 'underValued', value: num(p.ratioBelow) };
    case 'compliance':
      return { fact: 'compliance', operator: 'complianceMatches', value: { score: p.score ?? null, ratings: p.ratings ?? null, unknown: p.unknown === true } };
    case 'aeo': {
      if (!p.is) return { fact: 'aeo', operator: 'notEqual', value: true };
      const all: NestedCondition[] = [{ fact: 'aeo', operator: 'equal', value: true }];
      if (p.statuses) all.push({ fact: 'aeoStatus', operator: 'in', value: p.statuses });
      return { all };
    }
    case 'route': {
      const all: NestedCondition[] = [];
      if (p.origin) all.push({ fact: 'originCountry', operator: 'in', value: p.origin });
      if (p.dispatch) all.push({ fact: 'countryOfDispatch', operator: 'in', value: p.dispatch });
      if (p.destination) all.push({ fact: 'countryOfDestination', operator: 'in', value: p.destination });
      if (p.via) all.push({ fact: 'routeCountries', operator: 'intersects', value: p.via });
      return { all };
    }
  }
}

function topLevel(c: NestedCondition): TopLevelCondition {
  return 'all' in c || 'any' in c || 'not' in c ? (c as TopLevelCondition) : { all: [c] };
}

function newJreEngine(rules: readonly RiskRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const regexCache = new Map<string, RegExp>();
  const re = (v: { regex: string; flags: string }): RegExp => {
    const key = `${v.flags}/${v.regex}`;
    let r = regexCache.get(key);
    if (!r) regexCache.set(key, (r = new RegExp(v.regex, v.flags)));
    return r;
  };
  engine.addOperator<string, string[]>('hsPrefix', (code, prefixes) => typeof code === 'string' && prefixes.some((x) => code.startsWith(x)));
  engine.addOperator<string[], string[]>('intersects', (xs, ys) => Array.isArray(xs) && xs.some((x) => ys.includes(x)));
  engine.addOperator<string, { regex: string; flags: string }>('matches', (x, v) => typeof x === 'string' && re(v).test(x));
  engine.addOperator<string[], { regex: string; flags: string }>('anyMatches', (xs, v) => Array.isArray(xs) && xs.some((x) => re(v).test(x)));
  engine.addOperator<[number | undefined, number | undefined], number>(
    'underValued',
    ([uv, ref], ratio) => uv !== undefined && ref !== undefined && ref > 0 && uv < ratio * ref,
  );
  engine.addOperator<
    { score?: number; rating?: string },
    { score: { min?: number; max?: number } | null; ratings: string[] | null; unknown: boolean }
  >('complianceMatches', (c, v) => {
    if (c.score === undefined && c.rating === undefined) return v.unknown;
    if (v.unknown && v.score === null && v.ratings === null) return false;
    if (v.score) {
      if (c.score === undefined) return false;
      if (v.score.min !== undefined && c.score < v.score.min) return false;
      if (v.score.max !== undefined && c.score > v.score.max) return false;
    }
    if (v.ratings && (c.rating === undefined || !v.ratings.includes(c.rating))) return false;
    return true;
  });
  for (const r of rules) engine.addRule({ name: r.id, conditions: topLevel(toJre(r.when)), event: { type: r.id } });
  return engine;
}

type JreFacts = { header: Record<string, unknown>; items: { seq: number; facts: Record<string, unknown> }[] };

function jreFacts(f: RiskFacts): JreFacts {
  const header: Record<string, unknown> = {
    ...f.header,
    compliance: { score: f.header.complianceScore, rating: f.header.complianceRating },
  };
  return {
    header,
    items: f.items.map((it) => ({ seq: it.seq, facts: { ...header, ...it, priceCheck: [it.unitValue, it.referenceUnitPrice] } })),
  };
}

async function jreHits(header: Engine, item: Engine, f: JreFacts): Promise<string[]> {
  const hits: string[] = [];
  const hr = await header.run(f.header);
  for (const e of hr.events) hits.push(`${e.type}@-`);
  for (const it of f.items) {
    const ir = await item.run(it.facts);
    for (const e of ir.events) hits.push(`${e.type}@${it.seq}`);
  }
  return hits.sort();
}

function clearwayHitKeys(f: RiskFacts, codes: number[], ruleIds: readonly string[]): string[] {
  return codes
    .map((c) => {
      const ri = Math.floor(c / MATCH_SLOT);
      const slot = c - ri * MATCH_SLOT;
      return `${ruleIds[ri]}@${slot === 0 ? '-' : f.items[slot - 1].seq}`;
    })
    .sort();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  const profile = genProfile();
  const compiled = compileProfile(profile);
  const compileMs = performance.now() - t0;
  const ruleIds = profile.rules.map((r) => r.id);
  const gens = Array.from({ length: DECLARATIONS }, (_, n) => genDeclaration(n));
  const facts = gens.map((g) => factsFromDeclaration(g.decl, g.ctx));
  const offices = gens.map((g) => g.office);
  const itemCount = facts.reduce((s, f) => s + f.items.length, 0);

  console.log(`bench:risk  ${new Date().toISOString()}  node ${process.version}`);
  console.log(
    `profile: ${RULES} rules (${compiled.indexStats.hsIndexed} on the HS trie, ${compiled.indexStats.valueIndexed} in value maps, ${compiled.indexStats.rangeIndexed} in threshold indexes, ${compiled.indexStats.patternIndexed} by first character, ${compiled.indexStats.unindexed} unindexed; ${compiled.scopes.filter((s) => s === 'header').length} header-level), compiled in ${compileMs.toFixed(1)} ms`,
  );
  console.log(`declarations: ${DECLARATIONS} (${itemCount} goods items, ${(itemCount / DECLARATIONS).toFixed(2)} per declaration)`);

  // Clearway: warm up, then full passes over the set until at least CLEARWAY_MIN_MS.
  const channels: Record<string, number> = {};
  for (let i = 0; i < DECLARATIONS; i++) evaluate(compiled, facts[i], { seed: 'bench', office: offices[i] });
  let n = 0;
  let hitCount = 0;
  const c0 = performance.now();
  let elapsed: number;
  let passes = 0;
  do {
    for (let i = 0; i < DECLARATIONS; i++) {
      const d = evaluate(compiled, facts[i], { seed: 'bench', office: offices[i] });
      hitCount += d.hits.length;
      if (passes === 0) channels[d.channel] = (channels[d.channel] ?? 0) + 1;
    }
    n += DECLARATIONS;
    passes++;
    elapsed = performance.now() - c0;
  } while (elapsed < CLEARWAY_MIN_MS);
  const clearwayRate = n / (elapsed / 1000);
  console.log(
    `clearway (compiled, full decision with explanation): ${n} evaluations (${passes} passes) in ${(elapsed / 1000).toFixed(2)} s -> ${Math.round(clearwayRate).toLocaleString('en-US')} declarations/s  (avg ${(hitCount / n).toFixed(2)} hits)`,
  );
  console.log(`clearway channel mix (one pass): ${Object.entries(channels).map(([c, k]) => `${c} ${k}`).join(', ')}`);

  // json-rules-engine: same profile translated, header-level and item-level rules in two engines.
  const headerRules = profile.rules.filter((r) => predicateScope(r.when) === 'header');
  const itemRules = profile.rules.filter((r) => predicateScope(r.when) === 'item');
  const jreHeader = newJreEngine(headerRules);
  const jreItem = newJreEngine(itemRules);
  const jf = facts.map(jreFacts);
  for (let i = 0; i < Math.min(50, DECLARATIONS); i++) await jreHits(jreHeader, jreItem, jf[i]); // warm-up
  const j0 = performance.now();
  const jreResults: string[][] = [];
  for (let i = 0; i < DECLARATIONS; i++) jreResults.push(await jreHits(jreHeader, jreItem, jf[i]));
  const jElapsed = performance.now() - j0;
  const jreRate = DECLARATIONS / (jElapsed / 1000);
  console.log(
    `json-rules-engine 7 (rule hits only, no decision): ${DECLARATIONS} evaluations in ${(jElapsed / 1000).toFixed(2)} s -> ${Math.round(jreRate).toLocaleString('en-US')} declarations/s`,
  );

  // Honesty check: the same hit sets (rule id @ item seq) on every declaration both evaluated.
  let same = 0;
  let totalHits = 0;
  const diffs: string[] = [];
  for (let i = 0; i < DECLARATIONS; i++) {
    const a = clearwayHitKeys(facts[i], matchRules(compiled, facts[i]), ruleIds);
    const b = jreResults[i];
    totalHits += a.length;
    if (a.length === b.length && a.every((x, k) => x === b[k])) same++;
    else if (diffs.length < 3) diffs.push(`${facts[i].header.declarationId}: clearway [${a.join(' ')}] vs json-rules-engine [${b.join(' ')}]`);
  }
  console.log(`hit-set check: ${same}/${DECLARATIONS} declarations identical (${totalHits} hits in total)`);
  for (const d of diffs) console.log(`  differs: ${d}`);

  const ratio = clearwayRate / jreRate;
  console.log(`ratio: clearway / json-rules-engine = ${ratio.toFixed(1)}x`);
  console.log(
    `targets: >= 10x ${ratio >= 10 ? 'met' : 'NOT met'}; >= 50,000 declarations/s ${clearwayRate >= 50000 ? 'met' : 'NOT met'}; hit sets ${same === DECLARATIONS ? 'identical' : 'DIFFER'}`,
  );
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
