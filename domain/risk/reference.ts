import { fieldKind, readField, type RiskFacts, type RiskHeaderFacts, type RiskItemFacts } from './facts';
import {
  assembleDecision,
  decisionPolicy,
  MATCH_SLOT,
  predicateScope,
  type EvaluateOptions,
  type RiskDecision,
} from './decision';
import { compileRegex } from './regex';
import type { DecimalLiteral, Predicate, RiskProfile } from './schema';

/**
 * The reference evaluator: a plain interpreter that tests every rule against every item, re-reading
 * the predicate JSON each time. It defines the semantics; the compiled engine must agree with it
 * (property test in tests/unit/risk). Slow on purpose - never use it on the hot path.
 */

function dec(v: DecimalLiteral): number {
  return typeof v === 'number' ? v : Number(v);
}

export function predicateHolds(p: Predicate, h: RiskHeaderFacts, it: RiskItemFacts | undefined): boolean {
  switch (p.op) {
    case 'equals': {
      const x = readField(h, it, p.field);
      const kind = fieldKind(p.field);
      if (kind === 'stringList') return Array.isArray(x) && x.includes(p.value);
      if (kind === 'number') return typeof x === 'number' && x === dec(p.value as DecimalLiteral);
      return x !== undefined && x === p.value;
    }
    case 'in': {
      const x = readField(h, it, p.field);
      const kind = fieldKind(p.field);
      if (kind === 'stringList') return Array.isArray(x) && x.some((e) => p.values.includes(e));
      if (kind === 'number') return typeof x === 'number' && p.values.some((v) => dec(v) === x);
      return typeof x === 'string' && p.values.includes(x);
    }
    case 'hsPrefix':
      return it !== undefined && p.prefixes.some((pre) => it.hsCode.startsWith(pre));
    case 'range': {
      const x = readField(h, it, p.field);
      if (typeof x !== 'number' || Number.isNaN(x)) return false;
      if (p.min !== undefined && x < dec(p.min)) return false;
      if (p.max !== undefined && x > dec(p.max)) return false;
      return true;
    }
    case 'pattern': {
      const x = readField(h, it, p.field);
      const re = compileRegex(p.regex, p.flags);
      if (Array.isArray(x)) return x.some((e) => re.test(e));
      return typeof x === 'string' && re.test(x);
    }
    case 'all':
      return p.of.every((q) => predicateHolds(q, h, it));
    case 'any':
      return p.of.some((q) => predicateHolds(q, h, it));
    case 'not':
      return !predicateHolds(p.of, h, it);
    case 'underValued': {
      if (it === undefined || it.unitValue === undefined || it.referenceUnitPrice === undefined) return false;
      if (!(it.referenceUnitPrice > 0)) return false;
      return it.unitValue < dec(p.ratioBelow) * it.referenceUnitPrice;
    }
    case 'compliance': {
      if (h.complianceScore === undefined && h.complianceRating === undefined) return p.unknown === true;
      if (p.unknown === true && p.score === undefined && p.ratings === undefined) return false;
      if (p.score) {
        if (h.complianceScore === undefined) return false;
        if (p.score.min !== undefined && h.complianceScore < p.score.min) return false;
        if (p.score.max !== undefined && h.complianceScore > p.score.max) return false;
      }
      if (p.ratings && (h.complianceRating === undefined || !p.ratings.includes(h.complianceRating)))
        return false;
      return true;
    }
    case 'aeo':
      if (!p.is) return h.aeo !== true;
      return (
        h.aeo === true &&
        (p.statuses === undefined || (h.aeoStatus !== undefined && p.statuses.includes(h.aeoStatus)))
      );
    case 'route': {
      if (
        p.origin &&
        !(it !== undefined && it.originCountry !== undefined && p.origin.includes(it.originCountry))
      )
        return false;
      if (p.dispatch && !(h.countryOfDispatch !== undefined && p.dispatch.includes(h.countryOfDispatch)))
        return false;
      if (
        p.destination &&
        !(h.countryOfDestination !== undefined && p.destination.includes(h.countryOfDestination))
      )
        return false;
      if (p.via && !h.routeCountries.some((c) => p.via!.includes(c))) return false;
      return true;
    }
  }
}

/** Naive evaluation of a (validated) profile: every rule, every item. */
export function evaluateReference(
  profile: RiskProfile,
  facts: RiskFacts,
  opts: EvaluateOptions,
): RiskDecision {
  const matches: number[] = [];
  profile.rules.forEach((rule, ri) => {
    if (predicateScope(rule.when) === 'header') {
      if (predicateHolds(rule.when, facts.header, undefined)) matches.push(ri * MATCH_SLOT);
    } else {
      facts.items.forEach((it, pos) => {
        if (predicateHolds(rule.when, facts.header, it)) matches.push(ri * MATCH_SLOT + pos + 1);
      });
    }
  });
  return assembleDecision(decisionPolicy(profile), facts, matches, opts);
}
