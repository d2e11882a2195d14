import {
  parseRiskProfile,
  recordControlOutcome,
  recordRuleHits,
  type RiskDecision,
  type RiskFactsContext,
  type RiskRuleStatistics,
  type RuleControlOutcome,
} from '../../domain/risk';
import type { Declaration } from '../../domain/schemas/declaration';

export interface StoredProfile {
  id: string;
  version: number;
  document: unknown;
}

/** Where the risk activities get profiles, facts context and statistics. PostgreSQL in production. */
export interface RiskSource {
  activeProfile(country: string): Promise<StoredProfile | undefined>;
  factsContext(decl: Declaration, acceptanceDate: string): Promise<RiskFactsContext>;
  /**
   * Keeps `decision` as the one of `eventKey` and counts its rule hits, unless a decision was kept
   * first (a repeated attempt): then that one is returned and nothing is counted.
   */
  settle(eventKey: string, decision: RiskDecision): Promise<RiskDecision>;
  recordOutcome(
    eventKey: string,
    profileId: string,
    ruleIds: string[],
    outcome: RuleControlOutcome,
    declarantTin?: string,
  ): Promise<void>;
}

export interface RiskOutcomeRequest {
  eventKey: string;
  profileId: string;
  ruleIds: string[];
  outcome: RuleControlOutcome;
  declarantTin?: string;
}

/** In-memory source for tests and tools: fixed profiles by country (`*` = any), no lookups. */
export function memoryRiskSource(profiles: Record<string, unknown>, context: RiskFactsContext = {}) {
  const stats = new Map<string, RiskRuleStatistics>();
  const seen = new Set<string>();
  const decisions = new Map<string, RiskDecision>();
  const outcomes: RiskOutcomeRequest[] = [];
  const source: RiskSource & { stats: typeof stats; outcomes: typeof outcomes } = {
    stats,
    outcomes,
    async activeProfile(country) {
      const doc = profiles[country] ?? profiles['*'];
      if (!doc) return undefined;
      const p = parseRiskProfile(doc);
      return { id: p.id, version: p.version, document: doc };
    },
    async factsContext() {
      return context;
    },
    async settle(eventKey, decision) {
      const first = decisions.get(eventKey);
      if (first) return first;
      decisions.set(eventKey, decision);
      const ruleIds = decision.hits.map((h) => h.ruleId);
      stats.set(decision.profileId, recordRuleHits(stats.get(decision.profileId) ?? {}, ruleIds));
      return decision;
    },
    async recordOutcome(eventKey, profileId, ruleIds, outcome, declarantTin) {
      if (seen.has(eventKey)) return;
      seen.add(eventKey);
      outcomes.push({ eventKey, profileId, ruleIds, outcome, ...(declarantTin ? { declarantTin } : {}) });
      stats.set(profileId, recordControlOutcome(stats.get(profileId) ?? {}, ruleIds, outcome));
    },
  };
  return source;
}
