import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import {
  compileProfile,
  evaluate,
  factsFromDeclaration,
  parseRiskProfile,
  type CompiledProfile,
  type RiskDecision,
} from '../../domain/risk';
import type { Declaration } from '../../domain/schemas/declaration';
import type { SelectionKeyOf } from '../../config/secrets';
import { pgRiskSource } from './pg-source';
import type { RiskOutcomeRequest, RiskSource, StoredProfile } from './source';

export { fetchRuleStatistics, loadDemoRiskProfiles, storeRiskProfile } from './profiles';
export { memoryRiskSource, type RiskOutcomeRequest, type RiskSource, type StoredProfile } from './source';

/**
 * Risk scoring: the pure engine of domain/risk over profiles kept in PostgreSQL.
 *
 * - A profile is a versioned JSON document (`risk_profiles`), validated with RiskProfileSchema when
 *   stored and again when compiled. The profile in force for a country is its latest version approved
 *   by a second administrator whose activeFrom has come (activities/risk/governance.ts).
 * - Each profile version is compiled once per worker process (cache keyed by id@version).
 * - The random-selection seed comes from the workflow (its id) and is an input of the activity. The
 *   draw comes from an HMAC of that seed under the administration's secret selection key
 *   (CLEARWAY_RISK_SELECTION_KEYS): the seed is no secret, and a trader who could compute the draw
 *   from it would know which cases are never selected. The decision returned (recorded in history)
 *   carries profile id, version, seed and draw, never the key, so a replay needs neither the key nor
 *   the engine.
 * - The decision of a risk round is kept under its event key (`risk_decisions`) with its hit counts:
 *   an attempt repeated after a lost workflow task returns the first decision, whatever the
 *   profiles and statistics say by then, and counts nothing twice.
 * - Control outcomes update each rule's hit rate (`risk_rule_stats`) and the declarant's compliance
 *   record; every count is keyed by an event key, so a retried activity counts nothing twice.
 */

export interface RiskAssessmentRequest {
  declaration: Declaration;
  mrn: string;
  /** Random-selection seed from the workflow (recorded in history as part of this input). */
  seed: string;
  office: string;
  acceptanceDate: string;
  /** The risk round (workflow id + round): the decision is made once under it. */
  eventKey: string;
}

/** The decision as recorded in history: the engine's decision plus the seed that fixed the draw. */
export type RiskAssessment = RiskDecision & { seed: string };

/**
 * The seed the engine draws from: an HMAC of the public seed under the administration's key, so the
 * draw is reproducible by whoever holds the key and by nobody else.
 */
export function keyedSeed(key: Buffer, seed: string): string {
  return crypto.createHmac('sha256', key).update(seed).digest('hex');
}

export function createRiskActivities(deps: {
  pool?: Pool;
  source?: RiskSource;
  selectionKey: SelectionKeyOf;
}) {
  const source = deps.source ?? (deps.pool ? pgRiskSource(deps.pool) : undefined);
  if (!source) throw new Error('createRiskActivities needs a pool or a source');
  const compiled = new Map<string, CompiledProfile>();
  const compiledFor = (p: StoredProfile): CompiledProfile => {
    const key = `${p.id}@${p.version}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileProfile(parseRiskProfile(p.document));
      compiled.set(key, c);
    }
    return c;
  };
  return {
    async assessDeclarationRisk(req: RiskAssessmentRequest): Promise<RiskAssessment> {
      const country = req.office.slice(0, 2);
      const stored = await source.activeProfile(country);
      if (!stored)
        throw ApplicationFailure.nonRetryable(
          `no risk profile for country ${country}`,
          'RiskProfileNotFound',
        );
      let profile: CompiledProfile;
      try {
        profile = compiledFor(stored);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `risk profile ${stored.id} v${stored.version} is not valid: ${(err as Error).message}`,
          'RiskProfileInvalid',
        );
      }
      const key = deps.selectionKey(country);
      if (!key)
        throw ApplicationFailure.nonRetryable(
          `no random-selection key for country ${country} (CLEARWAY_RISK_SELECTION_KEYS)`,
          'RiskSelectionKeyMissing',
        );
      const context = await source.factsContext(req.declaration, req.acceptanceDate);
      const facts = factsFromDeclaration(req.declaration, { ...context, declarationId: req.mrn });
      const decision = evaluate(profile, facts, { seed: keyedSeed(key, req.seed), office: req.office });
      // A repeated attempt (a local activity whose workflow task was lost) gets the first decision:
      // settling is the one round trip a first attempt needs too, so none is spent looking first.
      return { ...(await source.settle(req.eventKey, decision)), seed: req.seed };
    },
    async recordRiskControlOutcome(req: RiskOutcomeRequest): Promise<void> {
      await source.recordOutcome(req.eventKey, req.profileId, req.ruleIds, req.outcome, req.declarantTin);
    },
  };
}
