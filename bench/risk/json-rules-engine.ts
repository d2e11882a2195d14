import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import { fieldKind, type Predicate, type RiskFacts, type RiskRule } from '../../domain/risk';

/**
 * The risk profile translated rule by rule into json-rules-engine (v7) conditions, with custom
 * operators for what it lacks (HS prefix, list intersection, regex, under-valuation, compliance),
 * and the facts shaped for it: one run on the header, one per goods item.
 */

function num(v: string | number): number {
  return typeof v === 'number' ? v : Number(v);
}

function toJre(p: Predicate): NestedCondition {
  switch (p.op) {
    case 'equals':
      if (fieldKind(p.field) === 'stringList') return { fact: p.field, operator: 'contains', value: p.value };
      return {
        fact: p.field,
        operator: 'equal',
        value: fieldKind(p.field) === 'number' ? num(p.value as string) : p.value,
      };
    case 'in':
      if (fieldKind(p.field) === 'stringList')
        return { fact: p.field, operator: 'intersects', value: p.values };
      return {
        fact: p.field,
        operator: 'in',
        value: fieldKind(p.field) === 'number' ? p.values.map(num) : p.values,
      };
    case 'hsPrefix':
      return { fact: 'hsCode', operator: 'hsPrefix', value: p.prefixes };
    case 'range': {
      const all: NestedCondition[] = [];
      if (p.min !== undefined)
        all.push({ fact: p.field, operator: 'greaterThanInclusive', value: num(p.min) });
      if (p.max !== undefined) all.push({ fact: p.field, operator: 'lessThanInclusive', value: num(p.max) });
      return { all };
    }
    case 'pattern':
      return {
        fact: p.field,
        operator: fieldKind(p.field) === 'stringList' ? 'anyMatches' : 'matches',
        value: { regex: p.regex, flags: p.flags ?? '' },
      };
    case 'all':
      return { all: p.of.map(toJre) };
    case 'any':
      return { any: p.of.map(toJre) };
    case 'not':
      return { not: toJre(p.of) };
    case 'underValued':
      return { fact: 'priceCheck', operator: 'underValued', value: num(p.ratioBelow) };
    case 'compliance':
      return {
        fact: 'compliance',
        operator: 'complianceMatches',
        value: { score: p.score ?? null, ratings: p.ratings ?? null, unknown: p.unknown === true },
      };
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

export function newJreEngine(rules: readonly RiskRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const regexCache = new Map<string, RegExp>();
  const re = (v: { regex: string; flags: string }): RegExp => {
    const key = `${v.flags}/${v.regex}`;
    let r = regexCache.get(key);
    if (!r) regexCache.set(key, (r = new RegExp(v.regex, v.flags)));
    return r;
  };
  engine.addOperator<string, string[]>(
    'hsPrefix',
    (code, prefixes) => typeof code === 'string' && prefixes.some((x) => code.startsWith(x)),
  );
  engine.addOperator<string[], string[]>(
    'intersects',
    (xs, ys) => Array.isArray(xs) && xs.some((x) => ys.includes(x)),
  );
  engine.addOperator<string, { regex: string; flags: string }>(
    'matches',
    (x, v) => typeof x === 'string' && re(v).test(x),
  );
  engine.addOperator<string[], { regex: string; flags: string }>(
    'anyMatches',
    (xs, v) => Array.isArray(xs) && xs.some((x) => re(v).test(x)),
  );
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
  for (const r of rules)
    engine.addRule({ name: r.id, conditions: topLevel(toJre(r.when)), event: { type: r.id } });
  return engine;
}

export type JreFacts = {
  header: Record<string, unknown>;
  items: { seq: number; facts: Record<string, unknown> }[];
};

export function jreFacts(f: RiskFacts): JreFacts {
  const header: Record<string, unknown> = {
    ...f.header,
    compliance: { score: f.header.complianceScore, rating: f.header.complianceRating },
  };
  return {
    header,
    items: f.items.map((it) => ({
      seq: it.seq,
      facts: { ...header, ...it, priceCheck: [it.unitValue, it.referenceUnitPrice] },
    })),
  };
}

export async function jreHits(header: Engine, item: Engine, f: JreFacts): Promise<string[]> {
  const hits: string[] = [];
  const hr = await header.run(f.header);
  for (const e of hr.events) hits.push(`${e.type}@-`);
  for (const it of f.items) {
    const ir = await item.run(it.facts);
    for (const e of ir.events) hits.push(`${e.type}@${it.seq}`);
  }
  return hits.sort();
}
